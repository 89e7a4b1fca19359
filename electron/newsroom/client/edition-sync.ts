import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HocuspocusProvider, type HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';
import type { Edition } from '../../../shared/model';
import { readEditionFromDoc, writeEditionToDoc, hasEdition } from '../../../shared/newsroom/edition-doc';
import { editionDocumentName } from '../../../shared/newsroom/protocol';
import { writeFileDurably } from '../../store/durable-file';
import type { Library } from '../../store/library';

/**
 * The editions' half of the desktop sync (newsroom-client.ts holds the stories'): each edition
 * of the library is also a Yjs document (`edition:<id>`, shared/newsroom/edition-doc.ts) whose
 * state is kept beside its JSON (`editions/<id>.ystate`). A save of the edition goes in as a
 * minimal edit (only the keys that differ: two desks moving different blocks both keep their
 * move); a change from elsewhere is written back into the library. The newsroom's editions
 * are few and small: every one the catalogue lists is kept on this machine.
 */

const LOCAL = Symbol('newsroom-edition-local');
const LOADED = Symbol('newsroom-edition-loaded');
const SAVE_DELAY_MS = 50;
const WRITE_BACK_DELAY_MS = 20;

interface EditionEntry {
  id: string;
  doc: Y.Doc;
  provider: HocuspocusProvider;
  needsBaseline: boolean;
  synced: boolean;
  /** The document's state when it last read like the library's file (see newsroom-client.ts). */
  base: Uint8Array | null;
  /** Editions this service is writing into the library: their change events are its own. */
  writingNow: Set<string>;
  saveTimer: NodeJS.Timeout | null;
  writeBackTimer: NodeJS.Timeout | null;
  writing: Promise<void>;
}

export interface EditionSyncOptions {
  library: Library;
  socket: HocuspocusProviderWebsocket;
  token: string;
  onChange: () => void;
  onAuthenticationFailed: (reason: string) => void;
  /** Editions with changes made here that the server has not confirmed: kept with the stories' (client.json). */
  pending: { has(id: string): boolean; add(id: string): void; delete(id: string): void; ids(): string[] };
}

const ystatePath = (root: string, id: string): string => join(root, 'editions', `${id}.ystate`);

