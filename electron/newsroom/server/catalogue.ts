import type { DirectConnection, Hocuspocus } from '@hocuspocus/server';
import * as Y from 'yjs';
import {
  CATALOGUE_DOCUMENT,
  CATALOGUE_KEYS,
  editionDocumentName,
  parseDocumentName,
  storyDocumentName,
} from '../../../shared/newsroom/protocol';
import type { NewsroomDb } from './db';
import { summariseEditionDoc, summariseStoryDoc } from './read-docs';

/**
 * The catalogue document, kept by the server: every story and edition's summary, refreshed
 * shortly after the document changes (changes are gathered for SUMMARY_DELAY_MS so a burst of
 * typing makes one catalogue change). Each server process holds the catalogue open; with
 * several processes Redis keeps their copies in step, and each writes the summaries of the
 * changes it sees (the same summary written twice is one value).
 */

const SUMMARY_DELAY_MS = 120;
/**
 * Every desk holds the catalogue open, so each change to it goes to every client. While
 * someone types, only a story's counts change: those are passed on at most this often per
 * story (any other change to its summary goes at once, with the counts).
 */
const COUNTS_ONLY_INTERVAL_MS = 3_000;

/** Whether two summaries differ in nothing but their character and word counts. */
function countsOnly(before: unknown, after: object): boolean {
  if (!before || typeof before !== 'object') return false;
  const withoutCounts = (entry: object) => JSON.stringify({ ...entry, charCount: 0, wordCount: 0 });
  return withoutCounts(before) === withoutCounts(after);
}
/** Stories stored this long before the catalogue was last stored are summarised again at start. */
const CATCH_UP_MARGIN_MS = 60_000;

export class CatalogueKeeper {
  private connection: DirectConnection | null = null;
  private readonly pending = new Map<string, Y.Doc>();
  private timer: NodeJS.Timeout | null = null;
  /** When each document's summary was last written, for COUNTS_ONLY_INTERVAL_MS. */
  private readonly writtenAt = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly hocuspocus: Hocuspocus,
    private readonly db: NewsroomDb,
    private readonly log: (line: string) => void,
  ) {}

  /** Opens the catalogue and brings it up to date with what was stored while no server kept it. */
  async start(): Promise<void> {
    const since = await this.db.documentUpdatedAt(CATALOGUE_DOCUMENT);
    this.connection = await this.hocuspocus.openDirectConnection(CATALOGUE_DOCUMENT, {});
    const from = since ? new Date(since.getTime() - CATCH_UP_MARGIN_MS) : null;
    let count = 0;
    for (const prefix of [storyDocumentName(''), editionDocumentName('')]) {
      let batch: [string, Y.Doc][] = [];
      for await (const row of this.db.documentsSince(prefix, from)) {
        const doc = new Y.Doc();
        try {
          Y.applyUpdate(doc, row.data);
        } catch {
          this.log(`catalogue: ${row.name} could not be read; left out`);
          continue;
        }
        batch.push([row.name, doc]);
        if (batch.length >= 500) {
          count += await this.write(batch);
          batch = [];
        }
      }
      count += await this.write(batch);
    }
    if (count > 0) this.log(`catalogue: ${count} summaries brought up to date`);
  }

  /** A story or edition document changed: its summary is refreshed shortly. */
  noteChange(documentName: string, document: Y.Doc): void {
    if (this.closed || documentName === CATALOGUE_DOCUMENT) return;
    this.pending.set(documentName, document);
    this.timer ??= setTimeout(() => void this.flush(), SUMMARY_DELAY_MS);
  }

  /** Writes what is pending; `everything` also what only changed its counts lately (at shutdown). */
  async flush(everything = false): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending];
    this.pending.clear();
    if (batch.length > 0) await this.write(batch, everything);
    if (this.pending.size > 0 && !this.closed) {
      this.timer = setTimeout(() => void this.flush(), SUMMARY_DELAY_MS);
    }
  }

  /**
   * Writes the summaries of these documents that differ from the catalogue's; returns how
   * many. A counts-only change written to lately stays pending (unless `everything`).
   */
  private async write(documents: [string, Y.Doc][], everything = true): Promise<number> {
    const connection = this.connection;
    if (!connection || documents.length === 0) return 0;
    let written = 0;
    await connection.transact((catalogue) => {
      const stories = catalogue.getMap<unknown>(CATALOGUE_KEYS.stories);
      const editions = catalogue.getMap<unknown>(CATALOGUE_KEYS.editions);
      for (const [name, doc] of documents) {
        const ref = parseDocumentName(name);
        if (!ref || ref.kind === 'catalogue') continue;
        const [map, entry] =
          ref.kind === 'story'
            ? [stories, summariseStoryDoc(ref.id, doc)]
            : [editions, summariseEditionDoc(ref.id, doc)];
        if (!entry) continue;
        const current = map.get(ref.id);
        if (JSON.stringify(current) === JSON.stringify(entry)) continue;
        const now = Date.now();
        if (
          !everything &&
          countsOnly(current, entry) &&
          now - (this.writtenAt.get(name) ?? 0) < COUNTS_ONLY_INTERVAL_MS
        ) {
          this.pending.set(name, doc);
          continue;
        }
        map.set(ref.id, entry);
        this.writtenAt.set(name, now);
        written++;
      }
    });
    return written;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush(true).catch((error: unknown) => this.log(`catalogue: ${(error as Error).message}`));
    this.closed = true;
    const connection = this.connection;
    this.connection = null;
    await connection?.disconnect();
  }
}
