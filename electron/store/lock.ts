import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { link, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { describeIoError } from '../rpc/errors';

/**
 * A library folder may be shared (a network drive, a synced folder). One process at a time
 * writes to it: the one holding `<library>/.masthead-lock`. Any other opens it read-only.
 * The lock is advisory and heartbeated, so a crash leaves a lock that is recognised as stale:
 * on this machine by its dead process id, from another machine by its old heartbeat.
 */
export const LOCK_FILE = '.masthead-lock';

/** How often the holder rewrites its heartbeat. */
export const HEARTBEAT_MS = 30_000;
/** A lock from another machine whose heartbeat is older than this is taken over. */
export const STALE_AFTER_MS = 2 * 60_000;

export const LockRecord = z.object({
  host: z.string(),
  pid: z.number().int(),
  /** Which program: the desktop app, the web host, the command line. */
  app: z.string(),
  user: z.string(),
  startedAt: z.string(),
  heartbeatAt: z.string(),
  /** Distinguishes two holders that share host and pid (tests, a reopened library). */
  token: z.string(),
});
export type LockRecord = z.infer<typeof LockRecord>;

/** Who is opening the library; the defaults describe this process. */
export interface LockIdentity {
  host: string;
  pid: number;
  app: string;
  user: string;
}

export interface LockOptions {
  identity?: Partial<LockIdentity>;
  now?: () => Date;
  /** Whether a process of this machine is running; injected by tests. */
  isAlive?: (pid: number) => boolean;
  staleAfterMs?: number;
}

/** What the user is told about the holder of a lock. */
export interface LockHolder {
  by: string;
  host: string;
  since: string;
}

export type LockOutcome =
  | {
      kind: 'owned';
      lock: LibraryLock;
      /** The stale lock that was taken over, if any. */ recovered: LockHolder | null;
    }
  | { kind: 'read-only'; holder: LockHolder };

export function currentIdentity(app: string): LockIdentity {
  let user = process.env.USER ?? process.env.USERNAME ?? '';
  try {
    user = userInfo().username || user;
  } catch {
    // Some containers have no passwd entry for the uid; the environment's name will do.
  }
  return { host: hostname(), pid: process.pid, app, user: user || 'unknown' };
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export const holderOf = (record: LockRecord): LockHolder => ({
  by: record.user,
  host: record.host,
  since: record.startedAt,
});

/**
 * Why a library is open read-only: another running Masthead holds it, or the disk refused
 * the writes opening needs (full, or not writable), said in the message.
 */
export type ReadOnlyState = LockHolder | { reason: 'disk-full' | 'not-writable'; message: string };

/** Read-only because the disk refused opening's writes: what the user is told, and what to do. */
export function diskReadOnly(reason: 'disk-full' | 'not-writable', root: string): ReadOnlyState {
  const message =
    reason === 'disk-full'
      ? `The disk is full: Masthead opened the library at ${root} read-only. Free some space and reopen it.`
      : `The library folder ${root} cannot be written to: Masthead opened it read-only. Make it writable and reopen it.`;
  return { reason, message };
}

/** The sentence a refused write and the CLI show. */
export const readOnlyMessage = (state: ReadOnlyState): string =>
  'message' in state
    ? state.message
    : `This library is open on ${state.host} by ${state.by} since ${state.since}; it is read-only here.`;

async function readLock(path: string): Promise<LockRecord | 'missing' | 'damaged'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const parsed = LockRecord.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'damaged';
  } catch {
    return 'damaged';
  }
}

/** The lock of one open library, held by this process. */
export class LibraryLock {
  private timer: NodeJS.Timeout | null = null;
  private released = false;

  constructor(
    readonly path: string,
    private record: LockRecord,
    private readonly now: () => Date,
  ) {}

  get token(): string {
    return this.record.token;
  }

  /**
   * Rewrites the heartbeat. Resolves to the new holder when another process has taken the
   * lock over meanwhile (this one slept past the stale limit): the caller must stop writing.
   */
  async refresh(): Promise<LockHolder | null> {
    if (this.released) return null;
    const current = await readLock(this.path).catch(() => 'damaged' as const);
    if (typeof current === 'object' && current.token !== this.record.token) return holderOf(current);
    this.record = { ...this.record, heartbeatAt: this.now().toISOString() };
    await writeAtomic(this.path, this.record);
    return null;
  }

