import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { z } from 'zod';
import {
  SCHEMA_VERSION,
  type Story,
  type StoryRow,
  StorySummary,
  type Tag,
  summariseStory,
  toStoryRow,
} from '../../shared/model';
import { DurableJsonFile, type DurableFs, ensureDirIn } from './durable-file';
import type { KeyedLock } from './keyed-lock';
import { inPool } from './pool';

/**
 * The library's list: a summary of every story, kept in `index/<xx>.json` (256 shards), so
 * the list needs no story file and a save rewrites one small shard, never the whole index.
 * In memory it is one map, with the sorted list and its rows cached until a story changes.
 */

export const IndexShard = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  stories: z.record(z.string(), StorySummary),
});
export type IndexShard = z.infer<typeof IndexShard>;

export const SHARD_COUNT = 256;

/** A shard's file name: two hex digits. */
export const isShardFile = (name: string): boolean => /^[0-9a-f]{2}\.json$/.test(name);

/** FNV-1a over the id: spreads ids evenly over the shards whatever their shape. */
export function shardOf(id: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % SHARD_COUNT).toString(16).padStart(2, '0');
}

export interface TagCount extends Tag {
  count: number;
}

export class StoryIndex {
  private readonly shards = new Map<string, Low<IndexShard>>();
  private readonly summaries = new Map<string, StorySummary>();
  /** The summaries most recently changed first, kept until a story changes (null: sort again). */
  private listed: StorySummary[] | null = null;
  private rows: StoryRow[] | null = null;

  constructor(
    private readonly root: string,
    private readonly fs: DurableFs,
    private readonly locks: KeyedLock,
  ) {}

  private shard(key: string): Low<IndexShard> {
    let db = this.shards.get(key);
    if (!db) {
      db = new Low<IndexShard>(new DurableJsonFile<IndexShard>(join(this.root, 'index', `${key}.json`), this.fs), {
        schemaVersion: SCHEMA_VERSION,
        stories: {},
      });
      this.shards.set(key, db);
    }
    return db;
  }

  /** A shard as read from disk at open (`key`: its two hex digits). */
  loadShard(key: string, data: IndexShard): void {
    this.shard(key).data = data;
  }

  /** Takes these summaries as the list, without writing (the index on disk already says so, or may not be written). */
  adopt(summaries: Iterable<StorySummary>): void {
    for (const summary of summaries) this.summaries.set(summary.id, summary);
    this.forgetList();
  }

  has(id: string): boolean {
    return this.summaries.has(id);
  }

  get(id: string): StorySummary | undefined {
    return this.summaries.get(id);
  }

  get size(): number {
    return this.summaries.size;
  }

  /** The ids of the library's stories, in no particular order (what the search index builds from). */
  ids(): string[] {
    return [...this.summaries.keys()];
  }

  /** The story's summary with its file's size and mtime as written, for the next open's quick check. */
  async summaryWithFile(story: Story): Promise<StorySummary> {
    const summary = summariseStory(story);
    const info = await stat(join(this.root, 'stories', `${story.id}.json`)).catch(() => null);
    return info ? { ...summary, file: { size: info.size, mtimeMs: info.mtimeMs } } : summary;
  }

  /** Writes every shard afresh from these stories; shards no story maps to any more are emptied. */
  async writeAll(stories: Story[]): Promise<void> {
    const indexDir = await ensureDirIn(this.root, 'index');
    const byShard = new Map<string, Record<string, StorySummary>>();
    for (const file of (await readdir(indexDir)).filter(isShardFile)) {
      byShard.set(file.slice(0, 2), {});
    }
    this.summaries.clear();
    this.forgetList();
    const summaries = new Map<string, StorySummary>();
    await inPool(stories, 16, async (story) => {
      summaries.set(story.id, await this.summaryWithFile(story));
    });
    for (const story of stories) {
      const summary = summaries.get(story.id)!;
      this.summaries.set(story.id, summary);
      this.forgetList();
      const key = shardOf(story.id);
      byShard.set(key, { ...byShard.get(key), [story.id]: summary });
    }
    await inPool([...byShard], 16, async ([key, entries]) => {
      await this.locks.run(`index:${key}`, async () => {
        const db = this.shard(key);
        db.data = { schemaVersion: SCHEMA_VERSION, stories: entries };
        await db.write();
      });
    });
  }

  /** Writes one story's summary into its shard, or takes it out (null). */
  async write(id: string, summary: StorySummary | null): Promise<void> {
    const key = shardOf(id);
    await this.locks.run(`index:${key}`, async () => {
      const db = this.shard(key);
      const stories = { ...db.data.stories };
      if (summary) stories[id] = summary;
      else delete stories[id];
      db.data = { schemaVersion: SCHEMA_VERSION, stories };
      await db.write();
    });
    if (summary) this.summaries.set(id, summary);
    else this.summaries.delete(id);
    this.forgetList();
  }

  private forgetList(): void {
    this.listed = null;
    this.rows = null;
  }

  /** Summaries, most recently changed first. Reads no story file. */
  list(): StorySummary[] {
    if (!this.listed) {
      // Each date parsed once, not once per comparison: 10,000 stories take ~130,000 comparisons.
      const keyed = [...this.summaries.values()].map((summary) => ({ summary, at: Date.parse(summary.updatedAt) }));
      keyed.sort((a, b) => b.at - a.at);
      this.listed = keyed.map((k) => k.summary);
    }
    return [...this.listed];
  }

  /**
   * The list view's rows, in the order of list(): only what the table, its filters and its
   * sort use, so the window's first list is small to check, send and read.
   */
  listRows(): StoryRow[] {
    this.rows ??= this.list().map(toStoryRow);
    return [...this.rows];
  }

  /** The most recently changed stories first, and how many there are: the window's first screen. */
  recentRows(limit: number): { rows: StoryRow[]; total: number } {
    this.rows ??= this.list().map(toStoryRow);
    return { rows: this.rows.slice(0, limit), total: this.rows.length };
  }

  /** Every tag in the library with the number of stories carrying it, most used first. */
  tags(): TagCount[] {
    const counts = new Map<string, TagCount>();
    for (const summary of this.summaries.values()) {
      for (const tag of summary.tags) {
        const key = `${tag.kind}\u0000${tag.name}`;
        const entry = counts.get(key) ?? { ...tag, count: 0 };
        entry.count++;
        counts.set(key, entry);
      }
    }
    return [...counts.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  }
}
