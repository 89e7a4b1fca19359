import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library } from '../../../../electron/store/library';
import { StorySearch } from '../../../../electron/search/search';
import { nodeSearchSpawner } from '../../../../electron/search/spawn';
import { createConfSettingsStore } from '../../../../electron/store/settings';
import { Workspace } from '../../../../electron/rpc/workspace';
import { generateStories } from '../../../bench/generate';
import { typedQueries } from '../../../bench/search';
import { repoRoot, sampleLibrary, tempDir } from '../../../helpers/temp';
import { processAlive as alive } from '../../../../electron/store/lock';

/**
 * The search index in its own process: what it answers is what the in-process index answers,
 * a process that dies is replaced and the search waiting for it fails rather than hangs, and
 * no search process outlives the search, the workspace or the process that started it.
 */

let dir: string;
let cleanup: () => Promise<void>;
const spawner = nodeSearchSpawner();

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

/** The search processes this process started that are still running (Linux /proc). */
async function searchChildren(parent = process.pid): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = await readFile(`/proc/${name}/cmdline`, 'utf8');
      if (ppid === parent && cmdline.includes('worker-entry')) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A library of generated stories, written as files and indexed by the library itself. */
async function generatedLibrary(count: number): Promise<Library> {
  const root = join(dir, 'library');
  await Library.open(root);
  await mkdir(join(root, 'stories'), { recursive: true });
  const stories = generateStories(count, 5);
  await Promise.all(stories.map((s) => writeFile(join(root, 'stories', `${s.id}.json`), JSON.stringify(s))));
  await rm(join(root, 'index'), { recursive: true });
  return (await Library.open(root)).library;
}

describe('the search process', () => {
  it('answers exactly what the index in this process answers', async () => {
    const library = await generatedLibrary(300);
    const here = new StorySearch(library);
    const there = new StorySearch(library, { spawn: spawner });
    try {
      await Promise.all([here.whenReady(), there.whenReady()]);
      const queries = typedQueries(generateStories(300, 5)).filter((_, i) => i % 3 === 0);
      expect(queries.length).toBeGreaterThan(30);
      let found = 0;
      for (const query of queries) {
        const [a, b] = await Promise.all([here.search(query, { limit: 50 }), there.search(query, { limit: 50 })]);
        expect({ ...b, tookMs: 0 }, query).toEqual({ ...a, tookMs: 0 });
        found += a.hits.length;
      }
      expect(found).toBeGreaterThan(100);

      // A change reaches both the same way: saved, then trashed.
      const [first] = library.listStories();
      const story = await library.getStory(first!.id);
      await library.saveStory({
        id: story.id,
        baseRevision: story.revision,
        changes: { headline: '鹭鸶洲湿地保护区' },
      });
      for (const s of [here, there]) expect((await s.search('鹭鸶洲')).hits.map((h) => h.id)).toEqual([story.id]);
      await library.trashStory(story.id);
      for (const s of [here, there]) expect((await s.search('鹭鸶洲')).hits).toEqual([]);
    } finally {
      here.dispose();
      await there.close();
    }
  });

  it('fails the waiting search with an io error when the process dies, and starts a new one', async () => {
    const library = await generatedLibrary(400);
    const search = new StorySearch(library, { spawn: spawner });
    try {
      const waiting = search.whenReady();
      const first = search.pid!;
      expect(alive(first)).toBe(true);
      process.kill(first, 'SIGKILL');
      await expect(waiting).rejects.toMatchObject({ name: 'ServiceError', code: 'io' });
      await until(() => !alive(first));

      // A new process, which builds the index again and answers.
      await search.whenReady();
      expect(search.pid).toBeDefined();
      expect(search.pid).not.toBe(first);
      const result = await search.search('harbour bridge');
      expect(result.indexed).toBe(400);
      expect(result.hits.length).toBeGreaterThan(0);
    } finally {
      await search.close();
    }
  });

  it('ends with the workspace that started it', async () => {
    const workspace = await Workspace.start({
      settings: createConfSettingsStore(join(dir, 'settings')),
      host: 'web',
      version: '0.0.0-test',
      systemLanguage: 'zh-CN',
      defaultLibraryPath: join(dir, 'library'),
      seedFrom: sampleLibrary,
      assetBaseUrl: '/photos/',
      searchSpawner: spawner,
      searchWarmDelayMs: 0,
    });
    const result = await workspace.handlers().searchStories({ query: '王建国' });
    expect(result.total).toBe(4);
    const children = await searchChildren();
    expect(children).toHaveLength(1);
    await workspace.close();
    expect(alive(children[0]!)).toBe(false);
    expect(await searchChildren()).toEqual([]);
  });

  it('ends when the process that started it is killed', async () => {
    await Library.open(join(dir, 'library'), { seedFrom: sampleLibrary });
    // .mts: the temp folder has no package.json saying the script is an ES module.
    const script = join(dir, 'host.mts');
    const electronDir = join(repoRoot, 'electron');
    await writeFile(
      script,
      `import { Library } from ${JSON.stringify(join(electronDir, 'store', 'library.ts'))};
import { StorySearch } from ${JSON.stringify(join(electronDir, 'search', 'search.ts'))};
import { nodeSearchSpawner } from ${JSON.stringify(join(electronDir, 'search', 'spawn.ts'))};
const { library } = await Library.open(${JSON.stringify(join(dir, 'library'))});
const search = new StorySearch(library, { spawn: nodeSearchSpawner() });
await search.whenReady();
console.log('search process ' + search.pid);
setInterval(() => {}, 1000);
`,
    );
    const host = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let out = '';
      host.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
      let exited = false;
      host.once('exit', () => (exited = true));
      await until(() => exited || /search process \d+/.test(out), 15_000);
      expect(out).toMatch(/search process \d+/);
      const pid = Number(/search process (\d+)/.exec(out)![1]);
      expect(alive(pid)).toBe(true);
      host.kill('SIGKILL');
      await until(() => !alive(pid), 5_000);
    } finally {
      host.kill('SIGKILL');
    }
  });
});
