import { HocuspocusProvider, type HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';

/**
 * One document the desktop syncs with the newsroom (a story or an edition): its Y.Doc, its
 * provider on the shared websocket, its Yjs state kept durably beside the JSON file, the
 * changes made here the server has not confirmed, and the write-back of changes from
 * elsewhere into the library. newsroom-client.ts (stories) and edition-sync.ts (editions)
 * use it with a `DocumentKind` each, so the two halves of the sync cannot drift apart.
 */

/** Origins of transactions: changes made on this desk, and a state read back from disk. */
export const LOCAL = Symbol('newsroom-local');
export const LOADED = Symbol('newsroom-loaded');

const SAVE_DELAY_MS = 50;
const WRITE_BACK_DELAY_MS = 20;

/** What differs between a story and an edition: how it is named, stored, written and read. */
export interface DocumentKind<T> {
  /** 'story' or 'edition', in messages. */
  readonly noun: string;
  documentName(id: string): string;
  readState(libraryRoot: string, id: string): Promise<Uint8Array | null>;
  writeState(libraryRoot: string, id: string, state: Uint8Array): Promise<void>;
  /** The library's copy (its JSON file). */
  readLibrary(id: string): Promise<T>;
  /** Writes `value` into the document as a minimal edit. */
  write(doc: Y.Doc, value: T, origin: unknown): void;
  read(doc: Y.Doc): T | null;
  /** Whether the document's value reads as the library's. */
  same(inDoc: T | null, value: T): boolean;
  /** A value's identity, to know a library event this service caused itself. */
  fingerprint(value: T): string;
}

/** How a document reaches the rest of the sync service. */
export interface DocumentLinks<T> {
  libraryRoot: string;
  socket: HocuspocusProviderWebsocket;
  token: string;
  stopped(): boolean;
  /** Changes made here the server has not confirmed (kept in client.json, counted as waiting). */
  pending: { has(): boolean; add(): void; delete(): void };
  /** Writes the document's changes from elsewhere into the library (its own per kind). */
  writeBack(entry: SyncedDocument<T>): Promise<void>;
  /** A change from the server arrived (before its write-back is scheduled). */
  onRemoteChange?(entry: SyncedDocument<T>, transaction: Y.Transaction): void;
  onSynced(): void;
  onAuthenticationFailed(reason: string): void;
  onAuthenticated?(scope: string): void;
}

export class SyncedDocument<T> {
  readonly doc = new Y.Doc();
  provider: HocuspocusProvider | null = null;
  /** No Yjs state here yet: the library's JSON goes in once the server's state is in, never beside it. */
  needsBaseline = false;
  synced = false;
  /** The server opened this document read-only for this user. */
  readOnly = false;
  /** A save was made in the library while the baseline waited: the file is read again once it is in. */
  private savedDuringBaseline = false;
  /**
   * The document's state when it last read the same as the library's JSON: a save made in
   * the library is a change from there, so it is replayed onto a copy of that state and only
   * its own difference goes into the document, never undoing what arrived since.
   */
  base: Uint8Array | null = null;
  /** Values this service is writing into the library: their change events are its own, not saves. */
  readonly writingNow = new Set<string>();
  /** The write-back under way (writes into the library follow one another). */
  writing: Promise<void> = Promise.resolve();
  private saveTimer: NodeJS.Timeout | null = null;
  private writeBackTimer: NodeJS.Timeout | null = null;
  private readonly syncedWaiters: (() => void)[] = [];

  private constructor(
    readonly id: string,
    private readonly kind: DocumentKind<T>,
    private readonly links: DocumentLinks<T>,
  ) {}

  /**
   * The document with its state from disk and its listeners; not connected yet (the owner
   * first brings it up to date with the library, then calls `connect`). `fromLibrary`: the
   * library holds it; without a state on disk it then waits for the server's baseline.
   */
  static async open<T>(
    id: string,
    kind: DocumentKind<T>,
    links: DocumentLinks<T>,
    fromLibrary: boolean,
  ): Promise<{ entry: SyncedDocument<T>; saved: boolean }> {
    const entry = new SyncedDocument(id, kind, links);
    const saved = await kind.readState(links.libraryRoot, id);
    if (saved) Y.applyUpdate(entry.doc, saved, LOADED);
    entry.needsBaseline = fromLibrary && !saved;
    entry.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === LOADED) return;
      entry.scheduleSave();
      if (origin === LOCAL) links.pending.add();
    });
    entry.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.origin !== entry.provider || transaction.changed.size === 0) return;
      links.onRemoteChange?.(entry, transaction);
      entry.scheduleWriteBack();
    });
    return { entry, saved: saved !== null };
  }

  /** The library's file written into the document as a change made here (edits made while the sync was not running). */
  async catchUpWithLibrary(): Promise<void> {
    const value = await this.kind.readLibrary(this.id).catch(() => null);
    if (value) this.kind.write(this.doc, value, LOCAL);
    this.base = Y.encodeStateAsUpdate(this.doc);
  }

  /** Attaches the document to the shared websocket. Presence travels on the catalogue alone. */
  connect(): void {
    if (this.needsBaseline) this.links.pending.add();
    this.provider = new HocuspocusProvider({
      websocketProvider: this.links.socket,
      name: this.kind.documentName(this.id),
      document: this.doc,
      token: this.links.token,
      awareness: null,
      onSynced: ({ state }) => {
        if (state) this.onSynced();
      },
      onUnsyncedChanges: ({ number }) => {
        if (number === 0 && this.synced && !this.needsBaseline) this.links.pending.delete();
      },
      onAuthenticationFailed: ({ reason }) => this.links.onAuthenticationFailed(reason),
      onAuthenticated: ({ scope }) => {
        this.readOnly = scope === 'readonly';
        this.links.onAuthenticated?.(scope);
      },
    });
    this.provider.attach();
  }

  private onSynced(): void {
    this.synced = true;
    if (this.needsBaseline) {
      void this.writeBaseline();
    } else if (this.links.pending.has()) {
      // What changed here while offline went out in the sync handshake, which the server
      // does not confirm; sent again as an update, it is confirmed (and a no-op if it had it).
      this.resend();
    }
    for (const resolve of this.syncedWaiters.splice(0)) resolve();
    this.links.onSynced();
  }

  /**
   * The library's file written on top of the server's state, once that is in. It stays
   * waiting until then and until the baseline is confirmed: cleared before the file was read,
   * a push could report nothing waiting and the baseline's update then mark it waiting again.
   * A save made in the library while the file was being read is not lost: it is read again.
   */
  private async writeBaseline(): Promise<void> {
    try {
      do {
        this.savedDuringBaseline = false;
        const value = await this.kind.readLibrary(this.id);
        this.kind.write(this.doc, value, LOCAL);
        this.base = Y.encodeStateAsUpdate(this.doc);
        if (!this.kind.same(this.kind.read(this.doc), value)) this.scheduleWriteBack();
      } while (this.savedDuringBaseline);
    } catch {
      // No file to write (gone meanwhile): the server's state stands.
    } finally {
      this.needsBaseline = false;
      // A baseline that changed something is on its way (cleared when the server confirms
      // it); one that changed nothing means the server already had it.
      if (!this.provider?.hasUnsyncedChanges) this.links.pending.delete();
    }
  }

  /** Resolves once the server's state is in (rejects after `timeoutMs`). */
  waitSynced(timeoutMs: number, failure: () => Error): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(failure()), timeoutMs);
      this.syncedWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Sends the whole state as an update, for the server to confirm (after a reconnect, on push). */
  resend(): void {
    if (this.synced) this.provider?.documentUpdateHandler(Y.encodeStateAsUpdate(this.doc), LOCAL);
  }

  /** Asks the server again for its state (pull). */
  forceSync(): void {
    this.synced = false;
    if (!this.provider) return;
    // The provider reports 'synced' only on a change of its flag: lowered, the answer raises it.
    this.provider.synced = false;
    this.provider.forceSync();
  }

  /**
   * A save made in the library, written into the document as a change made here. `from`: the
   * document state the saved value was read from, when it is not the one the library last
   * read like (the live editor's saves, which the document is ahead of by design); its
   * difference is then taken against that state and the library is not written back.
   * Returns false for a library event this service caused itself.
   */
  applyLocalSave(value: T, from: Uint8Array | null = null): boolean {
    if (this.needsBaseline) {
      // Written with the baseline (the file is read again after it).
      this.savedDuringBaseline = true;
      return false;
    }
    if (this.writingNow.delete(this.kind.fingerprint(value))) return false;
    const base = from ?? this.base;
    if (!from && (!base || sameVector(Y.encodeStateVectorFromUpdate(base), Y.encodeStateVector(this.doc)))) {
      this.kind.write(this.doc, value, LOCAL);
      this.base = Y.encodeStateAsUpdate(this.doc);
      return true;
    }
    // Changes from elsewhere arrived since the library last read like the document: the
    // save's own difference, taken against that state, is merged in beside them.
    const fork = new Y.Doc();
    Y.applyUpdate(fork, base!);
    const vector = Y.encodeStateVector(fork);
    this.kind.write(fork, value, LOCAL);
    Y.applyUpdate(this.doc, Y.encodeStateAsUpdate(fork, vector), LOCAL);
    this.base = Y.encodeStateAsUpdate(fork);
    fork.destroy();
    // The document holds changes from elsewhere this save did not start from (they were
    // being written into the library as it saved): the library gets the merged value too.
    if (!from && !this.kind.same(this.kind.read(this.doc), value)) this.scheduleWriteBack();
    return true;
  }

  /**
   * Writes a value from the document into the library through `put`, knowing the change
   * event that follows as its own. `stored`: the value the library kept (it may normalise it).
   * `state`: the document state the value was read from, which the library reads like once
   * the write is done — not before: a save made in the library until then was made on the
   * file as it was, and its difference is taken against the state that file read like (else
   * it would be written whole, undoing the change from elsewhere).
   */
  async putIntoLibrary<R extends { changed: boolean }>(
    state: Uint8Array | null,
    value: T,
    put: (value: T) => Promise<R>,
    stored: (result: R) => T = () => value,
  ): Promise<R> {
    const key = this.kind.fingerprint(value);
    this.writingNow.add(key);
    try {
      const result = await put(value);
      if (state) this.base = state;
      const storedKey = result.changed ? this.kind.fingerprint(stored(result)) : null;
      if (storedKey !== key) {
        this.writingNow.delete(key);
        if (storedKey) this.writingNow.add(storedKey);
      }
      return result;
    } catch (error) {
      this.writingNow.delete(key);
      throw error;
    }
  }

  // ------------------------------------------------------------------ write-back into the library

  scheduleWriteBack(): void {
    if (this.writeBackTimer || this.links.stopped()) return;
    this.writeBackTimer = setTimeout(() => {
      this.writeBackTimer = null;
      void this.writeBack();
    }, WRITE_BACK_DELAY_MS);
  }

  /** Writes now (a timer waiting is taken over); resolves once every write-back so far is done. */
  writeBack(): Promise<void> {
    if (this.writeBackTimer) clearTimeout(this.writeBackTimer);
    // Cleared, not only stopped: a timer left set would keep every later change from being written.
    this.writeBackTimer = null;
    this.writing = this.writing
      .then(() => this.links.writeBack(this))
      .catch((error: unknown) =>
        console.error(`[masthead] newsroom change of ${this.kind.noun} ${this.id} not written:`, error),
      );
    return this.writing;
  }

  /** Runs a write-back waiting on its timer now; resolves when all are done. */
  settle(): Promise<void> {
    if (this.writeBackTimer) return this.writeBack();
    return this.writing;
  }

  // ------------------------------------------------------------------ the Yjs state on disk

  private scheduleSave(): void {
    if (this.saveTimer || this.links.stopped()) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      void this.saveState().catch((error: unknown) =>
        console.error(`[masthead] newsroom state of ${this.kind.noun} ${this.id} not written:`, error),
      );
    }, SAVE_DELAY_MS);
  }

  /** Writes the Yjs state now (durably). */
  saveState(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    return this.kind.writeState(this.links.libraryRoot, this.id, Y.encodeStateAsUpdate(this.doc));
  }

  /** Writes the state if a write is waiting on its timer. */
  async flushState(): Promise<void> {
    if (this.saveTimer) await this.saveState();
  }

  /** Lets go: what waits is written, the provider and document are closed. */
  async close(): Promise<void> {
    if (this.writeBackTimer) clearTimeout(this.writeBackTimer);
    this.writeBackTimer = null;
    await this.writing.catch(() => undefined);
    await this.flushState().catch(() => undefined);
    this.provider?.destroy();
    this.doc.destroy();
  }
}

export const sameVector = (a: Uint8Array, b: Uint8Array): boolean => {
  const x = Y.decodeStateVector(a);
  const y = Y.decodeStateVector(b);
  return x.size === y.size && [...x].every(([client, clock]) => y.get(client) === clock);
};
