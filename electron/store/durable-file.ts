import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { KeyedLock } from './keyed-lock';
import { processAlive } from './lock';

/**
 * Crash-safe file writes: the bytes go to a temporary file beside the target, are fsynced,
 * renamed over the target, and the folder is fsynced so the rename itself survives a power
 * cut. A reader therefore sees the old file or the new one, never a torn mix; a failure
 * (disk full, read-only folder) leaves the old file as it was and no temporary behind.
 *
 * lowdb's own JSONFile (steno) renames but never fsyncs, so every library write goes
 * through `DurableJsonFile` or `writeFileDurably` instead.
 */

/** The part of node:fs/promises a durable write uses; tests inject failures through it. */
export interface DurableFs {
  open(path: string, flags: string, mode?: number): Promise<DurableHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  readFile(path: string, encoding: 'utf8'): Promise<string>;
}

export interface DurableHandle {
  writeFile(data: string | Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export const nodeDurableFs: DurableFs = {
  open: (path, flags, mode) => nodeFs.open(path, flags, mode),
  rename: (from, to) => nodeFs.rename(from, to),
  unlink: (path) => nodeFs.unlink(path),
  readFile: (path, encoding) => nodeFs.readFile(path, encoding),
};

/**
 * Temporary files are named `.<target name>.<pid>.<random>.tmp` in the target's folder. The
 * pid lets `removeStaleTemps` tell a crashed writer's leftovers from a live writer's.
 */
export const TEMP_FILE = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

const tempPathFor = (target: string): string =>
  join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

/** One write at a time per path, whoever calls: the second rename must not race the first. */
const pathLocks = new KeyedLock();

const codeOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;

/** fsync of a folder: makes a rename in it durable. Windows cannot open a folder this way. */
export async function syncDir(dir: string, fs: DurableFs = nodeDurableFs): Promise<void> {
  let handle: DurableHandle;
  try {
    handle = await fs.open(dir, 'r');
  } catch (error) {
    if (['EPERM', 'EISDIR', 'EACCES'].includes(codeOf(error) ?? '')) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems (and Windows) refuse fsync on a folder; the rename is done anyway.
    if (!['EPERM', 'EISDIR', 'EINVAL', 'EBADF', 'ENOTSUP'].includes(codeOf(error) ?? '')) throw error;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Writes `data` to `path` atomically and durably (temp file, fsync, rename, fsync of the folder). */
export function writeFileDurably(
  path: string,
  data: string | Uint8Array,
  fs: DurableFs = nodeDurableFs,
): Promise<void> {
  return pathLocks.run(path, async () => {
    const temp = tempPathFor(path);
    let handle: DurableHandle | null = null;
    try {
      // 'wx': never follow or reuse something already at the temporary name.
      handle = await fs.open(temp, 'wx', 0o644);
      await handle.writeFile(data);
      await handle.sync();
      await handle.close();
      handle = null;
      await fs.rename(temp, path);
    } catch (error) {
      if (handle) await handle.close().catch(() => undefined);
      await fs.unlink(temp).catch(() => undefined);
      throw error;
    }
    await syncDir(dirname(path), fs);
  });
}

/** A lowdb adapter with durable writes; reads like lowdb's JSONFile (null when the file is missing). */
export class DurableJsonFile<T> implements Adapter<T> {
  constructor(
    private readonly path: string,
    private readonly fs: DurableFs = nodeDurableFs,
  ) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await this.fs.readFile(this.path, 'utf8');
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return null;
      throw error;
    }
    return JSON.parse(text) as T;
  }

  write(data: T): Promise<void> {
    return writeFileDurably(this.path, JSON.stringify(data, null, 2), this.fs);
  }
}

/**
 * Removes temporary files left in `dir` by a writer that died mid-write (its process is gone).
 * Only names matching TEMP_FILE are touched. Returns the names removed.
 */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await nodeFs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMP_FILE.exec(name);
    if (!match || processAlive(Number(match[2]))) continue;
    try {
      await nodeFs.unlink(join(dir, name));
      removed.push(name);
    } catch {
      // Gone already, or not ours to remove: either way nothing to do.
    }
  }
  return removed;
}

/**
 * Makes `root/...parts` exist, but only inside a library folder that itself still exists: a
 * library on a drive that was unplugged must fail with ENOENT, not be quietly recreated
 * on whatever disk now holds that path.
 */
export async function ensureDirIn(root: string, ...parts: string[]): Promise<string> {
  const info = await nodeFs.stat(root);
  if (!info.isDirectory()) throw Object.assign(new Error(`${root} is not a folder`), { code: 'ENOTDIR' });
  const dir = join(root, ...parts);
  await nodeFs.mkdir(dir, { recursive: true });
  return dir;
}

/** Moves a file within the library durably: rename, then fsync of both folders. */
export async function moveDurably(from: string, to: string): Promise<void> {
  await nodeFs.rename(from, to);
  await syncDir(dirname(to));
  if (dirname(from) !== dirname(to)) await syncDir(dirname(from));
}
