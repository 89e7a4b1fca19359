import type { SearchHit } from '../../shared/ipc/contract';
import { CompactIndex, type CompactMatch, type StoredFields } from './compact-index';
import { type DocumentTerms, type TextField, buildSegment } from './postings';
import { decodeIndex, encodeIndex } from './index-file';
import { type QueryPart, matchRanges, parseQuery, snippetOf } from './search-text';
import type { SearchDocument } from './story-text';

/**
 * The search index itself, wherever it runs: in the search process (worker.ts, the
 * app, the web host) or in the caller's process (the CLI's one-shot search, tests). It is
 * built in the background from a list of story ids, a batch of stories at a time so its
 * process keeps answering; until it is complete a search answers from what is indexed.
 * `update` follows a story's change, so a saved story is found at once and a trashed one no
 * longer.
 *
 * The index is compact-index.ts: postings in typed arrays. With a store (the search process,
 * when the library is writable), it is saved beside the library once built and a few seconds
 * after changes, and read back at the next start: each story file's version (modification
 * time and size) is compared with the one indexed, and only the stories that differ, are new
 * or have gone are indexed again. A damaged file is never trusted (index-file.ts checks it):
 * the index is built afresh.
 *
 * Memory: the index holds its postings and five short stored fields per story (what a hit
 * shows); story bodies are not kept. Snippets are cut from the stories of the first hits
 * only, read on demand, with a small cache for the repeated queries of typing.
 */

/**
 * Where a snippet comes from when several fields match: the body shows the most context. The
 * kicker is not among them: a hit shows it already; a story matching only there (or in the
 * headline) gets the start of its body.
 */
const SNIPPET_FIELDS: TextField[] = ['body', 'subheadline', 'tags', 'byline', 'slug'];

export const DEFAULT_LIMIT = 20;
/** Hits past this many get no snippet: no story file is read for them. */
export const SNIPPET_LIMIT = 20;
/**
 * Stories' text kept for snippets, by size: typing a query moves through many stories' first
 * hits, and reading a story file again is most of what a search costs.
 */
const CACHE_CHARS = 4_000_000;
const READ_BATCH = 16;
/** The longest the build holds the event loop before letting other work run. */
const SLICE_MS = 12;
/** Stories per build segment, and the postings past which a segment is written early. */
const SEGMENT_STORIES = 1024;
const SEGMENT_POSTINGS = 800_000;
/** How long after the last change the index is saved again. */
const SAVE_DELAY_MS = 5_000;

export { type SearchDocument, toSearchDocument } from './story-text';

/** Where the index gets its stories: which there are, and each one's current content. */
export interface StorySource {
  /** The ids of the library's stories, read when the build starts. */
  ids(): string[] | Promise<string[]>;
  /** A story's search fields as it is now; rejects when it cannot be read (trashed meanwhile, damaged). */
  read(id: string): Promise<SearchDocument>;
  /** The same at once where that is cheaper; null when it must go the slower way (`read`). */
  readNow?(id: string): SearchDocument | null;
  /**
   * The story file's version (what changes whenever the file does, e.g. its modification time
   * and size), taken before it is read; null when there is no file. Without it, a saved index
   * cannot be checked and none is read back.
   */
  version?(id: string): Promise<string | null>;
}

/** Where the index is kept between runs. */
export interface IndexStore {
  /** The saved bytes, or null when there are none. */
  load(): Promise<Uint8Array | null>;
  save(bytes: Uint8Array): Promise<void>;
}

/** What the index answers a query with; the caller adds the library's totals. */
export interface IndexAnswer {
  hits: SearchHit[];
  /** How many stories match in all, of which `hits` are the first. */
  matched: number;
  /** Stories in the index now, and whether the build has read every story. */
  documentCount: number;
  complete: boolean;
}

/** How the last build went (tests and the benchmark look). */
export interface BuildReport {
  /** Whether a saved index was read back. */
  loaded: boolean;
  /** Stories read and indexed by this build (all of them without a saved index). */
  indexed: number;
}

const sizeOf = (doc: SearchDocument): number =>
  doc.body.length +
  doc.headline.length +
  doc.kicker.length +
  doc.subheadline.length +
  doc.tags.length +
  doc.byline.length +
  doc.slug.length;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const storedOf = (doc: SearchDocument): StoredFields => ({
  headline: doc.headline,
  kicker: doc.kicker,
  section: doc.section,
  status: doc.status,
  language: doc.language,
});

interface Pending {
  id: string;
  stored: StoredFields;
  version: string;
  terms: DocumentTerms;
}