  /** Refreshes every `intervalMs`; `onLost` hears of a takeover. The timer never keeps the process alive. */
  startHeartbeat(onLost: (holder: LockHolder) => void, intervalMs = HEARTBEAT_MS): void {
    this.stopHeartbeat();
    this.timer = setInterval(() => {
      this.refresh().then(
        (holder) => {
          if (holder) {
            this.stopHeartbeat();
            this.released = true;
            onLost(holder);
          }
        },
        (error: unknown) => console.error('[masthead] could not refresh the library lock:', error),
      );
    }, intervalMs);
    this.timer.unref();
  }

  private stopHeartbeat(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Deletes the lock file if it is still this holder's; never someone else's. */
  async release(): Promise<void> {
    this.stopHeartbeat();
    if (this.released) return;
    this.released = true;
    const current = await readLock(this.path).catch(() => 'damaged' as const);
    if (typeof current === 'object' && current.token === this.record.token) await rm(this.path, { force: true });
  }

  /** The synchronous release for process exit, where promises no longer run. */
  releaseSync(): void {
    this.stopHeartbeat();
    if (this.released) return;
    this.released = true;
    try {
      const current = LockRecord.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
      if (current.success && current.data.token === this.record.token) rmSync(this.path, { force: true });
    } catch {
      // Nothing to release, or the file is unreadable: leave it to the stale-lock check.
    }
  }
}

async function writeAtomic(path: string, record: LockRecord): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, JSON.stringify(record, null, 2));
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Creates the lock file only if there is none, complete from the first instant: written to a
 * temporary file and hard-linked into place (link fails if the name exists). Where the file
 * system has no hard links, an exclusive create does the same with a short window.
 */
async function createExclusive(path: string, record: LockRecord): Promise<boolean> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const text = JSON.stringify(record, null, 2);
  try {
    await writeFile(temp, text);
    await link(temp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
  } finally {
    await rm(temp, { force: true });
  }
  try {
    const handle = await open(path, 'wx');
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Whether `record` no longer stands for a running holder. */
function isStale(
  record: LockRecord,
  me: LockIdentity,
  options: Required<Pick<LockOptions, 'now' | 'isAlive'>>,
  staleAfterMs: number,
): boolean {
  if (record.host === me.host) {
    // This machine: the process id is authoritative. Our own pid is this process reopening.
    if (record.pid === me.pid) return true;
    return !options.isAlive(record.pid);
  }
  const beat = Date.parse(record.heartbeatAt);
  return !Number.isFinite(beat) || options.now().getTime() - beat > staleAfterMs;
}

/**
 * Takes the lock of the library in `root`, or reports who holds it. A missing lock is
 * created exclusively ('wx'), so of two processes racing only one wins; a stale or damaged
 * one is replaced by rename and read back to see who won.
 */
export async function acquireLock(root: string, options: LockOptions = {}): Promise<LockOutcome> {
  const now = options.now ?? (() => new Date());
  const isAlive = options.isAlive ?? processAlive;
  const me: LockIdentity = { ...currentIdentity('masthead'), ...options.identity };
  const path = join(root, LOCK_FILE);
  const stamp = now().toISOString();
  const mine: LockRecord = { ...me, startedAt: stamp, heartbeatAt: stamp, token: randomBytes(12).toString('hex') };
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await readLock(path);
      if (current === 'missing') {
        if (await createExclusive(path, mine)) {
          return { kind: 'owned', lock: new LibraryLock(path, mine, now), recovered: null };
        }
        continue;
      }
      if (current !== 'damaged' && !isStale(current, me, { now, isAlive }, options.staleAfterMs ?? STALE_AFTER_MS)) {
        return { kind: 'read-only', holder: holderOf(current) };
      }
      await writeAtomic(path, mine);
      const check = await readLock(path);
      if (typeof check === 'object' && check.token === mine.token) {
        const ownReopen = current !== 'damaged' && current.host === me.host && current.pid === me.pid;
        const recovered = current === 'damaged' || ownReopen ? null : holderOf(current);
        return { kind: 'owned', lock: new LibraryLock(path, mine, now), recovered };
      }
    }
  } catch (error) {
    throw describeIoError(error, `lock the library at ${root}`);
  }
  const last = await readLock(path);
  if (typeof last === 'object') return { kind: 'read-only', holder: holderOf(last) };
  throw describeIoError(new Error('another program keeps changing the lock file'), `lock the library at ${root}`);
}
