import { createBackup, lastBackupAt, rotateBackups } from '../store/backup';
import type { Library } from '../store/library';
import type { SettingsStore } from '../store/settings';

/**
 * Automatic backups while a library is open: a check a while after it opens, then every
 * quarter of the interval in settings (at most hourly); a backup when the newest is older
 * than the interval, then rotation. A failure is kept for the backups list, never thrown.
 */
export class BackupSchedule {
  private timer: NodeJS.Timeout | null = null;
  private run: Promise<void> | null = null;
  /** Why the last automatic backup failed, or null. */
  lastError: string | null = null;

  constructor(
    private readonly options: {
      settings: SettingsStore;
      appVersion: string;
      library: () => Library;
      /** Whether this Masthead holds the library's lock (the schedule stops when it is taken over). */
      holdsLock: () => boolean;
      /** Whether a restore is under way (no backup then). */
      restoring: () => boolean;
    },
  ) {}

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Checks after `delayMs`, then every quarter of the interval (at most hourly), whether a backup is due. */
  start(delayMs: number): void {
    this.stop();
    this.timer = setTimeout(() => {
      void this.runIfDue().finally(() => {
        if (!this.options.holdsLock()) return;
        const hours = this.options.settings.get().backupIntervalHours || 24;
        this.start(Math.min(hours / 4, 1) * 3_600_000);
      });
    }, delayMs);
    this.timer.unref();
  }

  /** Waits for a backup under way, if any (before a restore or closing). */
  async idle(): Promise<void> {
    await this.run?.catch(() => undefined);
  }

  /** Makes an automatic backup if the newest backup is older than the interval in settings, then rotates. */
  async runIfDue(): Promise<void> {
    if (this.run) return this.run;
    const attempt = async (): Promise<void> => {
      const { backupIntervalHours, backupKeep } = this.options.settings.get();
      if (!this.options.holdsLock() || this.options.restoring() || backupIntervalHours === 0) return;
      const library = this.options.library();
      try {
        const last = await lastBackupAt(library.root);
        if (last && Date.now() - last.getTime() < backupIntervalHours * 3_600_000) return;
        await createBackup(library.root, {
          kind: 'auto',
          appVersion: this.options.appVersion,
          check: () => library.checkAllFiles(),
        });
        await rotateBackups(library.root, backupKeep);
        this.lastError = null;
      } catch (error) {
        this.lastError = (error as Error).message ?? String(error);
        console.error('[masthead] the automatic backup failed:', error);
      }
    };
    this.run = attempt().finally(() => {
      this.run = null;
    });
    return this.run;
  }
}
