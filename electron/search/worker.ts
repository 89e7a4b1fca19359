import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { removeStaleTemps, writeFileDurably } from '../store/durable-file';
import { type IndexAnswer, type IndexStore, SearchIndex } from './search-index';
import { storyFileSource } from './story-text';
import type { Word } from '../../shared/text/suggest-tags';
import { segmentForSuggestions } from '../text/word-segmenter';

/**
 * The search process: it holds the library's search index (a couple of hundred MB at 10,000
 * stories), so the main process stays small and a long story's re-indexing never stalls it.
 * It reads the story files itself, from the library root it is given; the main process
 * sends only ids: the library's stories when the build should start, and each story that
 * changed. Messages are handled in order: a search answers after every change sent before
 * it, so a story saved a moment ago is found.
 *
 * With `persist` (a library this Masthead may write), the index is saved in
 * `<library>/search/index.bin` and read back at the next start (search-index.ts).
 */

/** The saved index's folder inside a library, and its file. */
export const SEARCH_DIR = 'search';
export const INDEX_FILE = 'index.bin';

/** The saved index of the library at `root`. */
export function indexFileStore(root: string): IndexStore {
  const dir = join(root, SEARCH_DIR);
  const path = join(dir, INDEX_FILE);
  return {
    load: async () => {
      await removeStaleTemps(dir).catch(() => undefined);
      return readFile(path).catch(() => null);
    },
    save: async (bytes) => {
      await mkdir(dir, { recursive: true });
      await writeFileDurably(path, bytes);
    },
  };
}

export type ToSearchWorker =
  /** `persist`: keep the index beside the library (not when another Masthead holds it). */
  | { type: 'open'; root: string; persist?: boolean }
  /** Start building from these stories (the library's list when the build was asked for). */
  | { type: 'build'; ids: string[] }
  /** A story was saved, created or restored (read its file), or left the library (`gone`). */
  | { type: 'changed'; id: string; gone: boolean }
  | { type: 'search'; request: number; query: string; limit: number }
  /** Answer once the build has read every story. */
  | { type: 'ready'; request: number }
  /** This process's memory, for the benchmark. */
  | { type: 'memory'; request: number }
  /**
   * Chinese words for tag suggestions (electron/text/word-segmenter.ts), cut here rather than in
   * the main process: jieba's dictionary takes 70–90 MB and ~0.6 s to build on first use.
   */
  | { type: 'segment'; request: number; text: string; people: string[] };

export type FromSearchWorker =
  | { type: 'reply'; request: number; value: IndexAnswer | SearchMemory | Word[] | null }
  | { type: 'failed'; request: number; message: string };

export interface SearchMemory {
  rss: number;
  heapUsed: number;
}

/** The two ends of the channel, whatever carries it (a Node IPC channel or Electron's parentPort). */
export interface SearchWorkerPort {
  send(message: FromSearchWorker): void;
  onMessage(listener: (message: ToSearchWorker) => void): void;
}

export function serveSearch(port: SearchWorkerPort): void {
  let root: string | null = null;
  let giveIds!: (ids: string[]) => void;
  const ids = new Promise<string[]>((resolve) => (giveIds = resolve));
  const source = (): ReturnType<typeof storyFileSource> => {
    if (root === null) throw new Error('the search process has no library');
    return storyFileSource(root, () => ids);
  };
  const read: ReturnType<typeof storyFileSource>['read'] = (id) => source().read(id);
  const version: ReturnType<typeof storyFileSource>['version'] = (id) => source().version(id);
  let index = new SearchIndex({ ids: () => ids, read, version });
  /** Changes, applied one after another in the order they came. */
  let changes: Promise<void> = Promise.resolve();

  const reply = (request: number, work: () => Promise<IndexAnswer | SearchMemory | null>): void => {
    // Every earlier change first: a search right after a save must see it.
    void changes.then(work).then(
      (value) => port.send({ type: 'reply', request, value }),
      (error: unknown) => port.send({ type: 'failed', request, message: (error as Error)?.message ?? String(error) }),
    );
  };

  port.onMessage((message) => {
    switch (message.type) {
      case 'open':
        root = message.root;
        if (message.persist) index = new SearchIndex({ ids: () => ids, read, version }, indexFileStore(root));
        break;
      case 'build':
        giveIds(message.ids);
        index.warm();
        break;
      case 'changed': {
        const { id, gone } = message;
        changes = changes.then(async () => {
          if (gone) return index.update(id, null);
          // Read now, not when the change was made: a newer save since is what belongs in the index.
          const at = await version(id);
          const story = await read(id).catch(() => null);
          // Unreadable (trashed meanwhile, which its own message says): leave the index as it is.
          if (story) index.update(id, story, at ?? '');
        });
        break;
      }
      case 'search':
        reply(message.request, () => index.search(message.query, message.limit));
        break;
      case 'ready':
        reply(message.request, async () => {
          await index.whenReady();
          return null;
        });
        break;
      case 'segment':
        // Nothing to do with the index: answered without waiting for the changes before it.
        void segmentForSuggestions(message.text, message.people).then(
          (value) => port.send({ type: 'reply', request: message.request, value }),
          (error: unknown) =>
            port.send({
              type: 'failed',
              request: message.request,
              message: (error as Error)?.message ?? String(error),
            }),
        );
        break;
      case 'memory':
        reply(message.request, async () => {
          (globalThis as { gc?: () => void }).gc?.();
          const { rss, heapUsed } = process.memoryUsage();
          return { rss, heapUsed } satisfies SearchMemory;
        });
        break;
    }
  });
}
