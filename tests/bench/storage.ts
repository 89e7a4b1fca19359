import { mkdtemp, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { Library } from '../../electron/store/library';
import { SCHEMA_VERSION, type Story, type StoryBody } from '../../shared/model';
import { generateStories } from './generate';
import { type BenchOptions, type Figure, median, round } from './figures';

/** Saving and listing: one file per story and a sharded index, against one lowdb file. */

async function fileSizes(root: string): Promise<Map<string, { size: number; mtimeMs: number }>> {
  const out = new Map<string, { size: number; mtimeMs: number }>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else {
        const s = await stat(path);
        out.set(path, { size: s.size, mtimeMs: s.mtimeMs });
      }
    }
  };
  await walk(root);
  return out;
}

const editedBody = (story: Story, n: number): StoryBody => ({
  type: 'doc',
  content: [
    ...(story.body.content ?? []),
    { type: 'paragraph', content: [{ type: 'text', text: `补充第${n}段：编辑修改 edit ${n}.` }] },
  ],
});

export async function storageBench(options: BenchOptions): Promise<Figure[]> {
  const storyCount = options.stories;
  const saveCount = options.saves;
  const byteSamples = 20;
  const root = await mkdtemp(join(tmpdir(), 'masthead-bench-'));
  const figures: Figure[] = [];
  try {
    const stories = generateStories(storyCount);

    // Masthead: one file per story plus a sharded index, built through the real service.
    const libDir = join(root, 'masthead');
    await Library.open(libDir);
    await mkdir(join(libDir, 'stories'), { recursive: true });
    await Promise.all(stories.map((s) => writeFile(join(libDir, 'stories', `${s.id}.json`), JSON.stringify(s))));
    await rm(join(libDir, 'index'), { recursive: true });
    await Library.open(libDir); // rebuilds the index from the story files

    // Baseline: the naive lowdb library, everything in one JSON file.
    const naivePath = join(root, 'naive.json');
    const naive = new Low<{ schemaVersion: number; stories: Story[] }>(new JSONFile(naivePath), {
      schemaVersion: SCHEMA_VERSION,
      stories: [],
    });
    naive.data.stories = structuredClone(stories);
    await naive.write();

    // Opening and listing.
    const openTimes: number[] = [];
    const naiveOpenTimes: number[] = [];
    let library!: Library;
    for (let i = 0; i < 7; i++) {
      let t = performance.now();
      library = (await Library.open(libDir)).library;
      library.listStories();
      openTimes.push(performance.now() - t);
      t = performance.now();
      const db = new Low<{ stories: Story[] }>(new JSONFile(naivePath), { stories: [] });
      await db.read();
      db.data.stories.map((s) => s.headline);
      naiveOpenTimes.push(performance.now() - t);
    }

    // Saving: bytes written per save, from the files whose mtime changed.
    const revisions = new Map(stories.map((s) => [s.id, s.revision]));
    const pick = (i: number): Story => stories[(i * 7919) % stories.length]!;
    const bytes: number[] = [];
    const naiveBytes: number[] = [];
    for (let i = 0; i < byteSamples; i++) {
      const story = pick(i);
      const before = await fileSizes(libDir);
      await new Promise((r) => setTimeout(r, 5));
      const saved = await library.saveStory({
        id: story.id,
        baseRevision: revisions.get(story.id)!,
        changes: { headline: `${story.headline}（改${i}）`, body: editedBody(story, i) },
      });
      revisions.set(story.id, saved.revision);
      const after = await fileSizes(libDir);
      let written = 0;
      for (const [path, s] of after) {
        const old = before.get(path);
        if (!old || old.mtimeMs !== s.mtimeMs || old.size !== s.size) written += s.size;
      }
      bytes.push(written);
      const target = naive.data.stories.find((s) => s.id === story.id)!;
      Object.assign(target, { headline: saved.headline, body: saved.body, revision: saved.revision });
      await naive.write();
      naiveBytes.push((await stat(naivePath)).size);
    }

    // Saving: milliseconds per save, alternating the two so both see the same machine state.
    const times: number[] = [];
    const naiveTimes: number[] = [];
    for (let i = 0; i < saveCount; i++) {
      const story = pick(i + byteSamples);
      let t = performance.now();
      const saved = await library.saveStory({
        id: story.id,
        baseRevision: revisions.get(story.id)!,
        changes: { headline: `${story.headline}（再改${i}）`, body: editedBody(story, i) },
      });
      times.push(performance.now() - t);
      revisions.set(story.id, saved.revision);
      t = performance.now();
      const target = naive.data.stories.find((s) => s.id === story.id)!;
      Object.assign(target, { headline: saved.headline, body: saved.body, revision: saved.revision });
      await naive.write();
      naiveTimes.push(performance.now() - t);
    }

    const baseline = 'naive one-file lowdb library';
    figures.push(
      {
        name: `save one story, ${storyCount} stories: bytes written (median)`,
        value: median(bytes),
        unit: 'bytes',
        baseline,
        baselineValue: median(naiveBytes),
      },
      {
        name: `save one story, ${storyCount} stories: time (median of ${saveCount})`,
        value: round(median(times)),
        unit: 'ms',
        baseline,
        baselineValue: round(median(naiveTimes)),
      },
      {
        name: `open library and list ${storyCount} stories (median of 7)`,
        value: round(median(openTimes)),
        unit: 'ms',
        baseline,
        baselineValue: round(median(naiveOpenTimes)),
      },
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }

  return figures;
}
