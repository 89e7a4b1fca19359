import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultWebDataDir, packageVersion, projectRoot, sampleLibraryDir, systemLanguage } from '../store/paths';
import { nodeSearchSpawner } from '../search/spawn';
import { createConfSettingsStore } from '../store/settings';
import { Workspace } from '../rpc/workspace';
import { PHOTO_PREFIX, startWebHost } from './server';

const usage = `npm run web -- [--port N] [--library DIR] [--settings DIR]

Builds the renderer and serves Masthead on http://127.0.0.1 for development and tests.
  --port N          port to listen on (default: a free one)
  --library DIR     the library folder (default: the one in settings, else ${join(defaultWebDataDir(), 'library')})
  --settings DIR    where the web host keeps its settings (default: ${defaultWebDataDir()})`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      library: { type: 'string' },
      settings: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, not ${values.port}`);
  const root = projectRoot(import.meta.dirname, 2);
  const dataDir = resolve(values.settings ?? defaultWebDataDir());
  const settings = createConfSettingsStore(dataDir);
  const workspace = await Workspace.start({
    settings,
    host: 'web',
    version: packageVersion(root),
    systemLanguage: systemLanguage(),
    defaultLibraryPath: join(dataDir, 'library'),
    libraryOverride: values.library === undefined ? undefined : resolve(values.library),
    seedFrom: sampleLibraryDir(root),
    assetBaseUrl: PHOTO_PREFIX,
    // The search index in its own process, so this one stays small and quick to answer.
    searchSpawner: nodeSearchSpawner(),
  });
  const token = randomBytes(24).toString('base64url');
  let host: Awaited<ReturnType<typeof startWebHost>>;
  try {
    host = await startWebHost({
      handlers: workspace.handlers(),
      readAsset: (assetId) => workspace.current.assets.read(assetId),
      staticDir: join(root, 'out', 'renderer'),
      token,
      port,
    });
  } catch (error) {
    // The library was opened and locked before the port was tried: hand it back (and end the
    // search process), or the next start finds our lock and takes this for a crash.
    await workspace.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `port ${port} on 127.0.0.1 is in use by another program: choose another with --port, or leave it out for a free one.`,
        { cause: error },
      );
    }
    throw error;
  }
  console.log(`Masthead web host: ${host.url}?token=${token}`);
  console.log(`Library: ${workspace.current.root}`);
  const { readOnly } = await workspace.handlers().getAppInfo(undefined);
  if (readOnly) {
    console.log(
      'message' in readOnly
        ? `Read-only: ${readOnly.message}`
        : `Read-only: open on ${readOnly.host} by ${readOnly.by} since ${readOnly.since}`,
    );
  }
  console.log(`Settings: ${settings.path}`);
  const stop = (): void => {
    workspace.releaseLockSync();
    void host.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`masthead web: ${(error as Error).message ?? String(error)}`);
  process.exit(1);
});
