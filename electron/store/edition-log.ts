import { join } from 'node:path';
import { z } from 'zod';
import { OverriddenProblem } from '../../shared/ipc/export-status';
import { Id, IsoDateTime, SCHEMA_VERSION } from '../../shared/model/common';
import { ensureDirIn } from './durable-file';
import { exists, readJson, writeJson } from './json-file';

/**
 * An edition's history of what the desk decided about it outside its layout: for now, exports
 * that went ahead over blocking preflight problems, and who confirmed them. Kept apart from the
 * edition file (`history/editions/<id>.json`, backed up with the rest of history/) so that
 * recording one never changes the edition under a desk that has it open.
 */
export const EditionEvent = z.object({
  kind: z.literal('export-over-preflight'),
  at: IsoDateTime,
  by: z.string().max(200),
  /** The export's folder name (under the export folder chosen). */
  folder: z.string().max(4096),
  problems: z.array(OverriddenProblem),
});
export type EditionEvent = z.infer<typeof EditionEvent>;

const EditionLog = z.object({ schemaVersion: z.literal(SCHEMA_VERSION), editionId: Id, events: z.array(EditionEvent) });

const logPath = (root: string, editionId: string): string =>
  join(root, 'history', 'editions', `${Id.parse(editionId)}.json`);

export async function readEditionLog(root: string, editionId: string): Promise<EditionEvent[]> {
  const path = logPath(root, editionId);
  if (!(await exists(path))) return [];
  return (await readJson(path, EditionLog, {})).events;
}

/** Appends one event (a durable write of the small log file). */
export async function recordEditionEvent(root: string, editionId: string, event: EditionEvent): Promise<void> {
  const events = await readEditionLog(root, editionId).catch(() => []);
  await ensureDirIn(root, 'history', 'editions');
  await writeJson(logPath(root, editionId), { schemaVersion: SCHEMA_VERSION, editionId, events: [...events, event] });
}
