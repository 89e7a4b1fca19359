import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { QuietWebSocket } from './quiet-websocket';
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { type NewsroomSettings, type Story, StoryFields } from '../../../shared/model';
import type { DeskRole } from '../../../shared/model/workflow';
import {
  CATALOGUE_DOCUMENT,
  CATALOGUE_KEYS,
  CatalogueStory,
  MeResponse,
  Presence,
  ROUTES,
  STORY_KEYS,
  storyDocumentName,
} from '../../../shared/newsroom/protocol';
import { presenceColour } from '../../../shared/newsroom/presence-colour';
import {
  type PlainFields,
  type StoryState,
  hasStory,
  keepLaterWrites,
  markStoryDeleted,
  readPlainFields,
  readStoryDeleted,
  readStoryFromDoc,
  writeStoryToDoc,
} from '../../../shared/newsroom/story-doc';
import { ServiceError } from '../../rpc/errors';
import type { Library } from '../../store/library';
import {
  type ClientState,
  type NewsroomNotice,
  readClientState,
  readYState,
  writeClientState,
  writeYState,
} from './local-state';
import { AssetSync, assetsOf } from './asset-sync';
import { EditionSync } from './edition-sync';
import { serverAddress } from './servers';
import { LIVE_TEXT_FIELDS, clearLiveEditsAhead, liveEditsAhead } from './live-edits';
import { type DocumentKind, LOCAL, SyncedDocument } from './synced-document';

/**
 * The desktop's sync with a newsroom server (docs/newsroom.md, Desktop). The library folder
 * stays the working copy: each story it holds is also a Yjs document (`story:<id>`) kept
 * beside its JSON file (local-state.ts). A save in the library is written into the document
 * as a minimal edit (shared/newsroom/story-doc.ts) and goes to the server; a change from the
 * server is written back into the library as a new revision whose history names its author.
 * One websocket carries every document; when a server is down the next of the list is tried.
 * The catalogue document gives the newsroom's story list and, through its awareness, who has
 * what open.
 */

export type NewsroomState = 'online' | 'connecting' | 'offline' | 'signed-out';

export interface NewsroomStatus {
  state: NewsroomState;
  /** The server the websocket is on (or trying), as http://host:port. */
  server: string | null;
  user: string;
  role: DeskRole | null;
  /** Stories with changes made here that the server has not confirmed yet. */
  changesWaiting: number;
  /**
   * Of those, stories the server opened read-only for this user (not theirs to change): their
   * changes stay here and cannot go out from this account.
   */
  changesRefused: number;
  /** Stories in the newsroom (the catalogue, deleted ones left out); null before it arrived. */
  serverStoryCount: number | null;
  /** Stories of this library that are synced with the newsroom. */
  syncedStories: number;
  /** How many times a change from the newsroom was written into the library: the window's list reloads when it moves. */
  libraryWrites: number;
  /** Why the newsroom refused this machine (an expired session): connect again. */
  error: string | null;
  notices: NewsroomNotice[];
}

export interface NewsroomClientOptions {
  library: Library;
  settings: NewsroomSettings;
  token: string;
  /** The role the server gave at sign-in, for presence. */
  role?: DeskRole | null;
  now?: () => Date;
  /** Pause between reconnection attempts (ms); tests shorten it. */
  retryDelayMs?: number;
  /**
   * Only the catalogue: the connection, the server's story count and presence, and nothing
   * of the library synced or written (`masthead newsroom status`).
   */
  catalogueOnly?: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const SAVE_DELAY_MS = 50;

/** One synced story (synced-document.ts) and what the later-write and tombstone rules need to know of it. */
interface StoryEntry extends SyncedDocument<StoryState> {
  /** The plain fields before the first remote change since the last check (the later write wins). */
  before: PlainFields | null;
  /** A remote change edited the story's content (not only its tombstone). */
  remoteEdited: boolean;
  /** Changes made here were still unconfirmed when a remote change arrived (a deleting desk never saw them). */
  unseenHere: boolean;
}

export class NewsroomClient {
  private readonly library: Library;
  private readonly settings: NewsroomSettings;
  private readonly token: string;
  private readonly now: () => Date;
  private readonly servers: { http: string; ws: string }[];
  private serverIndex = 0;
  private socket: HocuspocusProviderWebsocket | null = null;
  private catalogue: { doc: Y.Doc; provider: HocuspocusProvider } | null = null;
  private catalogueSynced = false;
  private readonly entries = new Map<string, StoryEntry>();
  private state: ClientState = { pending: [], opened: {}, notices: [], role: null };
  private stateTimer: NodeJS.Timeout | null = null;
  private connection: NewsroomState = 'connecting';
  private libraryWrites = 0;
  private error: string | null = null;
  private open: string[] = [];
  /** The live editor's library saves under way: what they write, and the document state it was read from. */
  private readonly liveSaves = new Map<string, { key: string; state: Uint8Array }[]>();
  /** The live editor's state writes per story: the one under way and the one that follows it. */
  private readonly liveWrites = new Map<string, { running: Promise<void>; next: Promise<void> | null }>();
  private readonly listeners = new Set<() => void>();
  private unsubscribe: (() => void) | null = null;
  private keepTimer: NodeJS.Timeout | null = null;
  /** Photos over the server's HTTP (asset-sync.ts). */
  private readonly assets: AssetSync;
  /** The editions' half of the sync (edition-sync.ts). */
  private editions: EditionSync | null = null;
  private stopped = false;
  private readonly role: DeskRole | null;

