import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../../electron/rpc/workspace';
import { createConfSettingsStore } from '../../../../electron/store/settings';
import { useNewsroom } from '../../../helpers/newsroom-desks';
import { eventually } from '../../../helpers/eventually';
import { tempDir } from '../../../helpers/temp';

/**
 * The newsroom through the workspace's methods (what the window calls, app and web host):
 * two workspaces on one real server, and single-desk use untouched without one.
 */

const newsroom = useNewsroom([
  { name: 'erin', role: 'reporter', password: 'erin-password' },
  { name: 'finn', role: 'editor', password: 'finn-password' },
]);

async function workspace(name: string): Promise<Workspace> {
  const { dir, cleanup } = await tempDir(`masthead-ws-${name}-`);
  const ws = await Workspace.start({
    settings: createConfSettingsStore(join(dir, 'settings')),
    host: 'web',
    version: '0.0.0-test',
    systemLanguage: 'en',
    defaultLibraryPath: join(dir, 'library'),
    assetBaseUrl: '/photos/',
    searchWarmDelayMs: 60_000,
    backupDelayMs: 3_600_000,
    newsroomRetryDelayMs: 100,
  });
  newsroom.cleanups.push(async () => {
    await ws.close();
    await cleanup();
  });
  return ws;
}

describe('the newsroom in the workspace', () => {
  it('is off without a server: no sync runs and the methods say how to connect', async () => {
    const ws = await workspace('single');
    const handlers = ws.handlers();
    await ws.newsroom.ready();
    expect(ws.newsroom.running).toBeNull();
    expect(await handlers.newsroomStatus(undefined)).toMatchObject({ state: 'off', changesWaiting: 0, servers: [] });
    expect(await handlers.listNewsroomStories(undefined)).toEqual([]);
    await expect(handlers.newsroomSync(undefined)).rejects.toThrow(/not connected to a newsroom/);
  });

  it('connects two desks, shows the other desk’s story, opens it on demand, and says who has it open', async () => {
    const erin = await workspace('erin');
    const finn = await workspace('finn');
    const e = erin.handlers();
    const f = finn.handlers();

    await expect(
      e.newsroomConnect({ servers: [newsroom.server.httpUrl], user: 'erin', password: 'wrong-password' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      e.newsroomConnect({ servers: ['http://127.0.0.1:9'], user: 'erin', password: 'erin-password' }),
    ).rejects.toMatchObject({ code: 'io' });

    await e.newsroomConnect({ servers: [newsroom.server.httpUrl], user: 'erin', password: 'erin-password' });
    await f.newsroomConnect({ servers: [newsroom.server.httpUrl], user: 'finn', password: 'finn-password' });
    await eventually(
      () => e.newsroomStatus(undefined),
      (s) => s.state === 'online',
    );
    await eventually(
      () => f.newsroomStatus(undefined),
      (s) => s.state === 'online',
    );

    // The sample library's stories came along with Erin's and Finn's new libraries: each desk pushes its own.
    const story = await e.createStory({ language: 'en', section: 'Weather', headline: 'Storm warning' });
    expect(story.createdBy).toBe('erin');
    const row = await eventually(
      () => f.listNewsroomStories(undefined),
      (rows) => rows.some((r) => r.id === story.id),
    );
    expect(row.find((r) => r.id === story.id)?.headline).toBe('Storm warning');

    // Erin has it open; Finn sees that, and opens it on demand.
    await e.newsroomSetOpen({ ids: [story.id] });
    const presence = await eventually(
      () => f.newsroomStatus(undefined),
      (s) => (s.presence[story.id] ?? []).includes('erin'),
    );
    expect(presence.presence[story.id]).toEqual(['erin']);
    const opened = await f.newsroomOpenStory({ id: story.id });
    expect(opened.headline).toBe('Storm warning');
    expect((await f.getStory({ id: story.id })).headline).toBe('Storm warning');
    expect((await f.listNewsroomStories(undefined)).some((r) => r.id === story.id)).toBe(false);
    // The window's library list reads itself again when the newsroom wrote into the library.
    expect((await f.newsroomStatus(undefined)).libraryWrites).toBeGreaterThanOrEqual(1);

    const synced = await e.newsroomSync(undefined);
    expect(synced.pushed).toBeGreaterThanOrEqual(0);
    const status = await e.newsroomStatus(undefined);
    expect(status).toMatchObject({ state: 'online', changesWaiting: 0, user: 'erin', role: 'reporter' });
    expect(status.serverStoryCount).toBeGreaterThanOrEqual(1);

    // Finn keeps the Weather section from now on: a new Weather story of Erin's lands in his library.
    const keep = await f.newsroomSetKeep({ keepSections: ['Weather', ' Weather '], keepDays: 7 });
    expect(keep).toMatchObject({ keepSections: ['Weather'], keepDays: 7 });
    const second = await e.createStory({ language: 'en', section: 'Weather', headline: 'Frost tonight' });
    await eventually(
      () => Promise.resolve(f.getStory({ id: second.id })).catch(() => null),
      (s) => s?.headline === 'Frost tonight',
    );

    // Erin, a reporter, edits a story of Finn's here: the server keeps it read-only for her, and
    // the status says that change stays on her machine instead of waiting for ever.
    const finns = await f.createStory({ language: 'en', section: 'Weather', headline: 'Finn’s forecast' });
    await e.newsroomSetKeep({ keepSections: ['Weather'], keepDays: 14 });
    const hers = await eventually(
      () => Promise.resolve(e.getStory({ id: finns.id })).catch(() => null),
      (s) => s?.headline === 'Finn’s forecast',
    );
    await e.saveStory({ id: finns.id, baseRevision: hers!.revision, changes: { notes: 'Erin would add a map.' } });
    const refused = await eventually(
      () => e.newsroomStatus(undefined),
      (s) => s.changesRefused === 1,
    );
    expect(refused.changesWaiting).toBeGreaterThanOrEqual(1);

    // Signed out: the sync stops, the token is gone, the library stays.
    const out = await e.newsroomDisconnect(undefined);
    expect(out.state).toBe('signed-out');
    expect(erin.newsroom.running).toBeNull();
    expect((await e.getStory({ id: story.id })).headline).toBe('Storm warning');
  }, 90_000);
});
