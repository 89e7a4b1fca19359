import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commitImport, parseImportFile } from '../../../../electron/import/import';
import { sourceHash } from '../../../../electron/store/import-log';
import { Library } from '../../../../electron/store/library';
import { runMasthead } from '../../../helpers/cli';
import { repoRoot, tempDir } from '../../../helpers/temp';

/**
 * Issue 13, item 8: an import killed part way printed no ids, so running it again made every
 * story twice. Each story is recorded against its source file's hash as it is saved; a rerun
 * of the same file is skipped with a note, `--again` imports it anyway.
 */
const page = join(repoRoot, '..', 'shared', 'samples', 'en-page.txt');
let library: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  const made = await tempDir();
  cleanup = made.cleanup;
  library = join(made.dir, 'lib');
  await Library.open(library);
});
afterEach(() => cleanup());

const count = async () => (await Library.open(library)).library.storyCount;

describe('importing the same file again', () => {
  it('skips a file imported before with a note naming its stories; --again imports it anyway', async () => {
    const first = await runMasthead('import', page, '--library', library);
    expect(first.code, first.err).toBe(0);
    const made = await count();
    expect(made).toBeGreaterThan(1);

    const rerun = await runMasthead('import', page, '--library', library, '--json');
    expect(rerun.code).toBe(0);
    expect(rerun.err).toMatch(/en-page\.txt was imported before \(\d+ stories: .+\); skipped\. Use --again/);
    expect(JSON.parse(rerun.out).skipped[0].imported).toHaveLength(made);
    expect(await count()).toBe(made);

    const again = await runMasthead('import', page, '--library', library, '--again');
    expect(again.code, again.err).toBe(0);
    expect(await count()).toBe(2 * made);
  });

  it('knows what an import killed after its first story made, so the rerun does not duplicate it', async () => {
    const bytes = await readFile(page);
    const parsed = await parseImportFile('en-page.txt', bytes);
    const { library: lib } = await Library.open(library);
    // What a killed import left: its first story saved and recorded, the rest never reached.
    const [saved] = await commitImport(
      lib,
      {
        stories: parsed.stories.slice(0, 1).map((s) => ({ ...s, section: '', status: 'draft', source: 'en-page.txt' })),
      },
      { sha256: sourceHash(bytes), name: 'en-page.txt' },
    );
    const rerun = await runMasthead('import', page, '--library', library);
    expect(rerun.err).toContain(`was imported before (1 story: ${saved!.id}); skipped`);
    expect(await count()).toBe(1);
  });
});
