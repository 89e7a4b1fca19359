import { randomUUID } from 'node:crypto';
import { cp, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { z } from 'zod';
import {
  Edition,
  type EditionSummary,
  type NewEdition,
  Id,
  IsoDateTime,
  type MigrationTable,
  SCHEMA_VERSION,
  Story,
  type StoryFields,
  type StoryInput,
  type StoryLanguage,
  type StoryRow,
  StorySummary,
  editionMigrations,
  emptyBody,
  indexMigrations,
  summariseEdition,
  summariseStory,
  storyMigrations,
  toStoryRow,
  type RevisionMeta,
  type RevisionSnapshot,
  type Tag,
} from '../../shared/model';
import { onGrid, templateOf, validateTemplate, withDerivedCharsPerLine } from '../../shared/layout/grid';
import { renumberPages } from '../../shared/layout/jumps';
import { builtInTemplates, findTemplate } from '../../shared/model/templates';
import { type DeskRole, FULL_RIGHTS } from '../../shared/model/workflow';
import { AssetStore } from './assets';
import { assertEditableBody } from './body-check';
import { finishInterruptedRestore } from './restore-swap';
import { readNewerStoryRows, withNewerRows } from './newer-stories';
import { recordRepair } from './repair-log';
import { ServiceError, describeIoError } from '../rpc/errors';
import { StoryHistory } from './history';
import { assertStartStatus } from './story-workflow';
import { statusAfterSave } from './save-status';
import {
  DurableJsonFile,
  type DurableFs,
  ensureDirIn,
  moveDurably,
  nodeDurableFs,
  removeStaleTemps,
} from './durable-file';
import { exists, readJson, readJsonVersioned, writeJson } from './json-file';
import { KeyedLock } from './keyed-lock';
import { Quarantine, type RecoveryReport, backupBeforeMigration, emptyReport, isDamage, isNewer } from './recovery';

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
 * Every file is written durably (durable-file.ts: temp file, fsync, rename, fsync of the
 * folder), so a crash leaves each file whole, old or new. Opening checks every file and
 * repairs what is damaged (recovery.ts): quarantine/<time>/ keeps damaged files, a story
 * comes back from its newest readable snapshot, the index is rebuilt from the stories.
 * backups/pre-migration-… holds the library as it was before a schema migration.
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

/** The author of a revision written by recovery at open, as history shows it. */
export const RECOVERY_AUTHOR = 'recovery';

/** A story or edition file: `<id>.json`, not a temporary file of a write under way. */
const isDataFile = (name: string): boolean => name.endsWith('.json') && !name.startsWith('.');

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
  /** The desk role the workflow checks moves against; a single-user desk has full rights. */
  role?: () => DeskRole;
  /** Migration tables and target version; tests stand in for a future schema this way. */
  migrations?: LibraryMigrations;
  /** The file operations of story and index writes; tests inject disk-full and read-only failures. */
  fs?: DurableFs;
  /**
   * Who is opening, for the repair log (repair-log.ts): `Masthead` for the app, the command
   * for the CLI. The app's own repairs are shown as it opens; a command's wait for the app.
   */
  openedBy?: { name: string; app: boolean };
  /**
   * Another Masthead holds the library: opening checks it but repairs nothing (no quarantine,
   * no migration, no index rewrite); damaged stories are left out and reported as lost.
   */
  readOnly?: boolean;
}

export interface LibraryMigrations {
  story?: MigrationTable;
  edition?: MigrationTable;
  index?: MigrationTable;
  manifest?: MigrationTable;
  target?: number;
}

const resolveMigrations = (m: LibraryMigrations = {}): Required<LibraryMigrations> => ({
  story: m.story ?? storyMigrations,
  edition: m.edition ?? editionMigrations,
  index: m.index ?? indexMigrations,
  manifest: m.manifest ?? {},
  target: m.target ?? SCHEMA_VERSION,
});

