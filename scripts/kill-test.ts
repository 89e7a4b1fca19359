/**
 * The long kill run: `npm run kill-test [-- <kills> [<restore kills>]]` (500 and 50 by
 * default). The same checks as the unit tests' shorter runs, on fresh temp libraries: a
 * writer killed while saving (tests/helpers/kill-run.ts), then a restore killed part way
 * through its folder swap (tests/helpers/restore-kill-run.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKillTest } from '../tests/helpers/kill-run';
import { runRestoreKillTest } from '../tests/helpers/restore-kill-run';

const iterations = Number(process.argv[2] ?? process.env.KILL_TEST_ITERATIONS ?? 500);
const restoreIterations = Number(process.argv[3] ?? process.env.RESTORE_KILL_ITERATIONS ?? 50);
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

if (process.exitCode !== 1) {
  const dir = await mkdtemp(join(tmpdir(), 'masthead-restore-kill-'));
  try {
    const result = await runRestoreKillTest({ dir, iterations: restoreIterations });
    console.log(
      `restore kill test passed: ${result.iterations} restores killed (${result.midSwap} between two renames of the swap); ` +
        `after reopening ${result.old} libraries were wholly as before and ${result.restored} wholly the backup's, none mixed, ` +
        `${(result.durationMs / 1000).toFixed(1)} s`,
    );
  } catch (error) {
    console.error(`restore kill test FAILED (libraries kept in ${dir}):`, error);
    process.exitCode = 1;
  }
  if (process.exitCode !== 1) await rm(dir, { recursive: true, force: true });
}
