import type { SearchResult } from '../../shared/ipc/contract';
import type { Story } from '../../shared/model';
import { ServiceError } from '../rpc/errors';
import type { Library } from '../store/library';
import { DEFAULT_LIMIT, type IndexAnswer, SearchIndex } from './search-index';
import { storyFileSource, toSearchDocument } from './story-text';
import type { SearchProcess, SearchSpawner } from './spawn';
import type { FromSearchWorker, SearchMemory, ToSearchWorker } from './worker';
import type { Word } from '../../shared/text/suggest-tags';
import { segmentForSuggestions } from '../text/word-segmenter';

export { DEFAULT_LIMIT, SNIPPET_LIMIT, toSearchDocument } from './search-index';
export type { SearchProcess, SearchSpawner } from './spawn';

/**
 * Full-text search over a library's stories (the index: search-index.ts). With a spawner,
 * the index lives in its own process (worker.ts), which reads the story files
 * itself: the main process keeps only this small client, sends story ids as the library
 * changes, and asks. Without one (the CLI's one-shot search, tests) the index is built here.
 *
 * Either way the index is built lazily in the background (`warm()` or the first search);
 * until it is complete a search answers from what is indexed and says so (`indexed <
 * total`). It follows the library's story changes, so a saved story is found at once and a
 * trashed one no longer. If the search process dies, the searches waiting for it fail with
 * an 'io' error, and a new process is started and rebuilds the index.
 */

export interface StorySearchResult extends SearchResult {
  /** How many stories match in all, of which `hits` are the first. */
  matched: number;
}

export interface StorySearchOptions {
  /** Starts the search process; without it the index is built in this process. */
  spawn?: SearchSpawner;
  /**
   * Keep the search process's index beside the library (`search/index.bin`) and read it back
   * at the next start, indexing only the stories changed since. Not when the library is read-only.
   */
  persist?: boolean;
}

type Request = ToSearchWorker extends infer M ? (M extends { request: number } ? Omit<M, 'request'> : never) : never;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** More unexpected exits than this in a minute: no automatic restart; the next search tries again. */
const RESTARTS_PER_MINUTE = 3;

const LOST = 'The search process stopped unexpectedly and is being restarted; search again in a moment.';

export class StorySearch {
  private readonly local: SearchIndex | null;
  private readonly unsubscribe: () => void;
  private child: SearchProcess | null = null;
  /** Whether the current process has been told to build. */
  private building = false;
  /** Whether the build was asked for: a restarted process builds again at once. */
  private warmed = false;
  private disposed = false;
  private readonly pending = new Map<number, Pending>();
  private nextRequest = 1;
  private exits: number[] = [];
  private exited: Promise<void> = Promise.resolve();
  /** Stories changed before the process started: told to it first, as the in-process index would have them. */
  private readonly early = new Map<string, boolean>();

  constructor(
    readonly library: Library,
    private readonly options: StorySearchOptions = {},
  ) {
    this.local = options.spawn ? null : new SearchIndex(storyFileSource(library.root, () => library.storyIds()));
    this.unsubscribe = library.onStoryChanged((id, story) => this.follow(id, story));
  }

  /** The search process's id, while one runs (tests check it ends). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts building the index in the background, if it is not built or being built. */
  warm(): void {
    if (this.disposed) return;
    if (this.local) return this.local.warm();
    this.warmed = true;
    const child = this.process();
    if (!this.building) {
      this.building = true;
      child.send({ type: 'build', ids: this.library.storyIds() });
    }
  }

  /** Resolves when every story of the library has been read into the index. */
  async whenReady(): Promise<void> {
    if (this.local) return this.local.whenReady();
    this.warm();
    await this.request({ type: 'ready' });
  }

  /** Stops following the library and ends the search process (a build under way stops). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.unsubscribe();
    this.local?.dispose();
    this.child?.kill();
  }

  /** dispose(), then waits until the search process has gone. */
  async close(): Promise<void> {
    this.dispose();
    await this.exited;
  }

  /**
   * Chinese words for tag suggestions, cut in the search process where there is one, so
   * jieba's dictionary (70–90 MB, ~0.6 s to build) neither grows nor stalls the main process.
   */
  async segment(text: string, people: readonly string[]): Promise<Word[]> {
    if (this.local) return segmentForSuggestions(text, people);
    return (await this.request({ type: 'segment', text, people: [...people] })) as Word[];
  }

  /** The search process's memory (after a GC where it may run one); null when the index is in this process. */
  async memory(): Promise<SearchMemory | null> {
    if (this.local) return null;
    return (await this.request({ type: 'memory' })) as SearchMemory;
  }

  private follow(id: string, story: Story | null): void {
    if (this.local) this.local.update(id, story && toSearchDocument(story));
    else if (this.child) this.child.send({ type: 'changed', id, gone: story === null });
    else this.early.set(id, story === null);
  }

  private process(): SearchProcess {
    if (this.child) return this.child;
    if (this.disposed) throw new ServiceError('io', 'The search is closed.');
    const child = this.options.spawn!();
    this.child = child;
    this.building = false;
    let done!: () => void;
    this.exited = new Promise((resolve) => (done = resolve));
    child.onMessage((message) => this.answer(message));
    child.onExit((code) => {
      done();
      this.lost(child, code);
    });
    child.send({ type: 'open', root: this.library.root, persist: this.options.persist ?? false });
    for (const [id, gone] of this.early) child.send({ type: 'changed', id, gone });
    this.early.clear();
    return child;
  }

  private lost(child: SearchProcess, code: number | null): void {
    if (this.child !== child) return;
    this.child = null;
    this.building = false;
    const error = new ServiceError('io', this.disposed ? 'The search is closed.' : LOST);
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
    if (this.disposed) return;
    console.error(`[masthead] the search process stopped (exit code ${code}); starting it again.`);
    const now = Date.now();
    this.exits = [...this.exits.filter((at) => now - at < 60_000), now];
    if (this.warmed && this.exits.length <= RESTARTS_PER_MINUTE) this.warm();
  }

  private answer(message: FromSearchWorker): void {
    const waiting = this.pending.get(message.request);
    if (!waiting) return;
    this.pending.delete(message.request);
    if (message.type === 'reply') waiting.resolve(message.value);
    else waiting.reject(new Error(`search failed: ${message.message}`));
  }

  private request(message: Request): Promise<unknown> {
    const child = this.process();
    const request = this.nextRequest++;
    return new Promise((resolve, reject) => {
      this.pending.set(request, { resolve, reject });
      child.send({ ...message, request } as ToSearchWorker);
    });
  }

  /**
   * The stories matching `query`, best first. Every part of the query must match: each
   * word (the last one as a prefix while it is being typed) and each Han run (all its
   * character pairs).
   */
  async search(query: string, options: { limit?: number } = {}): Promise<StorySearchResult> {
    const started = performance.now();
    this.warm();
    const total = this.library.storyCount;
    const limit = options.limit ?? DEFAULT_LIMIT;
    const answer = this.local
      ? await this.local.search(query, limit)
      : ((await this.request({ type: 'search', query, limit })) as IndexAnswer);
    return {
      hits: answer.hits,
      indexed: answer.complete ? total : Math.min(answer.documentCount, total),
      total,
      matched: answer.matched,
      tookMs: performance.now() - started,
    };
  }
}
