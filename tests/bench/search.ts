import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import MiniSearch from 'minisearch';
import { Library } from '../../electron/store/library';
import { StorySearch, toSearchDocument } from '../../electron/search/search';
import { SearchIndex } from '../../electron/search/search-index';
import {
  type QueryPart,
  TOKEN,
  hanGrams,
  longHanWords,
  normalize,
  parseQuery,
} from '../../electron/search/search-text';
import { storyFileSource } from '../../electron/search/story-text';
import { indexFileStore } from '../../electron/search/worker';
import { type Story } from '../../shared/model';
import { type Figure, median, percentile, round } from './figures';
import { generateStories } from './generate';

/**
 * Search figures over a generated library (10,000 stories by default), each against a
 * naive approach or the candidate it replaced, measured in the same run:
 *   - query latency (as-you-type query sequences, hits with snippets and highlights) against
 *     a linear `String.includes` scan over every story's text held in memory (unranked,
 *     no snippets: the least a search can do);
 *   - the index alone (no snippets), build time, longest event-loop stall while building and
 *     heap held, against the design before it: MiniSearch over the same terms (character
 *     pairs, words, long Han words), one JS object per term and document;
 *   - a restart with the saved index (read back, checked against every story file) against
 *     building it from the story files.
 * SQLite FTS5 with its trigram tokenizer (WASM) was measured as a third candidate outside
 * this bench (it needs a dependency the app does not carry): see the README.
 */

/** MiniSearch's tokenizer as the previous design used it: pairs, run ends, words, long Han words. */
function previousTerms(text: string, words = true): string[] {
  const norm = normalize(text);
  const terms: string[] = [];
  for (const match of norm.matchAll(TOKEN)) {
    if (match[1]) {
      const chars = Array.from(match[1]);
      for (let i = 0; i + 1 < chars.length; i++) terms.push(chars[i]! + chars[i + 1]!);
      terms.push(chars[chars.length - 1]!);
    } else if (match[2]) terms.push(match[2]);
  }
  if (words && /\p{Script=Han}/u.test(norm)) terms.push(...longHanWords(norm));
  return terms;
}

interface QueryTree {
  combineWith: 'AND' | 'OR';
  queries: (QueryTree | string)[];
  prefix?: boolean;
}

function previousQuery(parts: QueryPart[]): QueryTree {
  return {
    combineWith: 'AND',
    queries: parts.map((part): QueryTree => {
      if (part.kind === 'word') return { combineWith: 'AND', queries: [part.text], prefix: part.prefix };
      const grams = hanGrams(part.text);
      const length = Array.from(part.text).length;
      const words = length >= 3 ? longHanWords(part.text) : [];
      const all: QueryTree = { combineWith: 'AND', queries: grams, prefix: length === 1 };
      return words.length
        ? { combineWith: 'OR', queries: [all, { combineWith: 'AND', queries: [...grams, ...words], prefix: false }] }
        : all;
    }),
  };
}

const FIELDS = ['headline', 'kicker', 'subheadline', 'slug', 'tags', 'byline', 'body'];
function previousIndex(): MiniSearch {
  return new MiniSearch({
    fields: FIELDS,
    storeFields: ['headline', 'kicker', 'section', 'status', 'language'],
    tokenize: (text, field) => previousTerms(text, field !== 'body'),
    processTerm: (term) => term,
    searchOptions: {
      boost: { headline: 4, kicker: 2, subheadline: 2, slug: 2, tags: 2, byline: 1.5, body: 1 },
      combineWith: 'AND',
      tokenize: (term) => [term],
      processTerm: (term) => term,
    },
  });
}

/** The target is set for a library of this size, whatever --stories says for storage. */
const SEARCH_STORIES = 10_000;
/** The query sequence is run this many times: a 95th percentile of one pass is a handful of samples. */
const ROUNDS = 3;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMb = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
};

/** What a user types, keystroke by keystroke for English, word by word (an IME commits) for Chinese. */
export function typedQueries(stories: Story[]): string[] {
  const queries: string[] = [];
  const typeOut = (phrase: string): void => {
    for (let i = 1; i <= phrase.length; i++) if (phrase[i - 1] !== ' ') queries.push(phrase.slice(0, i));
  };
  for (const phrase of ['harbour bridge', 'ferries every ten minutes', 'traders warned', 'council said']) {
    typeOut(phrase);
  }
  queries.push('ｆｅｒｒｉｅｓ', 'Harbour Bridge September');
  const zh = stories.filter((s) => s.language === 'zh-Hans');
  for (let i = 0; i < 20; i++) {
    const story = zh[(i * 7919) % zh.length]!;
    const name = story.byline.replace('本报记者 ', '');
    const headline = story.headline;
    const at = (i * 3) % Math.max(1, headline.length - 4);
    queries.push(name, headline.slice(at, at + 2), headline.slice(at, at + 4), `${headline.slice(at, at + 2)} 记者`);
  }
  return queries;
}

export const storyText = (s: Story): string =>
  [s.headline, s.kicker, s.subheadline, s.slug, s.byline, ...s.tags.map((t) => t.name), toSearchDocument(s).body]
    .join('\n')
    .toLowerCase();

