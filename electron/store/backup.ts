import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import JSZip from 'jszip';
import { SCHEMA_VERSION, Story, migrate, storyMigrations } from '../../shared/model';
import { ServiceError, describeIoError } from '../rpc/errors';
import {
  BACKED_UP_DIRS,
  BACKUP_DIR,
  BACKUP_MANIFEST,
  type BackupInfo,
  type BackupKind,
  BackupManifest,
  LIBRARY_MANIFEST,
} from './backup-format';
import { checkBackup } from './backup-restore';
import { bodyProblem } from './body-check';
import { type RecoveryReport, describeRecovery } from './recovery';

/**
 * Backups of a library are zip files in `<library>/backups/`, each with a small JSON sidecar
 * holding its manifest so the list needs no zip opened:
 *
 *   masthead-backup-20260723-141500.zip          made by the user ("Back up now", the CLI)
 *   masthead-backup-20260723-141500-auto.zip     made on the schedule
 *   masthead-backup-20260723-141500-safety.zip   made just before a restore replaced the library
 *
 * Rotation deletes the oldest automatic and safety backups beyond the number to keep; the
 * user's own backups are the user's to delete.
 */
export {
  BACKED_UP_DIRS,
  BACKUP_DIR,
  BACKUP_MANIFEST,
  type BackupInfo,
  BackupKind,
  BackupManifest,
  LIBRARY_MANIFEST,
} from './backup-format';
export { checkBackup, restoreBackup, safeEntryName, BACKUP_LIMITS } from './backup-restore';

const NAME = /^masthead-backup-(\d{8}-\d{6})(?:-(\d+))?(?:-(auto|safety))?\.zip$/;

const two = (n: number): string => String(n).padStart(2, '0');
/** Local time, as a person browsing the folder reads it. */
const stampOf = (d: Date): string =>
  `${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}-${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`;

const sidecarOf = (zipPath: string): string => zipPath.replace(/\.zip$/, '.json');

export interface CreateBackupOptions {
  kind?: BackupKind;
  appVersion: string;
  now?: () => Date;
  /**
   * Reads every file and repairs what is damaged before packing (Library.checkAllFiles), so
   * damage that open did not see is set aside instead of packed. What it repaired is returned
   * with the backup for the user to read.
   */
  check?: () => Promise<RecoveryReport>;
}

/** Every file under `dir`, as paths relative to `root` with forward slashes. */
async function filesUnder(root: string, dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (path: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) await walk(full);
      // Half-written temporary files of a save in progress are not part of the library.
      else if (entry.isFile() && !entry.name.endsWith('.tmp') && !entry.name.startsWith('.'))
        out.push(relative(root, full).split(sep).join('/'));
    }
  };
  await walk(join(root, dir));
  return out;
}

async function freeName(dir: string, stamp: string, kind: BackupKind): Promise<string> {
  const suffix = kind === 'manual' ? '' : `-${kind}`;
  const taken = new Set(await readdir(dir));
  for (let n = 1; ; n++) {
    const name = `masthead-backup-${stamp}${n === 1 ? '' : `-${n}`}${suffix}.zip`;
    if (!taken.has(name) && !taken.has(`${name}.tmp`) && !taken.has(name.replace(/\.zip$/, '.json'))) return name;
  }
}

/**
 * Zips the library in `root` into a new backup. Files are streamed one at a time (photos
 * are not held in memory together); the zip is written under a temporary name and renamed,
 * so a backup that exists is complete.
 */
export async function createBackup(root: string, options: CreateBackupOptions): Promise<BackupInfo> {
  const repaired = options.check ? describeRecovery(await options.check()) : null;
  // A save or a move to the trash may rename a file between listing and reading it: try again.
  for (let attempt = 1; ; attempt++) {
    try {
      const info = await createBackupOnce(root, options);
      return repaired ? { ...info, repaired } : info;
    } catch (error) {
      if (attempt >= 3 || !(error instanceof ServiceError) || !vanished.has(error)) throw error;
    }
  }
}

/** Backups that failed because a file disappeared while they were made. */
const vanished = new WeakSet<ServiceError>();

/** The folders whose files are read before zipping (small, and they must agree with each other). */
const READ_AHEAD = new Set<string>(['index', 'stories', 'trash', 'editions']);

/** Why a story, trash, edition or index file could not be restored from a backup, or null. */
function packedFileProblem(file: string, content: Buffer): string | null {
  if (!file.endsWith('.json')) return null;
  let data: unknown;
  try {
    data = JSON.parse(content.toString('utf8'));
  } catch {
    return `${file} is damaged (it is not readable JSON)`;
  }
  if (/^(stories|trash)\//.test(file)) {
    let story: Story;
    try {
      story = Story.parse(migrate(data, storyMigrations).data);
    } catch {
      return `${file} is damaged (it does not hold a valid story)`;
    }
    const problem = bodyProblem(story.body);
    if (problem) return `the body of story “${story.headline || story.id}” (${file}) cannot be edited: ${problem}`;
  }
  return null;
}