  constructor(private readonly options: NewsroomClientOptions) {
    this.library = options.library;
    this.settings = options.settings;
    this.token = options.token;
    this.now = options.now ?? (() => new Date());
    this.servers = options.settings.servers.map(serverAddress);
    this.assets = new AssetSync(this.library, () => this.servers[this.serverIndex]!, this.token);
    this.role = options.role ?? null;
  }

  // ------------------------------------------------------------------ life

  async start(): Promise<void> {
    this.state = await readClientState(this.library.root);
    if (this.role) this.state.role = this.role;
    const delay = this.options.retryDelayMs ?? 1000;
    this.socket = new HocuspocusProviderWebsocket({
      url: this.servers[0]!.ws,
      WebSocketPolyfill: QuietWebSocket,
      delay,
      initialDelay: 0,
      factor: 1.5,
      minDelay: delay,
      maxDelay: Math.max(delay, 5000),
      maxAttempts: 0,
      jitter: false,
      onStatus: ({ status }) => {
        if (this.connection === 'signed-out') return;
        this.setConnection(status === 'connected' ? (this.catalogueSynced ? 'online' : 'connecting') : 'connecting');
      },
      onClose: () => {
        this.catalogueSynced = false;
        for (const entry of this.entries.values()) entry.synced = false;
        if (this.connection !== 'signed-out') this.setConnection('offline');
        // The next attempt goes to the next server of the list.
        this.serverIndex = (this.serverIndex + 1) % this.servers.length;
        if (this.socket) this.socket.configuration.url = this.servers[this.serverIndex]!.ws;
      },
    });
    this.openCatalogue();
    void this.refreshRole();
    if (this.options.catalogueOnly) return;
    for (const id of this.library.storyIds()) await this.openEntry(id, { fromLibrary: true });
    this.editions = new EditionSync({
      library: this.library,
      socket: this.socket,
      token: this.token,
      onChange: () => this.emitChange(),
      onAuthenticationFailed: (reason) => this.signedOut(reason),
      pending: {
        has: (id) => this.state.pending.includes(`edition:${id}`),
        add: (id) => this.markPending(`edition:${id}`),
        delete: (id) => this.clearPending(`edition:${id}`),
        ids: () => this.state.pending.filter((p) => p.startsWith('edition:')).map((p) => p.slice('edition:'.length)),
      },
    });
    await this.editions.start();
    this.unsubscribe = this.library.onStoryChanged((id, story) => this.onLocalChange(id, story));
    this.emitChange();
  }

  /** Who the server says this machine is (its role, for presence); a refused token signs out at once. */
  private async refreshRole(): Promise<void> {
    for (const server of this.servers) {
      try {
        const response = await fetch(`${server.http}${ROUTES.me}`, {
          headers: { authorization: `Bearer ${this.token}` },
          signal: AbortSignal.timeout(5000),
        });
        if (response.status === 401) return this.signedOut('the session has expired or was ended');
        const me = MeResponse.safeParse(await response.json());
        if (!me.success) continue;
        this.state.role = me.data.user.role;
        this.catalogue?.provider.setAwarenessField('user', {
          name: this.settings.user,
          role: me.data.user.role,
          color: presenceColour(this.settings.user),
        });
        this.scheduleStateWrite();
        this.emitChange();
        return;
      } catch {
        // Not reachable: the next server, or the role stays as last known.
      }
    }
  }