export async function searchBench(): Promise<Figure[]> {
  const root = await mkdtemp(join(tmpdir(), 'masthead-bench-search-'));
  try {
    return await searchFigures(root, SEARCH_STORIES);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function searchFigures(root: string, storyCount: number): Promise<Figure[]> {
  const count = storyCount.toLocaleString('en');
  const stories = generateStories(storyCount, 7);
  const libDir = join(root, 'search-library');
  await Library.open(libDir);
  await mkdir(join(libDir, 'stories'), { recursive: true });
  for (let i = 0; i < stories.length; i += 500) {
    await Promise.all(
      stories.slice(i, i + 500).map((s) => writeFile(join(libDir, 'stories', `${s.id}.json`), JSON.stringify(s))),
    );
  }
  await rm(join(libDir, 'index'), { recursive: true });
  const { library } = await Library.open(libDir);

  // Masthead: the StorySearch the app uses, built in the background from the story files.
  const loop = monitorEventLoopDelay({ resolution: 1 });
  let heapBefore = heapMb();
  loop.enable();
  let t = performance.now();
  const search = new StorySearch(library);
  await search.whenReady();
  const buildMs = performance.now() - t;
  loop.disable();
  const stallMs = loop.max / 1e6;
  const heap = heapMb() - heapBefore;

  // The previous design: MiniSearch over the same terms, from the same files, a batch at a time.
  loop.reset();
  heapBefore = heapMb();
  t = performance.now();
  loop.enable();
  const previous = previousIndex();
  const files = storyFileSource(libDir, () => library.storyIds());
  const ids = library.storyIds();
  for (let i = 0; i < ids.length; i += 16) {
    for (const doc of await Promise.all(ids.slice(i, i + 16).map((id) => files.read(id)))) previous.add(doc);
    await new Promise((r) => setImmediate(r));
  }
  loop.disable();
  const previousBuildMs = performance.now() - t;
  const previousStallMs = loop.max / 1e6;
  const previousHeap = heapMb() - heapBefore;
  if (previous.documentCount !== storyCount) throw new Error('the previous index is incomplete');

  // Restart: the index saved beside the library, read back and checked against every story file.
  const saving = new SearchIndex(files, indexFileStore(libDir));
  await saving.whenReady();
  saving.dispose();
  t = performance.now();
  const restarted = new SearchIndex(files, indexFileStore(libDir));
  await restarted.whenReady();
  const restartMs = performance.now() - t;
  if (!restarted.report.loaded || restarted.report.indexed !== 0) throw new Error('the saved index was not used');
  restarted.dispose();

  // Latency: the same query sequence through each, alternating, so all see the same machine.
  const corpus = stories.map((s) => ({ id: s.id, text: storyText(s) }));
  const queries = typedQueries(stories);
  const times: number[] = [];
  const naiveTimes: number[] = [];
  const indexTimes: number[] = [];
  const previousTimes: number[] = [];
  const compact = new SearchIndex(files);
  await compact.whenReady();
  let matched = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const query of queries) {
      t = performance.now();
      const result = await search.search(query, { limit: 20 });
      times.push(performance.now() - t);
      if (round === 0) matched += result.matched;
      t = performance.now();
      const words = query.toLowerCase().split(/\s+/u).filter(Boolean);
      corpus.filter((doc) => words.every((w) => doc.text.includes(w))).map((doc) => doc.id);
      naiveTimes.push(performance.now() - t);
      t = performance.now();
      // The index alone: no snippets (limit 0 hits, the count and ranking still computed).
      await compact.search(query, 0);
      indexTimes.push(performance.now() - t);
      t = performance.now();
      const parts = parseQuery(query);
      if (parts.length) previous.search(previousQuery(parts) as never).slice(0, 20);
      previousTimes.push(performance.now() - t);
    }
  }
  search.dispose();
  compact.dispose();

  const scan = 'linear String.includes scan of all story text in memory (unranked, no snippets)';
  const before = 'the previous design: MiniSearch over the same character pairs and words';
  return [
    {
      name: `search ${count} stories: latency p95 of ${ROUNDS}×${queries.length} as-you-type queries, 20 hits with snippets [vs includes scan]`,
      value: round(percentile(times, 95)),
      unit: 'ms',
      baseline: scan,
      baselineValue: round(percentile(naiveTimes, 95)),
    },
    {
      name: `search ${count} stories: latency median (${round(matched / queries.length, 0)} matches a query on average) [vs includes scan]`,
      value: round(median(times)),
      unit: 'ms',
      baseline: scan,
      baselineValue: round(median(naiveTimes)),
    },
    {
      name: `search ${count} stories: the index alone, no snippets (p95) [vs the previous design]`,
      value: round(percentile(indexTimes, 95)),
      unit: 'ms',
      baseline: before,
      baselineValue: round(percentile(previousTimes, 95)),
    },
    {
      name: `search index build from ${count} story files [vs the previous design] [target < 4 s]`,
      value: round(buildMs, 0),
      unit: 'ms',
      baseline: before,
      baselineValue: round(previousBuildMs, 0),
    },
    {
      name: `search index build: longest event-loop stall [vs the previous design]`,
      value: round(stallMs, 1),
      unit: 'ms',
      baseline: before,
      baselineValue: round(previousStallMs, 1),
    },
    {
      name: `search index heap, ${count} stories [vs the previous design]`,
      value: round(heap, 0),
      unit: 'MB',
      baseline: before,
      baselineValue: round(previousHeap, 0),
    },
    {
      name: `search index at a restart: the saved index read back and checked against ${count} story files [vs building it]`,
      value: round(restartMs, 0),
      unit: 'ms',
      baseline: 'building the index from the story files (same run, above)',
      baselineValue: round(buildMs, 0),
    },
  ];
}
