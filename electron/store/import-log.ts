import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ensureDirIn } from './durable-file';
import { exists, writeJson } from './json-file';

/**
 * Which source files were imported, by the SHA-256 of their bytes, and the stories each one
 * made: `imports/<sha256>.json`. Written after each story is saved, so an import killed part
 * way still knows what it made, and a rerun of the same file is noticed instead of making
 * every story twice.
 */
const ImportRecord = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The file's name as it was imported (the latest name, if imported under several). */
  source: z.string().max(1000),
  stories: z.array(z.object({ id: z.string(), headline: z.string(), at: z.string() })),
});
export type ImportRecord = z.infer<typeof ImportRecord>;

export const sourceHash = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export class ImportLog {
  constructor(private readonly root: string) {}

  private path(sha256: string): string {
    return join(this.root, 'imports', `${sha256}.json`);
  }

  /** What this file's bytes made before, or null when they were never imported into this library. */
  async find(sha256: string): Promise<ImportRecord | null> {
    const path = this.path(sha256);
    if (!(await exists(path))) return null;
    try {
      return ImportRecord.parse(JSON.parse(await readFile(path, 'utf8')));
    } catch {
      // A damaged record must not block an import: the file is treated as new.
      return null;
    }
  }

  /** Records one story made from the file with these bytes. */
  async add(sha256: string, source: string, story: { id: string; headline: string }, at: Date): Promise<void> {
    await ensureDirIn(this.root, 'imports');
    const record = (await this.find(sha256)) ?? { sha256, source, stories: [] };
    record.source = source;
    record.stories.push({ id: story.id, headline: story.headline, at: at.toISOString() });
    await writeJson(this.path(sha256), record);
  }
}