  /** Closes the websocket and writes every pending state; the library is left as it is. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe?.();
    if (this.keepTimer) clearTimeout(this.keepTimer);
    for (const entry of this.entries.values()) await entry.close();
    this.entries.clear();
    await this.editions?.stop();
    this.assets.stop();
    this.catalogue?.provider.destroy();
    try {
      this.socket?.destroy();
    } catch {
      // A socket still connecting refuses to close cleanly (ws throws); it is dropped all the same.
    }
    this.socket = null;
    if (this.stateTimer) {
      clearTimeout(this.stateTimer);
      await this.writeState();
    }
  }

  /** Told whenever the status, the catalogue or presence change. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emitChange(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        console.error('[masthead] a newsroom listener failed:', error);
      }
    }
  }

  private setConnection(state: NewsroomState): void {
    if (this.connection === state) return;
    this.connection = state;
    this.emitChange();
  }

  // ------------------------------------------------------------------ status

  get libraryRoot(): string {
    return this.library.root;
  }

  libraryStoryIds(): string[] {
    return this.library.storyIds();
  }

  status(): NewsroomStatus {
    return {
      state: this.connection,
      server: this.servers[this.serverIndex]?.http ?? null,
      user: this.settings.user,
      role: this.state.role,
      changesWaiting: this.state.pending.length,
      changesRefused: this.state.pending.filter((id) => this.entries.get(id)?.readOnly).length,
      serverStoryCount: this.catalogueSynced || this.catalogueStories().length > 0 ? this.serverStoryCount() : null,
      syncedStories: this.entries.size,
      libraryWrites: this.libraryWrites,
      error: this.error,
      notices: [...this.state.notices],
    };
  }

  private serverStoryCount(): number {
    return this.catalogueStories().filter((story) => !story.deleted).length;
  }

  /** The newsroom's stories as the catalogue lists them (deleted ones marked). */
  catalogueStories(): CatalogueStory[] {
    if (!this.catalogue) return [];
    const out: CatalogueStory[] = [];
    for (const value of this.catalogue.doc.getMap(CATALOGUE_KEYS.stories).values()) {
      const parsed = CatalogueStory.safeParse(value);
      if (parsed.success) out.push(parsed.data);
    }
    return out;
  }

  /** Newsroom stories this machine does not hold: listed in the library, opened on demand. */
  remoteOnlyStories(): CatalogueStory[] {
    return this.catalogueStories().filter((story) => !story.deleted && !this.entries.has(story.id));
  }

  /** Story id → names of the other people who have it open now. */
  presence(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    const awareness = this.catalogue?.provider.awareness;
    if (!awareness) return out;
    for (const [client, value] of awareness.getStates()) {
      if (client === awareness.clientID) continue;
      const parsed = Presence.safeParse(value);
      if (!parsed.success) continue;
      for (const id of parsed.data.open) {
        const names = (out[id] ??= []);
        if (!names.includes(parsed.data.user.name)) names.push(parsed.data.user.name);
      }
    }
    return out;
  }

  /** What this desk has open now (story and edition ids), shown to the others. */
  setOpen(ids: readonly string[]): void {
    this.open = [...new Set(ids)];
    const at = this.now().toISOString();
    for (const id of this.open) this.state.opened[id] = at;
    this.scheduleStateWrite();
    this.catalogue?.provider.setAwarenessField('open', this.open);
  }

  dismissNotices(): void {
    this.state.notices = [];
    this.scheduleStateWrite();
    this.emitChange();
  }

  // ------------------------------------------------------------------ catalogue

  private openCatalogue(): void {
    const doc = new Y.Doc();
    const provider = new HocuspocusProvider({
      websocketProvider: this.socket!,
      name: CATALOGUE_DOCUMENT,
      document: doc,
      token: this.token,
      onSynced: () => {
        this.catalogueSynced = true;
        this.error = null;
        this.setConnection('online');
        this.scheduleKeep();
        this.emitChange();
      },
      onAuthenticationFailed: ({ reason }) => this.signedOut(reason),
    });
    provider.attach();
    provider.setAwarenessField('user', {
      name: this.settings.user,
      role: this.state.role ?? 'reporter',
      color: presenceColour(this.settings.user),
    });
    provider.setAwarenessField('open', this.open);
    provider.on('awarenessChange', () => this.emitChange());
    doc.getMap(CATALOGUE_KEYS.editions).observe(() => this.scheduleKeep());
    doc.getMap(CATALOGUE_KEYS.stories).observe(() => {
      this.scheduleKeep();
      this.emitChange();
    });
    this.catalogue = { doc, provider };
  }

