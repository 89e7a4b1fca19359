import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ensureDirIn, writeFileDurably } from './durable-file';
import { type RecoveryReport, describeRecovery } from './recovery';

/**
 * Every repair is written down in the library, so nothing is repaired unseen: opening a
 * library that needed repair (by the app or by a `masthead` command) leaves
 * `quarantine/<time>/README.json` with what was done, by whom, and whether the app has shown
 * it yet. The app shows the repairs it has not shown the next time it opens the library.
 */
const RepairRecord = z.object({
  at: z.string(),
  /** Who opened the library: `Masthead` (the app) or the command, `masthead library list`. */
  by: z.string(),
  notice: z.string(),
  report: z.unknown(),
  shownInApp: z.boolean(),
});
export type RepairRecord = z.infer<typeof RepairRecord>;

const README = 'README.json';
const stamp = (at: Date): string => at.toISOString().replace(/[:.]/g, '-');

/** Writes the record of one open's repairs; returns its library-relative path, or null when nothing was repaired. */
export async function recordRepair(
  root: string,
  report: RecoveryReport,
  by: string,
  at: Date,
  shownInApp: boolean,
): Promise<string | null> {
  const notice = describeRecovery(report);
  if (!notice) return null;
  const folder = report.quarantineDir ?? join('quarantine', stamp(at));
  await ensureDirIn(root, folder);
  const record: RepairRecord = { at: at.toISOString(), by, notice, report, shownInApp };
  await writeFileDurably(join(root, folder, README), JSON.stringify(record, null, 2));
  return join(folder, README);
}

/**
 * The repairs the app has not shown yet, oldest first, each marked shown as it is returned
 * (the caller shows them now).
 */
export async function takeUnshownRepairs(root: string): Promise<RepairRecord[]> {
  let folders: string[];
  try {
    folders = (await readdir(join(root, 'quarantine'))).sort();
  } catch {
    return [];
  }
  const out: RepairRecord[] = [];
  for (const folder of folders) {
    const path = join(root, 'quarantine', folder, README);
    let record: RepairRecord;
    try {
      record = RepairRecord.parse(JSON.parse(await readFile(path, 'utf8')));
    } catch {
      continue; // No record (an older quarantine) or not ours: nothing to show.
    }
    if (record.shownInApp) continue;
    out.push(record);
    await writeFileDurably(path, JSON.stringify({ ...record, shownInApp: true }, null, 2)).catch(() => undefined);
  }
  return out;
}
