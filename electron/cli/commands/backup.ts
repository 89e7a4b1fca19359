import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BACKUP_DIR, createBackup, restoreBackup, rotateBackups } from '../../store/backup';
import { ServiceError } from '../../rpc/errors';
import { type LibraryLock, acquireLock, readOnlyMessage } from '../../store/lock';
import { packageVersion, projectRoot } from '../../store/paths';
import { type Command, openLibrary, usageError } from './common';

/** From the source tree (electron/cli/commands) or the built CLI (out/cli), whichever this is. */
const appVersion = (): string => {
  const fromSource = packageVersion(projectRoot(import.meta.dirname, 3));
  return fromSource !== '0.0.0' ? fromSource : packageVersion(projectRoot(import.meta.dirname, 2));
};

const size = (bytes: number): string =>
  bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/**
 * Takes the library's lock for a command that writes, or refuses with who holds it: a
 * library open in the app (here or on another machine) is not changed behind its back.
 * Resolves to null for a folder that does not exist yet (nobody can hold it).
 */
export async function lockForCommand(root: string): Promise<LibraryLock | null> {
  const exists = await stat(root).then(
    () => true,
    () => false,
  );
  if (!exists) return null;
  const outcome = await acquireLock(root, { identity: { app: 'cli' } });
  if (outcome.kind === 'read-only') {
    throw new ServiceError('read-only', `${readOnlyMessage(outcome.holder)} Close Masthead there first.`);
  }
  return outcome.lock;
}

/** Runs a writing command under the lock of the library its `--library` names (unless --dry-run). */
export function withLibraryLock(run: Command['run']): Command['run'] {
  return async (args, io, defaultLibrary) => {
    const { values } = parseArgs({
      args,
      strict: false,
      allowPositionals: true,
      options: { library: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    });
    const library = typeof values.library === 'string' ? values.library : defaultLibrary;
    const lock = values['dry-run'] === true ? null : await lockForCommand(resolve(library));
    try {
      return await run(args, io, defaultLibrary);
    } finally {
      await lock?.release();
    }
  };
}

/** `masthead backup`: a zip of the library in its backups folder. */
export const backupCommand: Command = {
  name: 'backup',
  usage: `  backup [--library DIR] [--keep N] [--json]
                  back up the library into DIR/backups/ (with --keep: as a rotating
                  backup, keeping the newest N rotating ones, e.g. from a nightly job)`,
  run: async (args, io, defaultLibrary) => {
    const { values } = parseArgs({
      args,
      options: {
        library: { type: 'string' },
        keep: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    });
    const keep = values.keep === undefined ? null : Number(values.keep);
    if (keep !== null && (!Number.isInteger(keep) || keep < 1 || keep > 1000)) {
      throw usageError(`--keep must be a whole number from 1 to 1000, not ${values.keep}`);
    }
    // Reading the library needs no lock: a backup can be made while the app has it open.
    const { root, library } = await openLibrary(values.library, defaultLibrary);
    const backup = await createBackup(root, {
      kind: keep === null ? 'manual' : 'auto',
      appVersion: appVersion(),
      check: () => library.checkAllFiles(),
    });
    if (backup.repaired) io.err(`masthead: before backing up: ${backup.repaired}`);
    const deleted = keep === null ? [] : await rotateBackups(root, keep);
    const path = join(root, BACKUP_DIR, backup.name);
    if (values.json) io.out(JSON.stringify({ library: root, path, ...backup, deleted }, null, 2));
    else {
      io.out(`${path}  ${backup.stories} ${backup.stories === 1 ? 'story' : 'stories'}, ${size(backup.bytes)}`);
      if (deleted.length) io.out(`deleted ${deleted.length} older backup(s): ${deleted.join(', ')}`);
    }
    return 0;
  },
};

/** `masthead restore`: replaces the library with a backup, after a safety backup of the current state. */
export const restoreCommand: Command = {
  name: 'restore',
  usage: `  restore FILE.zip [--library DIR] [--json]
                  replace the library with a backup (FILE may be a name in DIR/backups/);
                  the library as it was is backed up first`,
  run: async (args, io, defaultLibrary) => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { library: { type: 'string' }, json: { type: 'boolean', default: false } },
      strict: true,
    });
    if (positionals.length !== 1) throw usageError('restore needs exactly one FILE.zip');
    const { root } = await openLibrary(values.library, defaultLibrary);
    const given = positionals[0]!;
    const inBackups = join(root, BACKUP_DIR, given);
    const file = (await stat(resolve(given)).then(
      () => true,
      () => false,
    ))
      ? resolve(given)
      : /^[^/\\]+\.zip$/.test(given) &&
          (await stat(inBackups).then(
            () => true,
            () => false,
          ))
        ? inBackups
        : null;
    if (!file) throw new ServiceError('not-found', `There is no backup ${given}.`);
    const lock = await lockForCommand(root);
    try {
      const result = await restoreBackup(root, file, { appVersion: appVersion(), label: given });
      if (values.json) io.out(JSON.stringify({ library: root, restored: file, ...result }, null, 2));
      else {
        io.out(`restored ${result.restoredStories} ${result.restoredStories === 1 ? 'story' : 'stories'} from ${file}`);
        io.out(`the library as it was is in ${join(root, BACKUP_DIR, result.safetyBackup.name)}`);
      }
      return 0;
    } finally {
      await lock?.release();
    }
  },
};
