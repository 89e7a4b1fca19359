import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKUP_DIR, createBackup, restoreBackup } from '../../../../electron/store/backup';
import { Library } from '../../../../electron/store/library';
import { tempDir } from '../../../helpers/temp';

/**
 * Issue 13, item 1: the contract's body schema accepts any node and mark names, the editor's
 * schema does not. A body the editor cannot load would open blank and be saved over, so
 * the service refuses it on save, import and restore.
 */
let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  const made = await tempDir();
  cleanup = made.cleanup;
  root = join(made.dir, 'library');
});
afterEach(() => cleanup());

const underlined = {
  type: 'doc' as const,
  content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Kept', marks: [{ type: 'underline' }] }] }],
};
const widget = { type: 'doc' as const, content: [{ type: 'widget', content: [{ type: 'text', text: 'Lost?' }] }] };

describe('bodies the story editor cannot load', () => {
  it('refuses to save an underline mark or an unknown block, and leaves the story file as it was', async () => {
    const { library } = await Library.open(root);
    const story = await library.createStory({ language: 'en', headline: 'Council' });
    const file = join(root, 'stories', `${story.id}.json`);
    const before = await readFile(file, 'utf8');
    await expect(
      library.saveStory({ id: story.id, baseRevision: story.revision, changes: { body: underlined } }),
    ).rejects.toThrow(/formatted as “underline”, which the story editor does not know\. Nothing was saved/);
    await expect(
      library.saveStory({ id: story.id, baseRevision: story.revision, changes: { body: widget } }),
    ).rejects.toThrow(/block of type “widget”/);
    expect(await readFile(file, 'utf8')).toBe(before);
    // A body the editor knows still saves.
    const ok = { type: 'doc' as const, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Fine' }] }] };
    await expect(
      library.saveStory({ id: story.id, baseRevision: story.revision, changes: { body: ok } }),
    ).resolves.toMatchObject({ revision: story.revision + 1 });
  });

  it('refuses an imported story whose body the editor does not know, and adds no story', async () => {
    const { library } = await Library.open(root);
    await expect(library.importStory({ language: 'en', headline: 'Wire', body: widget })).rejects.toThrow(
      /The imported story cannot be added: it holds a block of type “widget”/,
    );
    expect(library.listStories()).toHaveLength(0);
  });

  it('refuses a backup holding such a story, and the library stays as it was', async () => {
    const { library } = await Library.open(root);
    const story = await library.createStory({ language: 'en', headline: 'Original' });
    const backup = await createBackup(root, { appVersion: 'x' });
    const zipPath = join(root, BACKUP_DIR, backup.name);
    const zip = await JSZip.loadAsync(await readFile(zipPath));
    const name = `stories/${story.id}.json`;
    const stored = JSON.parse(await zip.file(name)!.async('string'));
    zip.file(name, JSON.stringify({ ...stored, headline: 'From backup', body: underlined }));
    const hostile = join(root, 'hostile.zip');
    await writeFile(hostile, await zip.generateAsync({ type: 'nodebuffer' }));
    await expect(restoreBackup(root, hostile, { appVersion: 'x', label: 'hostile.zip' })).rejects.toThrow(
      /hostile\.zip cannot be restored: the body of its story .* “underline”/,
    );
    const { library: again } = await Library.open(root);
    expect(again.listStories().map((s) => s.headline)).toEqual(['Original']);
  });
});
