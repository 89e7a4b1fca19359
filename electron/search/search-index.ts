import MiniSearch, { type SearchResult as IndexResult } from 'minisearch';
import type { SearchHit } from '../../shared/ipc/contract';
import type { Story } from '../../shared/model';
import { bodyText } from '../../shared/text/count';
import { type QueryPart, indexTerms, matchRanges, parseQuery, queryTree, snippetOf } from './search-text';

/**
 * The search index itself, wherever it runs: in the search process (worker.ts, the
 * app, the web host) or in the caller's process (the CLI's one-shot search, tests). It is
 * built in the background from a list of story ids, a few stories at a time so its process
 * keeps answering; until it is complete a search answers from what is indexed. `update`
 * follows a story's change, so a saved story is found at once and a trashed one no longer.
 *
 * Memory: the index holds terms and five short stored fields per story (what a hit shows);
 * story bodies are not kept. Snippets are cut from the stories of the first hits only,
 * read on demand, with a small cache for the repeated queries of typing.
 */

/** What is indexed of a story: its text fields, the tags' names and the body's text. */
interface SearchDocument {
  id: string;
  headline: string;
  kicker: string;
  subheadline: string;
  slug: string;
  byline: string;
  tags: string;
  body: string;
  section: string;
  status: string;
  language: string;
}

type TextField = 'headline' | 'kicker' | 'subheadline' | 'slug' | 'byline' | 'tags' | 'body';

const FIELDS: TextField[] = ['headline', 'kicker', 'subheadline', 'slug', 'tags', 'byline', 'body'];
/** The headline weighs most; the headline group and the slug the desk knows a story by, next. */
const BOOST: Record<TextField, number> = {
  headline: 4,
  kicker: 2,
  subheadline: 2,
  slug: 2,
  tags: 2,
  byline: 1.5,
  body: 1,
};
/**
 * Where a snippet comes from when several fields match: the body shows the most context. The
 * kicker is not among them: a hit shows it already; a story matching only there (or in the
 * headline) gets the start of its body.
 */
const SNIPPET_FIELDS: TextField[] = ['body', 'subheadline', 'tags', 'byline', 'slug'];
const STORED = ['headline', 'kicker', 'section', 'status', 'language'] as const;

export const DEFAULT_LIMIT = 20;
/** Hits past this many get no snippet: no story file is read for them. */
export const SNIPPET_LIMIT = 20;
const CACHE_SIZE = 200;
const READ_BATCH = 16;
/** The longest the build holds the event loop before letting other work run. */
const SLICE_MS = 12;

export function toSearchDocument(story: Story): SearchDocument {
  return {
    id: story.id,
    headline: story.headline,
    kicker: story.kicker,
    subheadline: story.subheadline,
    slug: story.slug,
    byline: story.byline,
    tags: story.tags.map((t) => t.name).join('\n'),
    body: bodyText(story.body),
    section: story.section,
    status: story.status,
    language: story.language,
  };
}

/** A fresh, empty index with Masthead's tokenizer and field weights. */
export function createIndex(): MiniSearch<SearchDocument> {
  return new MiniSearch<SearchDocument>({
    fields: FIELDS,
    storeFields: [...STORED],
    tokenize: (text, field) => indexTerms(text, field !== 'body'),
    // The tokenizer already normalised the terms.
    processTerm: (term) => term,
    searchOptions: {
      boost: BOOST,
      combineWith: 'AND',
      // Queries arrive as trees of finished terms (see queryTree): no second tokenizing.
      tokenize: (term) => [term],
      processTerm: (term) => term,
    },
  });
}