export class EditionSync {
  private readonly entries = new Map<string, EditionEntry>();
  private unsubscribe: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly options: EditionSyncOptions) {}

  get allSynced(): boolean {
    return [...this.entries.values()].every((entry) => entry.synced);
  }

  async start(): Promise<void> {
    for (const id of await this.options.library.editionIds()) await this.open(id, true);
    this.unsubscribe = this.options.library.onEditionChanged((id, edition) => this.onLocalChange(id, edition));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    for (const entry of this.entries.values()) {
      if (entry.writeBackTimer) clearTimeout(entry.writeBackTimer);
      await entry.writing.catch(() => undefined);
      if (entry.saveTimer) {
        clearTimeout(entry.saveTimer);
        await this.saveState(entry).catch(() => undefined);
      }
      entry.provider.destroy();
      entry.doc.destroy();
    }
    this.entries.clear();
  }

  /** Brings the catalogue's editions this machine does not hold yet. */
  async keep(ids: readonly string[]): Promise<void> {
    for (const id of ids) if (!this.entries.has(id) && !this.stopped) await this.open(id, false);
  }

  /** Asks the server again for every edition (pull). */
  forceSync(): void {
    for (const entry of this.entries.values()) {
      entry.synced = false;
      entry.provider.synced = false;
      entry.provider.forceSync();
    }
  }

  /** Sends every unconfirmed edition again, for the server to confirm (push). */
  resend(): void {
    for (const id of this.options.pending.ids()) {
      const entry = this.entries.get(id);
      if (entry?.synced) entry.provider.documentUpdateHandler(Y.encodeStateAsUpdate(entry.doc), LOCAL);
    }
  }

  async settle(): Promise<void> {
    for (const entry of this.entries.values()) {
      if (entry.writeBackTimer) {
        clearTimeout(entry.writeBackTimer);
        entry.writeBackTimer = null;
        this.writeBack(entry);
      }
    }
    await Promise.all([...this.entries.values()].map((entry) => entry.writing));
  }

  private async open(id: string, fromLibrary: boolean): Promise<EditionEntry> {
    const existing = this.entries.get(id);
    if (existing) return existing;
    const { library } = this.options;
    const doc = new Y.Doc();
    const saved = await readFile(ystatePath(library.root, id)).then(
      (bytes) => new Uint8Array(bytes),
      () => null,
    );
    if (saved) Y.applyUpdate(doc, saved, LOADED);
    const entry: EditionEntry = {
      id,
      doc,
      provider: null as unknown as HocuspocusProvider,
      needsBaseline: fromLibrary && !saved,
      synced: false,
      base: null,
      writingNow: new Set(),
      saveTimer: null,
      writeBackTimer: null,
      writing: Promise.resolve(),
    };
    this.entries.set(id, entry);
    if (fromLibrary && !saved) this.markPending(id);
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === LOADED) return;
      this.scheduleSave(entry);
      if (origin === LOCAL) this.markPending(id);
    });
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.origin === entry.provider && transaction.changed.size > 0) this.scheduleWriteBack(entry);
    });
    if (fromLibrary && saved) {
      const edition = await library.getEdition(id).catch(() => null);
      if (edition) writeEditionToDoc(doc, edition, LOCAL);
      entry.base = Y.encodeStateAsUpdate(doc);
    }
    entry.provider = new HocuspocusProvider({
      websocketProvider: this.options.socket,
      name: editionDocumentName(id),
      document: doc,
      token: this.options.token,
      awareness: null,
      onSynced: ({ state }) => {
        if (!state) return;
        entry.synced = true;
        this.onSynced(entry);
      },
      onUnsyncedChanges: ({ number }) => {
        if (number === 0 && entry.synced && !entry.needsBaseline) this.clearPending(id);
      },
      onAuthenticationFailed: ({ reason }) => this.options.onAuthenticationFailed(reason),
    });
    entry.provider.attach();
    return entry;
  }

  private onSynced(entry: EditionEntry): void {
    if (entry.needsBaseline) {
      entry.needsBaseline = false;
      void this.options.library
        .getEdition(entry.id)
        .then((edition) => {
          writeEditionToDoc(entry.doc, edition, LOCAL);
          entry.base = Y.encodeStateAsUpdate(entry.doc);
        })
        .catch(() => undefined);
    } else if (this.options.pending.has(entry.id)) {
      entry.provider.documentUpdateHandler(Y.encodeStateAsUpdate(entry.doc), LOCAL);
    }
    this.options.onChange();
  }

  private onLocalChange(id: string, edition: Edition | null): void {
    if (edition === null) return; // A deleted edition stays in the newsroom: deleting is the chief's, on the server.
    const entry = this.entries.get(id);
    if (!entry) {
      void this.open(id, false).then((created) => this.applyLocalSave(created, edition));
      return;
    }
    this.applyLocalSave(entry, edition);
  }

  private applyLocalSave(entry: EditionEntry, edition: Edition): void {
    if (entry.needsBaseline) return;
    if (entry.writingNow.delete(JSON.stringify(edition))) return;
    const { base } = entry;
    if (!base || sameVector(Y.encodeStateVectorFromUpdate(base), Y.encodeStateVector(entry.doc))) {
      writeEditionToDoc(entry.doc, edition, LOCAL);
      entry.base = Y.encodeStateAsUpdate(entry.doc);
    } else {
      // Changes from elsewhere arrived since the file last read like the document: the save's
      // own difference, taken against that state, goes in beside them.
      const fork = new Y.Doc();
      Y.applyUpdate(fork, base);
      const vector = Y.encodeStateVector(fork);
      writeEditionToDoc(fork, edition, LOCAL);
      Y.applyUpdate(entry.doc, Y.encodeStateAsUpdate(fork, vector), LOCAL);
      entry.base = Y.encodeStateAsUpdate(fork);
      fork.destroy();
      this.scheduleWriteBack(entry);
    }
  }

  private scheduleWriteBack(entry: EditionEntry): void {
    if (entry.writeBackTimer || this.stopped) return;
    entry.writeBackTimer = setTimeout(() => {
      entry.writeBackTimer = null;
      this.writeBack(entry);
    }, WRITE_BACK_DELAY_MS);
  }

  private writeBack(entry: EditionEntry): void {
    entry.writing = entry.writing
      .then(async () => {
        if (entry.needsBaseline || !hasEdition(entry.doc)) return;
        const edition = readEditionFromDoc(entry.doc);
        if (!edition) return;
        const state = Y.encodeStateAsUpdate(entry.doc);
        entry.base = state;
        const key = JSON.stringify(edition);
        entry.writingNow.add(key);
        const result = await this.options.library.putEditionFromElsewhere(edition).catch((error: unknown) => {
          entry.writingNow.delete(key);
          throw error;
        });
        // Parsing may normalise the edition; the event then carries the parsed one.
        if (!result.changed) entry.writingNow.delete(key);
        else if (JSON.stringify(result.edition) !== key) {
          entry.writingNow.delete(key);
          entry.writingNow.add(JSON.stringify(result.edition));
        }
        this.options.onChange();
      })
      .catch((error: unknown) =>
        console.error(`[masthead] newsroom change of edition ${entry.id} not written:`, error),
      );
  }

  private scheduleSave(entry: EditionEntry): void {
    if (entry.saveTimer || this.stopped) return;
    entry.saveTimer = setTimeout(() => {
      entry.saveTimer = null;
      void this.saveState(entry).catch((error: unknown) =>
        console.error(`[masthead] newsroom state of edition ${entry.id} not written:`, error),
      );
    }, SAVE_DELAY_MS);
  }

  private saveState(entry: EditionEntry): Promise<void> {
    return writeFileDurably(ystatePath(this.options.library.root, entry.id), Y.encodeStateAsUpdate(entry.doc));
  }

  private markPending(id: string): void {
    this.options.pending.add(id);
  }

  private clearPending(id: string): void {
    this.options.pending.delete(id);
  }
}

const sameVector = (a: Uint8Array, b: Uint8Array): boolean => {
  const x = Y.decodeStateVector(a);
  const y = Y.decodeStateVector(b);
  return x.size === y.size && [...x].every(([client, clock]) => y.get(client) === clock);
};
