import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository (or unpacked app) root, found from this file's place in the source tree. */
export const projectRoot = (fromDir: string, levelsUp: number): string =>
  resolve(fromDir, ...Array(levelsUp).fill('..'));

export const sampleLibraryDir = (root: string): string => join(root, 'resources', 'sample-library');

export function packageVersion(root: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Settings and library of the web host and CLI when no folder is given: beside the desktop app's, not in it. */
export const defaultWebDataDir = (): string => join(homedir(), '.config', 'masthead-web');

/** The system language as Node sees it, for the 'system' UI language. */
export const systemLanguage = (): string =>
  process.env.LC_ALL ||
  process.env.LC_MESSAGES ||
  process.env.LANG ||
  Intl.DateTimeFormat().resolvedOptions().locale ||
  'en';

/** Electron's userData folder for Masthead, so the CLI finds the desktop app's library. */
export function desktopUserDataDir(platform: NodeJS.Platform = process.platform): string {
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Masthead');
  if (platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Masthead');
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Masthead');
}
