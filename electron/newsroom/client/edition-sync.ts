import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { Edition } from '../../../shared/model';
import { hasEdition, readEditionFromDoc, writeEditionToDoc } from '../../../shared/newsroom/edition-doc';
import { editionDocumentName } from '../../../shared/newsroom/protocol';
import { writeFileDurably } from '../../store/durable-file';
import type { Library } from '../../store/library';
import { type DocumentKind, SyncedDocument } from './synced-document';

/**
 * The editions' half of the desktop sync (newsroom-client.ts holds the stories'): each edition
 * of the library is also a Yjs document (`edition:<id>`, shared/newsroom/edition-doc.ts) whose
 * state is kept beside its JSON (`editions/<id>.ystate`). A save of the edition goes in as a
 * minimal edit (only the keys that differ: two desks moving different blocks both keep their
 * move); a change from elsewhere is written back into the library. The newsroom's editions
 * are few and small: every one the catalogue lists is kept on this machine.
 */

/** One synced edition (synced-document.ts). */
type EditionEntry = SyncedDocument<Edition>;

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

/** Editions compared by content, whatever order their keys were written in. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );

export class EditionSync {
  private readonly entries = new Map<string, EditionEntry>();
  private unsubscribe: (() => void) | null = null;
  private stopped = false;
  private readonly kind: DocumentKind<Edition>;

  constructor(private readonly options: EditionSyncOptions) {
    this.kind = {
      noun: 'edition',
      documentName: editionDocumentName,
      readState: (root, id) =>
        readFile(ystatePath(root, id)).then(
          (bytes) => new Uint8Array(bytes),
          () => null,
        ),
      writeState: (root, id, state) => writeFileDurably(ystatePath(root, id), state),
      readLibrary: (id) => options.library.getEdition(id),
      write: (doc, edition, origin) => void writeEditionToDoc(doc, edition, origin),
      read: readEditionFromDoc,
      same: (inDoc, edition) => inDoc !== null && canonical(inDoc) === canonical(edition),
      // As the library will tell of it: parsed (defaults filled in), whatever its key order.
      fingerprint: (edition) => canonical(Edition.parse(edition)),
    };
  }

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
    for (const entry of this.entries.values()) await entry.close();
    this.entries.clear();
  }

  /** Brings the catalogue's editions this machine does not hold yet. */
  async keep(ids: readonly string[]): Promise<void> {
    for (const id of ids) if (!this.entries.has(id) && !this.stopped) await this.open(id, false);
  }

  /** Asks the server again for every edition (pull). */
  forceSync(): void {
    for (const entry of this.entries.values()) entry.forceSync();
  }

  /** Sends every unconfirmed edition again, for the server to confirm (push). */
  resend(): void {
    for (const id of this.options.pending.ids()) this.entries.get(id)?.resend();
  }

  async settle(): Promise<void> {
    await Promise.all([...this.entries.values()].map((entry) => entry.settle()));
  }

  async flushState(): Promise<void> {
    for (const entry of this.entries.values()) await entry.flushState();
  }

  private async open(id: string, fromLibrary: boolean): Promise<EditionEntry> {
    const existing = this.entries.get(id);
    if (existing) return existing;
    const { library, pending } = this.options;
    const opened = await SyncedDocument.open(
      id,
      this.kind,
      {
        libraryRoot: library.root,
        socket: this.options.socket,
        token: this.options.token,
        stopped: () => this.stopped,
        pending: { has: () => pending.has(id), add: () => pending.add(id), delete: () => pending.delete(id) },
        writeBack: (synced) => this.writeBack(synced),
        onSynced: () => this.options.onChange(),
        onAuthenticationFailed: (reason) => this.options.onAuthenticationFailed(reason),
      },
      fromLibrary,
    );
    const entry = opened.entry;
    const raced = this.entries.get(id);
    if (raced) {
      entry.doc.destroy();
      return raced;
    }
    this.entries.set(id, entry);
    if (fromLibrary && opened.saved) await entry.catchUpWithLibrary();
    entry.connect();
    return entry;
  }

  private onLocalChange(id: string, edition: Edition | null): void {
    if (edition === null) return; // A deleted edition stays in the newsroom: deleting is the chief's, on the server.
    const entry = this.entries.get(id);
    if (!entry) {
      void this.open(id, false).then((created) => created.applyLocalSave(edition));
      return;
    }
    entry.applyLocalSave(edition);
  }

  /**
   * The document's edition into the library. It is read under the edition's lock, at the
   * moment the file is written: a save made here just before is then in it (each save goes
   * into the document as it is made), never written over by an older state of the document.
   */
  private async writeBack(entry: EditionEntry): Promise<void> {
    if (entry.needsBaseline || !hasEdition(entry.doc)) return;
    let written: { key: string; state: Uint8Array } | null = null;
    const result = await this.options.library
      .putEditionFromElsewhere({
        id: entry.id,
        read: (current) => {
          let edition = readEditionFromDoc(entry.doc)!;
          // The file's time only moves forward, and with every change of its content: two
          // desks' saves merged carry the time of one of them, and a file that looked like
          // this desk's last save would let a window's next save over it through (undoing the
          // other desk's change), so a merged edition gets a time of its own.
          if (current && Date.parse(edition.updatedAt) <= Date.parse(current.updatedAt)) {
            const sameContent = canonical({ ...edition, updatedAt: '' }) === canonical({ ...current, updatedAt: '' });
            edition = sameContent
              ? current
              : { ...edition, updatedAt: new Date(Date.parse(current.updatedAt) + 1).toISOString() };
          }
          written = { key: this.kind.fingerprint(edition), state: Y.encodeStateAsUpdate(entry.doc) };
          // Known as this service's own before the library tells of it.
          entry.writingNow.add(written.key);
          return edition;
        },
      })
      .catch((error: unknown) => {
        if (written) entry.writingNow.delete(written.key);
        throw error;
      });
    const { key, state } = written!;
    if (!result.changed) entry.writingNow.delete(key);
    entry.base = state;
    this.options.onChange();
  }
}
