/**
 * The long kill run: `npm run kill-test [-- <kills>]` (500 by default). The same check as
 * the unit test's shorter run (tests/helpers/kill-run.ts), on a fresh temp library.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKillTest } from '../tests/helpers/kill-run';

const iterations = Number(process.argv[2] ?? process.env.KILL_TEST_ITERATIONS ?? 500);
const root = await mkdtemp(join(tmpdir(), 'masthead-kill-'));
try {
  const result = await runKillTest({ root, iterations });
  console.log(
    `kill test passed: ${result.iterations} kills, ${result.acknowledged} acknowledged saves, ` +
      `${result.killedDuringOpen} of them during start-up, ${result.tempFilesSeen} temporary files left by kills (all cleaned at open), ` +
      `${(result.durationMs / 1000).toFixed(1)} s`,
  );
} catch (error) {
  console.error(`kill test FAILED (library kept at ${root}):`, error);
  process.exitCode = 1;
}
if (process.exitCode !== 1) await rm(root, { recursive: true, force: true });
