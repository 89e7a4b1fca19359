import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  type RevisionMeta,
  type RevisionSnapshot,
  SCHEMA_VERSION,
  Story,
  StoryFields,
  type StoryLanguage,
  type StorySummary,
  emptyBody,
  storyMigrations,
  summariseStory,
} from '../../shared/model';
import type { DeskRole } from '../../shared/model/workflow';
import { ServiceError, describeIoError } from '../rpc/errors';
import { assertEditableBody } from './body-check';
import { type DurableFs, ensureDirIn, moveDurably } from './durable-file';
import type { StoryHistory } from './history';
import { exists, readJson, writeJson } from './json-file';
import type { KeyedLock } from './keyed-lock';
import { isDataFile } from './pool';
import { statusAfterSave } from './save-status';
import type { StoryIndex } from './story-index';
import { assertStartStatus } from './story-workflow';

/** Told after a story is saved, created, restored (the story) or trashed (null). */
export type StoryListener = (id: string, story: Story | null) => void;

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

export interface StoryStoreOptions {
  fs: DurableFs;
  locks: KeyedLock;
  index: StoryIndex;
  history: StoryHistory;
  now: () => Date;
  newId: () => string;
  /** Who is saving: recorded in history and workflow changes. */
  author: () => string;
  /** The desk role the workflow checks moves against. */
  role: () => DeskRole;
}

/** Most recent first; timestamps may carry different offsets, so compare instants. */
const byLastChange = (a: StorySummary, b: StorySummary): number => Date.parse(b.updatedAt) - Date.parse(a.updatedAt);

/**
 * The library's stories: one file each in `stories/`, its summary in the index and its
 * sessions in the history. Every write takes the story's lock; a save names the revision it
 * started from, moves the status only by a step of the workflow, and keeps a body the
 * editor can load; deleted stories wait in `trash/`.
 */
export class StoryStore {
  private readonly listeners = new Set<StoryListener>();

  constructor(
    private readonly root: string,
    private readonly options: StoryStoreOptions,
  ) {}

  path(id: string): string {
    return join(this.root, 'stories', `${id}.json`);
  }

  private trashPath(id: string): string {
    return join(this.root, 'trash', `${id}.json`);
  }

