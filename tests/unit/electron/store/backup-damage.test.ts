import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKUP_DIR, createBackup, restoreBackup } from '../../../../electron/store/backup';
import { Library, shardOf } from '../../../../electron/store/library';
import { tempDir } from '../../../helpers/temp';

/**
 * Issue 13, item 2: damage that open-time recovery misses (bytes changed behind an unchanged
 * size and mtime; a damaged file in the trash) was packed into every backup, which restore
 * then refused whole. A backup checks every file it packs, repairs first, and never reports
 * success for a zip restore would refuse.
 */
let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  const made = await tempDir();
  cleanup = made.cleanup;
  root = join(made.dir, 'library');
});
afterEach(() => cleanup());

const paragraph = (text: string) => ({
  type: 'doc' as const,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

/** A story with two saved revisions, so history has a snapshot to come back from. */
async function storyWithHistory(library: Library, headline: string) {
  const made = await library.createStory({ language: 'en', headline });
  return library.saveStory({
    id: made.id,
    baseRevision: made.revision,
    changes: { body: paragraph(`${headline} text`) },
  });
}

/** Breaks a file's JSON without changing its length. */
async function breakInPlace(path: string): Promise<void> {
  const text = await readFile(path, 'utf8');
  await writeFile(path, `#${text.slice(1)}`);
}

describe('a backup of a library with damage open did not see', () => {
  it('repairs a story whose bytes changed behind its recorded size and mtime, and the backup restores', async () => {
    const { library } = await Library.open(root);
    const story = await storyWithHistory(library, 'Harbour');
    const file = join(root, 'stories', `${story.id}.json`);
    await breakInPlace(file);
    // The index records the file as it now is: open trusts it without reading it.
    const shardPath = join(root, 'index', `${shardOf(story.id)}.json`);
    const shard = JSON.parse(await readFile(shardPath, 'utf8'));
    const info = await stat(file);
    shard.stories[story.id].file = { size: info.size, mtimeMs: info.mtimeMs };
    await writeFile(shardPath, JSON.stringify(shard));

    const { library: reopened, recovery } = await Library.open(root);
    expect(recovery.quarantined).toEqual([]); // open did not see it: that is the hole

    const backup = await createBackup(root, { appVersion: 'x', check: () => reopened.checkAllFiles() });
    expect(backup.repaired).toMatch(/set aside in quarantine\//);
    expect(backup.repaired).toMatch(/Story “Harbour” was restored from its revision/);
    expect((await reopened.getStory(story.id)).body).toEqual(paragraph('Harbour text'));

    await reopened.createStory({ language: 'en', headline: 'After the backup' });
    const result = await restoreBackup(root, join(root, BACKUP_DIR, backup.name), { appVersion: 'x' });
    expect(result.restoredStories).toBe(1);
    const { library: restored } = await Library.open(root);
    expect(restored.listStories().map((s) => s.headline)).toEqual(['Harbour']);
  });

  it('checks the trash at open: a damaged trashed story comes back, in the trash, from its history', async () => {
    const { library } = await Library.open(root);
    const story = await storyWithHistory(library, 'Binned');
    await library.trashStory(story.id);
    await breakInPlace(join(root, 'trash', `${story.id}.json`));

    const { library: reopened, recovery } = await Library.open(root);
    expect(recovery.quarantined).toEqual([join('trash', `${story.id}.json`)]);
    expect((await reopened.listTrash()).map((s) => s.headline)).toEqual(['Binned']);

    const backup = await createBackup(root, { appVersion: 'x', check: () => reopened.checkAllFiles() });
    await expect(restoreBackup(root, join(root, BACKUP_DIR, backup.name), { appVersion: 'x' })).resolves.toBeTruthy();
  });

  it('refuses to make a backup of a damaged file it may not repair, and leaves no zip behind', async () => {
    const { library } = await Library.open(root);
    const story = await storyWithHistory(library, 'Unlucky');
    await library.trashStory(story.id);
    await breakInPlace(join(root, 'trash', `${story.id}.json`));
    // No check before packing (another Masthead holds the library, say): the packing check refuses.
    await expect(createBackup(root, { appVersion: 'x' })).rejects.toThrow(
      /Could not back up the library at .*: trash\/.*\.json is damaged \(it is not readable JSON\)\. Nothing was backed up/,
    );
    expect((await readdir(join(root, BACKUP_DIR))).filter((n) => n.endsWith('.zip'))).toEqual([]);
  });
});
