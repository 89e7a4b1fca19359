import { readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library } from '../../../../electron/store/library';
import { describeRecovery } from '../../../../electron/store/recovery';
import { runMasthead } from '../../../helpers/cli';
import { tempDir } from '../../../helpers/temp';

/**
 * Issue 13, bad input: a library whose files were changed from outside. Each gets recovery
 * or a clear message naming the file, never a raw error or a story silently gone.
 */
let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  const made = await tempDir();
  cleanup = made.cleanup;
  root = join(made.dir, 'library');
});
afterEach(() => cleanup());

async function twoStories() {
  const { library } = await Library.open(root);
  const a = await library.createStory({ language: 'en', headline: 'Harbour' });
  const b = await library.createStory({ language: 'en', headline: 'Council' });
  return { a, b };
}

describe('a library changed from outside', () => {
  it('opens with library.json deleted, its stories intact, and says it recreated it (app and CLI)', async () => {
    await twoStories();
    await rm(join(root, 'library.json'));
    const run = await runMasthead('library', 'list', '--library', root);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('2 stories');
    expect(run.err).toMatch(/library\.json\) was damaged or missing and has been recreated/);
    const manifest = JSON.parse(await readFile(join(root, 'library.json'), 'utf8'));
    expect(manifest.schemaVersion).toBeGreaterThan(0);
  });

  it('gives a renamed story file its name back, so the listed story opens', async () => {
    const { a } = await twoStories();
    await rename(join(root, 'stories', `${a.id}.json`), join(root, 'stories', 'harbour copy.json'));
    const { library, recovery } = await Library.open(root);
    expect(describeRecovery(recovery)).toContain(
      `stories/harbour copy.json had been renamed; it is stories/${a.id}.json again`,
    );
    expect((await library.getStory(a.id)).headline).toBe('Harbour');
    expect(library.listStories()).toHaveLength(2);
  });

  it('rebuilds an index/ replaced by a file, and names a stories/ replaced by a file instead of ENOTDIR', async () => {
    await twoStories();
    await rm(join(root, 'index'), { recursive: true });
    await writeFile(join(root, 'index'), 'not a folder');
    const { library, recovery } = await Library.open(root);
    expect(library.listStories()).toHaveLength(2);
    expect(describeRecovery(recovery)).toMatch(/The story list was rebuilt/);

    await rename(join(root, 'stories'), join(root, 'stories-moved'));
    await writeFile(join(root, 'stories'), 'not a folder');
    const error = await Library.open(root).catch((e: Error) => e);
    expect(String(error)).toMatch(/stories should be a folder but is a file\. Move that file somewhere else/);
    expect(String(error)).not.toMatch(/ENOTDIR/);
  });

  it('names a story written by a newer Masthead instead of dropping it from the list silently', async () => {
    const { a } = await twoStories();
    const file = join(root, 'stories', `${a.id}.json`);
    const story = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...story, schemaVersion: story.schemaVersion + 1 }));
    const { recovery } = await Library.open(root);
    expect(describeRecovery(recovery)).toContain(
      `cannot be read by this one (a story among them is listed as unreadable, and cannot be opened until Masthead is updated); they were left untouched: stories/${a.id}.json`,
    );
    expect(await readdir(join(root, 'stories'))).toContain(`${a.id}.json`);
  });

  it('lists a story from a newer Masthead as an unreadable row, counted, never written (app and CLI)', async () => {
    const { a, b } = await twoStories();
    const file = join(root, 'stories', `${a.id}.json`);
    const story = JSON.parse(await readFile(file, 'utf8'));
    const newer = JSON.stringify({ ...story, schemaVersion: story.schemaVersion + 1, futureField: { x: 1 } });
    await writeFile(file, newer);

    const { library } = await Library.open(root);
    const rows = library.listStoryRows();
    expect(rows.map((r) => [r.headline, r.unreadable ?? null])).toEqual(
      expect.arrayContaining([
        ['Council', null],
        ['Harbour', 'newer-version'],
      ]),
    );
    expect(rows).toHaveLength(2);
    expect(library.recentStoryRows(50).total).toBe(2);
    // Not openable, and nothing the library does writes over it.
    await expect(library.getStory(a.id)).rejects.toThrow(
      '“Harbour” was written by a newer Masthead; update Masthead to open it.',
    );
    await library.saveStory({ id: b.id, baseRevision: b.revision, changes: { headline: 'Council votes' } });
    await library.rebuildIndex();
    expect(await readFile(file, 'utf8')).toBe(newer);
    // Still listed on the next open, when the index is up to date.
    const again = await Library.open(root);
    expect(again.library.listStoryRows().find((r) => r.id === a.id)?.unreadable).toBe('newer-version');

    const text = await runMasthead('library', 'list', '--library', root);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/Harbour \(written by a newer Masthead; update to open it\)/);
    expect(text.out).toMatch(/2 stories \(1 written by a newer Masthead; update to open it\)/);
    const json = JSON.parse((await runMasthead('library', 'list', '--library', root, '--json')).out);
    expect(json.unreadable).toEqual([
      expect.objectContaining({ id: a.id, headline: 'Harbour', unreadable: 'newer-version' }),
    ]);
    expect(await readFile(file, 'utf8')).toBe(newer);
  });
});