  /** Subscribes to story changes (the search index follows the library this way). */
  onChanged(listener: StoryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(id: string, story: Story | null): void {
    for (const listener of this.listeners) {
      try {
        listener(id, story);
      } catch (error) {
        console.error('[masthead] a story listener failed:', error);
      }
    }
  }

  async get(id: string): Promise<Story> {
    if (!this.options.index.has(id)) throw new ServiceError('not-found', `There is no story ${id} in this library.`);
    try {
      return await readJson(this.path(id), Story, storyMigrations);
    } catch (error) {
      if (error instanceof z.ZodError) {
        throw new ServiceError('io', `The file of story ${id} does not hold a valid story.`);
      }
      throw describeIoError(error, `read story ${id}`);
    }
  }

  /** The stories with these ids, in the order asked; ids not in the library are left out. */
  async getMany(ids: readonly string[]): Promise<Story[]> {
    const unique = [...new Set(ids)].filter((id) => this.options.index.has(id));
    const out: Story[] = [];
    for (const id of unique) out.push(await this.get(id));
    return out;
  }

  async create(input: CreateStoryInput): Promise<Story> {
    return this.add(
      { language: input.language, section: input.section ?? '', headline: input.headline ?? '' },
      'create',
    );
  }

  /** A story made from imported copy; its first history snapshot says so. */
  async import(fields: Partial<StoryFields> & Pick<StoryFields, 'language'>): Promise<Story> {
    return this.add(fields, 'import');
  }

  private async add(
    fields: Partial<StoryFields> & Pick<StoryFields, 'language'>,
    kind: 'create' | 'import',
  ): Promise<Story> {
    const what = kind === 'import' ? 'The imported story cannot be added' : 'The story cannot be created';
    assertStartStatus(fields.status ?? 'draft', this.options.role(), what);
    const at = this.options.now();
    const now = at.toISOString();
    const author = this.options.author();
    const story = Story.parse({
      schemaVersion: SCHEMA_VERSION,
      id: this.options.newId(),
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
    assertEditableBody(story.body, what);
    await this.options.locks.run(`story:${story.id}`, async () => {
      await this.write(story);
      await this.options.history.record(story, kind, author, at, null, this.options.index.get(story.id));
    });
    this.emit(story.id, story);
    return story;
  }

  /**
   * Saves the changed fields of one story: writes that story's file and its index shard,
   * nothing else. A save based on an older revision than the one on disk is refused, so
   * two windows can never silently overwrite each other's work.
   */
  async save({ id, baseRevision, changes }: SaveStoryInput): Promise<Story> {
    return this.commit(id, baseRevision, changes, 'edit', null);
  }

  /** Brings back a snapshot's text as a new revision; the restore is itself in the history. */
  async restoreRevision(id: string, snapshot: number, baseRevision: number): Promise<Story> {
    let old: RevisionSnapshot;
    try {
      old = await this.options.history.read(id, snapshot);
    } catch {
      throw new ServiceError('not-found', `Story ${id} has no revision snapshot ${snapshot}.`);
    }
    return this.commit(id, baseRevision, old.fields, 'restore', snapshot);
  }

  /**
   * Keeps the story as it is now as a version of its own (Ctrl/⌘+S), with an optional name:
   * a checkpoint that thinning never removes. The story itself does not change.
   */
  async markRevision(id: string, name: string | null): Promise<RevisionMeta> {
    const { history } = this.options;
    return this.options.locks.run(`story:${id}`, async () => {
      const story = await this.get(id);
      if (await history.isEmpty(id)) {
        await history.record(story, 'create', story.updatedBy || story.createdBy, new Date(story.updatedAt));
      }
      const mark = name?.trim() ? { name: name.trim() } : {};
      return history.record(
        story,
        'checkpoint',
        this.options.author(),
        this.options.now(),
        null,
        this.options.index.get(id),
        mark,
      );
    });
  }

  async listRevisions(id: string): Promise<RevisionMeta[]> {
    if (!this.options.index.has(id)) throw new ServiceError('not-found', `There is no story ${id} in this library.`);
    return this.options.history.list(id);
  }

  async getRevision(id: string, snapshot: number): Promise<RevisionSnapshot> {
    try {
      return await this.options.history.read(id, snapshot);
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
    const { history } = this.options;
    const next = await this.options.locks.run(`story:${id}`, async () => {
      const current = await this.get(id);
      if (current.revision !== baseRevision) {
        throw new ServiceError(
          'conflict',
          `Story ${id} was changed elsewhere (revision ${current.revision}, this edit started from ${baseRevision}).`,
        );
      }
      const at = this.options.now();
      const author = this.options.author();
      const role = this.options.role();
      const { status, statusHistory } = statusAfterSave(current, changes, kind, restoredFrom, author, at, role);
      const story = Story.parse({
        ...current,
        ...changes,
        status,
        id: current.id,
        schemaVersion: SCHEMA_VERSION,
        createdAt: current.createdAt,
        createdBy: current.createdBy,
        updatedAt: at.toISOString(),
        updatedBy: author,
        revision: current.revision + 1,
        statusHistory,
      });
      if (changes.body !== undefined) assertEditableBody(story.body, `Story ${id} cannot be saved`);
      try {
        // A story with no history yet keeps its text from before this first edit as the
        // baseline, so the first change can be compared and undone like any other.
        if (await history.isEmpty(id)) {
          await history.record(current, 'create', current.updatedBy || current.createdBy, new Date(current.updatedAt));
        }
      } catch (error) {
        console.error(`[masthead] history baseline of ${id} not written:`, error);
      }
      await this.write(story);
      try {
        await history.record(story, kind, author, at, restoredFrom, this.options.index.get(id), {
          statusChanged: status !== current.status,
        });
      } catch (error) {
        // The story itself is saved; a history that could not be written is reported, not fatal.
        console.error(`[masthead] history of ${id} not written:`, error);
      }
      return story;
    });
    this.emit(id, next);
    return next;
  }

  /**
   * Writes a story as another desk left it (the newsroom's sync, electron/newsroom/client): a
   * new revision here whose history snapshot names that desk's author and time. No workflow
   * check: the move was checked where it was made and by the newsroom server. A story that
   * is in this library's trash comes back (`restored`): it was edited elsewhere after it was
   * deleted here. Nothing is written when the story already reads the same.
   */
  async putFromElsewhere(
    incoming: Omit<Story, 'revision'>,
    author: string,
    at: Date,
  ): Promise<{ story: Story; created: boolean; restored: boolean; changed: boolean }> {
    const { history, index } = this.options;
    const result = await this.options.locks.run(`story:${incoming.id}`, async () => {
      const current = index.has(incoming.id) ? await this.get(incoming.id) : null;
      const restored = !current && (await exists(this.trashPath(incoming.id)));
      if (current) {
        const { revision: _revision, ...same } = current;
        if (JSON.stringify(StoryFields.parse(same)) === JSON.stringify(StoryFields.parse(incoming))) {
          if (same.updatedAt === incoming.updatedAt)
            return { story: current, created: false, restored, changed: false };
        }
      }
      const story = Story.parse({ ...incoming, revision: (current?.revision ?? 0) + 1 });
      if (current) {
        try {
          if (await history.isEmpty(story.id)) {
            await history.record(
              current,
              'create',
              current.updatedBy || current.createdBy,
              new Date(current.updatedAt),
            );
          }
        } catch (error) {
          console.error(`[masthead] history baseline of ${story.id} not written:`, error);
        }
      }
      await this.write(story);
      if (restored) await rm(this.trashPath(story.id), { force: true });
      try {
        await history.record(story, current ? 'edit' : 'create', author, at, null, index.get(story.id), {
          statusChanged: current !== null && current.status !== story.status,
          apart: true,
        });
      } catch (error) {
        console.error(`[masthead] history of ${story.id} not written:`, error);
      }
      return { story, created: !current, restored, changed: true };
    });
    if (result.changed) this.emit(result.story.id, result.story);
    return result;
  }

  /** Writes the story's file and then its summary; the caller holds the story's lock. */
  async write(story: Story): Promise<void> {
    try {
      await writeJson(this.path(story.id), story, this.options.fs);
      await this.options.index.write(story.id, await this.options.index.summaryWithFile(story));
    } catch (error) {
      throw describeIoError(error, `save story ${story.id}`);
    }
  }

  /** Moves a story to the trash folder; restore brings it back. */
  async trash(id: string): Promise<void> {
    await this.options.locks.run(`story:${id}`, async () => {
      if (!this.options.index.has(id)) throw new ServiceError('not-found', `There is no story ${id} in this library.`);
      try {
        await ensureDirIn(this.root, 'trash');
        await moveDurably(this.path(id), this.trashPath(id));
        await this.options.index.write(id, null);
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
    for (const file of files.filter(isDataFile)) {
      try {
        out.push(summariseStory(await readJson(join(dir, file), Story, storyMigrations)));
      } catch {
        // An unreadable file in the trash does not hide the others; recovery handles it.
      }
    }
    return out.sort(byLastChange);
  }

  async restore(id: string): Promise<Story> {
    const story = await this.options.locks.run(`story:${id}`, async () => {
      if (!(await exists(this.trashPath(id)))) throw new ServiceError('not-found', `Story ${id} is not in the trash.`);
      if (this.options.index.has(id)) throw new ServiceError('conflict', `Story ${id} is already in the library.`);
      try {
        const story = await readJson(this.trashPath(id), Story, storyMigrations);
        await moveDurably(this.trashPath(id), this.path(id));
        await this.options.index.write(id, await this.options.index.summaryWithFile(story));
        return story;
      } catch (error) {
        throw describeIoError(error, `restore story ${id}`);
      }
    });
    this.emit(id, story);
    return story;
  }
}
