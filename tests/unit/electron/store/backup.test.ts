import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BACKUP_DIR,
  checkBackup,
  createBackup,
  listBackups,
  restoreBackup,
  rotateBackups,
  safeEntryName,
} from '../../../../electron/store/backup';
import { Library } from '../../../../electron/store/library';
import { createConfSettingsStore } from '../../../../electron/store/settings';
import { Workspace } from '../../../../electron/rpc/workspace';
import { changedFiles, sampleLibrary, snapshot, tempDir } from '../../../helpers/temp';

let dir: string;
let cleanup: () => Promise<void>;
let root: string;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  root = join(dir, 'library');
});
afterEach(() => cleanup());

const paragraph = (text: string) => ({
  type: 'doc' as const,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

/** Every file of the library's data, without the backups themselves. */
const dataOf = async (path: string) => {
  const files = await snapshot(path);
  const out = new Map<string, string>();
  for (const [name, state] of files) if (!name.startsWith(`${BACKUP_DIR}/`)) out.set(name, state.content);
  return out;
};

const clock = (start: string) => {
  let t = Date.parse(start);
  return () => new Date((t += 1000));
};

/** A zip shaped like a backup, with extra entries under hostile names. */
async function hostileZip(path: string, entries: Record<string, string>): Promise<void> {
  const zip = new JSZip();
  zip.file(
    'masthead-backup.json',
    JSON.stringify({
      format: 1,
      created: new Date().toISOString(),
      kind: 'manual',
      stories: 0,
      appVersion: 'x',
      schemaVersion: 1,
    }),
  );
  zip.file('library.json', await readFile(join(root, 'library.json')));
  for (const [name, text] of Object.entries(entries)) zip.file(name, text);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, await zip.generateAsync({ type: 'nodebuffer' }));
}

/** JSZip normalises `../` away on write; this puts the raw name back into the archive's bytes. */
function renameEntry(bytes: Buffer, from: string, to: string): Buffer {
  expect(from.length).toBe(to.length);
  const text = bytes.toString('latin1').split(from).join(to);
  return Buffer.from(text, 'latin1');
}

describe('backing up a library', () => {
  it('writes a zip of the library data with a manifest, and lists it', async () => {
    const { library } = await Library.open(root, { seedFrom: sampleLibrary });
    await library.createStory({ language: 'en', headline: 'Late story' });
    const backup = await createBackup(root, { appVersion: '1.2.3', now: () => new Date(2026, 6, 23, 14, 15, 0) });
    expect(backup).toMatchObject({ name: 'masthead-backup-20260723-141500.zip', stories: 5, automatic: false });
    expect(backup.bytes).toBeGreaterThan(1000);

    const zip = await JSZip.loadAsync(await readFile(join(root, BACKUP_DIR, backup.name)));
    const names = Object.keys(zip.files);
    expect(names).toContain('library.json');
    expect(names.filter((n) => /^stories\/.+\.json$/.test(n))).toHaveLength(5);
    expect(names.some((n) => n.startsWith('index/'))).toBe(true);
    expect(names.some((n) => n.startsWith('backups/'))).toBe(false);
    const manifest = JSON.parse(await zip.file('masthead-backup.json')!.async('string'));
    expect(manifest).toMatchObject({ format: 1, stories: 5, appVersion: '1.2.3', kind: 'manual' });

    expect(await listBackups(root)).toEqual([backup]);
    // No half-written backup is left behind.
    expect((await readdir(join(root, BACKUP_DIR))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('makes a sound backup while stories are saved and trashed at the same time', async () => {
    const { library } = await Library.open(root, { seedFrom: sampleLibrary });
    const made = await Promise.all(
      Array.from({ length: 20 }, (_, i) => library.createStory({ language: 'en', headline: `Story ${i}` })),
    );
    const churn = (async () => {
      for (const story of made) {
        await library.saveStory({ id: story.id, baseRevision: story.revision, changes: { headline: 'Edited' } });
        await library.trashStory(story.id);
      }
    })();
    const backup = await createBackup(root, { appVersion: 'x' });
    await churn;
    const checked = await checkBackup(join(root, BACKUP_DIR, backup.name));
    expect(checked.stories).toBe(backup.stories);
  });

  it('keeps the newest N automatic backups and never deletes the user’s own', async () => {
    await Library.open(root, { seedFrom: sampleLibrary });
    const now = clock('2026-07-23T08:00:00Z');
    const mine = await createBackup(root, { appVersion: 'x', now });
    const auto = [];
    for (let i = 0; i < 5; i++) auto.push(await createBackup(root, { kind: 'auto', appVersion: 'x', now }));
    const deleted = await rotateBackups(root, 3);
    expect(deleted.sort()).toEqual([auto[0]!.name, auto[1]!.name].sort());
    const left = (await listBackups(root)).map((b) => b.name);
    expect(left).toEqual([auto[4]!.name, auto[3]!.name, auto[2]!.name, mine.name]);
    // The sidecar manifests go with their zips.
    expect((await readdir(join(root, BACKUP_DIR))).length).toBe(8);
  });
});

describe('restoring a backup', () => {
  it('puts every story back as it was and keeps a safety backup of what it replaced', async () => {
    const { library } = await Library.open(root, { seedFrom: sampleLibrary });
    const kept = await library.createStory({ language: 'en', headline: 'Kept' });
    await library.saveStory({ id: kept.id, baseRevision: kept.revision, changes: { body: paragraph('Original') } });
    const before = await dataOf(root);
    const backup = await createBackup(root, { appVersion: 'x', now: clock('2026-07-23T08:00:00Z') });

    // Change one story, delete another, add a third.
    const current = await library.getStory(kept.id);
    await library.saveStory({ id: kept.id, baseRevision: current.revision, changes: { headline: 'Changed' } });
    const [victim] = library.listStories().filter((s) => s.id !== kept.id);
    await library.trashStory(victim!.id);
    await library.createStory({ language: 'zh-Hans', headline: '新加的稿' });

    const result = await restoreBackup(root, join(root, BACKUP_DIR, backup.name), { appVersion: 'x' });
    expect(result.restoredStories).toBe(5);
    expect(await dataOf(root)).toEqual(before);

    const reopened = (await Library.open(root)).library;
    expect((await reopened.getStory(kept.id)).headline).toBe('Kept');
    expect(reopened.listStories().map((s) => s.id)).toContain(victim!.id);
    expect(reopened.listStories().some((s) => s.headline === '新加的稿')).toBe(false);

    const backups = await listBackups(root);
    expect(backups.map((b) => b.name)).toContain(result.safetyBackup.name);
    expect(result.safetyBackup).toMatchObject({ automatic: true, stories: 5 });
    // No temporary folder of the swap is left in the library.
    expect((await readdir(root)).filter((n) => n.startsWith('.restore'))).toEqual([]);
  });

  it.each([
    ['a parent-directory path', 'stories/../../evil.json'],
    ['an absolute path', '/tmp/masthead-evil.json'],
  ])('refuses a zip holding %s and writes nothing anywhere', async (_what, hostile) => {
    await Library.open(root, { seedFrom: sampleLibrary });
    const zipPath = join(dir, 'hostile.zip');
    const placeholder = 'stories/' + 'x'.repeat(hostile.length - 'stories/'.length);
    await hostileZip(zipPath, { [placeholder]: '{"evil": true}' });
    await writeFile(zipPath, renameEntry(await readFile(zipPath), placeholder, hostile));
    const before = await snapshot(dir);

    await expect(restoreBackup(root, zipPath, { appVersion: 'x' })).rejects.toThrow(/outside the library's folders/);

    expect(changedFiles(before, await snapshot(dir))).toEqual([]);
    await expect(readFile('/tmp/masthead-evil.json')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses entries outside the data folders and a story that fails the schema', async () => {
    await Library.open(root, { seedFrom: sampleLibrary });
    const before = await snapshot(root);
    const outside = join(dir, 'outside.zip');
    await hostileZip(outside, { 'backups/planted.zip': 'x' });
    await expect(restoreBackup(root, outside, { appVersion: 'x' })).rejects.toThrow(/outside the library's folders/);
    const badStory = join(dir, 'bad-story.zip');
    await hostileZip(badStory, { 'stories/abc.json': '{"id": 3}' });
    await expect(restoreBackup(root, badStory, { appVersion: 'x' })).rejects.toThrow(
      /story stories\/abc.json is damaged/,
    );
    expect(changedFiles(before, await snapshot(root))).toEqual([]);
  });

  it('refuses a corrupt zip with a clear message and leaves the library unchanged', async () => {
    await Library.open(root, { seedFrom: sampleLibrary });
    const good = await createBackup(root, { appVersion: 'x' });
    const path = join(root, BACKUP_DIR, good.name);
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const before = await snapshot(root);
    await expect(restoreBackup(root, path, { appVersion: 'x', label: good.name })).rejects.toThrow(
      new RegExp(`${good.name} cannot be restored: it is not a readable zip file.*The library was not changed`),
    );
    expect(changedFiles(before, await snapshot(root))).toEqual([]);
  });

  it('names only plain relative paths inside the data folders as safe', () => {
    for (const ok of ['library.json', 'stories/a.json', 'history/a/1.json', 'assets/ab.jpg', 'trash/x.json'])
      expect(safeEntryName(ok), ok).toBe(true);
    for (const bad of [
      '../x',
      'stories/../../x',
      '/etc/passwd',
      'C:/x',
      'stories\\..\\x',
      'backups/a.zip',
      '.masthead-lock',
      'stories/./a.json',
      'library.json/x',
      '',
    ])
      expect(safeEntryName(bad), bad).toBe(false);
  });
});

describe('backups in the workspace', () => {
  async function workspace(name = 'a') {
    return Workspace.start({
      settings: createConfSettingsStore(join(dir, `settings-${name}`)),
      host: 'web',
      version: '0.0.0-test',
      systemLanguage: 'en',
      defaultLibraryPath: root,
      seedFrom: sampleLibrary,
      assetBaseUrl: '/photos/',
      backupDelayMs: 3_600_000,
    });
  }

  it('backs up, lists, and restores through the contract, reloading the library', async () => {
    const ws = await workspace();
    const handlers = ws.handlers();
    const story = await handlers.createStory({ language: 'en', headline: 'Before' });
    const backup = await handlers.createBackup(undefined);
    expect((await handlers.listBackups(undefined)).backups.map((b) => b.name)).toEqual([backup.name]);
    await handlers.saveStory({ id: story.id, baseRevision: story.revision, changes: { headline: 'After' } });
    await handlers.trashStory({ id: story.id });

    expect(await handlers.restoreBackup({ name: backup.name })).toEqual({ restoredStories: 5 });
    expect((await handlers.getStory({ id: story.id })).headline).toBe('Before');
    expect((await handlers.listStories(undefined)).map((s) => s.id)).toContain(story.id);
    // The search index is rebuilt in the background for the reopened library.
    await expect
      .poll(async () => (await handlers.searchStories({ query: 'Before' })).hits.map((h) => h.id))
      .toContain(story.id);
    const list = (await handlers.listBackups(undefined)).backups;
    expect(list).toHaveLength(2);
    expect(list.filter((b) => b.automatic)).toHaveLength(1);
    await expect(
      Promise.resolve().then(() => handlers.restoreBackup({ name: '../library.json' })),
    ).rejects.toMatchObject({ code: 'invalid-input' });
    await ws.close();
  });

  it('makes an automatic backup when the last is older than the interval, and rotates', async () => {
    const ws = await workspace();
    await ws.runAutomaticBackup();
    await ws.runAutomaticBackup(); // not due again: one backup
    let list = (await ws.handlers().listBackups(undefined)).backups;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ automatic: true, stories: 4 });
    await ws.handlers().updateSettings({ backupIntervalHours: 0 });
    await ws.runAutomaticBackup();
    list = (await ws.handlers().listBackups(undefined)).backups;
    expect(list).toHaveLength(1);
    await ws.close();
  });
});
