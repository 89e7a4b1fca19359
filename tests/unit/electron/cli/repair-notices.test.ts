import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library } from '../../../../electron/store/library';
import { acquireLock } from '../../../../electron/store/lock';
import { runMasthead } from '../../../helpers/cli';
import { repoRoot, tempDir } from '../../../helpers/temp';
import { makeWorkspace } from '../rpc/workspace-fixture';

/**
 * Issue 13, items 3 and 4: a command that repaired a library said nothing, and `library list`
 * quarantined and rewrote a story while the web host held the library. Repairs are said on
 * stderr and in --json, written in the library, and shown by the app the next time it opens
 * it; a locked library is only read, its damage reported and left to the holder.
 */
let dir: string;
let lib: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  lib = join(dir, 'library');
});
afterEach(() => cleanup());

/** A library with one story saved twice (so it has a snapshot to come back from), then broken on disk. */
async function damagedLibrary(): Promise<{ id: string; file: string }> {
  const { library } = await Library.open(lib);
  const story = await library.createStory({ language: 'en', headline: 'Flood defences' });
  await library.saveStory({ id: story.id, baseRevision: story.revision, changes: { notes: 'checked' } });
  const file = join(lib, 'stories', `${story.id}.json`);
  await writeFile(file, '{"broken');
  return { id: story.id, file };
}

describe('repairs by the command line', () => {
  it('are said on stderr and in --json, logged in the library, and shown by the app when it next opens it', async () => {
    const { id } = await damagedLibrary();
    const run = await runMasthead('library', 'list', '--library', lib, '--json');
    expect(run.code, run.err).toBe(0);
    expect(run.err).toMatch(
      /masthead: repaired: 1 damaged file was set aside in quarantine\/.*Story “Flood defences” was restored/,
    );
    expect(run.err).toMatch(/recorded in .*quarantine\/.*README\.json/);
    const out = JSON.parse(run.out);
    expect(out.notices[0]).toMatch(/^repaired: .*Flood defences/);
    expect(out.stories.map((s: { id: string }) => s.id)).toEqual([id]);

    const [folder] = await readdir(join(lib, 'quarantine'));
    const log = JSON.parse(await readFile(join(lib, 'quarantine', folder!, 'README.json'), 'utf8'));
    expect(log).toMatchObject({ by: 'masthead library list', shownInApp: false });

    const app = await makeWorkspace(dir);
    const info = await app.handlers().getAppInfo(undefined as never);
    expect(info.notice).toMatch(
      /While Masthead was closed, masthead library list repaired this library .*Flood defences/,
    );
    await app.close();
    // Shown once: the next open of the app says nothing more.
    const again = await makeWorkspace(dir);
    expect((await again.handlers().getAppInfo(undefined as never)).notice).toBeNull();
    await again.close();
  });
});

describe('a library another Masthead holds', () => {
  it('is only read by a reading command: damage is reported and left for the holder', async () => {
    const { file } = await damagedLibrary();
    const held = await acquireLock(lib, {
      identity: { host: 'desk-7.newsroom', pid: 4242, user: 'lihua', app: 'web' },
    });
    expect(held.kind).toBe('owned');
    const run = await runMasthead('library', 'list', '--library', lib);
    expect(run.code).toBe(0);
    expect(run.err).toMatch(
      /damaged: 1 story file\(s\) could not be read .*open on desk-7\.newsroom by lihua.*Nothing was repaired/,
    );
    expect(await readFile(file, 'utf8')).toBe('{"broken');
    expect(await readdir(lib)).not.toContain('quarantine');
  });

  it('refuses a command that writes, changing nothing', async () => {
    await damagedLibrary();
    await acquireLock(lib, { identity: { host: 'desk-7.newsroom', pid: 4242, user: 'lihua', app: 'web' } });
    const page = join(repoRoot, '..', 'shared', 'samples', 'en-page.txt');
    const run = await runMasthead('import', page, '--library', lib);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/open on desk-7\.newsroom by lihua/);
    expect(await readdir(lib)).not.toContain('quarantine');
  });
});
