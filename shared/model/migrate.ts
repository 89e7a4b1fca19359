import { SCHEMA_VERSION } from './common';

/** One step: takes a file's data at version `from` and returns it at `from + 1`. */
export type Migration = (data: Record<string, unknown>) => Record<string, unknown>;

/**
 * Migrations per kind of file, indexed by the version they start from. Version 1 is the
 * first released format, so the tables are empty; a change to a file format adds a step
 * here and raises SCHEMA_VERSION.
 */
export type MigrationTable = Readonly<Record<number, Migration>>;

export const storyMigrations: MigrationTable = {};
export const editionMigrations: MigrationTable = {};
export const indexMigrations: MigrationTable = {};

export class SchemaVersionError extends Error {
  constructor(
    message: string,
    readonly found: unknown,
  ) {
    super(message);
    this.name = 'SchemaVersionError';
  }
}

export interface Migrated {
  data: Record<string, unknown>;
  /** The version the data was written with. */
  from: number;
  /** True when any step ran, so the caller knows to back up and rewrite the file. */
  changed: boolean;
}

/** Brings raw file data up to `target` (the current SCHEMA_VERSION unless a test says otherwise). */
export function migrate(raw: unknown, table: MigrationTable, target: number = SCHEMA_VERSION): Migrated {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SchemaVersionError('the file does not hold a JSON object', raw);
  }
  const found = (raw as Record<string, unknown>).schemaVersion;
  if (typeof found !== 'number' || !Number.isInteger(found) || found < 1) {
    throw new SchemaVersionError('the file has no valid schemaVersion', found);
  }
  if (found > target) {
    throw new SchemaVersionError(
      `the file was written by a newer Masthead (schema ${found}, this version reads up to ${target})`,
      found,
    );
  }
  let data = raw as Record<string, unknown>;
  for (let v = found; v < target; v++) {
    const step = table[v];
    if (!step) throw new SchemaVersionError(`no migration from schema ${v} to ${v + 1}`, found);
    data = { ...step(data), schemaVersion: v + 1 };
  }
  return { data, from: found, changed: found !== target };
}
