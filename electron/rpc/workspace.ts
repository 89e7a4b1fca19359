import { isAbsolute, join, resolve, sep } from 'node:path';
import type { AppInfo, MethodName } from '../../shared/ipc/contract';
import { backupPath, createBackup, lastBackupAt, listBackups, restoreBackup, rotateBackups } from '../store/backup';
import type { Handlers } from './dispatch';
import { ServiceError } from './errors';
import { ExportJobs } from '../export/export-jobs';
import { exporters } from '../export/registry';
import type { FormatExporter } from '../export/types';
import { commitImport, parseImportFile, styleMapFor } from '../import/import';
import { Library } from '../store/library';
import { type LibraryLock, type LockHolder, type LockOptions, acquireLock, readOnlyMessage } from '../store/lock';
import { describeRecovery, emptyReport } from '../store/recovery';
import { takeUnshownRepairs } from '../store/repair-log';
import { type SearchSpawner, StorySearch } from '../search/search';
import { ProofingServices, proofingHandlers } from '../proofing/handlers';
import type { SettingsStore } from '../store/settings';

export interface WorkspaceOptions {
  settings: SettingsStore;
  host: AppInfo['host'];
  version: string;
  systemLanguage: string;
  /** Where the library is when settings name none. */
  defaultLibraryPath: string;
  /** A library path that overrides settings (the web host's and CLI's --library). */
  libraryOverride?: string;
  /** The sample library a new, empty library starts from. */
  seedFrom?: string;
  /** A folder picker; the web host has none. Injected so services never import electron. */
  chooseFolder?: () => Promise<string | null>;
  /** How long after opening the search index starts building (default 2 s); tests use 0. */
  searchWarmDelayMs?: number;
  /**
   * Starts the search process that holds the index (utilityProcess in the app, fork in the
   * web host); without one the index is built in this process.
   */
  searchSpawner?: SearchSpawner;
  /** Where the renderer finds a photo: this prefix and the asset id. */
  assetBaseUrl: string;
  /** Who takes the library's lock (tests pretend to be another machine); defaults to this process. */
  lock?: LockOptions;
  /** How long after a library opens the automatic backup check runs (default 20 s: after start-up). */
  backupDelayMs?: number;
  /** Shows a folder in the system's file manager (Electron's shell.openPath); the web host has none. */
  openFolder?: (path: string) => Promise<void>;
  /** The export formats (by default the registry's; the desktop app may bring its own PDF printer). */
  exporters?: readonly FormatExporter[];
}

/** A library together with its lock, or with the holder that keeps it read-only here. */
interface Opened {
  library: Library;
  created: boolean;
  lock: LibraryLock | null;
  readOnly: LockHolder | null;
  recoveredLock: LockHolder | null;
}

/**
 * Methods that change nothing in the library, allowed when it is open read-only. Any other
 * method is refused there, so a new writing method is safe by default; a new reading method
 * whose name starts with one of these verbs is allowed without being listed.
 */
const READ_VERBS = /^(get|list|search|parse|count|find|preview|export)[A-Z]/;
const WRITES_OUTSIDE_LIBRARY = new Set<MethodName>(['updateSettings', 'chooseLibraryFolder']);
export const allowedReadOnly = (method: MethodName): boolean =>
  READ_VERBS.test(method) || WRITES_OUTSIDE_LIBRARY.has(method);

/** The open library and the settings, and the handlers that serve the contract over them. */
/**
 * What the window says as a library opens: what this open repaired, and what a `masthead`
 * command repaired since the app last had it open (from the repair log, marked shown now).
 */
async function openingNotice(library: Library): Promise<string | null> {
  const parts: string[] = [];
  const own = describeRecovery(library.recovery);
  if (own) parts.push(own);
  if (!library.isReadOnly) {
    for (const record of await takeUnshownRepairs(library.root).catch(() => [])) {
      parts.push(`While Masthead was closed, ${record.by} repaired this library (${record.at}): ${record.notice}`);
    }
  }
  return parts.length > 0 ? parts.join(' ') : null;
}

export class Workspace {
  private library: Library;
  private lock: LibraryLock | null;
  private readOnly: LockHolder | null;
  private recoveredLock: LockHolder | null;
  private backupTimer: NodeJS.Timeout | null = null;
  private backupRun: Promise<void> | null = null;
  private automaticBackupError: string | null = null;
  private restoring = false;

  private constructor(
    opened: Opened,
    private readonly options: WorkspaceOptions,
    /** Why the app opened another library than the one in settings, for the user to read. */
    private notice: string | null,
  ) {
    this.library = opened.library;
    this.lock = opened.lock;
    this.readOnly = opened.readOnly;
    this.recoveredLock = opened.recoveredLock;
    this.storySearch();
    this.afterOpen();
  }

