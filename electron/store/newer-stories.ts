import { readFile } from 'node:fs/promises';
import { basename, join, sep } from 'node:path';
import { z } from 'zod';
import { Id, IsoDateTime, StoryLanguage, type StoryRow, StoryStatus } from '../../shared/model';

/**
 * Story files written by a newer Masthead (recovery's `skippedNewer`) cannot be read as
 * stories, but they must not vanish from the list: each becomes a row marked unreadable, with
 * whatever its file says plainly enough (headline, section, time), read without trusting the
 * newer schema. These rows are never opened, edited or written; the file stays as it is.
 */
export async function readNewerStoryRows(root: string, skippedNewer: readonly string[]): Promise<StoryRow[]> {
  const files = skippedNewer.filter((path) => path.startsWith(`stories${sep}`) && path.endsWith('.json'));
  const rows: StoryRow[] = [];
  for (const file of files) {
    const id = basename(file, '.json');
    let raw: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(await readFile(join(root, file), 'utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) raw = parsed as Record<string, unknown>;
    } catch {
      // Unreadable text: the row still stands for the file, by its name.
    }
    const field = <T>(schema: z.ZodType<T>, value: unknown, fallback: T): T => {
      const checked = schema.safeParse(value);
      return checked.success ? checked.data : fallback;
    };
    const text = (value: unknown) => field(z.string().max(2000), value, '');
    const updatedAt = field(IsoDateTime, raw.updatedAt, new Date(0).toISOString());
    const count = (value: unknown) => field(z.number().int().nonnegative(), value, 0);
    rows.push({
      id: field(Id, raw.id, id),
      headline: text(raw.headline),
      kicker: text(raw.kicker),
      section: text(raw.section),
      status: field(StoryStatus, raw.status, 'draft'),
      language: field(StoryLanguage, raw.language, 'zh-Hans'),
      charCount: count(raw.charCount),
      wordCount: count(raw.wordCount),
      updatedAt,
      byline: text(raw.byline),
      tags: [],
      createdBy: text(raw.createdBy),
      updatedBy: text(raw.updatedBy),
      unreadable: 'newer-version',
    });
  }
  return rows;
}

/** The first screen's rows with the unreadable ones after them (room permitting), all counted. */
export function withNewerRows(
  recent: { rows: StoryRow[]; total: number },
  newer: readonly StoryRow[],
  limit: number,
): { rows: StoryRow[]; total: number } {
  const room = Math.max(0, limit - recent.rows.length);
  return { rows: [...recent.rows, ...newer.slice(0, room)], total: recent.total + newer.length };
}
