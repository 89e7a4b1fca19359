import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { SearchProcess } from '../../electron/search/search';
import { nodeSearchSpawner } from '../../electron/search/spawn';
import type { SearchMemory } from '../../electron/search/worker';
import { createConfSettingsStore } from '../../electron/store/settings';
import { Workspace } from '../../electron/rpc/workspace';
import type { Story } from '../../shared/model';

/**
 * One clean process, one measure of a main process's memory (`scale` bench):
 *   node --import tsx tests/bench/scale-memory.ts masthead|masthead-in-process|naive PATH SCRATCH
 * opens the library, lists it, waits for the search index (masthead: in its own process, as
 * the app runs it; masthead-in-process: in this one, as before), saves 100 stories, and
 * prints { rssMb, heapUsedMb, externalMb, searchRssMb?, searchHeapUsedMb? } as JSON on
 * stdout: this process's memory, and the search process's, apart.
 */

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const SAVES = 100;

const line = (n: number) => ({
  type: 'paragraph' as const,
  content: [{ type: 'text' as const, text: `补充第${n}段：编辑修改 edit ${n}.` }],
});

/** The search process the workspace starts, kept here so it can be asked for its memory. */
let searchProcess: SearchProcess | null = null;
/** The built search process, as the app runs it (the scale bench builds first); from source where there is no build. */
const builtWorker = resolve(import.meta.dirname, '../../out/main/search-worker.js');
const spawnForBench = nodeSearchSpawner({
  ...(existsSync(builtWorker) ? { entry: builtWorker } : {}),
  execArgv: ['--expose-gc'],
});

/** The search process's memory after a GC there, through its own channel (request ids below 0 are the bench's). */
function searchMemory(): Promise<SearchMemory> {
  const child = searchProcess;
  if (!child) throw new Error('no search process');
  return new Promise((resolve, reject) => {
    child.onMessage((message) => {
      if (message.request !== -1) return;
      if (message.type === 'reply') resolve(message.value as SearchMemory);
      else reject(new Error(message.message));
    });
    child.send({ type: 'memory', request: -1 });
  });
}

async function masthead(path: string, scratch: string, inProcess: boolean): Promise<SearchMemory | null> {
  // The main process: the workspace opens the library and builds the search index in the
  // background, in its own process as the app does (or here, as before, for comparison).
  const workspace = await Workspace.start({
    settings: createConfSettingsStore(join(scratch, 'settings')),
    host: 'web',
    version: 'bench',
    systemLanguage: 'zh-CN',
    defaultLibraryPath: path,
    libraryOverride: path,
    assetBaseUrl: '/photos/',
    // The automatic backup (20 s after opening, once a day) would land inside this measure or
    // not depending on the machine's speed; it is left out so the figure is the steady state.
    backupDelayMs: 3_600_000,
    searchSpawner: inProcess
      ? undefined
      : () => {
          searchProcess = spawnForBench();
          return searchProcess;
        },
  });
  const handlers = workspace.handlers();
  const library = workspace.current;
  // A search waits for nothing, so wait for the index itself: searches until every story is indexed.
  for (;;) {
    const result = await handlers.searchStories({ query: '记者', limit: 20 });
    if (result.indexed >= result.total) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const summaries = library.listStories();
  for (let i = 0; i < SAVES; i++) {
    const story = await library.getStory(summaries[(i * 7919) % summaries.length]!.id);
    await library.saveStory({
      id: story.id,
      baseRevision: story.revision,
      changes: {
        headline: `${story.headline}（改${i}）`,
        body: { ...story.body, content: [...(story.body.content ?? []), line(i)] },
      },
    });
  }
  return inProcess ? null : searchMemory();
}

async function naive(path: string): Promise<void> {
  const db = new Low<{ stories: Story[] }>(new JSONFile(path), { stories: [] });
  await db.read();
  db.data.stories.map(({ id, headline, section, status, updatedAt }) => ({ id, headline, section, status, updatedAt }));
  for (let i = 0; i < SAVES; i++) {
    const story = db.data.stories[(i * 7919) % db.data.stories.length]!;
    story.headline = `${story.headline}（改${i}）`;
    story.body = { ...story.body, content: [...(story.body.content ?? []), line(i)] };
    story.revision += 1;
    await db.write();
  }
}

async function main(): Promise<void> {
  const [mode, path, scratch] = process.argv.slice(2);
  if (!path || !scratch) throw new Error('usage: scale-memory.ts masthead|masthead-in-process|naive PATH SCRATCH');
  const search = mode === 'naive' ? (await naive(path), null) : await masthead(path, scratch, mode !== 'masthead');
  gc();
  gc();
  const m = process.memoryUsage();
  process.stdout.write(
    `${JSON.stringify({
      rssMb: m.rss / 1e6,
      heapUsedMb: m.heapUsed / 1e6,
      externalMb: m.external / 1e6,
      ...(search ? { searchRssMb: search.rss / 1e6, searchHeapUsedMb: search.heapUsed / 1e6 } : {}),
    })}\n`,
  );
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
