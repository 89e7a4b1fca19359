import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { Library } from '../../electron/store/library';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { StorySearch, type StorySearchOptions } from '../../electron/search/search';
import { nodeSearchSpawner } from '../../electron/search/spawn';
import { SCHEMA_VERSION, type Story, type StoryBody } from '../../shared/model';
import { type Figure, median, percentile, round } from './figures';
import { BENCH_TOKEN, startBenchHost } from './bench-host';
import { generateStories } from './generate';
import { storyText, typedQueries } from './search';

/**
 * The library at 10,000 stories (Chinese and English, realistic lengths), each figure beside
 * the same figure for a naive one-file lowdb library (every story in one JSON file) measured
 * in the same run: open and list, open the real UI until the table shows rows, save, search,
 * and the memory after open + list + search index + 100 saves (each in a clean child
 * process): the main process's, and the search process's apart, as the app runs them.
 * Also the stall a very long story's save causes, with the index in its own process and,
 * as a baseline, in the main process.
 *
 * MASTHEAD_BENCH_NO_BUILD=1 skips the renderer build (when `out/renderer` is fresh).
 */

const repoRoot = resolve(import.meta.dirname, '../..');
const STORIES = 10_000;
const SAVES = 200;
const OPENS = 5;
const UI_OPENS = 5;
const naiveName = 'naive one-file lowdb library';

v8.setFlagsFromString('--expose-gc');
/**
 * A full collection of this process's heap, before each round of the search measure: the saves
 * above leave hundreds of MB of old garbage (the naive library's 44 MB file written 200 times),
 * and V8 collects it incrementally in the event loop's gaps, which are inside each search's wait
 * for its answer and never inside the synchronous scan beside it. Neither side pays for it then.
 */
const collectGarbage = vm.runInNewContext('gc') as () => void;

const editedBody = (story: Story, n: number): StoryBody => ({
  type: 'doc',
  content: [
    ...(story.body.content ?? []),
    { type: 'paragraph', content: [{ type: 'text', text: `补充第${n}段：编辑修改 edit ${n}.` }] },
  ],
});

