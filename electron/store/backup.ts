import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import JSZip from 'jszip';
import { z } from 'zod';
import { SCHEMA_VERSION, Story, migrate, storyMigrations } from '../../shared/model';
import { ServiceError, describeIoError } from '../rpc/errors';
import { bodyProblem } from './body-check';
import { type RecoveryReport, describeRecovery } from './recovery';
import { type SwapStep, incomingDir, outgoingDir, swapIn } from './restore-swap';

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
export const BACKUP_DIR = 'backups';

/** What a backup holds: the library's data. Not backups/ (recursion), not the lock, not quarantine/. */
export const BACKED_UP_DIRS = ['index', 'stories', 'history', 'editions', 'assets', 'trash'] as const;
export const LIBRARY_MANIFEST = 'library.json';
export const BACKUP_MANIFEST = 'masthead-backup.json';

export const BackupKind = z.enum(['manual', 'auto', 'safety']);
export type BackupKind = z.infer<typeof BackupKind>;

export const BackupManifest = z.object({
  format: z.literal(1),
  created: z.string(),
  kind: BackupKind,
  stories: z.number().int().nonnegative(),
  appVersion: z.string(),
  schemaVersion: z.number().int(),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

export interface BackupInfo {
  name: string;
  created: string;
  bytes: number;
  stories: number;
  automatic: boolean;
  /** What the check before packing repaired, in words; absent when nothing was wrong. */
  repaired?: string;
}

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

const ALLOWED_TOP = new Set<string>([LIBRARY_MANIFEST, BACKUP_MANIFEST, ...BACKED_UP_DIRS]);

/**
 * Whether a zip entry's name is a safe relative path inside the folders a backup may hold.
 * Refuses absolute paths (`/x`, `C:\x`, `\\server\x`), any `..` or `.` segment, backslashes
 * (a Windows path in disguise) and anything outside the library's data folders.
 */
export function safeEntryName(name: string): boolean {
  if (name.length === 0 || name.length > 1024) return false;
  if (name.includes('\\') || name.includes('\0') || name.startsWith('/') || /^[A-Za-z]:/.test(name)) return false;
  const parts = name.replace(/\/$/, '').split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return false;
  const [top] = parts;
  if (!top || !ALLOWED_TOP.has(top)) return false;
  // The two manifests are files at the top; everything else lives inside a data folder.
  if ((top === LIBRARY_MANIFEST || top === BACKUP_MANIFEST) && parts.length > 1) return false;
  return true;
}

/**
 * What a backup may unpack to. A library's backup is mostly photos (stored, ratio 1) and JSON
 * (deflated 3 to 20 times), so a zip that grows past these is a zip bomb, not a backup:
 * refused before anything is written. The entry limit bounds a library of about 10,000
 * stories with several revisions each; a backup is never made beyond it (createBackup).
 */
export const BACKUP_LIMITS = {
  entries: 80_000,
  /** Per entry larger than 1 MiB, unpacked bytes per packed byte. */
  ratio: 200,
  /** All entries together: this many times the zip's size, and at least 256 MiB. */
  totalRatio: 50,
  totalFloor: 256 * 1024 * 1024,
  /** A single JSON file (a story, an index shard, an edition), read whole to check it. */
  jsonBytes: 64 * 1024 * 1024,
  /** Longest file name (one path segment) most file systems take, in UTF-8 bytes. */
  segmentBytes: 255,
} as const;

export interface CheckedBackup {
  manifest: BackupManifest;
  stories: number;
  entries: number;
  /** Bytes the backup unpacks to. */
  unpackedBytes: number;
  /** Streams every file into `dir` (entry by entry, never one whole in memory), under the same limits. */
  unpackInto: (dir: string) => Promise<void>;
}

/** Hands each chunk of a stream to `each`, one at a time (the stream waits), until the end or a throw. */
function forEachChunk(stream: NodeJS.ReadableStream, each: (chunk: Buffer) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown): void => {
      failed = true;
      reject(error);
    };
    stream.on('data', (chunk: Buffer) => {
      stream.pause();
      each(chunk).then(() => {
        if (!failed) stream.resume();
      }, fail);
    });
    stream.on('end', () => {
      if (!failed) resolve();
    });
    stream.on('error', fail);
  });
}