  private signedOut(reason: string): void {
    this.error = `The newsroom refused this machine's session (${reason || 'signed out or expired'}); connect again with your name and password.`;
    this.setConnection('signed-out');
    this.socket?.disconnect();
    this.emitChange();
  }

  /** Brings the stories this machine keeps offline: the user's own, the chosen sections, the recently opened. */
  private scheduleKeep(): void {
    if (this.keepTimer || this.stopped || this.options.catalogueOnly) return;
    this.keepTimer = setTimeout(() => {
      this.keepTimer = null;
      void this.keepOffline().catch((error: unknown) => console.error('[masthead] newsroom keep failed:', error));
    }, 50);
  }

  private async keepOffline(): Promise<void> {
    // Every edition of the newsroom is kept here: they are few, and the desk lays pages out offline.
    if (this.editions && this.catalogue) {
      await this.editions.keep([...this.catalogue.doc.getMap(CATALOGUE_KEYS.editions).keys()]);
    }
    const since = this.now().getTime() - this.settings.keepDays * DAY_MS;
    for (const story of this.catalogueStories()) {
      if (story.deleted || this.entries.has(story.id)) continue;
      const opened = this.state.opened[story.id];
      const keep =
        story.createdBy === this.settings.user ||
        this.settings.keepSections.includes(story.section) ||
        (opened !== undefined && Date.parse(opened) >= since);
      if (keep) await this.openEntry(story.id, { fromLibrary: false });
    }
  }

  // ------------------------------------------------------------------ stories

  /**
   * Opens a newsroom story this machine does not hold yet: fetched from the server, written
   * into the library (kept offline from now on, as recently opened), and returned.
   */
  async openStory(id: string, timeoutMs = 10_000): Promise<Story> {
    this.state.opened[id] = this.now().toISOString();
    this.scheduleStateWrite();
    if (this.library.storyIds().includes(id)) return this.library.getStory(id);
    const entry = this.entries.get(id) ?? (await this.openEntry(id, { fromLibrary: false }));
    if (this.connection !== 'online' && !entry.synced) {
      throw new ServiceError('io', 'The newsroom is not reachable now: this story is not on this machine yet.');
    }
    await entry.waitSynced(
      timeoutMs,
      () => new ServiceError('io', `The newsroom did not send story ${entry.id} in time.`),
    );
    await entry.writeBack();
    return this.library.getStory(id);
  }

  private readonly storyKind: DocumentKind<StoryState> = {
    noun: 'story',
    documentName: storyDocumentName,
    readState: readYState,
    writeState: writeYState,
    readLibrary: (id) => this.library.getStory(id).then(withoutRevision),
    write: (doc, story, origin) => writeStoryToDoc(doc, story, origin),
    read: readStoryFromDoc,
    same: sameStory,
    fingerprint,
  };

  private async openEntry(id: string, { fromLibrary }: { fromLibrary: boolean }): Promise<StoryEntry> {
    const existing = this.entries.get(id);
    if (existing) return existing;
    const opened = await SyncedDocument.open(
      id,
      this.storyKind,
      {
        libraryRoot: this.library.root,
        socket: this.socket!,
        token: this.token,
        stopped: () => this.stopped,
        pending: {
          has: () => this.state.pending.includes(id),
          add: () => this.markPending(id),
          delete: () => this.clearPending(id),
        },
        writeBack: (synced) => this.applyRemote(synced as StoryEntry),
        onRemoteChange: (synced, transaction) => {
          const entry = synced as StoryEntry;
          const deletedMap: unknown = entry.doc.getMap(STORY_KEYS.deleted);
          for (const type of transaction.changed.keys()) if (type !== deletedMap) entry.remoteEdited = true;
          if (this.state.pending.includes(id)) entry.unseenHere = true;
        },
        onSynced: () => this.emitChange(),
        onAuthenticationFailed: (reason) => this.signedOut(reason),
        onAuthenticated: () => this.emitChange(),
      },
      fromLibrary,
    );
    const entry: StoryEntry = Object.assign(opened.entry, { before: null, remoteEdited: false, unseenHere: false });
    // Opened by another call while this one read the state from disk: that one is kept.
    const raced = this.entries.get(id);
    if (raced) {
      entry.doc.destroy();
      return raced;
    }
    this.entries.set(id, entry);
    const { doc } = entry;
    doc.on('beforeTransaction', (transaction: Y.Transaction) => {
      if (transaction.origin === entry.provider && entry.before === null) entry.before = readPlainFields(doc);
    });
    // Edits made while the sync was not running (the CLI, an import, the app closed) go in
    // now, on top of the state this machine last had: a minimal edit like any save.
    if (fromLibrary && opened.saved && (await liveEditsAhead(this.library.root, id))) {
      // The live editor's last edits reached this state but not the JSON file (the app
      // stopped first, collab-relay.ts): the file catches up, never the reverse.
      void entry.writeBack().then(() => clearLiveEditsAhead(this.library.root, id));
    } else if (fromLibrary && opened.saved) {
      await entry.catchUpWithLibrary();
    }
    entry.connect();
    return entry;
  }

