import { describe, expect, it } from 'vitest';
import { runRestoreKillTest } from '../../../helpers/restore-kill-run';
import { tempDir } from '../../../helpers/temp';

/**
 * Issue 13, item 5: a restore killed between two renames of its folder swap left a mixed
 * library (stories from the backup, editions and library.json from before). The next open
 * must finish or undo the swap. `npm run kill-test` runs 50 interruptions; this runs 10 (about 30 s).
 */
describe('a restore killed part way', () => {
  it('leaves every library wholly as it was or wholly the backup’s, after the next open', async () => {
    const { dir, cleanup } = await tempDir('masthead-restore-kill-');
    try {
      const result = await runRestoreKillTest({ dir, iterations: Number(process.env.RESTORE_KILLS ?? 10) });
      expect(result.old + result.restored).toBe(result.iterations);
      // The kills did land inside the swap, and both outcomes were seen.
      expect(result.midSwap).toBeGreaterThan(result.iterations / 2);
      expect(result.old).toBeGreaterThan(0);
      expect(result.restored).toBeGreaterThan(0);
    } finally {
      await cleanup();
    }
  }, 180_000);
});
