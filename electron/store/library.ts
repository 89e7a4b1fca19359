import { randomUUID } from 'node:crypto';
import { cp, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  type Edition,
  type EditionSummary,
  IsoDateTime,
  type NewEdition,
  type RevisionMeta,
  type RevisionSnapshot,
  SCHEMA_VERSION,
  type Story,
  type StoryFields,
  type StoryRow,
  type StorySummary,
} from '../../shared/model';
import { type DeskRole, FULL_RIGHTS } from '../../shared/model/workflow';
import { ServiceError, describeIoError } from '../rpc/errors';
import { AssetStore } from './assets';
import { type DurableFs, nodeDurableFs } from './durable-file';
import { type EditionFromElsewhere, EditionStore } from './edition-store';
import { StoryHistory } from './history';
import { exists, readJsonVersioned, writeJson } from './json-file';
import { KeyedLock } from './keyed-lock';
import { isDataFile } from './pool';
import { Quarantine, type RecoveryReport, emptyReport, isDamage, isNewer } from './recovery';
import {
  type LibraryMigrations,
  type ScanParts,
  checkAllFiles,
  readAllStories,
  resolveMigrations,
  scanAtOpen,
} from './recovery-scan';
import { finishInterruptedRestore } from './restore-swap';
import { readNewerStoryRows, withNewerRows } from './newer-stories';
import { recordRepair } from './repair-log';
import { StoryIndex, type TagCount } from './story-index';
import { type CreateStoryInput, type SaveStoryInput, type StoryListener, StoryStore } from './story-store';

export { SHARD_COUNT, shardOf, type TagCount } from './story-index';
export { RECOVERY_AUTHOR, type LibraryMigrations } from './recovery-scan';
export type { CreateStoryInput, SaveStoryInput, StoryListener } from './story-store';

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

/**
 * One open library: a small facade over its parts — the stories (story-store.ts), their
 * list (story-index.ts), the editions (edition-store.ts), the history and the assets — and
 * the recovery scan that checks them as the library opens (recovery-scan.ts).
 */
export class Library {
  private readonly locks = new KeyedLock();
  private readonly now: () => Date;
  private readonly fs: DurableFs;
  private readonly readOnly: boolean;
  /** What opening found damaged and repaired; empty when all was well. */
  recovery: RecoveryReport = emptyReport();
  /** Story files a newer Masthead wrote: listed as unreadable rows, never opened or written. */
  newerStoryRows: StoryRow[] = [];
  readonly history: StoryHistory;
  readonly assets: AssetStore;
  readonly index: StoryIndex;
  readonly stories: StoryStore;
  readonly editions: EditionStore;

  private constructor(
    readonly root: string,
    readonly manifest: LibraryManifest,
    options: LibraryOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.fs = options.fs ?? nodeDurableFs;
    this.readOnly = options.readOnly ?? false;
    const newId = options.newId ?? randomUUID;
    this.history = new StoryHistory(root);
    this.assets = new AssetStore(root);
    this.index = new StoryIndex(root, this.fs, this.locks);
    this.stories = new StoryStore(root, {
      fs: this.fs,
      locks: this.locks,
      index: this.index,
      history: this.history,
      now: this.now,
      newId,
      author: options.author ?? (() => ''),
      role: options.role ?? ((): DeskRole => FULL_RIGHTS),
    });
    this.editions = new EditionStore(root, { fs: this.fs, locks: this.locks, now: this.now, newId });
  }

  /** Opened read-only: another Masthead holds it, and this one repairs nothing. */
  get isReadOnly(): boolean {
    return this.readOnly;
  }