  private search: StorySearch | null = null;
  private runningExports: ExportJobs | null = null;
  private readonly proofing = new ProofingServices();

  /** Exports started from the window, running in the background. */
  private get exportJobs(): ExportJobs {
    return (this.runningExports ??= new ExportJobs({
      exporters: this.options.exporters ?? exporters,
      appVersion: this.options.version,
    }));
  }

  /** The search over the current library; made afresh (and built in the background) when the library changes. */
  private storySearch(): StorySearch {
    if (this.search?.library !== this.library) {
      this.search?.dispose();
      // The index is kept beside the library, except where another Masthead holds it.
      const search = new StorySearch(this.library, { spawn: this.options.searchSpawner, persist: !this.readOnly });
      this.search = search;
      // The index is built a moment after opening, not during it: on two cores its reading of
      // every story would slow the first list the window is waiting for. A search before
      // then starts the build itself.
      const timer = setTimeout(() => {
        if (this.search === search) search.warm();
      }, this.options.searchWarmDelayMs ?? 2_000);
      timer.unref();
    }
    return this.search;
  }

  /**
   * Opens the library named by the override, else settings, else the default. When the
   * library in settings cannot be opened (a vanished drive, a folder made read-only), the
   * app still starts, on the default library, and says why.
   */
  static async start(options: WorkspaceOptions): Promise<Workspace> {
    const remembered = options.settings.get().libraryPath;
    const path = options.libraryOverride ?? remembered ?? options.defaultLibraryPath;
    try {
      // A remembered library that is gone (an unplugged drive) is not silently recreated empty.
      const mustExist = !options.libraryOverride && path === remembered && path !== options.defaultLibraryPath;
      const opened = await Workspace.openLocked(path, options, mustExist);
      // recovery: what opening repaired (quarantined files, restored stories), for the user to read.
      return new Workspace(opened, options, await openingNotice(opened.library));
    } catch (error) {
      if (options.libraryOverride || path === options.defaultLibraryPath) throw error;
      const opened = await Workspace.openLocked(options.defaultLibraryPath, options);
      return new Workspace(opened, options, `${(error as Error).message} The default library is open instead.`);
    }
  }

  /**
   * Takes the library's lock, then opens it. The lock comes first where the folder exists, so
   * nothing is written into a library another Masthead holds; a new folder is locked once
   * Library.open has made it. A lock held by a running Masthead elsewhere opens it read-only.
   */
  private static async openLocked(path: string, options: WorkspaceOptions, mustExist = false): Promise<Opened> {
    const lockOptions: LockOptions = { ...options.lock, identity: { app: options.host, ...options.lock?.identity } };
    const take = async () => acquireLock(path, lockOptions);
    let outcome = await take().catch((error: unknown) => {
      // A folder that does not exist yet is created by Library.open; any other failure is Library.open's to report.
      if (error instanceof ServiceError) return null;
      throw error;
    });
    try {
      // Held by another Masthead: check what is there, but write nothing (no repair, no index rebuild).
      const { library, created } = await Library.open(path, {
        ...Workspace.libraryOptions(options),
        readOnly: outcome?.kind === 'read-only',
        mustExist,
      });
      outcome ??= await take();
      return {
        library,
        created,
        lock: outcome.kind === 'owned' ? outcome.lock : null,
        readOnly: outcome.kind === 'read-only' ? outcome.holder : null,
        recoveredLock: outcome.kind === 'owned' ? outcome.recovered : null,
      };
    } catch (error) {
      if (outcome?.kind === 'owned') await outcome.lock.release().catch(() => undefined);
      throw error;
    }
  }

  /** Starts what runs while a library is open: the lock's heartbeat and the backup schedule. */
  private afterOpen(): void {
    this.lock?.startHeartbeat((holder) => {
      // Another Masthead took the lock over (this one was asleep past the stale limit): stop writing.
      this.lock = null;
      this.readOnly = holder;
      this.stopBackups();
    });
    if (this.lock) this.scheduleBackups(this.options.backupDelayMs ?? 20_000);
  }

  private stopBackups(): void {
    if (this.backupTimer) clearTimeout(this.backupTimer);
    this.backupTimer = null;
  }

  /** Checks after `delayMs`, then every quarter of the interval (at most hourly), whether a backup is due. */
  private scheduleBackups(delayMs: number): void {
    this.stopBackups();
    this.backupTimer = setTimeout(() => {
      void this.runAutomaticBackup().finally(() => {
        if (!this.lock) return;
        const hours = this.options.settings.get().backupIntervalHours || 24;
        this.scheduleBackups(Math.min(hours / 4, 1) * 3_600_000);
      });
    }, delayMs);
    this.backupTimer.unref();
  }

