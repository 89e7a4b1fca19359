import { join } from 'node:path';
import { nodeSearchSpawner } from '../../electron/search/spawn';
import { createConfSettingsStore } from '../../electron/store/settings';
import { Workspace } from '../../electron/rpc/workspace';
import { type WebHost, startWebHost } from '../../electron/web/server';

export const BENCH_TOKEN = 'bench-token';

export interface BenchHost {
  workspace: Workspace;
  host: WebHost;
  /** Stops the host, then the workspace (its lock, backup and search timers). */
  close(): Promise<void>;
}

/**
 * A real workspace over `libraryDir` served by the real web host, as the benches that go
 * through HTTP or Chromium need, with the search index in its own process as `npm run web`
 * has it. Automatic backups are pushed out of the measured window.
 */
export async function startBenchHost(root: string, libraryDir: string, staticDir: string): Promise<BenchHost> {
  const workspace = await Workspace.start({
    settings: createConfSettingsStore(join(root, 'bench-settings')),
    host: 'web',
    version: 'bench',
    systemLanguage: 'zh-CN',
    defaultLibraryPath: libraryDir,
    libraryOverride: libraryDir,
    assetBaseUrl: '/photos/',
    backupDelayMs: 3_600_000,
    // As the web host runs it: the search index in its own process.
    searchSpawner: nodeSearchSpawner(),
  });
  const host = await startWebHost({ handlers: workspace.handlers(), staticDir, token: BENCH_TOKEN });
  return {
    workspace,
    host,
    close: async () => {
      await host.close();
      await workspace.close();
    },
  };
}
