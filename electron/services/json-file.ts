import { stat } from 'node:fs/promises';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { z } from 'zod';
import { type MigrationTable, migrate } from '../../shared/model';

/** Reads one JSON file through lowdb, migrates it and checks it against its schema. */
export async function readJson<T>(path: string, schema: z.ZodType<T>, migrations: MigrationTable): Promise<T> {
  const db = new Low<unknown>(new JSONFile<unknown>(path), null);
  await db.read();
  if (db.data === null) throw Object.assign(new Error(`${path} is missing`), { code: 'ENOENT' });
  return schema.parse(migrate(db.data, migrations).data);
}

/** Writes one JSON file through lowdb (temporary file, then rename). */
export async function writeJson<T>(path: string, data: T): Promise<void> {
  const db = new Low<T>(new JSONFile<T>(path), data);
  await db.write();
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