async function createBackupOnce(root: string, options: CreateBackupOptions): Promise<BackupInfo> {
  const now = options.now ?? (() => new Date());
  const kind = options.kind ?? 'manual';
  const dir = join(root, BACKUP_DIR);
  try {
    await mkdir(dir, { recursive: true });
    const created = now();
    const name = await freeName(dir, stampOf(created), kind);
    const zip = new JSZip();
    zip.file(LIBRARY_MANIFEST, await readFile(join(root, LIBRARY_MANIFEST)));
    let stories = 0;
    for (const folder of BACKED_UP_DIRS) {
      zip.folder(folder);
      for (const file of await filesUnder(root, folder)) {
        const photo = folder === 'assets';
        let content: Buffer | NodeJS.ReadableStream;
        if (READ_AHEAD.has(folder)) {
          try {
            content = await readFile(join(root, file));
          } catch (error) {
            // Moved to the trash (or back) since the listing: it is caught in its new folder or the next backup.
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
            throw error;
          }
          // Every file packed is checked as restore will check it: a backup that exists restores.
          const problem = packedFileProblem(file, content);
          if (problem) {
            throw new ServiceError(
              'io',
              `Could not back up the library at ${root}: ${problem}. Nothing was backed up; open the library in Masthead to repair it.`,
            );
          }
        } else {
          // Photos and history are streamed one at a time: they can be large, and they are never rewritten.
          content = createReadStream(join(root, file));
        }
        if (folder === 'stories' && file.endsWith('.json')) stories++;
        zip.file(file, content, {
          // Photos are compressed already; deflating them again costs time for nothing.
          compression: photo ? 'STORE' : 'DEFLATE',
        });
      }
    }
    const manifest: BackupManifest = {
      format: 1,
      created: created.toISOString(),
      kind,
      stories,
      appVersion: options.appVersion,
      schemaVersion: SCHEMA_VERSION,
    };
    zip.file(BACKUP_MANIFEST, JSON.stringify(manifest, null, 2));
    const path = join(dir, name);
    const temp = `${path}.tmp`;
    try {
      await pipeline(
        zip.generateNodeStream({ type: 'nodebuffer', streamFiles: true, compression: 'DEFLATE' }),
        createWriteStream(temp),
      );
      // The sidecar first: a zip without one still lists (from its own manifest), never the reverse.
      await writeFile(`${sidecarOf(path)}.tmp`, JSON.stringify(manifest, null, 2));
      await rename(`${sidecarOf(path)}.tmp`, sidecarOf(path));
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      await rm(`${sidecarOf(path)}.tmp`, { force: true });
      await rm(sidecarOf(path), { force: true });
      throw error;
    }
    // The zip is read back as restore reads it: never report a backup that restore would refuse.
    try {
      await checkBackup(path, name);
    } catch (error) {
      await rm(path, { force: true });
      await rm(sidecarOf(path), { force: true });
      throw new ServiceError(
        'io',
        `Could not back up the library at ${root}: the backup did not pass the check restore makes (${(error as Error).message}). Nothing was backed up.`,
      );
    }
    const { size } = await stat(path);
    return { name, created: manifest.created, bytes: size, stories, automatic: kind !== 'manual' };
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    const failure = describeIoError(error, `back up the library at ${root}`);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') vanished.add(failure);
    throw failure;
  }
}

/** A backup's manifest: from its sidecar, else from the zip itself (a backup copied in by hand). */
async function manifestOf(path: string): Promise<BackupManifest | null> {
  try {
    return BackupManifest.parse(JSON.parse(await readFile(sidecarOf(path), 'utf8')));
  } catch {
    try {
      const zip = await JSZip.loadAsync(await readFile(path));
      const text = await zip.file(BACKUP_MANIFEST)?.async('string');
      return text ? BackupManifest.parse(JSON.parse(text)) : null;
    } catch {
      return null;
    }
  }
}

/** The library's backups, newest first. Files that are not readable backups are left out. */
export async function listBackups(root: string): Promise<BackupInfo[]> {
  const dir = join(root, BACKUP_DIR);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw describeIoError(error, `list the backups in ${dir}`);
  }
  const found: BackupInfo[] = [];
  for (const name of names) {
    const match = NAME.exec(name);
    if (!match) continue;
    const path = join(dir, name);
    const manifest = await manifestOf(path);
    if (!manifest) continue;
    const { size } = await stat(path);
    found.push({
      name,
      created: manifest.created,
      bytes: size,
      stories: manifest.stories,
      automatic: match[3] !== undefined,
    });
  }
  // Two backups in one second are told apart by their sequence number (…-2.zip is the later).
  const seq = (name: string): number => Number(NAME.exec(name)?.[2] ?? 1);
  return found.sort((a, b) => Date.parse(b.created) - Date.parse(a.created) || seq(b.name) - seq(a.name));
}

/** Deletes automatic and safety backups beyond the newest `keep`; returns the names deleted. */
export async function rotateBackups(root: string, keep: number): Promise<string[]> {
  const automatic = (await listBackups(root)).filter((b) => b.automatic);
  const doomed = automatic.slice(Math.max(0, keep));
  for (const backup of doomed) {
    const path = join(root, BACKUP_DIR, backup.name);
    await rm(path, { force: true });
    await rm(sidecarOf(path), { force: true });
  }
  return doomed.map((b) => b.name);
}

/** When the newest backup of any kind was made, or null. */
export async function lastBackupAt(root: string): Promise<Date | null> {
  const [newest] = await listBackups(root);
  return newest ? new Date(newest.created) : null;
}

/** A backup's name as given by the user or the renderer: a plain file name in backups/, nothing else. */
export function backupPath(root: string, name: string): string {
  if (!NAME.test(name)) throw new ServiceError('invalid-input', `${name} is not the name of a Masthead backup.`);
  return join(root, BACKUP_DIR, name);
}
