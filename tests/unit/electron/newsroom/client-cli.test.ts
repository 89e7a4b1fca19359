import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../../../electron/store/library';
import { runMasthead } from '../../../helpers/cli';
import {
  type NewsroomServerProcess,
  type NewsroomServices,
  addNewsroomUser,
  startNewsroomServer,
  startNewsroomServices,
} from '../../../helpers/newsroom-services';
import { tempDir } from '../../../helpers/temp';

/** `masthead newsroom connect|status|push|pull|disconnect` on a real server and real libraries. */

let services: NewsroomServices;
let server: NewsroomServerProcess;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  services = await startNewsroomServices();
  server = await startNewsroomServer({ db: services.postgres.url });
  await addNewsroomUser(services.postgres.url, 'carol', 'reporter', 'carol-password');
  await addNewsroomUser(services.postgres.url, 'dave', 'editor', 'dave-password');
}, 120_000);

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  await server?.stop();
  await services?.stop();
}, 60_000);

async function folder(prefix: string): Promise<string> {
  const { dir, cleanup } = await tempDir(prefix);
  cleanups.push(cleanup);
  return dir;
}

async function passwordFile(password: string): Promise<string> {
  const file = join(await folder('masthead-pw-'), 'password');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return file;
}

const json = (out: string) => JSON.parse(out) as Record<string, unknown>;

/** `masthead newsroom <command>` on one desk's library and settings, answering in JSON. */
const onDesk = (command: 'status' | 'push' | 'pull', library: string, settings: string) =>
  runMasthead('newsroom', command, '--library', library, '--settings', settings, '--json');

/** `masthead newsroom connect` as `user` with `password` to `servers`, plus any further flags. */
const connect = async (servers: string[], user: string, password: string, settings: string, ...more: string[]) =>
  runMasthead(
    'newsroom',
    'connect',
    ...servers.flatMap((url) => ['--server', url]),
    '--user',
    user,
    '--password-file',
    await passwordFile(password),
    '--settings',
    settings,
    ...more,
  );

describe('masthead newsroom (desktop commands)', () => {
  it('connects, says status, pushes a library to the newsroom and pulls it into another', async () => {
    const carolSettings = await folder('masthead-settings-carol-');
    const carolLibrary = await folder('masthead-lib-carol-');
    const { library } = await Library.open(carolLibrary, { author: () => 'carol' });
    const story = await library.createStory({ language: 'en', section: 'Sport', headline: 'Cup final tonight' });

    // Refused clearly: a wrong password, a server nobody runs. Nothing is kept.
    const wrong = await connect([server.httpUrl], 'carol', 'not-it', carolSettings);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/password|refused|invalid/i);
    const nobody = await connect(['http://127.0.0.1:9'], 'carol', 'carol-password', carolSettings);
    expect(nobody.code).toBe(1);
    expect(nobody.err).toContain('No newsroom server could be reached');
    await expect(stat(join(carolSettings, 'newsroom-token'))).rejects.toThrow();

    const connected = await connect(
      ['http://127.0.0.1:9', server.httpUrl],
      'carol',
      'carol-password',
      carolSettings,
      '--json',
    );
    expect(connected.err).toBe('');
    expect(json(connected.out)).toMatchObject({ connected: true, user: 'carol', role: 'reporter' });
    // The token: beside the settings, for its owner alone, never in the library or the settings file.
    const tokenFile = join(carolSettings, 'newsroom-token');
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
    const token = (await readFile(tokenFile, 'utf8')).trim();
    expect(await readFile(join(carolSettings, 'settings.json'), 'utf8')).not.toContain(token);
    const settingsFile = JSON.parse(await readFile(join(carolSettings, 'settings.json'), 'utf8')) as {
      newsroom: { servers: string[]; user: string };
    };
    expect(settingsFile.newsroom).toMatchObject({ servers: ['http://127.0.0.1:9', server.httpUrl], user: 'carol' });

    const before = await onDesk('status', carolLibrary, carolSettings);
    expect(before.code).toBe(0);
    expect(json(before.out)).toMatchObject({ online: true, changesWaiting: 1, serverStoryCount: 0 });

    const pushed = await onDesk('push', carolLibrary, carolSettings);
    expect(pushed.code).toBe(0);
    expect(json(pushed.out)).toMatchObject({ changesWaiting: 0 });
    const after = await onDesk('status', carolLibrary, carolSettings);
    expect(json(after.out)).toMatchObject({ online: true, changesWaiting: 0, serverStoryCount: 1 });

    // Dave keeps the Sport section: pull brings Carol's story into his library.
    const daveSettings = await folder('masthead-settings-dave-');
    const daveLibrary = await folder('masthead-lib-dave-');
    await Library.open(daveLibrary, { author: () => 'dave' });
    const daveConnect = await connect(
      [server.httpUrl],
      'dave',
      'dave-password',
      daveSettings,
      '--keep-section',
      'Sport',
    );
    expect(daveConnect.code).toBe(0);
    const pulled = await onDesk('pull', daveLibrary, daveSettings);
    expect(pulled.err).toBe('');
    expect(json(pulled.out)).toMatchObject({ stories: 1, serverStoryCount: 1 });
    const { library: daves } = await Library.open(daveLibrary, { author: () => 'dave' });
    expect((await daves.getStory(story.id)).headline).toBe('Cup final tonight');

    // Signed out: the token is gone and the commands say how to connect again.
    expect((await runMasthead('newsroom', 'disconnect', '--settings', carolSettings)).code).toBe(0);
    await expect(stat(tokenFile)).rejects.toThrow();
    const gone = await onDesk('status', carolLibrary, carolSettings);
    expect(gone.code).toBe(1);
    expect(gone.err).toContain('masthead newsroom connect');
  }, 90_000);

  it('says offline, with the changes waiting, when no server answers', async () => {
    const settings = await folder('masthead-settings-off-');
    const library = await folder('masthead-lib-off-');
    const { library: lib } = await Library.open(library, { author: () => 'carol' });
    await lib.createStory({ language: 'en', headline: 'Written offline' });
    const ok = await connect([server.httpUrl], 'carol', 'carol-password', settings);
    expect(ok.code).toBe(0);
    const file = join(settings, 'settings.json');
    const raw = JSON.parse(await readFile(file, 'utf8')) as { newsroom: { servers: string[] } };
    raw.newsroom.servers = ['http://127.0.0.1:9'];
    await writeFile(file, JSON.stringify(raw));
    const status = await onDesk('status', library, settings);
    expect(status.code).toBe(1);
    expect(json(status.out)).toMatchObject({ online: false, changesWaiting: 1, serverStoryCount: null });
  }, 60_000);
});
