/**
 * `npm start` / `npm run dev`: makes sure the Electron binary is on this machine, then hands
 * over to electron-vite (`preview` or `dev`, with the remaining arguments).
 *
 * Electron 42+ installs without its binary and fetches it on the first `require('electron')`;
 * electron-vite only reads `node_modules/electron/path.txt` and stops with "Electron uninstall"
 * when it is missing. So the fetch is started here, with Electron's own installer (and its
 * progress bar), and where it cannot happen the user reads one paragraph saying what to do.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
const electronVersion: string = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
const electronViteBin = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');

/** The executable's path inside an unpacked Electron, as Electron's installer names it. */
const executableInDist = (): string => {
  const platform = process.env.ELECTRON_INSTALL_PLATFORM ?? process.env.npm_config_platform ?? process.platform;
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
};

/** The Electron executable to run, or null when it is not on this machine (yet). */
function findElectron(): string | null {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const path = join(resolve(override), executableInDist());
    return existsSync(path) ? path : null;
  }
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const path = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(path) ? path : null;
}

interface FetchFailure {
  url?: string;
  reason?: string;
  message?: string;
}

/** Runs Electron's own installer; resolves to what went wrong, or null when it fetched the binary. */
function fetchElectron(): Promise<FetchFailure | null> {
  const failure: FetchFailure = {};
  const installer = spawn(
    process.execPath,
    ['--require', join(import.meta.dirname, 'electron-fetch-shim.cjs'), join(electronDir, 'install.js')],
    { stdio: ['ignore', 'inherit', 'inherit', 'pipe'], env: process.env },
  );
  createInterface({ input: installer.stdio[3] as NodeJS.ReadableStream }).on('line', (line) => {
    try {
      const record = JSON.parse(line) as { kind: string; url?: string; reason?: string; message?: string };
      if (record.kind === 'fetch') Object.assign(failure, { url: record.url, reason: record.reason });
      else failure.message ??= record.message;
    } catch {
      failure.message ??= line;
    }
  });
  return new Promise((done) => {
    installer.on('error', (error) => done({ message: error.message }));
    installer.on('close', (code) => done(code === 0 ? null : failure));
  });
}

const platformName = `${process.env.ELECTRON_INSTALL_PLATFORM ?? process.platform}-${process.env.ELECTRON_INSTALL_ARCH ?? process.arch}`;

/** The one paragraph a user reads when the binary cannot be had. */
function offlineParagraph(failure: FetchFailure | null): string {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const details = [failure?.reason, failure?.url && `while fetching ${failure.url}`].filter(Boolean).join(', ');
  const what = override
    ? `ELECTRON_OVERRIDE_DIST_PATH points at ${resolve(override)}, which holds no ${executableInDist()}`
    : `fetching it failed (${details || failure?.message || 'no reason given'})`;
  return [
    `Masthead cannot start the desktop app: the Electron ${electronVersion} binary it runs in is not on this machine, and ${what}.`,
    'Nothing else is wrong: the installation and your library are fine; only this one download is missing.',
    `To get it, unpack electron-v${electronVersion}-${platformName}.zip (from Electron's GitHub releases, or your organisation's copy) into a folder and run with ELECTRON_OVERRIDE_DIST_PATH=/that/folder,`,
    'or set ELECTRON_MIRROR to a mirror that serves Electron releases (for example ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/) and run npm start again.',
    'Meanwhile the same workstation runs in your browser: npm run web.',
  ].join(' ');
}

async function main(): Promise<number> {
  const [mode = 'preview', ...rest] = process.argv.slice(2);
  let electron = findElectron();
  if (!electron && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    console.log(
      `Masthead: fetching Electron ${electronVersion} for ${platformName} (first start only, about 100 MB; kept in node_modules/electron/dist).`,
    );
    const failure = await fetchElectron();
    electron = findElectron();
    if (!electron) {
      console.error(offlineParagraph(failure ?? { message: 'the installer finished without the binary' }));
      return 1;
    }
  } else if (!electron) {
    console.error(offlineParagraph(null));
    return 1;
  }
  // electron-vite takes the executable from ELECTRON_EXEC_PATH before it looks for path.txt.
  const child = spawn(process.execPath, [electronViteBin, mode, ...rest], {
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_EXEC_PATH: electron },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => child.kill(signal));
  }
  return new Promise((done) => child.on('close', (code, signal) => done(code ?? (signal ? 1 : 0))));
}

process.exitCode = await main();
