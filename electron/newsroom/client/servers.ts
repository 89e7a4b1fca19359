import { LoginResponse, ROUTES } from '../../../shared/newsroom/protocol';
import { ServiceError } from '../../rpc/errors';

/**
 * A newsroom server as the user names it (`http://host:7437`, `https://…`, `ws://…` or
 * `host:port`): its HTTP address for login and assets, and its websocket address for sync.
 */
export interface ServerAddress {
  http: string;
  ws: string;
}

export function serverAddress(input: string): ServerAddress {
  const trimmed = input.trim().replace(/\/+$/, '');
  const withScheme = /^[a-z]+:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ServiceError('invalid-input', `“${input}” is not a server address; write it as http://host:port.`);
  }
  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) {
    throw new ServiceError('invalid-input', `“${input}” is not a server address; write it as http://host:port.`);
  }
  const rest = `${url.host}${url.pathname.replace(/\/+$/, '')}`;
  return { http: `${secure ? 'https' : 'http'}://${rest}`, ws: `${secure ? 'wss' : 'ws'}://${rest}` };
}

/** Normalised, deduplicated server list: refuses an empty one or a malformed address. */
export function normaliseServers(inputs: readonly string[]): string[] {
  const out = [...new Set(inputs.map((s) => serverAddress(s).http))];
  if (out.length === 0)
    throw new ServiceError('invalid-input', 'Name at least one newsroom server (http://host:port).');
  return out;
}

const LOGIN_TIMEOUT_MS = 10_000;

/**
 * Signs in at the first server of the list that answers. A wrong name or password is said
 * as such at once (another server would say the same); servers that cannot be reached are
 * each named in the message when none answers.
 */
export async function login(
  servers: readonly string[],
  name: string,
  password: string,
): Promise<LoginResponse & { server: string }> {
  const failures: string[] = [];
  for (const server of servers) {
    const { http } = serverAddress(server);
    let response: Response;
    try {
      response = await fetch(`${http}${ROUTES.login}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, password }),
        signal: AbortSignal.timeout(LOGIN_TIMEOUT_MS),
      });
    } catch (error) {
      failures.push(`${http} (${reasonOf(error)})`);
      continue;
    }
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    if (response.status === 401 || response.status === 403) {
      throw new ServiceError(
        'forbidden',
        body.error ?? `The newsroom at ${http} refused the name or password of ${name}.`,
      );
    }
    if (!response.ok) {
      failures.push(`${http} (answered ${response.status}${body.error ? `: ${body.error}` : ''})`);
      continue;
    }
    const parsed = LoginResponse.safeParse(body);
    if (!parsed.success) {
      failures.push(`${http} (did not answer as a Masthead newsroom)`);
      continue;
    }
    return { ...parsed.data, server: http };
  }
  throw new ServiceError('io', `No newsroom server could be reached: ${failures.join('; ')}.`);
}

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'nothing listens there';
  if (cause?.code === 'ENOTFOUND') return 'no such host';
  if ((error as Error).name === 'TimeoutError') return 'no answer';
  return cause?.code ?? (error as Error).message;
}