const refuse = (file: string, why: string): ServiceError =>
  new ServiceError('invalid-input', `${file} cannot be restored: ${why}. The library was not changed.`);

/**
 * Reads and checks a backup completely before anything is replaced: it must be a zip, carry
 * a manifest, hold only safe paths inside the library's data folders, a readable library.json,
 * and stories that pass the story schema.
 */
export async function checkBackup(zipPath: string, label = zipPath): Promise<CheckedBackup> {
  let bytes: Buffer;
  try {
    bytes = await readFile(zipPath);
  } catch (error) {
    throw describeIoError(error, `read the backup ${label}`);
  }
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { createFolders: false });
  } catch (error) {
    throw refuse(label, `it is not a readable zip file (${(error as Error).message})`);
  }
  const entries = Object.values(zip.files);
  if (entries.length > BACKUP_LIMITS.entries) {
    throw refuse(
      label,
      `it holds ${entries.length.toLocaleString('en')} files, more than the ${BACKUP_LIMITS.entries.toLocaleString('en')} a library's backup may hold`,
    );
  }
  for (const entry of entries) {
    const original = entry.unsafeOriginalName ?? entry.name;
    const longest = Math.max(...original.split('/').map((part) => Buffer.byteLength(part)));
    if (longest > BACKUP_LIMITS.segmentBytes || original.length > 1024) {
      throw refuse(label, `it holds a file name too long for any library (“${original.slice(0, 60)}…”)`);
    }
    if (!safeEntryName(original) || !safeEntryName(entry.name)) {
      throw refuse(label, `it holds the path "${original.slice(0, 200)}", which is outside the library's folders`);
    }
  }
  const manifestText = await zip.file(BACKUP_MANIFEST)?.async('string');
  if (manifestText === undefined) throw refuse(label, 'it is not a Masthead backup (it has no masthead-backup.json)');
  let manifest: BackupManifest;
  try {
    manifest = BackupManifest.parse(JSON.parse(manifestText));
  } catch {
    throw refuse(label, 'its masthead-backup.json is damaged');
  }
  if (manifest.schemaVersion > SCHEMA_VERSION) {
    throw refuse(label, 'it was made by a newer version of Masthead');
  }
  const libraryText = await zip.file(LIBRARY_MANIFEST)?.async('string');
  try {
    const library = z.object({ schemaVersion: z.number().int(), id: z.string() }).parse(JSON.parse(libraryText ?? ''));
    if (library.schemaVersion > SCHEMA_VERSION) throw new Error('newer');
  } catch {
    throw refuse(label, 'its library.json is missing or damaged');
  }
  const totalLimit = Math.max(BACKUP_LIMITS.totalFloor, BACKUP_LIMITS.totalRatio * bytes.length);
  let unpackedBytes = 0;
  /**
   * One entry's bytes, streamed: counted as they come and cut off the moment they pass the
   * entry's ratio or the backup's total, whatever the zip's headers claim. `keep` collects
   * them (JSON to check); otherwise `sink` takes each chunk (a file being written).
   */
  const readEntry = async (entry: JSZip.JSZipObject, keep: boolean, sink?: (chunk: Buffer) => Promise<void>) => {
    const packed = (entry as unknown as { _data?: { compressedSize?: number } })._data?.compressedSize ?? 0;
    const entryLimit = Math.max(1024 * 1024, packed * BACKUP_LIMITS.ratio);
    const chunks: Buffer[] = [];
    let size = 0;
    await forEachChunk(entry.nodeStream('nodebuffer'), async (chunk) => {
      size += chunk.length;
      unpackedBytes += chunk.length;
      if (size > entryLimit) {
        throw refuse(
          label,
          `its file ${entry.name} unpacks to more than ${BACKUP_LIMITS.ratio} times its packed size (a zip bomb, not a backup)`,
        );
      }
      if (unpackedBytes > totalLimit) {
        throw refuse(
          label,
          `it unpacks to more than ${Math.round(totalLimit / 1024 / 1024)} MB (a zip bomb, not a backup)`,
        );
      }
      if (keep) {
        if (size > BACKUP_LIMITS.jsonBytes)
          throw refuse(label, `its file ${entry.name} is too large for a library file`);
        chunks.push(chunk);
      }
      if (sink) await sink(chunk);
    });
    return Buffer.concat(chunks);
  };
  let stories = 0;
  for (const entry of entries) {
    if (entry.dir || entry.name === BACKUP_MANIFEST) continue;
    const json =
      entry.name.endsWith('.json') && !entry.name.startsWith('history/') && !entry.name.startsWith('assets/');
    const data = await readEntry(entry, json);
    if (/^(stories|trash)\/[^/]+\.json$/.test(entry.name)) {
      let story: Story;
      try {
        story = Story.parse(migrate(JSON.parse(data.toString('utf8')), storyMigrations).data);
      } catch {
        throw refuse(label, `its story ${entry.name} is damaged`);
      }
      const problem = bodyProblem(story.body);
      if (problem) throw refuse(label, `the body of its story ${entry.name} cannot be edited: ${problem}`);
      if (entry.name.startsWith('stories/')) stories++;
    }
  }
  const checkedBytes = unpackedBytes;
  const unpackInto = async (dir: string): Promise<void> => {
    unpackedBytes = 0;
    for (const entry of entries) {
      if (entry.dir || entry.name === BACKUP_MANIFEST) continue;
      const target = join(dir, entry.name);
      // The names were vetted above; this is the belt to its braces.
      if (relative(dir, target).startsWith('..')) throw refuse(label, `bad path ${entry.name}`);
      await mkdir(dirname(target), { recursive: true });
      const handle = await open(target, 'w');
      try {
        await readEntry(entry, false, async (chunk) => {
          await handle.write(chunk);
        });
      } finally {
        await handle.close();
      }
    }
  };
  return { manifest, stories, entries: entries.length, unpackedBytes: checkedBytes, unpackInto };
}