  /**
   * Makes an automatic backup if the newest backup is older than the interval in settings,
   * then rotates. Never throws: a failure is logged and shown in the backups list.
   */
  async runAutomaticBackup(): Promise<void> {
    if (this.backupRun) return this.backupRun;
    const run = async (): Promise<void> => {
      const { backupIntervalHours, backupKeep } = this.options.settings.get();
      if (!this.lock || this.restoring || backupIntervalHours === 0) return;
      const root = this.library.root;
      try {
        const last = await lastBackupAt(root);
        if (last && Date.now() - last.getTime() < backupIntervalHours * 3_600_000) return;
        await createBackup(root, {
          kind: 'auto',
          appVersion: this.options.version,
          check: () => this.library.checkAllFiles(),
        });
        await rotateBackups(root, backupKeep);
        this.automaticBackupError = null;
      } catch (error) {
        this.automaticBackupError = (error as Error).message ?? String(error);
        console.error('[masthead] the automatic backup failed:', error);
      }
    };
    this.backupRun = run().finally(() => {
      this.backupRun = null;
    });
    return this.backupRun;
  }

  /** Stops the timers and releases the library's lock; for quitting and for tests. */
  async close(): Promise<void> {
    this.stopBackups();
    this.runningExports?.cancelAll();
    await this.backupRun?.catch(() => undefined);
    // The search process ends with the workspace: no process is left behind.
    await this.search?.close();
    this.search = null;
    await this.lock?.release();
    this.lock = null;
  }

  /** Releases the library's lock at once, for process exit, where promises no longer run. */
  releaseLockSync(): void {
    this.stopBackups();
    this.search?.dispose();
    this.lock?.releaseSync();
    this.lock = null;
  }

  private refuseIfReadOnly(): void {
    if (this.readOnly) throw new ServiceError('read-only', readOnlyMessage(this.readOnly));
    if (this.restoring) throw new ServiceError('conflict', 'A backup is being restored; try again in a moment.');
  }

  private static libraryOptions(options: WorkspaceOptions) {
    return { seedFrom: options.seedFrom, author: () => options.settings.get().authorName };
  }

  get current(): Library {
    return this.library;
  }

  /** Opens another library folder and remembers it; the current one stays open if that fails. */
  async switchLibrary(path: string): Promise<{ libraryPath: string; created: boolean }> {
    // Reopening the same folder keeps the lock; another folder gets its own.
    const same = path === this.library.root && this.lock !== null;
    const opened: Opened = same
      ? {
          ...(await Library.open(path, Workspace.libraryOptions(this.options))),
          lock: this.lock,
          readOnly: null,
          recoveredLock: this.recoveredLock,
        }
      : await Workspace.openLocked(path, this.options);
    if (!same) {
      this.stopBackups();
      await this.lock
        ?.release()
        .catch((error: unknown) => console.error('[masthead] could not release the lock:', error));
    }
    this.library = opened.library;
    this.lock = opened.lock;
    this.readOnly = opened.readOnly;
    this.recoveredLock = opened.recoveredLock;
    this.automaticBackupError = null;
    this.storySearch();
    this.notice = await openingNotice(opened.library); // recovery: see start()
    if (!same) this.afterOpen();
    this.options.settings.update({ libraryPath: opened.library.root });
    return { libraryPath: opened.library.root, created: opened.created };
  }

  /** Replaces the library with a backup's content (after a safety backup) and reopens it. */
  async restoreBackup(name: string): Promise<{ restoredStories: number }> {
    this.refuseIfReadOnly();
    const root = this.library.root;
    const path = backupPath(root, name);
    this.restoring = true;
    try {
      await this.backupRun?.catch(() => undefined);
      const result = await restoreBackup(root, path, { appVersion: this.options.version, label: name });
      const { library } = await Library.open(root, Workspace.libraryOptions(this.options));
      // The index in a backup may predate the stories beside it (a save during the backup).
      await library.rebuildIndex();
      this.library = library;
      this.storySearch();
      return { restoredStories: result.restoredStories };
    } finally {
      this.restoring = false;
    }
  }

  handlers(): Handlers {
    const handlers = this.allHandlers();
    // Every method that may write to the library is refused while it is read-only here.
    for (const name of Object.keys(handlers) as MethodName[]) {
      if (allowedReadOnly(name) || name === 'restoreBackup') continue;
      const inner = handlers[name] as (input: unknown) => unknown;
      (handlers as Record<MethodName, (input: unknown) => unknown>)[name] = (input: unknown) => {
        this.refuseIfReadOnly();
        return inner(input);
      };
    }
    return handlers;
  }

  /** Folders the user picked in a dialog in this session: an export may go there. */
  private readonly chosenFolders = new Set<string>();

  private mayExportInto(outDir: string): boolean {
    const target = resolve(outDir);
    const inside = (folder: string) => target === folder || target.startsWith(folder + sep);
    return inside(join(this.library.root, 'exports')) || [...this.chosenFolders].some(inside);
  }

