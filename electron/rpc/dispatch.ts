import { type z } from 'zod';
import {
  type ApiError,
  type Contract,
  type Envelope,
  type MethodName,
  type MethodOutput,
  contract,
  methodNames,
} from '../../shared/ipc/contract';
import { ServiceError } from './errors';

/** One service function per contract method, taking the parsed input. */
export type Handlers = {
  [M in MethodName]: (input: z.output<Contract[M]['input']>) => Promise<MethodOutput<M>> | MethodOutput<M>;
};

export const isMethodName = (name: unknown): name is MethodName =>
  typeof name === 'string' && (methodNames as string[]).includes(name);

const failure = (error: ApiError): Envelope => ({ ok: false, error });

/**
 * Deepest nesting of objects and arrays a call may carry. A story body node costs two levels
 * (the node and its content array), so this allows documents far deeper than any editor
 * produces (lists nested 20 deep are about 90 levels).
 */
export const MAX_INPUT_DEPTH = 256;

/** Iterative, so it cannot overflow itself; each object is visited once (cycles included). */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const seen = new WeakSet<object>();
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= max) return true;
    if (seen.has(current)) continue;
    seen.add(current);
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

export type ErrorLogger = (method: string, error: unknown) => void;

/**
 * The single path every call takes, from IPC or HTTP: parse the input with the method's
 * schema, call the service, check the output against its schema, and turn every failure
 * into an error envelope. Nothing thrown escapes to crash the host.
 */
export async function dispatch(
  handlers: Handlers,
  method: unknown,
  rawInput: unknown,
  logError: ErrorLogger = (m, e) => console.error(`[masthead] ${m} failed:`, e),
): Promise<Envelope> {
  if (!isMethodName(method)) {
    const name = typeof method === 'string' ? method.slice(0, 80) : `(${typeof method})`;
    return failure({ code: 'invalid-input', message: `unknown method ${name}` });
  }
  const spec = contract[method];
  // zod walks nested values recursively: a payload nested thousands deep (a crafted story
  // body) would overflow the stack and throw out of safeParse, so depth is checked first.
  let input: ReturnType<typeof spec.input.safeParse>;
  try {
    if (nestedDeeperThan(rawInput, MAX_INPUT_DEPTH)) {
      return failure({
        code: 'invalid-input',
        message: `input for ${method} is nested deeper than ${MAX_INPUT_DEPTH}`,
      });
    }
    input = spec.input.safeParse(rawInput);
  } catch {
    // A value no transport produces (a throwing getter or proxy passed in-process).
    return failure({ code: 'invalid-input', message: `input for ${method} could not be read` });
  }
  if (!input.success) {
    return failure({
      code: 'invalid-input',
      message: `invalid input for ${method}`,
      issues: input.error.issues.slice(0, 20).map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      })),
    });
  }
  try {
    const handler = handlers[method] as (input: unknown) => unknown;
    const value = await handler(input.data);
    const output = spec.output.safeParse(value);
    if (!output.success) {
      logError(method, output.error);
      return failure({ code: 'internal', message: `${method} produced a reply that breaks the contract` });
    }
    return { ok: true, value: output.data };
  } catch (error) {
    if (error instanceof ServiceError) return failure({ code: error.code, message: error.message });
    logError(method, error);
    return failure({ code: 'internal', message: `${method} failed: ${(error as Error)?.message ?? String(error)}` });
  }
}
