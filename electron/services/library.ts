import { randomUUID } from 'node:crypto';
import { cp, mkdir, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { z } from 'zod';
import {
  Edition,
  type EditionSummary,
  IsoDateTime,
  SCHEMA_VERSION,
  Story,
  type StoryFields,
  type StoryLanguage,
  StorySummary,
  editionMigrations,
  emptyBody,
  indexMigrations,
  migrate,
  summariseEdition,
  summariseStory,
  storyMigrations,
  type RevisionMeta,
  type RevisionSnapshot,
  type Tag,
} from '../../shared/model';
import { AssetStore } from './assets';
import { ServiceError, describeIoError } from './errors';
import { StoryHistory } from './history';
import { exists, readJson, writeJson } from './json-file';
import { KeyedLock } from './keyed-lock';

/**
 * A library is a folder:
 *
 *   library.json            what this folder is (schema version, id, creation time)
 *   index/<xx>.json         256 shards of story summaries, so the list needs no story file
 *                           and a save rewrites one small shard, never the whole index
 *   stories/<id>.json       one file per story
 *   trash/<id>.json         deleted stories, recoverable
 *   history/<id>/<n>.json   a story's revision history, one snapshot per editing session
 *   editions/<id>.json      one file per edition
 *   assets/<sha256>.<ext>   photos, stored once by content hash
 *
 * Every file is read and written through lowdb with explicit JSONFile adapters.
 */

const LibraryManifest = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  id: z.string(),
  createdAt: IsoDateTime,
});
type LibraryManifest = z.infer<typeof LibraryManifest>;

const IndexShard = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  stories: z.record(z.string(), StorySummary),
});
type IndexShard = z.infer<typeof IndexShard>;

export const SHARD_COUNT = 256;

/** Most recent first; timestamps may carry different offsets, so compare instants. */
const byLastChange = (a: StorySummary, b: StorySummary): number => Date.parse(b.updatedAt) - Date.parse(a.updatedAt);

/** FNV-1a over the id: spreads ids evenly over the shards whatever their shape. */
export function shardOf(id: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % SHARD_COUNT).toString(16).padStart(2, '0');
}

export interface LibraryOptions {
  /** A folder holding a sample library, copied in when the folder is new and empty. */
  seedFrom?: string;
  now?: () => Date;
  newId?: () => string;
  /** Refuse a folder that is not a library yet instead of creating one (the CLI's reading commands). */
  mustExist?: boolean;
  /** Who is saving: recorded in history and workflow changes. */
  author?: () => string;
}

/** Told after a story is saved, created, restored (the story) or trashed (null). */
export type StoryListener = (id: string, story: Story | null) => void;

export interface TagCount extends Tag {
  count: number;
}

export interface CreateStoryInput {
  language: StoryLanguage;
  section?: string;
  headline?: string;
}

export interface SaveStoryInput {
  id: string;
  baseRevision: number;
  changes: Partial<StoryFields>;
}

export class Library {
  private readonly locks = new KeyedLock();
  private readonly shards = new Map<string, Low<IndexShard>>();
  private readonly summaries = new Map<string, StorySummary>();
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly author: () => string;
  private readonly listeners = new Set<StoryListener>();
  readonly history: StoryHistory;
  readonly assets: AssetStore;

  private constructor(
    readonly root: string,
    readonly manifest: LibraryManifest,
    options: LibraryOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.author = options.author ?? (() => '');
    this.history = new StoryHistory(root);
    this.assets = new AssetStore(root);
  }