export interface RestoreOptions {
  appVersion: string;
  now?: () => Date;
  /** Where the zip came from, for messages (the CLI passes the path the user typed). */
  label?: string;
  /** Told after each step of the swap (the restore kill test stops the process there). */
  onSwapStep?: SwapStep;
}

export interface RestoreResult {
  restoredStories: number;
  /** The backup of the library as it was just before the restore. */
  safetyBackup: BackupInfo;
}

/**
 * Replaces the library's data with a backup's. The backup is checked first; then the current
 * state is backed up (the safety backup); then the backup is unpacked into a temporary folder
 * inside the library and swapped in folder by folder with renames. If anything fails before
 * the swap is complete, the folders already swapped are put back: the library is as it was.
 * The caller reopens the library afterwards.
 */
export async function restoreBackup(root: string, zipPath: string, options: RestoreOptions): Promise<RestoreResult> {
  const checked = await checkBackup(zipPath, options.label);
  const safetyBackup = await createBackup(root, { kind: 'safety', appVersion: options.appVersion, now: options.now });
  const id = randomBytes(6).toString('hex');
  const incoming = incomingDir(root, id);
  try {
    await mkdir(incoming);
    await mkdir(outgoingDir(root, id));
    for (const dir of BACKED_UP_DIRS) await mkdir(join(incoming, dir), { recursive: true });
    await checked.unpackInto(incoming);
  } catch (error) {
    // Nothing of the library was touched yet.
    await rm(incoming, { recursive: true, force: true }).catch(() => undefined);
    await rm(outgoingDir(root, id), { recursive: true, force: true }).catch(() => undefined);
    if (error instanceof ServiceError) throw error;
    throw describeIoError(error, `restore the backup into ${root} (the library was left as it was)`);
  }
  options.onSwapStep?.('unpacked');
  try {
    // The manifest last, as when a library is created: without it the folder is no library.
    await swapIn(root, id, [...BACKED_UP_DIRS, LIBRARY_MANIFEST], options.onSwapStep);
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    throw describeIoError(error, `restore the backup into ${root} (the library was left as it was)`);
  }
  return { restoredStories: checked.stories, safetyBackup };
}
