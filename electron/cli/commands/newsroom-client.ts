import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connectNewsroom, disconnectNewsroom, newsroomToStart } from '../../newsroom/client/connect';
import { changesWaitingIn } from '../../newsroom/client/local-state';
import type { NewsroomClient, NewsroomStatus } from '../../newsroom/client/newsroom-client';
import { fileSecretStore, tokenFileBeside } from '../../newsroom/client/token-store';
import { ServiceError } from '../../rpc/errors';
import { defaultWebDataDir } from '../../store/paths';
import { type SettingsStore, createConfSettingsStore } from '../../store/settings';
import { type CliIo, type Command, openLibrary, usageError } from './common';

/**
 * This machine and a newsroom from the command line (the desktop half of issue 19):
 * `newsroom connect` signs in and keeps the servers and name in the machine's settings and
 * the session token in a 0600 file beside them (never in the library); `status`, `push`,
 * `pull` run the same sync service as the app on a library; `disconnect` signs out.
 * The settings are the web host's (~/.config/masthead-web) unless --settings DIR or
 * MASTHEAD_SETTINGS_DIR names another folder.
 */

const settingsOptions = {
  settings: { type: 'string' },
  library: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

function machineSettings(dir: string | undefined): {
  settings: SettingsStore;
  secrets: ReturnType<typeof fileSecretStore>;
} {
  const folder = resolve(dir ?? process.env.MASTHEAD_SETTINGS_DIR ?? defaultWebDataDir());
  const settings = createConfSettingsStore(folder);
  return { settings, secrets: fileSecretStore(tokenFileBeside(settings.path)) };
}

const loadClient = () => import('../../newsroom/client/newsroom-client');

const connectUsage = `  newsroom connect --server URL [--server URL2 …] --user NAME --password-file F
                  [--keep-section S …] [--keep-days N] [--settings DIR] [--json]
                  sign this machine in to a newsroom (servers tried in order); the token is kept
                  beside the machine's settings, never in a library. Kept offline: your own
                  stories, the sections named, the stories opened in the last N days (14)`;

export const newsroomConnectCommand: Command = {
  name: 'newsroom connect',
  usage: connectUsage,
  run: async (args, io) => {
    const { values } = parseArgs({
      args,
      options: {
        ...settingsOptions,
        server: { type: 'string', multiple: true },
        user: { type: 'string' },
        'password-file': { type: 'string' },
        'keep-section': { type: 'string', multiple: true },
        'keep-days': { type: 'string' },
      },
      strict: true,
    });
    if (!values.server?.length) throw usageError('--server URL is required (http://host:port)');
    if (!values.user) throw usageError('--user NAME is required');
    if (!values['password-file']) throw usageError('--password-file F is required');
    let password: string;
    try {
      password = (await readFile(values['password-file'], 'utf8')).replace(/\r?\n$/, '');
    } catch {
      throw new ServiceError('not-found', `The password file ${values['password-file']} cannot be read.`);
    }
    const keepDays = values['keep-days'] === undefined ? undefined : Number(values['keep-days']);
    if (keepDays !== undefined && !(Number.isInteger(keepDays) && keepDays >= 0 && keepDays <= 365)) {
      throw usageError(`${values['keep-days']} is not a value --keep-days takes (0 to 365).`);
    }
    const { settings, secrets } = machineSettings(values.settings);
    const done = await connectNewsroom(settings, secrets, {
      servers: values.server,
      user: values.user,
      password,
      keepSections: values['keep-section'],
      keepDays,
    });
    if (values.json) {
      io.out(
        JSON.stringify(
          {
            connected: true,
            user: done.settings.user,
            role: done.role,
            server: done.server,
            expiresAt: done.expiresAt,
          },
          null,
          2,
        ),
      );
    } else {
      io.out(
        `Connected to ${done.server} as ${done.settings.user} (${done.role}); the session lasts until ${done.expiresAt}.`,
      );
    }
    return 0;
  },
};

export const newsroomDisconnectCommand: Command = {
  name: 'newsroom disconnect',
  usage: `  newsroom disconnect [--settings DIR] [--json]
                  sign this machine out of its newsroom (the library stays as it is)`,
  run: async (args, io) => {
    const { values } = parseArgs({ args, options: settingsOptions, strict: true });
    const { settings, secrets } = machineSettings(values.settings);
    await disconnectNewsroom(settings, secrets);
    io.out(values.json ? JSON.stringify({ connected: false }, null, 2) : 'Signed out of the newsroom.');
    return 0;
  },
};

/** How long status, push and pull wait for a server before saying it is offline. */
const CONNECT_WAIT_MS = 5000;

async function withClient(
  args: string[],
  io: CliIo,
  fallback: string,
  work: (client: NewsroomClient, json: boolean) => Promise<number>,
  options: { catalogueOnly: boolean },
): Promise<number> {
  const { values } = parseArgs({ args, options: settingsOptions, strict: true });
  const { settings, secrets } = machineSettings(values.settings);
  const newsroom = await newsroomToStart(settings, secrets);
  if (!newsroom) {
    throw new ServiceError(
      'not-found',
      'This machine is not connected to a newsroom: run masthead newsroom connect --server URL --user NAME --password-file F first.',
    );
  }
  const { library } = await openLibrary(values.library, fallback, { write: !options.catalogueOnly });
  const { NewsroomClient } = await loadClient();
  const client = new NewsroomClient({
    library,
    settings: newsroom.settings,
    token: newsroom.token,
    retryDelayMs: 250,
    catalogueOnly: options.catalogueOnly,
  });
  await client.start();
  try {
    return await work(client, values.json ?? false);
  } finally {
    await client.stop();
  }
}

async function waitOnline(client: NewsroomClient, ms: number): Promise<NewsroomStatus> {
  const deadline = Date.now() + ms;
  for (;;) {
    const status = client.status();
    if (status.state === 'online' || status.state === 'signed-out' || Date.now() > deadline) return status;
    await new Promise((r) => setTimeout(r, 25));
  }
}

function statusLines(status: NewsroomStatus, changesWaiting: number): string {
  const state =
    status.state === 'online'
      ? `online (${status.server})`
      : status.state === 'signed-out'
        ? `signed out: ${status.error}`
        : 'offline (no newsroom server answers)';
  return [
    `Newsroom: ${state}`,
    `User: ${status.user}${status.role ? ` (${status.role})` : ''}`,
    `Changes waiting: ${changesWaiting}`,
    `Stories on the server: ${status.serverStoryCount ?? 'unknown'}`,
  ].join('\n');
}

export const newsroomStatusCommand: Command = {
  name: 'newsroom status',
  usage: `  newsroom status [--library DIR] [--settings DIR] [--json]
                  online or offline, changes waiting to go out, the server's story count`,
  run: (args, io, fallback) =>
    withClient(
      args,
      io,
      fallback,
      async (client, json) => {
        const status = await waitOnline(client, CONNECT_WAIT_MS);
        // Nothing is synced by status: the changes waiting are the library's own record.
        const changesWaiting = await changesWaitingIn(client.libraryRoot, client.libraryStoryIds());
        const online = status.state === 'online';
        if (json) {
          io.out(
            JSON.stringify(
              {
                online,
                state: status.state,
                server: online ? status.server : null,
                user: status.user,
                changesWaiting,
                serverStoryCount: online ? status.serverStoryCount : null,
                error: status.error,
              },
              null,
              2,
            ),
          );
        } else {
          io.out(statusLines(status, changesWaiting));
        }
        return online ? 0 : 1;
      },
      { catalogueOnly: true },
    ),
};

export const newsroomPushCommand: Command = {
  name: 'newsroom push',
  usage: `  newsroom push [--library DIR] [--settings DIR] [--json]
                  send this library's changes to the newsroom and wait until it confirms them`,
  run: (args, io, fallback) =>
    withClient(
      args,
      io,
      fallback,
      async (client, json) => {
        const { pushed } = await client.push();
        const status = client.status();
        io.out(
          json
            ? JSON.stringify(
                { pushed, changesWaiting: status.changesWaiting, serverStoryCount: status.serverStoryCount },
                null,
                2,
              )
            : `Sent: the newsroom confirmed the changes of ${pushed} ${pushed === 1 ? 'story' : 'stories'}; nothing waits.`,
        );
        return 0;
      },
      { catalogueOnly: false },
    ),
};

export const newsroomPullCommand: Command = {
  name: 'newsroom pull',
  usage: `  newsroom pull [--library DIR] [--settings DIR] [--json]
                  bring the newsroom's changes into this library now (and the stories it keeps offline)`,
  run: (args, io, fallback) =>
    withClient(
      args,
      io,
      fallback,
      async (client, json) => {
        const { stories } = await client.pull();
        await client.push().catch(() => undefined);
        const status = client.status();
        io.out(
          json
            ? JSON.stringify(
                { stories, changesWaiting: status.changesWaiting, serverStoryCount: status.serverStoryCount },
                null,
                2,
              )
            : `Up to date: ${stories} ${stories === 1 ? 'story' : 'stories'} synced with the newsroom (${status.serverStoryCount ?? 'unknown'} on the server).`,
        );
        return 0;
      },
      { catalogueOnly: false },
    ),
};

export const newsroomClientCommands: Command[] = [
  newsroomConnectCommand,
  newsroomStatusCommand,
  newsroomPushCommand,
  newsroomPullCommand,
  newsroomDisconnectCommand,
];