  /** Subscribes to story changes (the search index follows the library this way). */
  onStoryChanged(listener: StoryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(id: string, story: Story | null): void {
    for (const listener of this.listeners) {
      try {
        listener(id, story);
      } catch (error) {
        console.error('[masthead] a story listener failed:', error);
      }
    }
  }

  /**
   * Opens the library in `root`, creating it (from the sample library, when one is given)
   * if the folder is new or empty. A non-empty folder that is not a library is refused,
   * so choosing the wrong folder never writes into someone's documents.
   */
  static async open(root: string, options: LibraryOptions = {}): Promise<{ library: Library; created: boolean }> {
    const manifestPath = join(root, 'library.json');
    let created = false;
    try {
      if (!options.mustExist) await mkdir(root, { recursive: true });
      if (!(await exists(manifestPath))) {
        if (options.mustExist) {
          throw new ServiceError('not-found', `There is no Masthead library in ${root}.`);
        }
        const entries = (await readdir(root)).filter((name) => !name.startsWith('.'));
        if (entries.length > 0) {
          throw new ServiceError(
            'invalid-input',
            `The folder ${root} is not a Masthead library and is not empty. Choose an empty folder or an existing library.`,
          );
        }
        await Library.create(root, options);
        created = true;
      }
    } catch (error) {
      if (error instanceof ServiceError) throw error;
      throw describeIoError(error, `open the library at ${root}`);
    }
    let manifest: LibraryManifest;
    try {
      manifest = await readJson(manifestPath, LibraryManifest, {});
    } catch (error) {
      throw new ServiceError('io', `The library file ${manifestPath} cannot be read: ${(error as Error).message}`);
    }
    const library = new Library(root, manifest, options);
    await library.loadIndex();
    return { library, created };
  }

  private static async create(root: string, options: LibraryOptions): Promise<void> {
    for (const dir of ['index', 'stories', 'trash', 'history', 'editions', 'assets']) {
      await mkdir(join(root, dir), { recursive: true });
    }
    if (options.seedFrom) {
      for (const dir of ['stories', 'editions', 'assets']) {
        const from = join(options.seedFrom, dir);
        if (await exists(from)) await cp(from, join(root, dir), { recursive: true });
      }
    }
    const now = (options.now ?? (() => new Date()))().toISOString();
    // The manifest is written last: a folder without it is an unfinished creation.
    const library = new Library(root, { schemaVersion: SCHEMA_VERSION, id: '', createdAt: now }, options);
    await library.rebuildIndex();
    await writeJson(join(root, 'library.json'), {
      schemaVersion: SCHEMA_VERSION,
      id: (options.newId ?? randomUUID)(),
      createdAt: now,
    } satisfies LibraryManifest);
  }

  private storyPath(id: string): string {
    return join(this.root, 'stories', `${id}.json`);
  }

  private trashPath(id: string): string {
    return join(this.root, 'trash', `${id}.json`);
  }

  private shard(key: string): Low<IndexShard> {
    let db = this.shards.get(key);
    if (!db) {
      db = new Low<IndexShard>(new JSONFile<IndexShard>(join(this.root, 'index', `${key}.json`)), {
        schemaVersion: SCHEMA_VERSION,
        stories: {},
      });
      this.shards.set(key, db);
    }
    return db;
  }

  private async loadIndex(): Promise<void> {
    const indexDir = join(this.root, 'index');
    if (!(await exists(indexDir))) {
      await this.rebuildIndex();
      return;
    }
    const files = (await readdir(indexDir)).filter((f) => /^[0-9a-f]{2}\.json$/.test(f));
    await Promise.all(
      files.map(async (file) => {
        const key = file.slice(0, 2);
        const db = this.shard(key);
        await db.read();
        const shard = IndexShard.parse(migrate(db.data, indexMigrations).data);
        db.data = shard;
        for (const summary of Object.values(shard.stories)) this.summaries.set(summary.id, summary);
      }),
    );
  }

  /** Reads every story file and writes the index afresh. */
  async rebuildIndex(): Promise<void> {
    await mkdir(join(this.root, 'index'), { recursive: true });
    const storiesDir = join(this.root, 'stories');
    const files = (await exists(storiesDir)) ? await readdir(storiesDir) : [];
    const byShard = new Map<string, Record<string, StorySummary>>();
    this.summaries.clear();
    for (const file of files.filter((f) => f.endsWith('.json'))) {
      const story = await readJson(join(storiesDir, file), Story, storyMigrations);
      const summary = summariseStory(story);
      this.summaries.set(story.id, summary);
      const key = shardOf(story.id);
      byShard.set(key, { ...byShard.get(key), [story.id]: summary });
    }
    for (const [key, stories] of byShard) {
      const db = this.shard(key);
      db.data = { schemaVersion: SCHEMA_VERSION, stories };
      await db.write();
    }
  }

  private async writeSummary(id: string, summary: StorySummary | null): Promise<void> {
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
  }

  /** Summaries for the list view, most recently changed first. Reads no story file. */
  listStories(): StorySummary[] {
    return [...this.summaries.values()].sort(byLastChange);
  }

  get storyCount(): number {
    return this.summaries.size;
  }

  async getStory(id: string): Promise<Story> {
    if (!this.summaries.has(id)) throw new ServiceError('not-found', `There is no story ${id} in this library.`);
    try {
      return await readJson(this.storyPath(id), Story, storyMigrations);
    } catch (error) {
      if (error instanceof z.ZodError) {
        throw new ServiceError('io', `The file of story ${id} does not hold a valid story.`);
      }
      throw describeIoError(error, `read story ${id}`);
    }
  }

  async createStory(input: CreateStoryInput): Promise<Story> {
    return this.addStory(
      { language: input.language, section: input.section ?? '', headline: input.headline ?? '' },
      'create',
    );
  }

  /** A story made from imported copy; its first history snapshot says so. */
  async importStory(fields: Partial<StoryFields> & Pick<StoryFields, 'language'>): Promise<Story> {
    return this.addStory(fields, 'import');
  }

  private async addStory(
    fields: Partial<StoryFields> & Pick<StoryFields, 'language'>,
    kind: 'create' | 'import',
  ): Promise<Story> {
    const at = this.now();
    const now = at.toISOString();
    const author = this.author();
    const story = Story.parse({
      schemaVersion: SCHEMA_VERSION,
      id: this.newId(),
      slug: '',
      section: '',
      status: 'draft',
      kicker: '',
      headline: '',
      subheadline: '',
      byline: '',
      dateline: '',
      body: emptyBody(),
      tags: [],
      targetLength: null,
      notes: '',
      fit: null,
      ...fields,
      createdAt: now,
      updatedAt: now,
      revision: 1,
      createdBy: author,
      updatedBy: author,
      statusHistory: [{ status: fields.status ?? 'draft', by: author, at: now }],
    } satisfies Story);
    await this.locks.run(`story:${story.id}`, async () => {
      await this.writeStory(story);
      await this.history.record(story, kind, author, at);
    });
    this.emit(story.id, story);
    return story;
  }

  /**
   * Saves the changed fields of one story: writes that story's file and its index shard,
   * nothing else. A save based on an older revision than the one on disk is refused, so
   * two windows can never silently overwrite each other's work.
   */
  async saveStory({ id, baseRevision, changes }: SaveStoryInput): Promise<Story> {
    return this.commit(id, baseRevision, changes, 'edit', null);
  }

  /** Brings back a snapshot's text as a new revision; the restore is itself in the history. */
  async restoreRevision(id: string, snapshot: number, baseRevision: number): Promise<Story> {
    let old: RevisionSnapshot;
    try {
      old = await this.history.read(id, snapshot);
    } catch {
      throw new ServiceError('not-found', `Story ${id} has no revision snapshot ${snapshot}.`);
    }
    return this.commit(id, baseRevision, old.fields, 'restore', snapshot);
  }

  async listRevisions(id: string): Promise<RevisionMeta[]> {
    if (!this.summaries.has(id)) throw new ServiceError('not-found', `There is no story ${id} in this library.`);
    return this.history.list(id);
  }

  async getRevision(id: string, snapshot: number): Promise<RevisionSnapshot> {
    try {
      return await this.history.read(id, snapshot);
    } catch {
      throw new ServiceError('not-found', `Story ${id} has no revision snapshot ${snapshot}.`);
    }
  }

  private async commit(
    id: string,
    baseRevision: number,
    changes: Partial<StoryFields>,
    kind: 'edit' | 'restore',
    restoredFrom: number | null,
  ): Promise<Story> {
    const next = await this.locks.run(`story:${id}`, async () => {
      const current = await this.getStory(id);
      if (current.revision !== baseRevision) {
        throw new ServiceError(
          'conflict',
          `Story ${id} was changed elsewhere (revision ${current.revision}, this edit started from ${baseRevision}).`,
        );
      }
      const at = this.now();
      const author = this.author();
      const status = changes.status ?? current.status;
      const story = Story.parse({
        ...current,
        ...changes,
        id: current.id,
        schemaVersion: SCHEMA_VERSION,
        createdAt: current.createdAt,
        createdBy: current.createdBy,
        updatedAt: at.toISOString(),
        updatedBy: author,
        revision: current.revision + 1,
        statusHistory:
          status === current.status
            ? current.statusHistory
            : [...current.statusHistory, { status, by: author, at: at.toISOString() }],
      });
      try {
        // A story with no history yet keeps its text from before this first edit as the
        // baseline, so the first change can be compared and undone like any other.
        if (await this.history.isEmpty(id)) {
          await this.history.record(
            current,
            'create',
            current.updatedBy || current.createdBy,
            new Date(current.updatedAt),
          );
        }
      } catch (error) {
        console.error(`[masthead] history baseline of ${id} not written:`, error);
      }
      await this.writeStory(story);
      try {
        await this.history.record(story, kind, author, at, restoredFrom);
      } catch (error) {
        // The story itself is saved; a history that could not be written is reported, not fatal.
        console.error(`[masthead] history of ${id} not written:`, error);
      }
      return story;
    });
    this.emit(id, next);
    return next;
  }

  /** Every tag in the library with the number of stories carrying it, most used first. */
  listTags(): TagCount[] {
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

  private async writeStory(story: Story): Promise<void> {
    try {
      await writeJson(this.storyPath(story.id), story);
      await this.writeSummary(story.id, summariseStory(story));
    } catch (error) {
      throw describeIoError(error, `save story ${story.id}`);
    }
  }

  /** Moves a story to the trash folder; restoreStory brings it back. */
  async trashStory(id: string): Promise<void> {
    await this.locks.run(`story:${id}`, async () => {
      if (!this.summaries.has(id)) throw new ServiceError('not-found', `There is no story ${id} in this library.`);
      try {
        await mkdir(join(this.root, 'trash'), { recursive: true });
        await rename(this.storyPath(id), this.trashPath(id));
        await this.writeSummary(id, null);
      } catch (error) {
        throw describeIoError(error, `move story ${id} to the trash`);
      }
    });
    this.emit(id, null);
  }

  async listTrash(): Promise<StorySummary[]> {
    const dir = join(this.root, 'trash');
    const files = (await exists(dir)) ? await readdir(dir) : [];
    const out: StorySummary[] = [];
    for (const file of files.filter((f) => f.endsWith('.json'))) {
      try {
        out.push(summariseStory(await readJson(join(dir, file), Story, storyMigrations)));
      } catch {
        // An unreadable file in the trash does not hide the others; recovery handles it.
      }
    }
    return out.sort(byLastChange);
  }

  async restoreStory(id: string): Promise<Story> {
    const story = await this.locks.run(`story:${id}`, async () => {
      if (!(await exists(this.trashPath(id)))) throw new ServiceError('not-found', `Story ${id} is not in the trash.`);
      if (this.summaries.has(id)) throw new ServiceError('conflict', `Story ${id} is already in the library.`);
      try {
        const story = await readJson(this.trashPath(id), Story, storyMigrations);
        await rename(this.trashPath(id), this.storyPath(id));
        await this.writeSummary(id, summariseStory(story));
        return story;
      } catch (error) {
        throw describeIoError(error, `restore story ${id}`);
      }
    });
    this.emit(id, story);
    return story;
  }

  async listEditions(): Promise<EditionSummary[]> {
    const dir = join(this.root, 'editions');
    const files = (await exists(dir)) ? await readdir(dir) : [];
    const out: EditionSummary[] = [];
    for (const file of files.filter((f) => f.endsWith('.json'))) {
      out.push(summariseEdition(await readJson(join(dir, file), Edition, editionMigrations)));
    }
    return out.sort((a, b) => b.date.localeCompare(a.date));
  }

  async getEdition(id: string): Promise<Edition> {
    const path = join(this.root, 'editions', `${id}.json`);
    if (!(await exists(path))) throw new ServiceError('not-found', `There is no edition ${id} in this library.`);
    return readJson(path, Edition, editionMigrations);
  }
}
