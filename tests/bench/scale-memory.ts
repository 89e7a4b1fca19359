import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { Library } from '../../electron/services/library';
import { createConfSettingsStore } from '../../electron/services/settings';
import { Workspace } from '../../electron/services/workspace';
import type { Story } from '../../shared/model';

/**
 * One clean process, one measure of a main process's memory (`scale` bench):
 *   node --import tsx tests/bench/scale-memory.ts masthead|masthead-no-search|naive PATH SCRATCH
 * opens the library, lists it, waits for the search index (masthead), saves 100 stories,
 * and prints { rssMb, heapUsedMb, externalMb } as JSON on stdout.
 */

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const SAVES = 100;

const line = (n: number) => ({
  type: 'paragraph' as const,
  content: [{ type: 'text' as const, text: `补充第${n}段：编辑修改 edit ${n}.` }],
});

async function masthead(path: string, scratch: string, withSearch: boolean): Promise<void> {
  let list: () => unknown[];
  let save: (input: Parameters<Library['saveStory']>[0]) => Promise<Story>;
  let get: (id: string) => Promise<Story>;
  if (withSearch) {
    // The main process: the workspace opens the library and builds the search index in the background.
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
    });
    const handlers = workspace.handlers();
    const library = workspace.current;
    list = () => library.listStories();
    save = (input) => library.saveStory(input);
    get = (id) => library.getStory(id);
    // A search waits for nothing, so wait for the index itself: searches until every story is indexed.
    for (;;) {
      const result = await handlers.searchStories({ query: '记者', limit: 20 });
      if (result.indexed >= result.total) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  } else {
    const { library } = await Library.open(path);
    list = () => library.listStories();
    save = (input) => library.saveStory(input);
    get = (id) => library.getStory(id);
  }
  const summaries = list() as { id: string }[];
  for (let i = 0; i < SAVES; i++) {
    const story = await get(summaries[(i * 7919) % summaries.length]!.id);
    await save({
      id: story.id,
      baseRevision: story.revision,
      changes: {
        headline: `${story.headline}（改${i}）`,
        body: { ...story.body, content: [...(story.body.content ?? []), line(i)] },
      },
    });
  }
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
  if (!path || !scratch) throw new Error('usage: scale-memory.ts masthead|masthead-no-search|naive PATH SCRATCH');
  if (mode === 'naive') await naive(path);
  else await masthead(path, scratch, mode === 'masthead');
  gc();
  gc();
  const m = process.memoryUsage();
  process.stdout.write(
    `${JSON.stringify({ rssMb: m.rss / 1e6, heapUsedMb: m.heapUsed / 1e6, externalMb: m.external / 1e6 })}\n`,
  );
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
