import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, app, dialog, ipcMain, protocol, session, shell, utilityProcess } from 'electron';
import type { WindowBounds } from '../../shared/model';
import { packageVersion, projectRoot } from '../store/paths';
import type { SearchSpawner } from '../search/search';
import { SEARCH_PROCESS_ENV, SEARCH_PROCESS_V8_FLAGS } from '../search/spawn';
import type { SettingsStore } from '../store/settings';
import { Workspace } from '../rpc/workspace';
import { appUrlMatcher, registerIpcHandlers } from './ipc';
import { createHardenedWindow, denyPermissions, hardenApp } from './security';
import { createElectronSettingsStore } from './settings-store';
import { safeStorageSecretStore } from './newsroom-secrets';
import { exporters } from '../export/registry';
import { ARTWORK_CSP } from '../../shared/svg-artwork';

const here = import.meta.dirname; // out/main
const rendererIndex = join(here, '../renderer/index.html');
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const isAppUrl = appUrlMatcher(pathToFileURL(rendererIndex).toString(), devServerUrl);

const sampleLibrary = app.isPackaged
  ? join(process.resourcesPath, 'sample-library')
  : join(projectRoot(here, 2), 'resources', 'sample-library');

/**
 * The search index runs in a utility process (out/main/search-worker.js), so this process
 * stays small and a long story's re-indexing never holds up the window's calls.
 */
const searchSpawner: SearchSpawner = () => {
  const child = utilityProcess.fork(join(here, 'search-worker.js'), [], {
    serviceName: 'Masthead search',
    stdio: 'inherit',
    execArgv: SEARCH_PROCESS_V8_FLAGS,
    env: { ...SEARCH_PROCESS_ENV, ...process.env },
  });
  let exited = false;
  const exits: ((code: number | null) => void)[] = [];
  child.once('exit', (code) => {
    exited = true;
    for (const listener of exits) listener(code);
  });
  return {
    get pid() {
      return child.pid;
    },
    send: (message) => {
      if (!exited) child.postMessage(message);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => {
      exits.push(listener);
    },
    kill: () => {
      if (!exited) child.kill();
    },
  };
};

function createWindow(settings: SettingsStore): BrowserWindow {
  const saved = settings.get().windowBounds;
  const window = createHardenedWindow(
    BrowserWindow,
    {
      width: saved?.width ?? 1280,
      height: saved?.height ?? 860,
      ...(saved ? { x: saved.x, y: saved.y } : {}),
      minWidth: 800,
      minHeight: 560,
      show: false,
      title: 'Masthead 报头',
    },
    join(here, '../preload/index.cjs'),
  );
  if (saved?.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    const b = window.getNormalBounds();
    const bounds: WindowBounds = { x: b.x, y: b.y, width: b.width, height: b.height, maximized: window.isMaximized() };
    settings.update({ windowBounds: bounds });
  });
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(rendererIndex);
  return window;
}

async function start(): Promise<void> {
  await app.whenReady();
  denyPermissions(session.defaultSession);
  const settings = createElectronSettingsStore();
  const workspace = await Workspace.start({
    settings,
    host: 'electron',
    version: app.isPackaged ? app.getVersion() : packageVersion(projectRoot(here, 2)),
    systemLanguage: app.getPreferredSystemLanguages()[0] ?? app.getLocale(),
    defaultLibraryPath: process.env.MASTHEAD_LIBRARY ?? join(app.getPath('userData'), 'library'),
    libraryOverride: process.env.MASTHEAD_LIBRARY,
    seedFrom: sampleLibrary,
    assetBaseUrl: `${ASSET_SCHEME}://asset/`,
    searchSpawner,
    // The newsroom's session token, encrypted by the system's keychain where there is one.
    newsroomSecrets: safeStorageSecretStore(settings.path),
    // Every format as everywhere: the PDF too is the print PDF written from the page composer's
    // glyph runs (pdfkit runs in this main process), the pages the screen and preflight show.
    exporters,
    // A finished export's folder, in the system's file manager (openPath answers an error text, or '').
    openFolder: async (path) => {
      const problem = await shell.openPath(path);
      if (problem) throw new Error(problem);
    },
    chooseFolder: async () => {
      const focused = BrowserWindow.getFocusedWindow();
      const options = { properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
      const result = focused ? await dialog.showOpenDialog(focused, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  });
  registerIpcHandlers(ipcMain, workspace.handlers(), isAppUrl);
  // The library's lock file goes with the app; a crash leaves it, and the next start sees it is stale.
  app.on('will-quit', () => workspace.releaseLockSync());
  // Photos of the open library, by asset id; nothing else is reachable through the scheme.
  protocol.handle(ASSET_SCHEME, async (request) => {
    try {
      const { bytes, mime } = await workspace.current.assets.read(new URL(request.url).pathname.replace(/^\//, ''));
      // Artwork may be SVG: it was checked for script on the way in, and runs none here either.
      const headers: Record<string, string> = { 'content-type': mime };
      if (mime === 'image/svg+xml') headers['content-security-policy'] = ARTWORK_CSP;
      return new Response(new Uint8Array(bytes), { headers });
    } catch {
      return new Response(null, { status: 404 });
    }
  });
  createWindow(settings);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(settings);
  });
}

const ASSET_SCHEME = 'masthead-asset';
protocol.registerSchemesAsPrivileged([{ scheme: ASSET_SCHEME, privileges: { standard: true, secure: true } }]);

// Tests and portable setups can keep settings elsewhere; must happen before 'ready'.
if (process.env.MASTHEAD_USER_DATA) app.setPath('userData', process.env.MASTHEAD_USER_DATA);

// One running instance: a second launch focuses the first instead of opening the library twice.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  hardenApp(app, isAppUrl, { shell, dialog, locale: () => app.getLocale() });
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  start().catch((error: unknown) => {
    dialog.showErrorBox('Masthead', `Masthead could not start: ${(error as Error).message ?? String(error)}`);
    app.exit(1);
  });
}
