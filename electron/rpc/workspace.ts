import type { AppInfo } from '../../shared/ipc/contract';
import { methodEffects } from '../../shared/ipc/contract';
import { backupPath, restoreBackup } from '../store/backup';
import { Library } from '../store/library';
import {
  type LibraryLock,
  type LockHolder,
  type LockOptions,
  type ReadOnlyState,
  acquireLock,
  diskReadOnly,
  readOnlyMessage,
} from '../store/lock';
import { describeRecovery } from '../store/recovery';
import { takeUnshownRepairs } from '../store/repair-log';
import type { SettingsStore } from '../store/settings';
import { type SearchSpawner, StorySearch } from '../search/search';
import type { FormatExporter } from '../export/types';
import { ProofingServices, proofingHandlers } from '../proofing/handlers';
import { BackupSchedule } from './backup-schedule';
import type { Handlers } from './dispatch';
import { ServiceError, writeRefusal } from './errors';
import { appHandlers } from './handlers/app';
import { backupHandlers } from './handlers/backups';
import { editionHandlers } from './handlers/editions';
import { Exports } from './handlers/exports';
import { importHandlers } from './handlers/imports';
import type { Session } from './handlers/session';
import { storyHandlers } from './handlers/stories';
import { newsroomHandlers } from './handlers/newsroom';
import { collabHandlers } from './handlers/collab';
import { NewsroomLink } from '../newsroom/client/newsroom-link';
import { type SecretStore, fileSecretStore, tokenFileBeside } from '../newsroom/client/token-store';

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
  /**
   * Where the newsroom session token is kept: the app passes one over Electron's safeStorage;
   * by default a 0600 file beside the settings file (web host, tests).
   */
  newsroomSecrets?: SecretStore;
  /** Pause between newsroom reconnection attempts (ms); tests shorten it. */
  newsroomRetryDelayMs?: number;
}

/** A library together with its lock, or with the holder that keeps it read-only here. */
interface Opened {
  library: Library;
  created: boolean;
  lock: LibraryLock | null;
  readOnly: ReadOnlyState | null;
  recoveredLock: LockHolder | null;
}

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

/**
 * The session: which library is open, with its lock (or read-only, when another Masthead
 * holds it), switching to another, restoring a backup into it, and closing. What the
 * contract asks of the library is answered by the handler modules (handlers/), one per
 * domain; the backup schedule and the export jobs are parts of their own.
 */
export class Workspace implements Session {
  private library: Library;
  private lock: LibraryLock | null;
  private readOnly: ReadOnlyState | null;
  private recoveredLock: LockHolder | null;
  private restoring = false;
  private search: StorySearch | null = null;
  private readonly proofing = new ProofingServices();
  private readonly exports: Exports;
  readonly backups: BackupSchedule;
  readonly chosenFolders = new Set<string>();
  readonly newsroom: NewsroomLink;

  private constructor(
    opened: Opened,
    readonly options: WorkspaceOptions,
    /** Why the app opened another library than the one in settings, for the user to read. */
    private notice: string | null,
  ) {
    this.library = opened.library;
    this.lock = opened.lock;
    this.readOnly = opened.readOnly;
    this.recoveredLock = opened.recoveredLock;
    this.exports = new Exports(this);
    this.newsroom = new NewsroomLink({
      settings: options.settings,
      secrets: options.newsroomSecrets ?? fileSecretStore(tokenFileBeside(options.settings.path)),
      retryDelayMs: options.newsroomRetryDelayMs,
    });
    this.backups = new BackupSchedule({
      settings: options.settings,
      appVersion: options.version,
      library: () => this.library,
      holdsLock: () => this.lock !== null,
      restoring: () => this.restoring,
    });
    this.storySearch();
    this.afterOpen();
  }

  get current(): Library {
    return this.library;
  }

  get settings(): SettingsStore {
    return this.options.settings;
  }

  get holdsLock(): boolean {
    return this.lock !== null;
  }

  appInfo(): AppInfo {
    return {
      version: this.options.version,
      host: this.options.host,
      libraryPath: this.library.root,
      systemLanguage: this.options.systemLanguage,
      canChooseFolder: Boolean(this.options.chooseFolder),
      notice: this.notice,
      assetBaseUrl: this.options.assetBaseUrl,
      readOnly: this.readOnly,
      recoveredLock: this.recoveredLock,
    };
  }

