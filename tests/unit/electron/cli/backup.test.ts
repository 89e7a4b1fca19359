import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMasthead } from '../../../helpers/cli';
import { Library } from '../../../../electron/store/library';
import { LOCK_FILE } from '../../../../electron/store/lock';
import { sampleLibrary, tempDir } from '../../../helpers/temp';

let dir: string;
let cleanup: () => Promise<void>;
let root: string;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  root = join(dir, 'library');
  await Library.open(root, { seedFrom: sampleLibrary });
});
afterEach(() => cleanup());

const run = runMasthead;

/** A Masthead running on another desk holds the library. */
const holdFromAnotherDesk = () =>
  writeFile(
    join(root, LOCK_FILE),
    JSON.stringify({
      host: 'desk-7.newsroom',
      pid: 4242,
      app: 'electron',
      user: 'lihua',
      startedAt: '2026-07-23T08:00:00.000Z',
      heartbeatAt: new Date().toISOString(),
      token: 'foreign',
    }),
  );

describe('masthead backup and restore', () => {
  it('backs up, and restores the library as it was, keeping a safety backup', async () => {
    const backup = await run('backup', '--library', root, '--json');
    expect(backup.code, backup.err).toBe(0);
    const made = JSON.parse(backup.out) as { path: string; name: string; stories: number };
    expect(made.stories).toBe(4);
    await readFile(made.path);

    const { library } = await Library.open(root);
    const [first] = library.listStories();
    await library.trashStory(first!.id);
    await library.createStory({ language: 'en', headline: 'Added after the backup' });

    const restore = await run('restore', made.path, '--library', root);
    expect(restore.code, restore.err).toBe(0);
    expect(restore.out).toMatch(/restored 4 stories/);
    expect(restore.out).toMatch(/the library as it was is in .*-safety\.zip/);
    const after = (await Library.open(root)).library.listStories();
    expect(after.map((s) => s.id)).toContain(first!.id);
    expect(after.some((s) => s.headline === 'Added after the backup')).toBe(false);
    // The lock was released.
    expect(await readdir(root)).not.toContain(LOCK_FILE);

    // A backup's bare name is found in the library's backups folder.
    expect((await run('restore', made.name, '--library', root)).code).toBe(0);
  });

  it('rotates with --keep and refuses a nonsense --keep', async () => {
    for (let i = 0; i < 3; i++) expect((await run('backup', '--library', root, '--keep', '2')).code).toBe(0);
    const listed = JSON.parse((await run('backup', '--library', root, '--keep', '2', '--json')).out) as {
      deleted: string[];
    };
    expect(listed.deleted).toHaveLength(1);
    expect((await readdir(join(root, 'backups'))).filter((n) => n.endsWith('.zip'))).toHaveLength(2);
    expect((await run('backup', '--library', root, '--keep', 'lots')).code).toBe(2);
  });

  it('refuses to restore or import into a library open elsewhere, and still reads it', async () => {
    const made = JSON.parse((await run('backup', '--library', root, '--json')).out) as { path: string };
    await holdFromAnotherDesk();
    const before = await readdir(join(root, 'stories'));

    const restore = await run('restore', made.path, '--library', root);
    expect(restore.code).toBe(1);
    expect(restore.err).toMatch(/open on desk-7\.newsroom by lihua since .*read-only here/);

    const page = join(dir, 'page.txt');
    await writeFile(page, '引题\n主题\n正文第一段。\n');
    const imported = await run('import', page, '--library', root);
    expect(imported.code).toBe(1);
    expect(imported.err).toMatch(/read-only here/);
    expect(await readdir(join(root, 'stories'))).toEqual(before);

    // Reading commands work on a held library, and leave the lock alone.
    const list = await run('library', 'list', '--library', root, '--json');
    expect(list.code).toBe(0);
    expect((JSON.parse(list.out) as { stories: unknown[] }).stories).toHaveLength(4);
    expect(JSON.parse(await readFile(join(root, LOCK_FILE), 'utf8'))).toMatchObject({ token: 'foreign' });
  });

  it('refuses a file that is not a backup, with the library unchanged', async () => {
    const bogus = join(dir, 'notes.zip');
    await writeFile(bogus, 'not a zip at all');
    const before = await readdir(join(root, 'stories'));
    const result = await run('restore', bogus, '--library', root);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/notes\.zip cannot be restored: it is not a readable zip file/);
    expect(await readdir(join(root, 'stories'))).toEqual(before);
    expect((await run('restore', 'missing.zip', '--library', root)).err).toMatch(/There is no backup missing\.zip/);
  });
});