  private allHandlers(): Handlers {
    const { settings, chooseFolder } = this.options;
    return {
      getAppInfo: () => ({
        version: this.options.version,
        host: this.options.host,
        libraryPath: this.library.root,
        systemLanguage: this.options.systemLanguage,
        canChooseFolder: Boolean(chooseFolder),
        notice: this.notice,
        assetBaseUrl: this.options.assetBaseUrl,
        readOnly: this.readOnly,
        recoveredLock: this.recoveredLock,
      }),
      getSettings: () => settings.get(),
      updateSettings: (patch) => settings.update(patch),
      chooseLibraryFolder: async () => {
        if (!chooseFolder) throw new ServiceError('unsupported', 'This host cannot show a folder picker.');
        const path = await chooseFolder();
        if (path !== null) this.chosenFolders.add(resolve(path));
        return path === null ? null : this.switchLibrary(path);
      },
      listStories: () => this.library.listStoryRows(),
      listRecentStories: ({ limit }) => this.library.recentStoryRows(limit),
      getStory: ({ id }) => this.library.getStory(id),
      createStory: (input) => this.library.createStory(input),
      saveStory: (input) => this.library.saveStory(input),
      trashStory: async ({ id }) => {
        await this.library.trashStory(id);
        return { id };
      },
      listTrash: () => this.library.listTrash(),
      restoreStory: ({ id }) => this.library.restoreStory(id),
      listRevisions: ({ id }) => this.library.listRevisions(id),
      getRevision: ({ id, snapshot }) => this.library.getRevision(id, snapshot),
      restoreRevision: ({ id, snapshot, baseRevision }) => this.library.restoreRevision(id, snapshot, baseRevision),
      searchStories: ({ query, limit }) => this.storySearch().search(query, { limit }),
      listTags: () => this.library.listTags(),
      markRevision: ({ id, name }) => this.library.markRevision(id, name),
      importAsset: ({ name, data }) => this.library.assets.add(Buffer.from(data, 'base64'), name),
      parseImport: ({ name, data }) =>
        parseImportFile(name, Buffer.from(data, 'base64'), { styleMap: styleMapFor(settings.get().wordStyles) }),
      commitImport: async (input) => ({ created: await commitImport(this.library, input) }),
      listEditions: () => this.library.listEditions(),
      getEdition: ({ id }) => this.library.getEdition(id),
      createEdition: (input) => this.library.createEdition(input),
      saveEdition: (input) => this.library.saveEdition(input),
      deleteEdition: async ({ id }) => {
        await this.library.deleteEdition(id);
        return { id };
      },
      getStories: ({ ids }) => this.library.getStories(ids),
      startExport: ({ editionId, formats, outDir, overriddenProblems }) => {
        if (outDir !== undefined && !isAbsolute(outDir)) {
          throw new ServiceError('invalid-input', 'The export folder must be an absolute path.');
        }
        // Only where the user chose: the library's exports/ folder, or a folder picked in this
        // session's dialog. A page (or anything that can reach the web host) cannot name another.
        if (outDir !== undefined && !this.mayExportInto(outDir)) {
          throw new ServiceError(
            'invalid-input',
            `Masthead exports only into the library's exports folder or a folder you chose in this session, not ${outDir}.`,
          );
        }
        // Beside the library's data, like backups/; never inside the data folders themselves.
        return this.exportJobs.start(this.library, {
          editionId,
          formats,
          outDir: outDir ?? join(this.library.root, 'exports'),
          // Who confirmed: the name the desk chief set in Settings (it signs their saves too).
          preflightOverride: overriddenProblems
            ? { by: settings.get().authorName || 'Masthead', problems: overriddenProblems }
            : undefined,
        });
      },
      getExportStatus: ({ jobId }) => ({
        ...this.exportJobs.status(jobId),
        canOpenFolder: Boolean(this.options.openFolder),
      }),
      cancelExport: ({ jobId }) => this.exportJobs.cancel(jobId),
      openExportFolder: async ({ jobId }) => {
        const { openFolder } = this.options;
        if (!openFolder) throw new ServiceError('unsupported', 'This host cannot open a folder.');
        await openFolder(this.exportJobs.folderOf(jobId));
        return { opened: true };
      },
      listBackups: async () => ({
        backups: await listBackups(this.library.root),
        automaticError: this.automaticBackupError,
      }),
      createBackup: () =>
        createBackup(this.library.root, {
          kind: 'manual',
          appVersion: this.options.version,
          check: () => (this.lock ? this.library.checkAllFiles() : Promise.resolve(emptyReport())),
        }),
      restoreBackup: ({ name }) => this.restoreBackup(name),
      ...proofingHandlers(() => this.library, this.proofing),
    };
  }
}