  private get parts(): ScanParts {
    const { root, readOnly, fs, locks, history, index, stories, manifest } = this;
    return { root, readOnly, fs, locks, history, index, stories, manifest };
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
      await scanAtOpen(library.parts, report, quarantine, m, at, manifest);
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

  /** Reads every story and trash file, trusting none, and repairs as at open (before a backup). */
  checkAllFiles(): Promise<RecoveryReport> {
    return checkAllFiles(this.parts, this.now());
  }

  /** Reads every story file and writes the index afresh; unreadable story files are left out. */
  async rebuildIndex(): Promise<void> {
    await this.index.writeAll(await readAllStories(this.root));
  }

  // The stories and their list (story-store.ts, story-index.ts).

  onStoryChanged(listener: StoryListener): () => void {
    return this.stories.onChanged(listener);
  }
  listStories(): StorySummary[] {
    return this.index.list();
  }
  listStoryRows(): StoryRow[] {
    return [...this.index.listRows(), ...this.newerStoryRows];
  }
  recentStoryRows(limit: number): { rows: StoryRow[]; total: number } {
    return withNewerRows(this.index.recentRows(limit), this.newerStoryRows, limit);
  }
  get storyCount(): number {
    return this.index.size;
  }
  storyIds(): string[] {
    return this.index.ids();
  }
  listTags(): TagCount[] {
    return this.index.tags();
  }
  getStory(id: string): Promise<Story> {
    // Listed as unreadable: said as such, not as a story that does not exist.
    const newer = this.newerStoryRows.find((row) => row.id === id);
    if (newer) {
      const name = newer.headline ? `“${newer.headline}”` : `The story ${id}`;
      return Promise.reject(
        new ServiceError('unsupported', `${name} was written by a newer Masthead; update Masthead to open it.`),
      );
    }
    return this.stories.get(id);
  }
  getStories(ids: readonly string[]): Promise<Story[]> {
    return this.stories.getMany(ids);
  }
  createStory(input: CreateStoryInput): Promise<Story> {
    return this.stories.create(input);
  }
  importStory(fields: Partial<StoryFields> & Pick<StoryFields, 'language'>): Promise<Story> {
    return this.stories.import(fields);
  }
  saveStory(input: SaveStoryInput): Promise<Story> {
    return this.stories.save(input);
  }
  restoreRevision(id: string, snapshot: number, baseRevision: number): Promise<Story> {
    return this.stories.restoreRevision(id, snapshot, baseRevision);
  }
  markRevision(id: string, name: string | null): Promise<RevisionMeta> {
    return this.stories.markRevision(id, name);
  }
  listRevisions(id: string): Promise<RevisionMeta[]> {
    return this.stories.listRevisions(id);
  }
  getRevision(id: string, snapshot: number): Promise<RevisionSnapshot> {
    return this.stories.getRevision(id, snapshot);
  }
  /** A story as another desk left it (the newsroom's sync): see StoryStore.putFromElsewhere. */
  putStoryFromElsewhere(
    story: Omit<Story, 'revision'>,
    author: string,
    at: Date,
  ): Promise<{ story: Story; created: boolean; restored: boolean; changed: boolean }> {
    return this.stories.putFromElsewhere(story, author, at);
  }
  trashStory(id: string): Promise<void> {
    return this.stories.trash(id);
  }
  listTrash(): Promise<StorySummary[]> {
    return this.stories.listTrash();
  }
  restoreStory(id: string): Promise<Story> {
    return this.stories.restore(id);
  }

  // The editions (edition-store.ts).

  listEditions(): Promise<EditionSummary[]> {
    return this.editions.list();
  }
  getEdition(id: string): Promise<Edition> {
    return this.editions.get(id);
  }
  createEdition(input: NewEdition): Promise<Edition> {
    return this.editions.create(input);
  }
  saveEdition(input: { edition: Edition; baseUpdatedAt: string }): Promise<Edition> {
    return this.editions.save(input);
  }
  deleteEdition(id: string): Promise<void> {
    return this.editions.delete(id);
  }
  onEditionChanged(listener: (id: string, edition: Edition | null) => void): () => void {
    return this.editions.onChanged(listener);
  }
  editionIds(): Promise<string[]> {
    return this.editions.ids();
  }
  /**
   * An edition as another desk left it (the newsroom's sync). A function is given the file as
   * it is and called under the edition's lock, so no save made here slips in between.
   */
  putEditionFromElsewhere(edition: Edition | EditionFromElsewhere): Promise<{ edition: Edition; changed: boolean }> {
    return this.editions.putFromElsewhere(edition);
  }
}
