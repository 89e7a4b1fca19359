import { cp, readdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { z } from 'zod';
import { SchemaVersionError } from '../../shared/model';
import { ensureDirIn, moveDurably } from './durable-file';

/** What opening a library found wrong and did about it; the workspace tells the user. */
export interface RecoveryReport {
  /** Library-relative paths of damaged files, now kept under `quarantineDir`. */
  quarantined: string[];
  /** Stories whose damaged file was replaced by their newest readable history snapshot. */
  restored: { id: string; headline: string; snapshot: number; savedAt: string }[];
  /** Stories whose file was damaged and that had no readable snapshot: left out of the list. */
  lost: string[];
  /** Files written by a newer Masthead: left untouched and left out. */
  skippedNewer: string[];
  rebuiltIndex: boolean;
  recreatedManifest: boolean;
  migrated: { from: number; to: number; backup: string; files: number } | null;
  /** Temporary files of writes a crash interrupted, removed. */
  removedTemps: number;
  /** Library-relative folder holding this open's quarantined files, if any. */
  quarantineDir: string | null;
  /**
   * A restore that was stopped part way (the app killed, the power cut): its swap was
   * finished (the library is the backup's) or undone (the library is as it was before), or
   * it had swapped nothing yet and its leftover folders were removed.
   */
  interruptedRestore?: 'finished' | 'undone' | 'cleaned' | null;
  /** Story files that had been renamed (by hand) and were given their story's name back. */
  renamed?: { from: string; to: string }[];
  /** Library-relative path of the record of these repairs (repair-log.ts), when there were any. */
  logFile?: string | null;
}

export const emptyReport = (): RecoveryReport => ({
  quarantined: [],
  restored: [],
  lost: [],
  skippedNewer: [],
  rebuiltIndex: false,
  recreatedManifest: false,
  migrated: null,
  removedTemps: 0,
  quarantineDir: null,
});

/** A file that exists but does not hold what it should: unparseable, invalid, or with no usable version. */
export function isDamage(error: unknown): boolean {
  return (
    error instanceof SyntaxError ||
    error instanceof z.ZodError ||
    (error instanceof SchemaVersionError && !isNewer(error))
  );
}

/** A file from a newer Masthead is not damaged: it is kept as it is, for that version. */
export const isNewer = (error: unknown): boolean =>
  error instanceof SchemaVersionError && /newer Masthead/.test(error.message);

const stamp = (at: Date): string => at.toISOString().replace(/[:.]/g, '-');

/**
 * Sets damaged files aside in `quarantine/<time>/`, keeping their path in the library.
 * Never deletes: the editor (or support) may still want the bytes.
 */
export class Quarantine {
  private readonly folder: string;

  constructor(
    private readonly root: string,
    at: Date,
    private readonly report: RecoveryReport,
  ) {
    this.folder = join('quarantine', stamp(at));
  }

  async put(path: string): Promise<void> {
    const rel = relative(this.root, path);
    const target = join(this.root, this.folder, rel);
    await ensureDirIn(this.root, dirname(join(this.folder, rel)));
    await moveDurably(path, target);
    this.report.quarantined.push(rel);
    this.report.quarantineDir = this.folder;
  }
}

/**
 * Copies the whole library (but earlier backups and quarantine) to
 * `backups/pre-migration-<from>-to-<to>-<time>/` before any migrated file is written.
 */
export async function backupBeforeMigration(root: string, from: number, to: number, at: Date): Promise<string> {
  const rel = join('backups', `pre-migration-${from}-to-${to}-${stamp(at)}`);
  const target = await ensureDirIn(root, rel);
  for (const name of await readdir(root)) {
    if (name === 'backups' || name === 'quarantine') continue;
    await cp(join(root, name), join(target, name), { recursive: true });
  }
  return rel;
}

/** The user-facing account of a recovery, or null when opening found nothing to repair. */
export function describeRecovery(report: RecoveryReport): string | null {
  const parts: string[] = [];
  if (report.interruptedRestore === 'finished') {
    parts.push('A restore from a backup was interrupted; it has now been finished: the library is the backup’s.');
  } else if (report.interruptedRestore === 'undone' || report.interruptedRestore === 'cleaned') {
    parts.push(
      'A restore from a backup was interrupted before it changed anything; the library is as it was before it.',
    );
  }
  if (report.quarantined.length > 0) {
    parts.push(
      `${report.quarantined.length} damaged file${report.quarantined.length === 1 ? ' was' : 's were'} set aside in ${report.quarantineDir}.`,
    );
  }
  for (const r of report.restored) {
    parts.push(`Story “${r.headline || r.id}” was restored from its revision of ${r.savedAt}.`);
  }
  if (report.lost.length > 0) {
    parts.push(
      `${report.lost.length} damaged ${report.lost.length === 1 ? 'story has' : 'stories have'} no earlier revision and ${report.lost.length === 1 ? 'is' : 'are'} not in the list (${report.lost.join(', ')}).`,
    );
  }
  for (const r of report.renamed ?? []) parts.push(`The story file ${r.from} had been renamed; it is ${r.to} again.`);
  if (report.skippedNewer.length > 0) {
    parts.push(
      `${report.skippedNewer.length} file(s) written by a newer version of Masthead cannot be read by this one (a story among them is listed as unreadable, and cannot be opened until Masthead is updated); they were left untouched: ${report.skippedNewer.join(', ')}.`,
    );
  }
  if (report.recreatedManifest) {
    parts.push('The library description file (library.json) was damaged or missing and has been recreated.');
  }
  if (report.rebuiltIndex && report.quarantined.some((p) => p.startsWith('index'))) {
    parts.push('The story list was rebuilt from the story files.');
  }
  if (report.migrated) {
    parts.push(
      `The library was upgraded from format ${report.migrated.from} to ${report.migrated.to}; a copy of it as it was is in ${report.migrated.backup}.`,
    );
  }
  return parts.length > 0 ? parts.join(' ') : null;
}