/** Runs `work` over `items`, `limit` at a time. */
async function inPool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** The folders a library holds; each must be a folder. */
const LIBRARY_FOLDERS = ['index', 'stories', 'trash', 'history', 'editions', 'assets'] as const;

/** A folder that has a library's stories and history but lost its library.json. */
async function isOrphanedLibrary(root: string): Promise<boolean> {
  const isDir = (name: string) =>
    stat(join(root, name)).then(
      (s) => s.isDirectory(),
      () => false,
    );
  if (!(await isDir('stories'))) return false;
  const stories = (await readdir(join(root, 'stories'))).filter(isDataFile);
  return stories.length > 0 && ((await isDir('index')) || (await isDir('history')));
}

/**
 * A library folder replaced by a file (a sync tool, a mistaken copy) would fail deep inside
 * with ENOTDIR. The index is rebuilt from the stories, so a file in its place is set aside;
 * any other is named, for the user to move away, and nothing is touched.
 */
async function checkFolders(root: string, readOnly: boolean, quarantine: Quarantine): Promise<void> {
  for (const name of LIBRARY_FOLDERS) {
    const path = join(root, name);
    const info = await stat(path).catch(() => null);
    if (!info || info.isDirectory()) continue;
    if (name === 'index' && !readOnly) {
      await quarantine.put(path);
      await mkdir(path);
      continue;
    }
    throw new ServiceError(
      'io',
      `The library at ${root} cannot be opened: ${path} should be a folder but is a file. Move that file somewhere else (keep it: it may hold something), then open the library again; nothing was changed.`,
    );
  }
}