  /** A save, creation or deletion in the library: into the story's document as a minimal edit. */
  private onLocalChange(id: string, story: Story | null): void {
    const entry = this.entries.get(id);
    if (story === null) {
      if (entry && hasStory(entry.doc) && !readStoryDeleted(entry.doc)) {
        markStoryDeleted(entry.doc, { by: this.settings.user, at: this.now().toISOString() }, LOCAL);
      }
      return;
    }
    if (!entry) {
      void this.openEntry(id, { fromLibrary: false }).then((created) => this.applyLocalSave(created, story));
      return;
    }
    this.applyLocalSave(entry, story);
  }

  private applyLocalSave(entry: StoryEntry, story: Story): void {
    const saved = withoutRevision(story);
    if (entry.needsBaseline || entry.writingNow.has(fingerprint(saved))) {
      entry.applyLocalSave(saved);
      return;
    }
    // The photos the story shows go to the server beside its text (tried again with the next save).
    void this.assets.upload(assetsOf(saved.body)).catch(() => undefined);
    // The live editor's text written into the library (saveLiveStory): its difference is
    // taken against the state it was read from, as the document is ahead of it by design,
    // and the relay writes the newer text itself, as one session of its author.
    entry.applyLocalSave(saved, this.takeLiveSave(entry.id, saved));
  }

  // ------------------------------------------------------------------ remote changes into the library

  private async applyRemote(entry: StoryEntry): Promise<void> {
    const { doc, id } = entry;
    const before = entry.before;
    const edited = entry.remoteEdited;
    const unseenHere = entry.unseenHere;
    entry.before = null;
    entry.remoteEdited = false;
    entry.unseenHere = false;
    if (!hasStory(doc) || entry.needsBaseline) return;
    const overruled = before ? keepLaterWrites(doc, before, LOCAL) : [];
    const tombstone = readStoryDeleted(doc);
    const inLibrary = this.library.storyIds().includes(id);
    if (tombstone) {
      const current = readStoryFromDoc(doc)!;
      const editedAfter = Date.parse(current.updatedAt) > Date.parse(tombstone.at);
      // Changes made here that the server had not confirmed: the desk that deleted it never saw them.
      if (!(editedAfter || unseenHere || (edited && !inLibrary))) {
        if (inLibrary) {
          await this.library.trashStory(id);
          this.libraryWrites++;
          this.emitChange();
        }
        return;
      }
      // Deleted on one desk, edited on another: the story comes back, with a notice.
      writeStoryToDoc(doc, current, LOCAL);
      this.notice({
        kind: 'restored',
        storyId: id,
        headline: current.headline,
        by: current.updatedBy,
        at: current.updatedAt,
      });
    }
    const story = readStoryFromDoc(doc)!;
    const state = Y.encodeStateAsUpdate(doc);
    for (const lost of overruled.filter((write) => write.side === 'remote' && write.stamp)) {
      // A value from elsewhere that an edit made here later overruled: kept in history.
      const stamp = lost.stamp!;
      await this.putFromDoc(entry, { ...story, [lost.field]: lost.value, updatedAt: stamp.at, updatedBy: stamp.by });
      this.notice({
        kind: 'overruled',
        storyId: id,
        headline: story.headline,
        by: stamp.by,
        at: stamp.at,
        field: lost.field,
      });
    }
    // Its photos first, so the story shows them as it arrives; the text never waits on a failed one.
    await this.assets.download(assetsOf(story.body)).catch(() => 0);
    const result = await this.putFromDoc(entry, story, state);
    if (result.changed) this.libraryWrites++;
    if (result.restored) {
      this.notice({
        kind: 'restored',
        storyId: id,
        headline: story.headline,
        by: story.updatedBy,
        at: story.updatedAt,
      });
    }
    this.emitChange();
  }

