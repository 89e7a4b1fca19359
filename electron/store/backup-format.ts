import { z } from 'zod';

/** The shape of a backup, shared by making one (backup.ts) and restoring one (backup-restore.ts). */

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
