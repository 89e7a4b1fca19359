import { runCli } from '../../electron/cli/masthead';

/** Runs `masthead …` in-process through the real CLI, capturing what it prints and its exit code. */
export async function runMasthead(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
