import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runKillTest } from '../../../helpers/kill-run';
import { tempDir } from '../../../helpers/temp';

/** Kills per run in `npm test`; KILL_TEST_ITERATIONS raises it (npm run kill-test runs 500). */
const ITERATIONS = Number(process.env.KILL_TEST_ITERATIONS ?? 100);

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('masthead-kill-'));
});
afterEach(() => cleanup());

describe('a writer killed with SIGKILL at random moments', () => {
  it(
    `leaves every file whole and every acknowledged save on disk (${ITERATIONS} kills)`,
    async () => {
      const result = await runKillTest({ root: dir, iterations: ITERATIONS });
      console.log(
        `kill test: ${result.iterations} kills, ${result.acknowledged} acknowledged saves, ` +
          `${result.killedDuringOpen} during start-up, ${result.tempFilesSeen} temporary files seen after kills, ${(result.durationMs / 1000).toFixed(1)} s`,
      );
      expect(result.acknowledged).toBeGreaterThan(ITERATIONS);
    },
    Math.max(120_000, ITERATIONS * 2_000),
  );
});
