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
/** Stories stored this long before the catalogue was last stored are summarised again at start. */
const CATCH_UP_MARGIN_MS = 60_000;

export class CatalogueKeeper {
  private connection: DirectConnection | null = null;
  private readonly pending = new Map<string, Y.Doc>();
  private timer: NodeJS.Timeout | null = null;
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

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending];
    this.pending.clear();
    if (batch.length > 0) await this.write(batch);
  }

  /** Writes the summaries of these documents that differ from the catalogue's; returns how many. */
  private async write(documents: [string, Y.Doc][]): Promise<number> {
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
        if (JSON.stringify(map.get(ref.id)) === JSON.stringify(entry)) continue;
        map.set(ref.id, entry);
        written++;
      }
    });
    return written;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush().catch((error: unknown) => this.log(`catalogue: ${(error as Error).message}`));
    this.closed = true;
    const connection = this.connection;
    this.connection = null;
    await connection?.disconnect();
  }
}