function buildRenderer(): void {
  if (process.env.MASTHEAD_BENCH_NO_BUILD === '1') return;
  const built = spawnSync('npx', ['electron-vite', 'build'], { cwd: repoRoot, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`renderer build failed:\n${built.stdout}\n${built.stderr}`);
}

/** Writes the stories as a real library: one file each, then the index rebuilt by the service. */
export async function writeLibrary(dir: string, stories: Story[]): Promise<void> {
  await Library.open(dir);
  await mkdir(join(dir, 'stories'), { recursive: true });
  for (let i = 0; i < stories.length; i += 500) {
    await Promise.all(
      stories.slice(i, i + 500).map((s) => writeFile(join(dir, 'stories', `${s.id}.json`), JSON.stringify(s))),
    );
  }
  await rm(join(dir, 'index'), { recursive: true });
  await Library.open(dir);
}

interface Memory {
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
  /** The search process's, when the index is in one. */
  searchRssMb?: number;
  searchHeapUsedMb?: number;
}

function memoryOf(mode: 'masthead' | 'masthead-in-process' | 'naive', path: string, scratch: string): Memory {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'tests/bench/scale-memory.ts'), mode, path, scratch],
    { cwd: repoRoot, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`memory probe (${mode}) failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Memory;
}

type Summary = Pick<Story, 'id' | 'headline' | 'kicker' | 'section' | 'status' | 'language' | 'updatedAt'>;
const summarise = ({ id, headline, kicker, section, status, language, updatedAt }: Story): Summary => ({
  id,
  headline,
  kicker,
  section,
  status,
  language,
  updatedAt,
});

/**
 * The naive UI baseline: a page that asks its host for the list (the host reads the one file
 * with lowdb, as a naive app's main process would at start) and puts every row in a table.
 */
/** Notes when the first table rows of a ready page are painted (the frame they appear in). */
const FIRST_ROWS_PROBE = `(() => {
  const observer = new MutationObserver(() => {
    if (!document.querySelector('body[data-ready="true"] tbody tr')) return;
    observer.disconnect();
    requestAnimationFrame(() => { window.__firstRows = performance.now(); });
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready'] });
})();`;

const NAIVE_PAGE = `<!doctype html><html lang="zh-CN"><body><table id="t" aria-label="稿件"><tbody></tbody></table><script>
fetch('/list').then((r) => r.json()).then((rows) => {
  const body = document.querySelector('#t tbody');
  const frag = document.createDocumentFragment();
  for (const s of rows) {
    const tr = document.createElement('tr');
    for (const text of [s.kicker + ' ' + s.headline, s.section, s.status, s.updatedAt]) {
      const td = document.createElement('td'); td.textContent = text; tr.append(td);
    }
    frag.append(tr);
  }
  body.append(frag);
  document.body.dataset.ready = 'true';
});
</script></body></html>`;

export async function scaleBench(): Promise<Figure[]> {
  const root = await mkdtemp(join(tmpdir(), 'masthead-bench-scale-'));
  const count = STORIES.toLocaleString('en');
  try {
    const stories = generateStories(STORIES, 11);
    const libDir = join(root, 'library');
    await writeLibrary(libDir, stories);
    const naivePath = join(root, 'naive.json');
    const naive = new Low<{ schemaVersion: number; stories: Story[] }>(new JSONFile(naivePath), {
      schemaVersion: SCHEMA_VERSION,
      stories: structuredClone(stories),
    });
    await naive.write();

    // (a) Open the library and produce the list, cold object each time (the OS cache is warm for both).
    const openTimes: number[] = [];
    const naiveOpenTimes: number[] = [];
    let library!: Library;
    let listBytes = 0;
    for (let i = 0; i < OPENS; i++) {
      let t = performance.now();
      library = (await Library.open(libDir)).library;
      // What the window is sent: the list's compact rows.
      const list = library.listStoryRows();
      openTimes.push(performance.now() - t);
      listBytes = Buffer.byteLength(JSON.stringify(list));
      t = performance.now();
      const db = new Low<{ stories: Story[] }>(new JSONFile(naivePath), { stories: [] });
      await db.read();
      db.data.stories.map(summarise);
      naiveOpenTimes.push(performance.now() - t);
    }
    const naiveBytes = (await stat(naivePath)).size;

    // (b) Save: alternating the two, so both see the same machine state.
    const revisions = new Map(stories.map((s) => [s.id, s.revision]));
    const pick = (i: number): Story => stories[(i * 7919) % stories.length]!;
    const saveTimes: number[] = [];
    const naiveSaveTimes: number[] = [];
    for (let i = 0; i < SAVES; i++) {
      const story = pick(i);
      let t = performance.now();
      const saved = await library.saveStory({
        id: story.id,
        baseRevision: revisions.get(story.id)!,
        changes: { headline: `${story.headline}（改${i}）`, body: editedBody(story, i) },
      });
      saveTimes.push(performance.now() - t);
      revisions.set(story.id, saved.revision);
      t = performance.now();
      const target = naive.data.stories.find((s) => s.id === story.id)!;
      Object.assign(target, { headline: saved.headline, body: saved.body, revision: saved.revision });
      await naive.write();
      naiveSaveTimes.push(performance.now() - t);
    }
    naive.data.stories = [];

    // (c) Search: the app's StorySearch (the index in its own process, a round trip per query)
    // against an includes scan of all text in memory.
    const search = new StorySearch(library, { spawn: nodeSearchSpawner() });
    await search.whenReady();
    const corpus = stories.map((s) => ({ id: s.id, text: storyText(s) }));
    const queries = typedQueries(stories);
    const searchTimes: number[] = [];
    const scanTimes: number[] = [];
    for (let round = 0; round < 3; round++) {
      collectGarbage();
      for (const query of queries) {
        let t = performance.now();
        await search.search(query, { limit: 20 });
        searchTimes.push(performance.now() - t);
        t = performance.now();
        const words = query.toLowerCase().split(/\s+/u).filter(Boolean);
        corpus.filter((doc) => words.every((w) => doc.text.includes(w))).map((doc) => doc.id);
        scanTimes.push(performance.now() - t);
      }
    }
    await search.close();
    corpus.length = 0;

    // (c2) A very long story saved: how long the main process is held, index apart and index in it.
    const longSave = await longStorySave(library, { spawn: nodeSearchSpawner() });
    const longSaveInProcess = await longStorySave(library, {});

    // (d) Memory, each in a clean process; the naive one-file library is rewritten from the saves above.
    // Built first: the search process is measured as the app runs it (out/main/search-worker.js).
    buildRenderer();
    const memory = memoryOf('masthead', libDir, join(root, 'mem-a'));
    const memoryInProcess = memoryOf('masthead-in-process', libDir, join(root, 'mem-b'));
    const naiveMemory = memoryOf('naive', naivePath, join(root, 'mem-c'));

    // (e) The real UI: navigation to rows on screen, against a page listing the naive file.
    const ui = await uiOpenTimes(root, libDir, naivePath);

    const figures: Figure[] = [
      {
        name: `open library and list ${count} stories (Library.open + listStories, median of ${OPENS}) [target < 500 ms]`,
        value: round(median(openTimes)),
        unit: 'ms',
        baseline: naiveName,
        baselineValue: round(median(naiveOpenTimes)),
      },
      {
        name: `open the app until its first rows are painted, ${count} stories (web host + Chromium, navigation start to the frame, median of ${UI_OPENS}) [target < 400 ms]`,
        value: round(median(ui.app)),
        unit: 'ms',
        baseline: `${naiveName}, read by the host, every row in a plain table`,
        baselineValue: round(median(ui.naive)),
      },
      {
        name: `list of ${count} rows sent to the renderer (JSON) [vs the one file]`,
        value: round(listBytes / 1e6, 1),
        unit: 'MB',
        baseline: naiveName,
        baselineValue: round(naiveBytes / 1e6, 1),
      },
      {
        name: `save one story, ${count} stories (median of ${SAVES}) [target < 15 ms]`,
        value: round(median(saveTimes)),
        unit: 'ms',
        baseline: naiveName,
        baselineValue: round(median(naiveSaveTimes)),
      },
      {
        name: `save one story, ${count} stories (p95 of ${SAVES})`,
        value: round(percentile(saveTimes, 95)),
        unit: 'ms',
        baseline: naiveName,
        baselineValue: round(percentile(naiveSaveTimes, 95)),
      },
      {
        name: `search ${count} stories: p95 of 3×${queries.length} as-you-type queries, 20 hits with snippets, round trip to the search process [target < 10 ms and ≥ 2× faster]`,
        value: round(percentile(searchTimes, 95)),
        unit: 'ms',
        baseline: 'linear String.includes scan of all story text in memory',
        baselineValue: round(percentile(scanTimes, 95)),
      },
      {
        name: `main-process RSS, ${count} stories: open + list + search index (in its own process) + 100 saves [target < 300 MB]`,
        value: round(memory.rssMb, 0),
        unit: 'MB',
        baseline: `${naiveName}: load, list, 100 saves`,
        baselineValue: round(naiveMemory.rssMb, 0),
      },
      {
        name: `main-process heap used (after GC), same`,
        value: round(memory.heapUsedMb, 0),
        unit: 'MB',
        baseline: `${naiveName}: load, list, 100 saves`,
        baselineValue: round(naiveMemory.heapUsedMb, 0),
      },
      {
        name: `search-process RSS, same (the built worker as the app runs it, the index of ${count} stories; heap after GC ${round(memory.searchHeapUsedMb ?? Number.NaN, 0)} MB) [target < 150 MB]`,
        value: round(memory.searchRssMb ?? Number.NaN, 0),
        unit: 'MB',
        baseline: `main-process RSS with the index in it, as before`,
        baselineValue: round(memoryInProcess.rssMb, 0),
      },
      {
        name: `main + search process RSS, same [target < 350 MB]`,
        value: round(memory.rssMb + (memory.searchRssMb ?? Number.NaN), 0),
        unit: 'MB',
        baseline: `main-process RSS with the index in it, as before`,
        baselineValue: round(memoryInProcess.rssMb, 0),
      },
      {
        name: `save a ${round(longSave.bytes / 1e6, 1)} MB Chinese story, ${count} stories: save call in the main process`,
        value: round(longSave.saveMs, 0),
        unit: 'ms',
        baseline: 'the index in the main process (as before)',
        baselineValue: round(longSaveInProcess.saveMs, 0),
      },
      {
        name: `same: longest main-process event-loop stall, save until the story is found`,
        value: round(longSave.stallMs, 0),
        unit: 'ms',
        baseline: 'the index in the main process (as before)',
        baselineValue: round(longSaveInProcess.stallMs, 0),
      },
      {
        name: `same: save until a search finds the new text (the story indexed) [target < 5 s]`,
        value: round(longSave.foundMs, 0),
        unit: 'ms',
        baseline: 'the index in the main process (as before)',
        baselineValue: round(longSaveInProcess.foundMs, 0),
      },
    ];
    return figures;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** About `bytes` of Chinese copy in paragraphs, characters drawn evenly from 3,000: a hard case for the index (millions of distinct pairs). */
function longChineseBody(bytes: number): StoryBody {
  let seed = 7;
  const random = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const paragraphs: string[] = [];
  for (let size = 0; size < bytes;) {
    const chars = Array.from({ length: 300 }, () => String.fromCharCode(0x4e00 + Math.floor(random() * 3000)));
    const text = `${chars.join('')}。`;
    paragraphs.push(text);
    size += Buffer.byteLength(text);
  }
  return {
    type: 'doc',
    content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
  };
}

/**
 * Saves a 10 MB Chinese story into the 10,000-story library with a built index, and measures
 * the save call, the longest event-loop stall of this (the main) process from the save until
 * a search finds the story's new words, and that whole time. The story is put back after.
 */
async function longStorySave(
  library: Library,
  options: StorySearchOptions,
): Promise<{ bytes: number; saveMs: number; stallMs: number; foundMs: number }> {
  const search = new StorySearch(library, options);
  try {
    await search.whenReady();
    const [target] = library.listStories().slice(-1);
    const before = await library.getStory(target!.id);
    const body = longChineseBody(10e6);
    const marker = '鹳雀楼长篇特稿';
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const started = performance.now();
    const saved = await library.saveStory({
      id: before.id,
      baseRevision: before.revision,
      changes: { headline: marker, body },
    });
    const saveMs = performance.now() - started;
    for (;;) {
      const { hits } = await search.search(marker, { limit: 1 });
      if (hits[0]?.id === saved.id) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const foundMs = performance.now() - started;
    delay.disable();
    await library.saveStory({
      id: before.id,
      baseRevision: saved.revision,
      changes: { headline: before.headline, body: before.body },
    });
    return { bytes: Buffer.byteLength(JSON.stringify(body)), saveMs, stallMs: delay.max / 1e6, foundMs };
  } finally {
    await search.close();
  }
}

async function uiOpenTimes(
  root: string,
  libDir: string,
  naivePath: string,
): Promise<{ app: number[]; naive: number[] }> {
  const bench = await startBenchHost(root, libDir, join(repoRoot, 'out', 'renderer'));
  const { workspace, host } = bench;
  const token = BENCH_TOKEN;
  const browser = await launchChromium();
  const app: number[] = [];
  const naive: number[] = [];
  try {
    // Let the search index build finish first, as it would a few seconds after the app opens.
    for (;;) {
      const { indexed, total } = await workspace.handlers().searchStories({ query: '记者', limit: 1 });
      if (indexed >= total) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    await context.route('http://naive.test/**', async (route) => {
      if (route.request().url().endsWith('/list')) {
        // What a naive main process does on open: read the one file, send the list.
        const db = new Low<{ stories: Story[] }>(new JSONFile(naivePath), { stories: [] });
        await db.read();
        await route.fulfill({ contentType: 'application/json', body: JSON.stringify(db.data.stories.map(summarise)) });
      } else await route.fulfill({ contentType: 'text/html', body: NAIVE_PAGE });
    });
    // Timed in the page: from navigation start to the frame that paints the first rows. (Timing
    // from outside adds Playwright's polling, which waits behind any long task after the rows.)
    await context.addInitScript(FIRST_ROWS_PROBE);
    // Functions, not strings: a string predicate is compiled in the page, which the app's CSP
    // (no unsafe-eval) refuses now and then.
    const probed = (page: Page) =>
      page.waitForFunction(() => (window as unknown as { __firstRows?: number }).__firstRows !== undefined);
    const firstRows = (page: Page) => page.evaluate(() => (window as unknown as { __firstRows: number }).__firstRows);
    for (let i = 0; i < UI_OPENS + 1; i++) {
      const page = await context.newPage();
      await page.goto(`${host.url}?token=${token}#/`);
      await page.locator('body[data-ready="true"] .story-table tbody tr').first().waitFor();
      await probed(page);
      if (i > 0) app.push(await firstRows(page)); // the first load warms the browser's and the host's caches
      await page.close();
      const plain = await context.newPage();
      await plain.goto('http://naive.test/');
      await plain.locator('body[data-ready="true"] tbody tr').first().waitFor();
      await probed(plain);
      if (i > 0) naive.push(await firstRows(plain));
      await plain.close();
    }
    await context.close();
  } finally {
    await browser.close();
    await bench.close();
  }
  return { app, naive };
}
