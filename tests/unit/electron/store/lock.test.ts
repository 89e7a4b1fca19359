import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_FILE, type LockRecord, acquireLock, currentIdentity } from '../../../../electron/store/lock';
import { createConfSettingsStore } from '../../../../electron/store/settings';
import { Workspace, type WorkspaceOptions } from '../../../../electron/rpc/workspace';
import { sampleLibrary, tempDir } from '../../../helpers/temp';

let dir: string;
let cleanup: () => Promise<void>;
const opened: Workspace[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(async () => {
  for (const w of opened.splice(0)) await w.close();
  await cleanup();
});

const library = () => join(dir, 'library');
const lockPath = () => join(library(), LOCK_FILE);
const readLockFile = async (): Promise<LockRecord> => JSON.parse(await readFile(lockPath(), 'utf8')) as LockRecord;

async function open(name: string, extra: Partial<WorkspaceOptions> = {}): Promise<Workspace> {
  const workspace = await Workspace.start({
    settings: createConfSettingsStore(join(dir, `settings-${name}`)),
    host: 'web',
    version: '0.0.0-test',
    systemLanguage: 'en',
    defaultLibraryPath: library(),
    libraryOverride: library(),
    seedFrom: sampleLibrary,
    assetBaseUrl: '/photos/',
    backupDelayMs: 3_600_000,
    ...extra,
  });
  opened.push(workspace);
  return workspace;
}

/** A machine that is not this one, as a second workstation sharing the folder would be. */
const otherMachine = { identity: { host: 'desk-7.newsroom', pid: 4242, user: 'lihua' } };

const foreignLock = (over: Partial<LockRecord>): LockRecord => ({
  host: 'desk-7.newsroom',
  pid: 4242,
  app: 'electron',
  user: 'lihua',
  startedAt: '2026-07-23T08:00:00.000Z',
  heartbeatAt: new Date().toISOString(),
  token: 'foreign-token',
  ...over,
});

describe('one writer per library', () => {
  it('takes the lock on open, writing who holds it', async () => {
    const workspace = await open('a');
    const info = await workspace.handlers().getAppInfo(undefined);
    expect(info.readOnly).toBeNull();
    const lock = await readLockFile();
    const me = currentIdentity('web');
    expect(lock).toMatchObject({ host: me.host, pid: process.pid, app: 'web', user: me.user });
    expect(Date.parse(lock.heartbeatAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('opens read-only for a second holder, and every change is refused with who holds it', async () => {
    const first = await open('a');
    const second = await open('b', { lock: otherMachine });
    const handlers = second.handlers();
    const info = await handlers.getAppInfo(undefined);
    const me = currentIdentity('web');
    expect(info.readOnly).toMatchObject({ host: me.host, by: me.user });

    // Reading works.
    const stories = await handlers.listStories(undefined);
    expect(stories.length).toBe(4);
    const story = await handlers.getStory({ id: stories[0]!.id });

    // Writing does not, and says why.
    const save = Promise.resolve().then(() =>
      handlers.saveStory({ id: story.id, baseRevision: story.revision, changes: { headline: 'Overwritten' } }),
    );
    await expect(save).rejects.toMatchObject({ code: 'read-only' });
    await expect(save).rejects.toThrow(new RegExp(`open on ${me.host} by ${me.user} since .*read-only here`));
    await expect(Promise.resolve().then(() => handlers.createStory({ language: 'en' }))).rejects.toMatchObject({
      code: 'read-only',
    });
    await expect(Promise.resolve().then(() => handlers.createBackup(undefined))).rejects.toMatchObject({
      code: 'read-only',
    });
    await expect(Promise.resolve().then(() => handlers.restoreBackup({ name: 'x.zip' }))).rejects.toMatchObject({
      code: 'read-only',
    });
    expect((await first.handlers().getStory({ id: story.id })).headline).toBe(story.headline);

    // The reader never touches the holder's lock.
    const before = await readLockFile();
    await second.close();
    expect(await readLockFile()).toEqual(before);
  });

  it('keeps read-only while another machine’s lock has a fresh heartbeat', async () => {
    await (await open('seed')).close();
    await writeFile(lockPath(), JSON.stringify(foreignLock({})));
    const workspace = await open('a');
    const info = await workspace.handlers().getAppInfo(undefined);
    expect(info.readOnly).toEqual({ by: 'lihua', host: 'desk-7.newsroom', since: '2026-07-23T08:00:00.000Z' });
    expect((await readLockFile()).token).toBe('foreign-token');
  });

  it('takes over a lock whose process on this machine is dead, and says it recovered after a crash', async () => {
    await (await open('seed')).close();
    const me = currentIdentity('web');
    await writeFile(lockPath(), JSON.stringify(foreignLock({ host: me.host, pid: 999_999, user: 'crashed' })));
    const workspace = await open('a', { lock: { isAlive: (pid) => pid !== 999_999 } });
    const info = await workspace.handlers().getAppInfo(undefined);
    expect(info.readOnly).toBeNull();
    expect(info.recoveredLock).toMatchObject({ by: 'crashed', host: me.host });
    expect((await readLockFile()).pid).toBe(process.pid);
    await workspace.handlers().createStory({ language: 'en', headline: 'Written after the crash' });
  });

  it('takes over another machine’s lock whose heartbeat stopped minutes ago', async () => {
    await (await open('seed')).close();
    await writeFile(
      lockPath(),
      JSON.stringify(foreignLock({ heartbeatAt: new Date(Date.now() - 10 * 60_000).toISOString() })),
    );
    const workspace = await open('a');
    const info = await workspace.handlers().getAppInfo(undefined);
    expect(info.readOnly).toBeNull();
    expect(info.recoveredLock).toMatchObject({ host: 'desk-7.newsroom', by: 'lihua' });
  });

  it('takes over a damaged lock file', async () => {
    await (await open('seed')).close();
    await writeFile(lockPath(), '{"host": "des');
    const workspace = await open('a');
    expect((await workspace.handlers().getAppInfo(undefined)).readOnly).toBeNull();
    expect((await readLockFile()).pid).toBe(process.pid);
  });

  it('releases only its own lock: closing removes it, but never a lock someone else took meanwhile', async () => {
    const workspace = await open('a');
    await workspace.close();
    await expect(readFile(lockPath())).rejects.toMatchObject({ code: 'ENOENT' });

    const again = await open('b');
    await writeFile(lockPath(), JSON.stringify(foreignLock({})));
    await again.close();
    expect((await readLockFile()).token).toBe('foreign-token');
    // No temporary files are left behind in the library.
    expect((await readdir(library())).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('moves the lock along when switching libraries', async () => {
    const workspace = await open('a');
    const other = join(dir, 'other');
    await workspace.switchLibrary(other);
    await expect(readFile(lockPath())).rejects.toMatchObject({ code: 'ENOENT' });
    const lock = JSON.parse(await readFile(join(other, LOCK_FILE), 'utf8')) as LockRecord;
    expect(lock.pid).toBe(process.pid);
  });

  it('lets exactly one of two racing openers take a free lock', async () => {
    await (await open('seed')).close();
    const outcomes = await Promise.all(
      ['desk-1', 'desk-2', 'desk-3', 'desk-4'].map((host) => acquireLock(library(), { identity: { host, pid: 1 } })),
    );
    expect(outcomes.filter((o) => o.kind === 'owned')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'read-only')).toHaveLength(3);
  });

  it('notices a takeover at the next heartbeat and stops writing', async () => {
    const result = await acquireLock(library().replace(/library$/, ''), { identity: { host: 'here' } });
    expect(result.kind).toBe('owned');
    if (result.kind !== 'owned') return;
    expect(await result.lock.refresh()).toBeNull();
    await writeFile(join(dir, LOCK_FILE), JSON.stringify(foreignLock({})));
    expect(await result.lock.refresh()).toMatchObject({ host: 'desk-7.newsroom' });
  });
});