  private putFromDoc(entry: StoryEntry, story: StoryState, state: Uint8Array | null = null) {
    return entry.putIntoLibrary(state, story, (value) =>
      this.library.putStoryFromElsewhere(value, value.updatedBy, this.remoteTime(value)),
    );
  }

  /** The time a change from elsewhere is recorded at: its own, unless that lies in this machine's future. */
  private remoteTime(story: StoryState): Date {
    const at = Date.parse(story.updatedAt);
    const now = this.now().getTime();
    return new Date(Number.isFinite(at) && at <= now ? at : now);
  }

  private notice(notice: NewsroomNotice): void {
    this.state.notices = [...this.state.notices.slice(-49), notice];
    this.scheduleStateWrite();
    this.emitChange();
  }

  // ------------------------------------------------------------------ persistence

  private markPending(id: string): void {
    if (this.state.pending.includes(id)) return;
    this.state.pending.push(id);
    this.scheduleStateWrite();
    this.emitChange();
  }

  private clearPending(id: string): void {
    if (!this.state.pending.includes(id)) return;
    this.state.pending = this.state.pending.filter((p) => p !== id);
    this.scheduleStateWrite();
    this.emitChange();
  }

  private scheduleStateWrite(): void {
    if (this.stateTimer || this.stopped) return;
    this.stateTimer = setTimeout(() => {
      this.stateTimer = null;
      void this.writeState();
    }, SAVE_DELAY_MS);
  }

  private writeState(): Promise<void> {
    return writeClientState(this.library.root, this.state).catch((error: unknown) =>
      console.error('[masthead] newsroom client state not written:', error),
    );
  }

  // ------------------------------------------------------------------ push and pull now

  /** Resolves once the server has confirmed every change made here (or rejects after `timeoutMs`). */
  async push(timeoutMs = 15_000): Promise<{ pushed: number }> {
    const waiting = this.state.pending.length;
    await this.waitOnline(timeoutMs);
    for (const id of this.state.pending) this.entries.get(id)?.resend();
    this.editions?.resend();
    await this.waitFor(
      () => this.state.pending.length === 0,
      timeoutMs,
      () => {
        return `${this.state.pending.length} stories still wait for the newsroom to confirm them.`;
      },
    );
    await this.flushState();
    return { pushed: waiting };
  }

  /** Asks the server for everything new now, writes it into the library, and brings what is kept offline. */
  async pull(timeoutMs = 15_000): Promise<{ stories: number }> {
    await this.waitOnline(timeoutMs);
    for (const entry of this.entries.values()) entry.forceSync();
    this.editions?.forceSync();
    await this.keepOffline();
    await this.waitFor(
      () => [...this.entries.values()].every((entry) => entry.synced) && (this.editions?.allSynced ?? true),
      timeoutMs,
      () => 'The newsroom did not send every story in time.',
    );
    await this.settle();
    return { stories: this.entries.size };
  }

  /** Waits until every change from the server is written into the library. */
  async settle(): Promise<void> {
    await Promise.all([...this.entries.values()].map((entry) => entry.settle()));
    await this.editions?.settle();
    await this.flushState();
  }

  private async flushState(): Promise<void> {
    for (const entry of this.entries.values()) await entry.flushState();
    await this.editions?.flushState();
    if (this.stateTimer) {
      clearTimeout(this.stateTimer);
      this.stateTimer = null;
    }
    await this.writeState();
  }

  private waitOnline(timeoutMs: number): Promise<void> {
    return this.waitFor(
      () => this.connection === 'online' || this.connection === 'signed-out',
      timeoutMs,
      () => `No newsroom server could be reached (${this.servers.map((s) => s.http).join(', ')}).`,
    ).then(() => {
      if (this.connection === 'signed-out') throw new ServiceError('forbidden', this.error ?? 'Signed out.');
    });
  }

  // ------------------------------------------------------------------ live co-editing (collab-relay.ts)