/** A damaged story brought back from its newest readable snapshot, as a new revision by recovery. */
const storyFromSnapshot = (id: string, snapshot: RevisionSnapshot, at: Date): Story =>
  Story.parse({
    ...snapshot.fields,
    schemaVersion: SCHEMA_VERSION,
    id,
    createdAt: snapshot.startedAt,
    updatedAt: at.toISOString(),
    revision: snapshot.revision + 1,
    createdBy: '',
    updatedBy: RECOVERY_AUTHOR,
    statusHistory: [],
  } satisfies StoryInput);

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
  private readonly role: () => DeskRole;
  private readonly listeners = new Set<StoryListener>();
  private readonly fs: DurableFs;
  private readonly readOnly: boolean;
  /** What opening found damaged and repaired; empty when all was well. */
  recovery: RecoveryReport = emptyReport();
  /** Story files a newer Masthead wrote: listed as unreadable rows, never opened or written. */
  newerStoryRows: StoryRow[] = [];
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
    this.role = options.role ?? (() => FULL_RIGHTS);
    this.fs = options.fs ?? nodeDurableFs;
    this.readOnly = options.readOnly ?? false;
    this.history = new StoryHistory(root);
    this.assets = new AssetStore(root);
  }

  /** Opened read-only: another Masthead holds it, and this one repairs nothing. */
  get isReadOnly(): boolean {
    return this.readOnly;
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
  static async open(
    root: string,
    options: LibraryOptions = {},
  ): Promise<{ library: Library; created: boolean; recovery: RecoveryReport }> {
    const manifestPath = join(root, 'library.json');
    let created = false;
    // A restore stopped between two renames is finished or undone first: until then the
    // folder may even lack its library.json.
    let interruptedRestore: RecoveryReport['interruptedRestore'] = null;
    let manifestMissing = false;
    try {
      if (!options.readOnly) interruptedRestore = await finishInterruptedRestore(root);
      if (!options.mustExist) await mkdir(root, { recursive: true });
      if (!(await exists(manifestPath)) && (await isOrphanedLibrary(root))) {
        // The stories are there but library.json is gone (deleted by hand, a sync tool): the
        // library is recovered with a new one, as when it is damaged, never refused or emptied.
        manifestMissing = true;
      } else if (!(await exists(manifestPath))) {
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
    const at = (options.now ?? (() => new Date()))();
    const m = resolveMigrations(options.migrations);
    const report = emptyReport();
    report.interruptedRestore = interruptedRestore;
    const quarantine = new Quarantine(root, at, report);
    let manifest: { data: LibraryManifest; from: number; changed: boolean } | null = null;
    try {
      manifest = await readJsonVersioned(manifestPath, LibraryManifest, m.manifest, m.target);
    } catch (error) {
      if (isNewer(error)) {
        throw new ServiceError('io', `The library at ${root} cannot be opened: ${(error as Error).message}.`);
      }
      if (!isDamage(error) && !manifestMissing) throw describeIoError(error, `read the library file ${manifestPath}`);
    }
    const library = new Library(
      root,
      manifest?.data ?? {
        schemaVersion: SCHEMA_VERSION,
        id: (options.newId ?? randomUUID)(),
        createdAt: at.toISOString(),
      },
      options,
    );
    try {
      if (!manifest && !options.readOnly) {
        // Damaged: kept in quarantine and written afresh (after any migration backup, below).
        if (!manifestMissing) await quarantine.put(manifestPath);
        report.recreatedManifest = true;
      }
      await checkFolders(root, options.readOnly ?? false, quarantine);
      await library.recover(report, quarantine, m, at, manifest);
    } catch (error) {
      if (error instanceof ServiceError) throw error;
      throw describeIoError(error, `open the library at ${root}`);
    }
    library.recovery = report;
    library.newerStoryRows = await readNewerStoryRows(root, report.skippedNewer);
    if (!options.readOnly) {
      const by = options.openedBy ?? { name: 'Masthead', app: true };
      report.logFile = await recordRepair(root, report, by.name, at, by.app).catch((error: unknown) => {
        console.error('[masthead] the repair log was not written:', error);
        return null;
      });
    }
    return { library, created, recovery: report };
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
    // The manifest is written last: a folder without it is an unfinished creation. The
    // index is built when the library is opened right after.
    await writeJson(join(root, 'library.json'), {
      schemaVersion: SCHEMA_VERSION,
      id: (options.newId ?? randomUUID)(),
      createdAt: (options.now ?? (() => new Date()))().toISOString(),
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
      db = new Low<IndexShard>(new DurableJsonFile<IndexShard>(join(this.root, 'index', `${key}.json`), this.fs), {
        schemaVersion: SCHEMA_VERSION,
        stories: {},
      });
      this.shards.set(key, db);
    }
    return db;
  }

  /**
   * Checks every file of the library as it opens, and repairs what it can: temporary files
   * of interrupted writes are removed; damaged files go to quarantine; a damaged story
   * comes back from its newest readable snapshot; the index is rebuilt when it does not
   * match the stories; files of an older schema are migrated after a backup.
   */
  private async recover(
    report: RecoveryReport,
    quarantine: Quarantine,
    m: Required<LibraryMigrations>,
    at: Date,
    manifest: { from: number; changed: boolean } | null,
  ): Promise<void> {
    const repair = !this.readOnly;
    for (const dir of repair ? ['', 'index', 'stories', 'editions', 'trash', 'assets'] : []) {
      report.removedTemps += (await removeStaleTemps(join(this.root, dir))).length;
    }
    const froms: number[] = manifest?.changed ? [manifest.from] : [];

    // The index as it is on disk.
    const indexDir = join(this.root, 'index');
    let indexSound = await exists(indexDir);
    const indexed = new Map<string, StorySummary>();
    const shardFiles = indexSound ? (await readdir(indexDir)).filter((f) => /^[0-9a-f]{2}\.json$/.test(f)) : [];
    await inPool(shardFiles, 16, async (file) => {
      const path = join(indexDir, file);
      try {
        const { data, changed, from } = await readJsonVersioned(path, IndexShard, m.index, m.target);
        if (changed) froms.push(from);
        this.shard(file.slice(0, 2)).data = data;
        for (const summary of Object.values(data.stories)) indexed.set(summary.id, summary);
      } catch (error) {
        if (isDamage(error)) {
          if (repair) await quarantine.put(path);
        } else if (!isNewer(error)) throw error;
        indexSound = false;
      }
    });

    // Every story file, and every edition. A story file whose size and mtime are what its
    // index entry recorded when the library wrote it is known good without reading it: the
    // check reads only files changed since (a crash between a story's write and its shard's,
    // or a change from outside), which keeps opening 10,000 stories fast. A library being
    // migrated, or whose index is unsound, has every file read.
    const stories = new Map<string, Story>();
    const trusted = new Set<string>();
    const migratedStories: Story[] = [];
    const damaged: string[] = [];
    const storiesDir = join(this.root, 'stories');
    const storyFiles = (await exists(storiesDir)) ? (await readdir(storiesDir)).filter(isDataFile) : [];
    const quick = indexSound && froms.length === 0 && !report.recreatedManifest;
    await inPool(storyFiles, 16, async (file) => {
      const path = join(storiesDir, file);
      const id = file.slice(0, -'.json'.length);
      const recorded = quick ? indexed.get(id)?.file : undefined;
      if (recorded) {
        const info = await stat(path).catch(() => null);
        if (info && info.size === recorded.size && info.mtimeMs === recorded.mtimeMs) {
          trusted.add(id);
          return;
        }
      }
      try {
        const { data, changed, from } = await readJsonVersioned(path, Story, m.story, m.target);
        if (data.id !== id) {
          // A story file renamed by hand: listed under its id, it could not be opened by it.
          // It gets its own name back; a second copy of a story already there is set aside.
          const proper = this.storyPath(data.id);
          if (!repair) return;
          if (!(await exists(proper)) && Id.safeParse(data.id).success) {
            await moveDurably(path, proper);
            report.renamed = [
              ...(report.renamed ?? []),
              { from: join('stories', file), to: join('stories', `${data.id}.json`) },
            ];
          } else {
            await quarantine.put(path);
            return;
          }
        }
        stories.set(data.id, data);
        if (changed) {
          froms.push(from);
          migratedStories.push(data);
        }
      } catch (error) {
        if (isNewer(error)) report.skippedNewer.push(join('stories', file));
        else if (isDamage(error)) {
          if (repair) await quarantine.put(path);
          damaged.push(file.slice(0, -'.json'.length));
        } else throw error;
      }
    });
    const editionsDir = join(this.root, 'editions');
    const editionFiles = (await exists(editionsDir)) ? (await readdir(editionsDir)).filter(isDataFile) : [];
    const migratedEditions: { path: string; data: Edition }[] = [];
    await inPool(editionFiles, 16, async (file) => {
      const path = join(editionsDir, file);
      try {
        const { data, changed, from } = await readJsonVersioned(path, Edition, m.edition, m.target);
        if (changed) {
          froms.push(from);
          migratedEditions.push({ path, data });
        }
      } catch (error) {
        if (isNewer(error)) report.skippedNewer.push(join('editions', file));
        else if (isDamage(error)) {
          if (repair) await quarantine.put(path);
        } else throw error;
      }
    });

    // The trash is checked like the stories: a damaged file there would make every later
    // backup unrestorable. It comes back from its newest snapshot, still in the trash.
    const trashDir = join(this.root, 'trash');
    const trashFiles = (await exists(trashDir)) ? (await readdir(trashDir)).filter(isDataFile) : [];
    await inPool(trashFiles, 16, async (file) => {
      const path = join(trashDir, file);
      try {
        await readJsonVersioned(path, Story, m.story, m.target);
      } catch (error) {
        if (isNewer(error)) report.skippedNewer.push(join('trash', file));
        else if (isDamage(error)) {
          if (repair) await this.repairTrashed(path, file.slice(0, -'.json'.length), quarantine, report, at);
        } else throw error;
      }
    });

    // Migration: the whole library is copied aside before the first migrated file is written.
    if (froms.length > 0 && repair) {
      const from = Math.min(...froms);
      const backup = await backupBeforeMigration(this.root, from, m.target, at);
      for (const story of migratedStories) await writeJson(this.storyPath(story.id), story, this.fs);
      for (const { path, data } of migratedEditions) await writeJson(path, data, this.fs);
      await writeJson(join(this.root, 'library.json'), this.manifest, this.fs);
      report.migrated = {
        from,
        to: m.target,
        backup,
        files: migratedStories.length + migratedEditions.length + (manifest?.changed ? 1 : 0),
      };
      indexSound = false;
    }
    if (report.recreatedManifest) await writeJson(join(this.root, 'library.json'), this.manifest, this.fs);

    // A damaged story comes back from its newest readable snapshot, as a new revision.
    for (const id of damaged.sort()) {
      const snapshot = repair && Id.safeParse(id).success ? await this.history.newestReadable(id) : null;
      if (!snapshot) {
        report.lost.push(id);
        continue;
      }
      const story = storyFromSnapshot(id, snapshot, at);
      await writeJson(this.storyPath(id), story, this.fs);
      try {
        await this.history.record(story, 'restore', RECOVERY_AUTHOR, at, snapshot.snapshot);
      } catch (error) {
        console.error(`[masthead] history of recovered story ${id} not written:`, error);
      }
      stories.set(id, story);
      report.restored.push({ id, headline: story.headline, snapshot: snapshot.snapshot, savedAt: snapshot.savedAt });
    }

    // The index follows the story files; it is rewritten when it does not match them
    // (damaged, missing, or a crash between a story's write and its shard's).
    let matches =
      indexSound &&
      indexed.size === stories.size + trusted.size &&
      [...stories.values()].every((story) => {
        const summary = indexed.get(story.id);
        return summary?.revision === story.revision && summary.updatedAt === story.updatedAt;
      });
    if (!matches && trusted.size > 0) {
      // Rebuilding needs every story: read the ones trusted above after all.
      await inPool([...trusted], 16, async (id) => {
        try {
          stories.set(id, (await readJsonVersioned(this.storyPath(id), Story, m.story, m.target)).data);
        } catch (error) {
          if (!isDamage(error)) throw error;
          if (repair) await quarantine.put(this.storyPath(id));
          report.lost.push(id);
        }
      });
      trusted.clear();
      matches = false;
    }
    if (matches) {
      for (const [id, summary] of indexed) this.summaries.set(id, summary);
    } else if (!repair) {
      for (const story of stories.values()) this.summaries.set(story.id, summariseStory(story));
    } else {
      await this.writeIndex([...stories.values()]);
      report.rebuiltIndex = true;
    }
  }

  /**
   * Reads every story and trash file, trusting none: open trusts a story file whose size and
   * mtime match its index entry, so bytes changed behind those go unseen until now. A backup
   * calls this before packing, so it never packs a damaged file: what is damaged goes to
   * quarantine and comes back from its newest snapshot, as at open.
   */
  async checkAllFiles(): Promise<RecoveryReport> {
    const report = emptyReport();
    if (this.readOnly) return report;
    const at = this.now();
    const quarantine = new Quarantine(this.root, at, report);
    for (const folder of ['stories', 'trash'] as const) {
      const dir = join(this.root, folder);
      const files = (await exists(dir)) ? (await readdir(dir)).filter(isDataFile) : [];
      await inPool(files, 16, async (file) => {
        const id = file.slice(0, -'.json'.length);
        const path = join(dir, file);
        let story: Story | null = null;
        await this.locks.run(`story:${id}`, async () => {
          try {
            await readJson(path, Story, storyMigrations);
          } catch (error) {
            if (!isDamage(error)) {
              // Moved by a save or a trashing since the listing, or from a newer Masthead: not damage.
              if (isNewer(error) || (error as NodeJS.ErrnoException).code === 'ENOENT') return;
              throw describeIoError(error, `check ${folder}/${file}`);
            }
            if (folder === 'trash') return this.repairTrashed(path, id, quarantine, report, at);
            await quarantine.put(path);
            const snapshot = Id.safeParse(id).success ? await this.history.newestReadable(id) : null;
            if (!snapshot) {
              report.lost.push(id);
              await this.writeSummary(id, null);
              return;
            }
            story = storyFromSnapshot(id, snapshot, at);
            await this.writeStory(story);
            await this.history
              .record(story, 'restore', RECOVERY_AUTHOR, at, snapshot.snapshot)
              .catch((e: unknown) => console.error(`[masthead] history of recovered story ${id} not written:`, e));
            report.restored.push({
              id,
              headline: story.headline,
              snapshot: snapshot.snapshot,
              savedAt: snapshot.savedAt,
            });
          }
        });
        if (report.lost.includes(id)) this.emit(id, null);
        else if (story) this.emit(id, story);
      });
    }
    return report;
  }

  /** A damaged file in the trash: set aside, and back in the trash from its newest snapshot if it has one. */
  private async repairTrashed(
    path: string,
    id: string,
    quarantine: Quarantine,
    report: RecoveryReport,
    at: Date,
  ): Promise<void> {
    await quarantine.put(path);
    const snapshot = Id.safeParse(id).success ? await this.history.newestReadable(id) : null;
    if (!snapshot) {
      report.lost.push(id);
      return;
    }
    const story = storyFromSnapshot(id, snapshot, at);
    await writeJson(path, story, this.fs);
    report.restored.push({ id, headline: story.headline, snapshot: snapshot.snapshot, savedAt: snapshot.savedAt });
  }

  /** The story's summary with its file's size and mtime as written, for the next open's quick check. */
  private async summaryWithFile(story: Story): Promise<StorySummary> {
    const summary = summariseStory(story);
    const info = await stat(this.storyPath(story.id)).catch(() => null);
    return info ? { ...summary, file: { size: info.size, mtimeMs: info.mtimeMs } } : summary;
  }

  /** Writes every shard afresh from these stories; shards no story maps to any more are emptied. */
  private async writeIndex(stories: Story[]): Promise<void> {
    const indexDir = await ensureDirIn(this.root, 'index');
    const byShard = new Map<string, Record<string, StorySummary>>();
    for (const file of (await readdir(indexDir)).filter((f) => /^[0-9a-f]{2}\.json$/.test(f))) {
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

  /** Reads every story file and writes the index afresh; unreadable story files are left out. */
  async rebuildIndex(): Promise<void> {
    const storiesDir = join(this.root, 'stories');
    const files = (await exists(storiesDir)) ? (await readdir(storiesDir)).filter(isDataFile) : [];
    const stories: Story[] = [];
    await inPool(files, 16, async (file) => {
      try {
        stories.push(await readJson(join(storiesDir, file), Story, storyMigrations));
      } catch (error) {
        if (!isDamage(error) && !isNewer(error)) throw error;
      }
    });
    await this.writeIndex(stories);
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
    this.forgetList();
  }

  private forgetList(): void {
    this.listed = null;
    this.rows = null;
  }

  /** The summaries most recently changed first, kept until a story changes (null: sort again). */
  private listed: StorySummary[] | null = null;
  private rows: StoryRow[] | null = null;

  /** Summaries, most recently changed first. Reads no story file. */
  listStories(): StorySummary[] {
    if (!this.listed) {
      // Each date parsed once, not once per comparison: 10,000 stories take ~130,000 comparisons.
      const keyed = [...this.summaries.values()].map((summary) => ({ summary, at: Date.parse(summary.updatedAt) }));
      keyed.sort((a, b) => b.at - a.at);
      this.listed = keyed.map((k) => k.summary);
    }
    return [...this.listed];
  }

  /**
   * The list view's rows, in the order of listStories: only what the table, its filters and
   * its sort use, so the window's first list is small to check, send and read.
   */
  listStoryRows(): StoryRow[] {
    this.rows ??= this.listStories().map(toStoryRow);
    return [...this.rows, ...this.newerStoryRows];
  }

  /** The most recently changed stories first, and how many there are: the window's first screen. */
  recentStoryRows(limit: number): { rows: StoryRow[]; total: number } {
    this.rows ??= this.listStories().map(toStoryRow);
    return withNewerRows({ rows: this.rows.slice(0, limit), total: this.rows.length }, this.newerStoryRows, limit);
  }

  get storyCount(): number {
    return this.summaries.size;
  }

  /** The ids of the library's stories, in no particular order (what the search index builds from). */
  storyIds(): string[] {
    return [...this.summaries.keys()];
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
    const what = kind === 'import' ? 'The imported story cannot be added' : 'The story cannot be created';
    assertStartStatus(fields.status ?? 'draft', this.role(), what);
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
    assertEditableBody(
      story.body,
      kind === 'import' ? 'The imported story cannot be added' : 'The story cannot be created',
    );
    await this.locks.run(`story:${story.id}`, async () => {
      await this.writeStory(story);
      await this.history.record(story, kind, author, at, null, this.summaries.get(story.id));
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

  /**
   * Keeps the story as it is now as a version of its own (Ctrl/⌘+S), with an optional name:
   * a checkpoint that thinning never removes. The story itself does not change.
   */
  async markRevision(id: string, name: string | null): Promise<RevisionMeta> {
    return this.locks.run(`story:${id}`, async () => {
      const story = await this.getStory(id);
      if (await this.history.isEmpty(id)) {
        await this.history.record(story, 'create', story.updatedBy || story.createdBy, new Date(story.updatedAt));
      }
      const mark = name?.trim() ? { name: name.trim() } : {};
      return this.history.record(story, 'checkpoint', this.author(), this.now(), null, this.summaries.get(id), mark);
    });
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
      const role = this.role();
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
        await this.history.record(story, kind, author, at, restoredFrom, this.summaries.get(id), {
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
      await writeJson(this.storyPath(story.id), story, this.fs);
      await this.writeSummary(story.id, await this.summaryWithFile(story));
    } catch (error) {
      throw describeIoError(error, `save story ${story.id}`);
    }
  }

  /** Moves a story to the trash folder; restoreStory brings it back. */
  async trashStory(id: string): Promise<void> {
    await this.locks.run(`story:${id}`, async () => {
      if (!this.summaries.has(id)) throw new ServiceError('not-found', `There is no story ${id} in this library.`);
      try {
        await ensureDirIn(this.root, 'trash');
        await moveDurably(this.storyPath(id), this.trashPath(id));
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
    for (const file of files.filter(isDataFile)) {
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
        await moveDurably(this.trashPath(id), this.storyPath(id));
        await this.writeSummary(id, await this.summaryWithFile(story));
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
    for (const file of files.filter(isDataFile)) {
      try {
        out.push(summariseEdition(await readJson(join(dir, file), Edition, editionMigrations)));
      } catch (error) {
        // A damaged edition is quarantined at the next open; it does not hide the others.
        if (!isDamage(error) && !isNewer(error)) throw describeIoError(error, 'list the editions');
      }
    }
    return out.sort((a, b) => b.date.localeCompare(a.date));
  }

  async getEdition(id: string): Promise<Edition> {
    const path = this.editionPath(id);
    if (!(await exists(path))) throw new ServiceError('not-found', `There is no edition ${id} in this library.`);
    return readJson(path, Edition, editionMigrations);
  }

  private editionPath(id: string): string {
    return join(this.root, 'editions', `${Id.parse(id)}.json`);
  }

  /** A new edition: its pages numbered from 1, each on the named template, copied into the edition. */
  async createEdition(input: NewEdition): Promise<Edition> {
    const template = findTemplate(input.templateId);
    if (!template) throw new ServiceError('invalid-input', `There is no page template ${input.templateId}.`);
    const now = this.now().toISOString();
    const edition = Edition.parse({
      schemaVersion: SCHEMA_VERSION,
      id: this.newId(),
      publication: input.publication.trim(),
      date: input.date,
      issueNumber: input.issueNumber,
      templates: [withDerivedCharsPerLine(template)],
      pages: Array.from({ length: input.pageCount }, (_, i) => ({
        id: this.newId(),
        number: i + 1,
        section: input.sections[i] ?? '',
        templateId: template.id,
        placements: [],
      })),
      createdAt: now,
      updatedAt: now,
    } satisfies Edition);
    await this.locks.run(`edition:${edition.id}`, async () => {
      await ensureDirIn(this.root, 'editions');
      await writeJson(this.editionPath(edition.id), edition, this.fs);
    });
    return edition;
  }

  /**
   * Saves a whole edition (the desk's layout is one document). Refused when someone saved it
   * since it was loaded, when a page names a template the edition doesn't carry, when a
   * template's grid is impossible, or when a block lies off its page's grid. Pages are
   * renumbered by their order.
   */
  async saveEdition(input: { edition: Edition; baseUpdatedAt: string }): Promise<Edition> {
    const { edition } = input;
    return this.locks.run(`edition:${edition.id}`, async () => {
      const current = await this.getEdition(edition.id);
      if (current.updatedAt !== input.baseUpdatedAt)
        throw new ServiceError('conflict', `Edition ${edition.id} was changed elsewhere since it was opened.`);
      const templates = edition.templates.map(withDerivedCharsPerLine);
      for (const template of templates) {
        const problems = validateTemplate(template);
        if (problems.length)
          throw new ServiceError(
            'invalid-input',
            `Page template "${template.name}" cannot be used: ${problems.join(', ')}.`,
          );
      }
      for (const page of edition.pages) {
        const template = templateOf({ templates }, page, builtInTemplates);
        if (!template)
          throw new ServiceError('invalid-input', `Page ${page.number} names an unknown template ${page.templateId}.`);
        const off = page.placements.find((p) => !onGrid(template, p));
        if (off)
          throw new ServiceError('invalid-input', `Block "${off.label}" lies off the grid of page ${page.number}.`);
      }
      const next = Edition.parse({
        ...edition,
        templates,
        pages: renumberPages(edition.pages),
        schemaVersion: SCHEMA_VERSION,
        createdAt: current.createdAt,
        updatedAt: this.laterThan(current.updatedAt),
      });
      await writeJson(this.editionPath(next.id), next, this.fs);
      return next;
    });
  }

  /** A timestamp after `previous`, so two saves in one millisecond still differ. */
  private laterThan(previous: string): string {
    const now = this.now().getTime();
    const before = Date.parse(previous);
    return new Date(Number.isNaN(before) || now > before ? now : before + 1).toISOString();
  }

  /** Moves an edition's file to `editions-trash/`; its stories stay in the library. */
  async deleteEdition(id: string): Promise<void> {
    await this.locks.run(`edition:${id}`, async () => {
      const path = this.editionPath(id);
      if (!(await exists(path))) throw new ServiceError('not-found', `There is no edition ${id} in this library.`);
      await ensureDirIn(this.root, 'editions-trash');
      await moveDurably(path, join(this.root, 'editions-trash', `${id}.json`));
    });
  }

  /** The stories with these ids, in the order asked; ids not in the library are left out. */
  async getStories(ids: readonly string[]): Promise<Story[]> {
    const unique = [...new Set(ids)].filter((id) => this.summaries.has(id));
    const out: Story[] = [];
    for (const id of unique) out.push(await this.getStory(id));
    return out;
  }
}
