import { describe, expect, it } from 'vitest';
import { runMasthead } from '../../../helpers/cli';

/** Issue 13, bad input: `search --limit -1` answered with node's advice about `--limit=-XYZ`. */
describe('a wrong number on the command line', () => {
  it('gets a plain message and the usage, exit 2', async () => {
    for (const [args, said] of [
      [['search', 'flood', '--limit', '-1'], /^masthead: -1 is not a value --limit takes\.\n/],
      [['search', 'flood', '--limit=-1'], /^masthead: --limit must be a whole number from 1 to 10000, not -1\n/],
      [['search', 'flood', '--limit', 'lots'], /^masthead: --limit must be a whole number from 1 to 10000, not lots\n/],
      [['backup', '--keep', '-3'], /^masthead: -3 is not a value --keep takes\.\n/],
    ] as const) {
      const run = await runMasthead(...args);
      expect(run.code).toBe(2);
      expect(run.err).toMatch(said);
      expect(run.err).not.toMatch(/ambiguous|XYZ/);
      expect(run.err).toContain('Usage: masthead');
    }
  });
});
