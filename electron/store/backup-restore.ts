import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import JSZip from 'jszip';
import { z } from 'zod';
import { SCHEMA_VERSION, Story, migrate, storyMigrations } from '../../shared/model';
import { ServiceError, describeIoError } from '../rpc/errors';
import { createBackup } from './backup';
import { BACKED_UP_DIRS, BACKUP_MANIFEST, type BackupInfo, BackupManifest, LIBRARY_MANIFEST } from './backup-format';
import { bodyProblem } from './body-check';
import { type SwapStep, incomingDir, outgoingDir, swapIn } from './restore-swap';

/**
 * Restoring a backup (made by backup.ts): the zip is checked completely first (safe names
 * only, inside the library's data folders, under limits that refuse a zip bomb, every story
 * readable), then unpacked beside the library and swapped in (restore-swap.ts).
 */

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