  /** The search over the current library; made afresh (and built in the background) when the library changes. */
  storySearch(): StorySearch {
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
      // The disk refused a write opening needs (the lock, the index, a repair): full, or not
      // writable. The library can still be read: open it read-only and say why.
      const refusal = outcome?.kind === 'read-only' ? null : writeRefusal(error);
      if (!refusal) throw error;
      const { library } = await Library.open(path, {
        ...Workspace.libraryOptions(options),
        readOnly: true,
        mustExist: true,
      }).catch(() => {
        throw error;
      });
      return {
        library,
        created: false,
        lock: null,
        readOnly: diskReadOnly(refusal, library.root),
        recoveredLock: null,
      };
    }
  }

  /** Starts what runs while a library is open: the lock's heartbeat and the backup schedule. */
  private afterOpen(): void {
    this.lock?.startHeartbeat((holder) => {
      // Another Masthead took the lock over (this one was asleep past the stale limit): stop writing.
      this.lock = null;
      this.readOnly = holder;
      this.backups.stop();
    });
    if (this.lock) this.backups.start(this.options.backupDelayMs ?? 20_000);
    void this.newsroom.attach(this.library, this.lock !== null && !this.readOnly);
  }

  /** Makes an automatic backup now if one is due (the schedule's check). */
  runAutomaticBackup(): Promise<void> {
    return this.backups.runIfDue();
  }

  /** Stops the timers and releases the library's lock; for quitting and for tests. */
  async close(): Promise<void> {
    await this.newsroom.stop();
    this.backups.stop();
    this.exports.cancelAll();
    await this.backups.idle();
    // The search process ends with the workspace: no process is left behind.
    await this.search?.close();
    this.search = null;
    await this.lock?.release();
    this.lock = null;
  }

  /** Releases the library's lock at once, for process exit, where promises no longer run. */
  releaseLockSync(): void {
    this.backups.stop();
    this.search?.dispose();
    this.lock?.releaseSync();
    this.lock = null;
  }

  private refuseIfReadOnly(): void {
    if (this.readOnly) throw new ServiceError('read-only', readOnlyMessage(this.readOnly));
    if (this.restoring) throw new ServiceError('conflict', 'A backup is being restored; try again in a moment.');
  }

  private static libraryOptions(options: WorkspaceOptions) {
    // Signed in to a newsroom, the desk saves as its newsroom user: the name the server knows.
    const author = () => {
      const settings = options.settings.get();
      return settings.newsroom?.user || settings.authorName;
    };
    return { seedFrom: options.seedFrom, author };
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
      this.backups.stop();
      await this.lock
        ?.release()
        .catch((error: unknown) => console.error('[masthead] could not release the lock:', error));
    }
    this.library = opened.library;
    this.lock = opened.lock;
    this.readOnly = opened.readOnly;
    this.recoveredLock = opened.recoveredLock;
    this.backups.lastError = null;
    this.storySearch();
    this.notice = await openingNotice(opened.library); // recovery: see start()
    if (!same) this.afterOpen();
    else void this.newsroom.attach(this.library, this.lock !== null && !this.readOnly);
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
      await this.backups.idle();
      const result = await restoreBackup(root, path, { appVersion: this.options.version, label: name });
      const { library } = await Library.open(root, Workspace.libraryOptions(this.options));
      // The index in a backup may predate the stories beside it (a save during the backup).
      await library.rebuildIndex();
      this.library = library;
      this.storySearch();
      void this.newsroom.attach(library, this.lock !== null && !this.readOnly);
      return { restoredStories: result.restoredStories };
    } finally {
      this.restoring = false;
    }
  }

  /**
   * The contract's handlers over this session, one module per domain. A method the contract
   * declares as writing to the library (methodEffects) is refused while the library is
   * read-only here or a backup is being restored into it.
   */
  handlers(): Handlers {
    const handlers: Handlers = {
      ...appHandlers(this),
      ...storyHandlers(this),
      ...importHandlers(this),
      ...editionHandlers(this),
      ...this.exports.handlers(),
      ...backupHandlers(this),
      ...newsroomHandlers(this),
      ...collabHandlers(this),
      ...proofingHandlers(() => this.library, this.proofing),
    };
    for (const [name, effect] of Object.entries(methodEffects) as [keyof Handlers, string][]) {
      // restoreBackup refuses for itself, before its long work starts.
      if (effect !== 'library' || name === 'restoreBackup') continue;
      const inner = handlers[name] as (input: unknown) => unknown;
      (handlers as Record<keyof Handlers, (input: unknown) => unknown>)[name] = (input: unknown) => {
        this.refuseIfReadOnly();
        return inner(input);
      };
    }
    return handlers;
  }
}
