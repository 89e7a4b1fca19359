import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import MiniSearch from 'minisearch';
import { Library } from '../../electron/store/library';
import { StorySearch, toSearchDocument } from '../../electron/search/search';
import { type Story } from '../../shared/model';
import { type Figure, median, percentile, round } from './figures';
import { generateStories } from './generate';

/**
 * Search figures over a generated library (10,000 stories by default), each against a
 * naive approach measured in the same run:
 *   - query latency (as-you-type query sequences, hits with snippets and highlights) against
 *     a linear `String.includes` scan over every story's text held in memory (unranked,
 *     no snippets: the least a search can do);
 *   - index build from the story files, heap held by the index, and the longest event-loop
 *     stall while building, against MiniSearch with its default tokenizer fed the same
 *     stories in one `addAll` (which cannot find a Chinese word inside a sentence).
 */

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

  // Baseline for the build: MiniSearch's defaults, the same stories read from the same files.
  loop.reset();
  heapBefore = heapMb();
  t = performance.now();
  const read = await Promise.all(library.listStories().map((s) => library.getStory(s.id)));
  loop.enable();
  await new Promise((r) => setTimeout(r, 5));
  const naiveIndex = new MiniSearch({
    fields: ['headline', 'kicker', 'subheadline', 'slug', 'tags', 'byline', 'body'],
    storeFields: ['headline', 'kicker', 'section', 'status', 'language'],
  });
  naiveIndex.addAll(read.map(toSearchDocument));
  await new Promise((r) => setTimeout(r, 5));
  loop.disable();
  const naiveBuildMs = performance.now() - t;
  const naiveStallMs = loop.max / 1e6;
  read.length = 0;
  const naiveHeap = heapMb() - heapBefore;
  if (naiveIndex.documentCount !== storyCount) throw new Error('the baseline index is incomplete');

  // Latency: the same query sequence through both, alternating, so both see the same machine.
  const corpus = stories.map((s) => ({ id: s.id, text: storyText(s) }));
  const queries = typedQueries(stories);
  const times: number[] = [];
  const naiveTimes: number[] = [];
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
    }
  }
  search.dispose();

  const scan = 'linear String.includes scan of all story text in memory (unranked, no snippets)';
  const naive = 'MiniSearch default tokenizer, addAll at once';
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
      name: `search index build from ${count} story files [vs MiniSearch defaults]`,
      value: round(buildMs, 0),
      unit: 'ms',
      baseline: naive,
      baselineValue: round(naiveBuildMs, 0),
    },
    {
      name: `search index build: longest event-loop stall [vs MiniSearch defaults]`,
      value: round(stallMs, 1),
      unit: 'ms',
      baseline: naive,
      baselineValue: round(naiveStallMs, 1),
    },
    {
      name: `search index heap, ${count} stories [vs MiniSearch defaults]`,
      value: round(heap, 0),
      unit: 'MB',
      baseline: naive,
      baselineValue: round(naiveHeap, 0),
    },
  ];
}