export class SearchIndex {
  private index = new CompactIndex();
  private build: Promise<void> | null = null;
  private done = false;
  private disposed = false;
  /** Stories changed while the build runs: the build must not overwrite them with what it read. */
  private readonly touched = new Set<string>();
  private readonly cache = new Map<string, SearchDocument>();
  private cachedChars = 0;
  /** Counts story changes, so a read that raced a save does not fill the cache with old text. */
  private changes = 0;
  private saveTimer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();
  private unsaved = false;
  report: BuildReport = { loaded: false, indexed: 0 };

  constructor(
    private readonly source: StorySource,
    private readonly store: IndexStore | null = null,
  ) {}

  /** Starts building the index in the background, if it is not built or being built. */
  warm(): void {
    void this.whenReady();
  }

  /** Resolves when every story of the library has been read into the index. */
  whenReady(): Promise<void> {
    this.build ??= this.buildIndex().catch((error: unknown) => {
      console.error('[masthead] the search index could not be built:', error);
    });
    return this.build;
  }

  /** Stops the build at its next batch and lets go of the cache; a pending save is not made. */
  dispose(): void {
    this.disposed = true;
    this.cache.clear();
    this.cachedChars = 0;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
  }

  get documentCount(): number {
    return this.index.documentCount;
  }

  get complete(): boolean {
    return this.done;
  }

  /** Follows one story's change: its new content, or null when it left the library. */
  update(id: string, doc: SearchDocument | null, version = ''): void {
    if (!this.done) this.touched.add(id);
    this.changes++;
    this.uncache(id);
    if (doc) {
      this.index.add(id, doc, storedOf(doc), version);
    } else {
      this.index.remove(id);
    }
    this.scheduleSave();
  }

  /** Saves the index now (when there is a store and something to save); resolves when written. */
  async flush(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (this.store && this.done && this.unsaved && !this.disposed) {
      this.unsaved = false;
      const bytes = encodeIndex(this.index);
      this.saving = this.saving.then(() =>
        this.store!.save(bytes).catch((error: unknown) => {
          this.unsaved = true;
          console.warn('[masthead] the search index could not be saved:', (error as Error).message);
        }),
      );
    }
    await this.saving;
  }