/** Where the index gets its stories: which there are, and each one's current content. */
export interface StorySource {
  /** The ids of the library's stories, read when the build starts. */
  ids(): string[] | Promise<string[]>;
  /** A story as it is now; rejects when it cannot be read (trashed meanwhile, damaged). */
  read(id: string): Promise<Story>;
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

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class SearchIndex {
  private readonly index = createIndex();
  private build: Promise<void> | null = null;
  private done = false;
  private disposed = false;
  /** Stories changed while the build runs: the build must not overwrite them with what it read. */
  private readonly touched = new Set<string>();
  private readonly cache = new Map<string, SearchDocument>();
  /** Counts story changes, so a read that raced a save does not fill the cache with old text. */
  private changes = 0;

  constructor(private readonly source: StorySource) {}

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

  /** Stops the build at its next batch and lets go of the cache. */
  dispose(): void {
    this.disposed = true;
    this.cache.clear();
  }

  get documentCount(): number {
    return this.index.documentCount;
  }

  get complete(): boolean {
    return this.done;
  }

  /** Follows one story's change: its new content, or null when it left the library. */
  update(id: string, story: Story | null): void {
    if (!this.done) this.touched.add(id);
    this.changes++;
    this.cache.delete(id);
    if (story) {
      const doc = toSearchDocument(story);
      if (this.index.has(id)) this.index.replace(doc);
      else this.index.add(doc);
    } else if (this.index.has(id)) {
      this.index.discard(id);
    }
  }

  private async buildIndex(): Promise<void> {
    const ids = await this.source.ids();
    let unreadable = 0;
    for (let i = 0; i < ids.length && !this.disposed; i += READ_BATCH) {
      const batch = ids.slice(i, i + READ_BATCH).filter((id) => !this.touched.has(id));
      const stories = await Promise.all(
        batch.map((id) =>
          this.source.read(id).catch(() => {
            // A story trashed while the build ran is not missing, just gone.
            if (!this.touched.has(id)) unreadable++;
            return null;
          }),
        ),
      );
      let slice = performance.now();
      for (const story of stories) {
        if (this.disposed) return;
        // A story saved or trashed while it was being read is already right in the index.
        if (!story || this.touched.has(story.id) || this.index.has(story.id)) continue;
        this.index.add(toSearchDocument(story));
        if (performance.now() - slice > SLICE_MS) {
          await yieldToEventLoop();
          slice = performance.now();
        }
      }
      await yieldToEventLoop();
    }
    if (this.disposed) return;
    this.done = true;
    this.touched.clear();
    if (unreadable)
      console.warn(`[masthead] search: ${unreadable} story file(s) could not be read and are not indexed.`);
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
    const results = this.index.search(queryTree(parts));
    const top = results.slice(0, limit);
    const hits = await Promise.all(top.map((result, rank) => this.hit(result, parts, rank < SNIPPET_LIMIT)));
    return { hits, matched: results.length, documentCount, complete };
  }

  private async hit(result: IndexResult, parts: QueryPart[], withSnippet: boolean): Promise<SearchHit> {
    const id = String(result.id);
    const headline = String(result.headline ?? '');
    const hit: SearchHit = {
      id,
      headline,
      kicker: String(result.kicker ?? ''),
      section: String(result.section ?? ''),
      status: String(result.status ?? ''),
      language: String(result.language ?? ''),
      score: Math.round(result.score * 1000) / 1000,
      snippet: '',
      headlineMatches: matchRanges(headline, parts),
      snippetMatches: [],
    };
    if (!withSnippet) return hit;
    const doc = await this.document(id);
    if (!doc) return hit;
    const matched = new Set(Object.values(result.match).flat());
    const field = SNIPPET_FIELDS.find((f) => matched.has(f) && doc[f].trim() !== '') ?? 'body';
    const { snippet, matches } = snippetOf(doc[field], parts, undefined, undefined, matched.has(field));
    return { ...hit, snippet, snippetMatches: matches };
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
      const doc = toSearchDocument(await this.source.read(id));
      if (changes !== this.changes) return doc;
      this.cache.set(id, doc);
      if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
      return doc;
    } catch {
      return null;
    }
  }
}
