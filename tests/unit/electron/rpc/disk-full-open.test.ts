import { execFileSync } from 'node:child_process';
import { appendFile, mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../../../electron/rpc/workspace';
import { Library } from '../../../../electron/store/library';
import { createConfSettingsStore } from '../../../../electron/store/settings';
import { runMasthead } from '../../../helpers/cli';
import { tempDir } from '../../../helpers/temp';

/**
 * Issue 13, bad input: at 100% disk the web host would not open the library at all, because
 * opening writes (the lock, the index, recovery). It must open read-only and say why. The disk
 * is a real one: a 2 MB tmpfs, filled to the last byte (Linux, as root; skipped, saying so,
 * where mounting is not permitted).
 */
let dir: string;
let cleanup: () => Promise<void>;
let disk: string;
let mounted = false;
let whyNot = '';

async function fillTheDisk(folder: string): Promise<void> {
  const chunk = Buffer.alloc(16 * 1024, 1);
  for (let i = 0; ; i++) {
    try {
      await appendFile(join(folder, 'filler.bin'), chunk);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
      throw error;
    }
  }
  // The last bytes too: small writes until nothing more fits.
  for (;;) {
    try {
      await appendFile(join(folder, 'filler.bin'), 'x');
    } catch {
      break;
    }
  }
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('masthead-disk-full-'));
  disk = join(dir, 'disk');
  await mkdir(disk);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', disk], { stdio: 'pipe' });
    mounted = true;
  } catch (error) {
    whyNot = `mounting a 2 MB tmpfs is not permitted here (${String((error as Error).message).split('\n')[0]})`;
  }
});

afterAll(async () => {
  if (mounted) execFileSync('umount', [disk]);
  await cleanup();
});

describe('a library on a full disk', () => {
  it('opens read-only in the app and the CLI, and says the disk is full', async (ctx) => {
    if (!mounted) ctx.skip(whyNot);
    const root = join(disk, 'library');
    {
      const { library } = await Library.open(root);
      await library.createStory({ language: 'en', headline: 'Harbour reopens' });
      await library.createStory({ language: 'zh-Hans', headline: '江桥合龙' });
    }
    await fillTheDisk(disk);
    const before = await readdir(root);

    const workspace = await Workspace.start({
      settings: createConfSettingsStore(join(dir, 'settings')),
      host: 'web',
      version: '0.0.0-test',
      systemLanguage: 'en',
      defaultLibraryPath: join(dir, 'default-library'),
      libraryOverride: root,
      assetBaseUrl: '/photos/',
    });
    try {
      const handlers = workspace.handlers();
      const info = await handlers.getAppInfo(undefined);
      expect(info.libraryPath).toBe(root);
      expect(info.readOnly).toEqual({
        reason: 'disk-full',
        message: `The disk is full: Masthead opened the library at ${root} read-only. Free some space and reopen it.`,
      });
      // The stories are there to read.
      const rows = await handlers.listStories(undefined);
      expect(rows.map((r) => r.headline).sort()).toEqual(['Harbour reopens', '江桥合龙']);
      // A change is refused with the same reason, not a raw ENOSPC.
      await expect(Promise.resolve().then(() => handlers.createStory({ language: 'en' }))).rejects.toThrow(
        /The disk is full: Masthead opened/,
      );
    } finally {
      await workspace.close();
    }
    expect(await readdir(root)).toEqual(before);

    // The command line: a reading command reads, and says why it could not take the lock.
    const listed = await runMasthead('library', 'list', '--library', root);
    expect(listed.code).toBe(0);
    expect(listed.out).toContain('Harbour reopens');
    expect(listed.err).toContain('The disk is full: Masthead opened the library');
    // A command that writes is refused in words.
    const made = await runMasthead(
      'edition',
      'new',
      '--library',
      root,
      '--date',
      '2026-07-23',
      '--publication',
      'Harbour Daily',
    );
    expect(made.code).not.toBe(0);
    expect(made.err).toMatch(/the disk is full/i);
    expect(made.err).not.toMatch(/ENOSPC/);
    expect(await readdir(root)).toEqual(before);
    expect(JSON.parse(await readFile(join(root, 'library.json'), 'utf8'))).toBeTruthy();
  });
});