  private scheduleSave(): void {
    this.unsaved = true;
    if (!this.store || !this.done || this.disposed) return;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.flush(), SAVE_DELAY_MS);
    this.saveTimer.unref?.();
  }

  /** The saved index, if there is one and it reads back sound; null otherwise. */
  private async loadSaved(): Promise<CompactIndex | null> {
    if (!this.store || !this.source.version) return null;
    const bytes = await this.store.load().catch(() => null);
    if (!bytes) return null;
    const index = decodeIndex(bytes);
    if (!index) console.warn('[masthead] search: the saved index is damaged or of another version; building it again.');
    return index;
  }

  private async buildIndex(): Promise<void> {
    const ids = await this.source.ids();
    let toRead = ids;
    const saved = await this.loadSaved();
    if (saved && !this.disposed) {
      // Stories changed while the file was read: gone ones leave the saved index, saved ones
      // are read again from their files (which hold what was saved) with the stale ones.
      const changed = [...this.touched];
      const current = this.index;
      this.index = saved;
      this.report.loaded = true;
      for (const id of changed) {
        this.index.remove(id);
        if (current.has(id)) this.touched.delete(id);
      }
      toRead = await this.stale(ids);
    }
    let unreadable = 0;
    let pending: Pending[] = [];
    let postings = 0;
    const flushSegment = (): void => {
      const docs: { doc: number; terms: DocumentTerms }[] = [];
      for (const p of pending) {
        // A story saved or trashed meanwhile is already right in the index.
        if (this.touched.has(p.id)) continue;
        docs.push({ doc: this.index.register(p.id, p.stored, p.version, p.terms.lengths), terms: p.terms });
      }
      if (docs.length) this.index.segments.push(buildSegment(docs));
      this.report.indexed += docs.length;
      pending = [];
      postings = 0;
    };
    for (let i = 0; i < toRead.length && !this.disposed; i += READ_BATCH) {
      const batch = toRead.slice(i, i + READ_BATCH).filter((id) => !this.touched.has(id));
      const stories = await Promise.all(
        batch.map(async (id) => {
          try {
            // The version is only worth its stat where the index is saved.
            const version = this.store ? ((await this.source.version?.(id)) ?? '') : '';
            return { doc: this.source.readNow?.(id) ?? (await this.source.read(id)), version };
          } catch {
            // A story trashed while the build ran is not missing, just gone.
            if (!this.touched.has(id)) unreadable++;
            return null;
          }
        }),
      );
      let slice = performance.now();
      for (const read of stories) {
        if (this.disposed) return;
        if (!read || this.touched.has(read.doc.id)) continue;
        const { doc } = read;
        const terms = this.index.termsOf(doc);
        pending.push({ id: doc.id, stored: storedOf(doc), version: read.version, terms });
        postings += terms.keys.length;
        if (pending.length >= SEGMENT_STORIES || postings >= SEGMENT_POSTINGS) flushSegment();
        if (performance.now() - slice > SLICE_MS) {
          await yieldToEventLoop();
          slice = performance.now();
        }
      }
      await yieldToEventLoop();
    }
    if (this.disposed) return;
    flushSegment();
    // The build's segments stay as they are: merging them would hold this process for a
    // moment and save little; saved stories' small segments are merged as they pile up.
    this.done = true;
    this.touched.clear();
    if (this.report.indexed > 0 || !this.report.loaded) this.unsaved = true;
    await this.flush();
    if (unreadable)
      console.warn(`[masthead] search: ${unreadable} story file(s) could not be read and are not indexed.`);
  }

  /**
   * Checks a saved index against the story files: which of `ids` must be read again (new, or
   * a version other than the one indexed). Stories it holds that are no longer in the library
   * are dropped.
   */
  private async stale(ids: string[]): Promise<string[]> {
    const wanted = new Set(ids);
    for (const id of [...this.index.ids]) if (id && !wanted.has(id)) this.index.remove(id);
    const out: string[] = [];
    for (let i = 0; i < ids.length && !this.disposed; i += 64) {
      const batch = ids.slice(i, i + 64);
      const versions = await Promise.all(batch.map((id) => this.source.version!(id).catch(() => null)));
      batch.forEach((id, k) => {
        if (this.touched.has(id)) return;
        const doc = this.index.docOf(id);
        if (doc === undefined || versions[k] === null || this.index.versions[doc] !== versions[k]) out.push(id);
      });
    }
    return out;
  }

  /**
   * The stories matching `query`, best first. Every part of the query must match: each
   * word (the last one as a prefix while it is being typed) and each Han run (all its
   * character pairs). Starts the build if it has not started.
   */
  async search(query: string, limit = DEFAULT_LIMIT): Promise<IndexAnswer> {
    this.warm();
    const documentCount = this.index.documentCount;
    const complete = this.done;
    const parts = parseQuery(query);
    if (parts.length === 0) return { hits: [], matched: 0, documentCount, complete };
    const { matches, matched } = this.index.search(parts, limit);
    const index = this.index;
    const hits = await Promise.all(matches.map((match, rank) => this.hit(index, match, parts, rank < SNIPPET_LIMIT)));
    return { hits, matched, documentCount, complete };
  }

  private async hit(
    index: CompactIndex,
    match: CompactMatch,
    parts: QueryPart[],
    withSnippet: boolean,
  ): Promise<SearchHit> {
    const id = index.ids[match.doc]!;
    const stored = index.stored[match.doc]!;
    const hit: SearchHit = {
      id,
      headline: stored.headline,
      kicker: stored.kicker,
      section: stored.section,
      status: stored.status,
      language: stored.language,
      score: Math.round(match.score * 1000) / 1000,
      snippet: '',
      headlineMatches: matchRanges(stored.headline, parts),
      snippetMatches: [],
    };
    if (!withSnippet) return hit;
    const doc = await this.document(id);
    if (!doc) return hit;
    const matched = new Set(match.fields);
    const field = SNIPPET_FIELDS.find((f) => matched.has(f) && doc[f].trim() !== '') ?? 'body';
    const { snippet, matches } = snippetOf(doc[field], parts, undefined, undefined, matched.has(field));
    return { ...hit, snippet, snippetMatches: matches };
  }

  private uncache(id: string): void {
    const doc = this.cache.get(id);
    if (!doc) return;
    this.cache.delete(id);
    this.cachedChars -= sizeOf(doc);
  }

  /** The story's searchable text, from the cache or its file; null if it cannot be read. */
  private async document(id: string): Promise<SearchDocument | null> {
    const cached = this.cache.get(id);
    if (cached) {
      // Most recently used last: the first key is the one to evict.
      this.cache.delete(id);
      this.cache.set(id, cached);
      return cached;
    }
    const changes = this.changes;
    try {
      const doc = this.source.readNow?.(id) ?? (await this.source.read(id));
      if (changes !== this.changes || this.cache.has(id)) return doc;
      this.cache.set(id, doc);
      this.cachedChars += sizeOf(doc);
      while (this.cachedChars > CACHE_CHARS && this.cache.size > 1) this.uncache(this.cache.keys().next().value!);
      return doc;
    } catch {
      return null;
    }
  }
}