  /**
   * The story's document for the live editor: the very replica this service syncs and keeps
   * on disk, so the editor never makes a second one. Null while it holds no story yet (a story
   * of this library never synced: its JSON goes in once the server's state has arrived).
   */
  async liveDoc(id: string): Promise<Y.Doc | null> {
    if (this.stopped || this.options.catalogueOnly) return null;
    const entry =
      this.entries.get(id) ?? (await this.openEntry(id, { fromLibrary: this.library.storyIds().includes(id) }));
    return entry.needsBaseline || !hasStory(entry.doc) ? null : entry.doc;
  }

  /** An edit made in the live editor: into the document as a change made here, on disk before this resolves. */
  async applyLiveUpdate(id: string, update: Uint8Array): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) throw new ServiceError('not-found', `Story ${id} is not open for live editing.`);
    Y.applyUpdate(entry.doc, update, LOCAL);
    // Group commit: edits that arrive while the state is being written share the next write
    // (it encodes the state when it starts, with all of them), so fast typing costs one
    // write in flight and one waiting, not one per keystroke.
    const writes = this.liveWrites.get(id);
    if (writes?.next) return writes.next;
    if (writes) {
      const next = writes.running.catch(() => undefined).then(() => entry.saveState());
      writes.next = next;
      return next;
    }
    const state = { running: entry.saveState(), next: null as Promise<void> | null };
    this.liveWrites.set(id, state);
    const settle = (): void => {
      if (state.next) {
        state.running = state.next;
        state.next = null;
        void state.running.then(settle, settle);
      } else this.liveWrites.delete(id);
    };
    void state.running.then(settle, settle);
    return state.running;
  }

  /**
   * Writes the live document's story into the library through `save` (a library save, with
   * this desk's author and its history sessions). That save is not mapped into the document
   * again: only what the library added (its author and time) is.
   */
  async saveLiveStory<T>(id: string, save: (story: StoryState) => Promise<T>): Promise<T | null> {
    const entry = this.entries.get(id);
    if (!entry || entry.needsBaseline || !hasStory(entry.doc)) return null;
    const story = readStoryFromDoc(entry.doc)!;
    const write = { key: liveKey(story), state: Y.encodeStateAsUpdate(entry.doc) };
    const writes = this.liveSaves.get(id) ?? [];
    writes.push(write);
    this.liveSaves.set(id, writes);
    try {
      return await save(story);
    } finally {
      const left = (this.liveSaves.get(id) ?? []).filter((w) => w !== write);
      if (left.length > 0) this.liveSaves.set(id, left);
      else this.liveSaves.delete(id);
    }
  }

  private takeLiveSave(id: string, saved: StoryState): Uint8Array | null {
    const writes = this.liveSaves.get(id);
    const key = writes ? liveKey(saved) : '';
    const write = writes?.find((w) => w.key === key);
    if (!write) return null;
    writes!.splice(writes!.indexOf(write), 1);
    return write.state;
  }

  /** Presence on the catalogue: the live editor's caret travels there with the desk's name and colour. */
  get presenceAwareness(): Awareness | null {
    return this.catalogue?.provider.awareness ?? null;
  }

  private waitFor(done: () => boolean, timeoutMs: number, message: () => string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        clearInterval(poll);
        stop();
        resolve();
      };
      const stop = this.onChange(check);
      const poll = setInterval(check, 25);
      const timer = setTimeout(() => {
        clearInterval(poll);
        stop();
        reject(new ServiceError('io', message()));
      }, timeoutMs);
    });
  }
}

/** Whether two stories read the same (fields and last change; revisions are each library's own). */
const sameStory = (a: StoryState | null, b: StoryState): boolean =>
  a !== null &&
  a.updatedAt === b.updatedAt &&
  JSON.stringify(StoryFields.parse(a)) === JSON.stringify(StoryFields.parse(b)) &&
  JSON.stringify(a.statusHistory) === JSON.stringify(b.statusHistory);

/** A story's content and last change, to know a library event this service caused itself. */
const fingerprint = (story: StoryState): string =>
  `${story.updatedAt}\u0000${JSON.stringify(StoryFields.parse(story))}`;

/** The live editor's part of a story (its Y.Texts, tags and body), to know its own saves when the library reports them. */
const liveKey = (story: StoryState): string =>
  JSON.stringify([LIVE_TEXT_FIELDS.map((key) => story[key]), story.tags, story.body]);

const withoutRevision = (story: Story): StoryState => {
  const { revision: _revision, ...state } = story;
  return state;
};
