import { createBackup, listBackups } from '../../store/backup';
import { emptyReport } from '../../store/recovery';
import type { Handlers } from '../dispatch';
import type { Session } from './session';

type BackupMethod = 'listBackups' | 'createBackup' | 'restoreBackup';

/** Backups: the list (with the automatic schedule's last failure), a backup now, a restore. */
export function backupHandlers(session: Session): Pick<Handlers, BackupMethod> {
  return {
    listBackups: async () => ({
      backups: await listBackups(session.current.root),
      automaticError: session.backups.lastError,
    }),
    createBackup: () =>
      createBackup(session.current.root, {
        kind: 'manual',
        appVersion: session.options.version,
        check: () => (session.holdsLock ? session.current.checkAllFiles() : Promise.resolve(emptyReport())),
      }),
    restoreBackup: ({ name }) => session.restoreBackup(name),
  };
}
