import { stat } from 'node:fs/promises';
import type { z } from 'zod';
import { type MigrationTable, SCHEMA_VERSION, migrate } from '../../shared/model';
import { DurableJsonFile, type DurableFs, nodeDurableFs, writeFileDurably } from './durable-file';

/** What a file held before migration, so the caller knows to back it up and rewrite it. */
export interface ReadResult<T> {
  data: T;
  from: number;
  changed: boolean;
}

/**
 * Reads one JSON file, migrates it up to `target` and checks it against its schema.
 * `target` other than SCHEMA_VERSION is a test standing for a future version: the migrated
 * data is then checked as the current schema.
 */
export async function readJsonVersioned<T>(
  path: string,
  schema: z.ZodType<T>,
  migrations: MigrationTable,
  target: number = SCHEMA_VERSION,
  fs: DurableFs = nodeDurableFs,
): Promise<ReadResult<T>> {
  const raw = await new DurableJsonFile<unknown>(path, fs).read();
  if (raw === null) throw Object.assign(new Error(`${path} is missing`), { code: 'ENOENT' });
  const migrated = migrate(raw, migrations, target);
  const data = target === SCHEMA_VERSION ? migrated.data : { ...migrated.data, schemaVersion: SCHEMA_VERSION };
  return { data: schema.parse(data), from: migrated.from, changed: migrated.changed };
}

/** Reads one JSON file, migrates it and checks it against its schema. */
export async function readJson<T>(path: string, schema: z.ZodType<T>, migrations: MigrationTable): Promise<T> {
  return (await readJsonVersioned(path, schema, migrations)).data;
}

/** Writes one JSON file atomically and durably (temporary file, fsync, rename, fsync of the folder). */
export async function writeJson<T>(path: string, data: T, fs: DurableFs = nodeDurableFs): Promise<void> {
  await writeFileDurably(path, JSON.stringify(data, null, 2), fs);
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
