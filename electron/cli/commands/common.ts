import { join, resolve } from 'node:path';
import { ServiceError, writeRefusal } from '../../rpc/errors';
import { exists } from '../../store/json-file';
import { Library } from '../../store/library';
import { type LibraryLock, type ReadOnlyState, acquireLock, diskReadOnly, readOnlyMessage } from '../../store/lock';
import { describeRecovery } from '../../store/recovery';
import { RESTORE_JOURNAL } from '../../store/restore-swap';
import { desktopUserDataDir } from '../../store/paths';

/** Where a command writes: the terminal, or a test's buffers. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** One `masthead` command: its words (`library list`), its usage lines, and what it does. */
export interface Command {
  name: string;
  usage: string;
  /** Resolves to the exit code: 0 done, 1 failed. A wrong command line throws usageError. */
  run: (args: string[], io: CliIo, defaultLibrary: string) => Promise<number>;
}

export const defaultLibrary = (): string => join(desktopUserDataDir(), 'library');

/** A mistake on the command line: runCli prints the usage and exits 2 (as node's parseArgs errors do). */
export const usageError = (message: string): Error =>
  Object.assign(new Error(message), { code: 'ERR_PARSE_ARGS_USAGE' });

/** The command being run, for the repair log (`masthead library list`). */
let runningCommand = 'masthead';
/** Locks this run's command took, released by endCommand. */
const heldLocks = new Set<LibraryLock>();
/** What opening the library repaired or found: said on stderr and in --json by runCli. */
const notices: string[] = [];

/** runCli, before a command: who is opening libraries from now on. */
export function beginCommand(name: string): void {
  runningCommand = `masthead ${name}`;
  notices.length = 0;
}

/** The notices so far (for the --json output), without taking them. */
export const pendingNotices = (): string[] => [...notices];

/** runCli, after a command: releases its locks and hands over its notices. */
export async function endCommand(): Promise<string[]> {
  for (const lock of heldLocks) await lock.release().catch(() => undefined);
  heldLocks.clear();
  return notices.splice(0);
}

/**
 * Opens an existing library; never creates one where the user pointed by mistake. The
 * library's lock is taken for the command's run, as the app takes it: a command that may
 * write (`write`) is refused while another Masthead holds the library; a reading command
 * opens it read-only then, and leaves any damage it finds for the holder to repair. What
 * opening repaired is said (runCli prints the notices) and recorded in the library.
 */
export async function openLibrary(
  path: string | undefined,
  fallback: string,
  options: { write?: boolean } = {},
): Promise<{ root: string; library: Library }> {
  const root = resolve(path ?? fallback);
  // Only a library is locked: a mistyped folder gets no lock file, and Library.open's refusal.
  const isLibrary =
    (await exists(join(root, 'library.json'))) ||
    (await exists(join(root, RESTORE_JOURNAL))) ||
    (await exists(join(root, 'stories')));
  // A disk that refuses the lock file (full, read-only) still lets a reading command read.
  const locked = isLibrary
    ? await acquireLock(root, { identity: { app: runningCommand } }).then(
        (outcome) => ({ outcome, refusal: null }),
        (error: unknown) => {
          const refusal = writeRefusal(error);
          if (!refusal) throw error;
          return { outcome: null, refusal };
        },
      )
    : { outcome: null, refusal: null };
  const { outcome } = locked;
  if (locked.refusal && options.write) {
    throw new ServiceError(
      'io',
      `${locked.refusal === 'disk-full' ? 'The disk is full' : 'The library folder cannot be written to'} at ${root}: this command changes the library and cannot run. Nothing was changed.`,
    );
  }
  if (outcome?.kind === 'read-only' && options.write) {
    throw new ServiceError(
      'conflict',
      `${readOnlyMessage(outcome.holder).replace(/; it is read-only here\.$/, '.')} This command changes the library: close it there first. Nothing was changed.`,
    );
  }
  if (outcome?.kind === 'owned') heldLocks.add(outcome.lock);
  let readOnly: ReadOnlyState | null =
    outcome?.kind === 'read-only' ? outcome.holder : locked.refusal ? diskReadOnly(locked.refusal, root) : null;
  const open = (readOnlyHere: boolean) =>
    Library.open(root, { mustExist: true, readOnly: readOnlyHere, openedBy: { name: runningCommand, app: false } });
  const { library, recovery } = await open(readOnly !== null).catch(async (error: unknown) => {
    if (outcome?.kind === 'owned') {
      await outcome.lock.release().catch(() => undefined);
      heldLocks.delete(outcome.lock);
    }
    // Opening needed a write (the index, a repair) that the disk refused: read it as it is.
    const refusal = readOnly === null && !options.write ? writeRefusal(error) : null;
    if (!refusal) throw noLibraryHint(error, root);
    readOnly = diskReadOnly(refusal, root);
    return open(true).catch(() => {
      throw error;
    });
  });
  if (readOnly && 'message' in readOnly) notices.push(readOnly.message);
  if (readOnly) {
    const damaged = [...recovery.lost, ...recovery.skippedNewer];
    if (recovery.lost.length > 0) {
      notices.push(
        `damaged: ${recovery.lost.length} story file(s) could not be read (${recovery.lost.join(', ')}) and are left out here. ${readOnlyMessage(readOnly)} Nothing was repaired: the Masthead holding the library repairs it when it next opens it.`,
      );
    } else if (damaged.length > 0) {
      notices.push(`${damaged.length} file(s) written by a newer Masthead were left out (${damaged.join(', ')}).`);
    }
  } else {
    const told = describeRecovery(recovery);
    if (told)
      notices.push(`repaired: ${told}${recovery.logFile ? ` (recorded in ${join(root, recovery.logFile)})` : ''}`);
  }
  return { root, library };
}

/** "There is no library here" with the one command that makes one: only `library init` creates. */
export const noLibraryHint = (error: unknown, root: string): unknown =>
  error instanceof ServiceError && error.code === 'not-found'
    ? new ServiceError(
        'not-found',
        `There is no Masthead library in ${root}. Check --library, or make one there with: masthead library init --library ${JSON.stringify(root)}`,
      )
    : error;

/** Pads or cuts `text` to `width` terminal columns; Han and full-width characters take two. */
export const pad = (text: string, width: number): string => {
  let cols = 0;
  let out = '';
  for (const ch of text) {
    const w =
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u.test(
        ch,
      )
        ? 2
        : 1;
    if (cols + w > width) break;
    out += ch;
    cols += w;
  }
  return out + ' '.repeat(width - cols);
};

/**
 * An edition named on the command line by id or by its date (YYYY-MM-DD: the newest edition
 * of that date). The services take ids; dates are a convenience of the command line.
 */
export async function findEdition(library: Library, idOrDate: string): Promise<string> {
  const editions = await library.listEditions();
  const byId = editions.find((e) => e.id === idOrDate);
  if (byId) return byId.id;
  const byDate = editions.filter((e) => e.date === idOrDate).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  if (byDate[0]) return byDate[0].id;
  throw new ServiceError('not-found', `There is no edition with the id or date ${idOrDate} in this library.`);
}
