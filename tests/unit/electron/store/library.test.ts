import { readFile, rm, writeFile, chmod, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Story } from '../../../../shared/model';
import { ServiceError } from '../../../../electron/rpc/errors';
import { Library, shardOf } from '../../../../electron/store/library';
import { changedFiles, sampleLibrary, snapshot, tempDir } from '../../../helpers/temp';

let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

const paragraph = (text: string) => ({
  type: 'doc' as const,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});
const readStoryFile = async (root: string, id: string) =>
  Story.parse(JSON.parse(await readFile(join(root, 'stories', `${id}.json`), 'utf8')));

describe('opening a library', () => {
  it('starts an empty folder from the sample library, with stories in both languages and an edition', async () => {
    const { library, created } = await Library.open(dir, { seedFrom: sampleLibrary });
    expect(created).toBe(true);
    const stories = library.listStories();
    expect(stories.length).toBe(4);
    expect(new Set(stories.map((s) => s.language))).toEqual(new Set(['zh-Hans', 'en']));
    expect(await library.listEditions()).toHaveLength(1);
    // The list is sorted by last change, newest first.
    const times = stories.map((s) => Date.parse(s.updatedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('reopens an existing library without seeding again and keeps its stories', async () => {
    const first = await Library.open(dir, { seedFrom: sampleLibrary });
    await first.library.createStory({ language: 'zh-Hans', headline: '新稿' });
    const second = await Library.open(dir, { seedFrom: sampleLibrary });
    expect(second.created).toBe(false);
    expect(second.library.listStories().map((s) => s.headline)).toContain('新稿');
    expect(second.library.storyCount).toBe(5);
  });

  it('refuses a folder that holds other files, and writes nothing into it', async () => {
    await writeFile(join(dir, 'thesis.docx'), 'my work');
    await expect(Library.open(dir, { seedFrom: sampleLibrary })).rejects.toThrow(/not a Masthead library/);
    expect(await readdir(dir)).toEqual(['thesis.docx']);
  });

  it('rebuilds a missing index from the story files', async () => {
    const { library } = await Library.open(dir, { seedFrom: sampleLibrary });
    const before = library.listStories();
    await rm(join(dir, 'index'), { recursive: true });
    const { library: reopened } = await Library.open(dir);
    expect(reopened.listStories()).toEqual(before);
  });

  it('does not create a library when told it must exist', async () => {
    await expect(Library.open(join(dir, 'nowhere'), { mustExist: true })).rejects.toMatchObject({ code: 'not-found' });
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('stories', () => {
  it('creates, saves and reads back a Chinese story, on disk as its own JSON file', async () => {
    const { library } = await Library.open(dir);
    const created = await library.createStory({ language: 'zh-Hans', section: '要闻' });
    expect(created.revision).toBe(1);
    const saved = await library.saveStory({
      id: created.id,
      baseRevision: 1,
      changes: {
        kicker: '老厂房变身城市书房',
        headline: '滨江图书馆今起免费开放',
        body: paragraph('新馆藏书四十万册。'),
      },
    });
    expect(saved.revision).toBe(2);
    const onDisk = await readStoryFile(dir, created.id);
    expect(onDisk.headline).toBe('滨江图书馆今起免费开放');
    expect(onDisk.body).toEqual(paragraph('新馆藏书四十万册。'));
    const { library: reopened } = await Library.open(dir);
    expect((await reopened.getStory(created.id)).kicker).toBe('老厂房变身城市书房');
    const summary = reopened.listStories().find((s) => s.id === created.id);
    expect(summary).toMatchObject({ headline: '滨江图书馆今起免费开放', charCount: 9, revision: 2 });
  });

  it('saving one story writes that story file, one index shard and its history snapshot, and nothing else', async () => {
    const { library } = await Library.open(dir, { seedFrom: sampleLibrary });
    const stories = await Promise.all(
      Array.from({ length: 30 }, (_, i) => library.createStory({ language: 'en', headline: `Story ${i}` })),
    );
    const target = stories[17]!;
    const before = await snapshot(dir);
    await new Promise((r) => setTimeout(r, 20)); // let mtimes tick
    await library.saveStory({ id: target.id, baseRevision: 1, changes: { headline: 'Changed headline' } });
    const after = await snapshot(dir);
    expect(changedFiles(before, after)).toEqual(
      [`history/${target.id}/000002.json`, `index/${shardOf(target.id)}.json`, `stories/${target.id}.json`].sort(),
    );
  });

  it('refuses a save based on an old revision and keeps the newer text', async () => {
    const { library } = await Library.open(dir);
    const story = await library.createStory({ language: 'en' });
    await library.saveStory({ id: story.id, baseRevision: 1, changes: { headline: 'First window' } });
    await expect(
      library.saveStory({ id: story.id, baseRevision: 1, changes: { headline: 'Second window' } }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect((await readStoryFile(dir, story.id)).headline).toBe('First window');
  });

  it('serialises concurrent saves of the same story so none is lost or doubled', async () => {
    const { library } = await Library.open(dir);
    const story = await library.createStory({ language: 'en' });
    const results = await Promise.allSettled(
      [1, 2, 3].map((n) => library.saveStory({ id: story.id, baseRevision: 1, changes: { headline: `Save ${n}` } })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await readStoryFile(dir, story.id)).revision).toBe(2);
  });

  it('rejects an invalid change and leaves the file as it was', async () => {
    const { library } = await Library.open(dir);
    const story = await library.createStory({ language: 'en', headline: 'Kept' });
    const before = await readFile(join(dir, 'stories', `${story.id}.json`), 'utf8');
    await expect(
      library.saveStory({ id: story.id, baseRevision: 1, changes: { headline: 'two\nlines' } }),
    ).rejects.toThrow();
    expect(await readFile(join(dir, 'stories', `${story.id}.json`), 'utf8')).toBe(before);
  });

  it('moves a story to the trash and restores it with its text', async () => {
    const { library } = await Library.open(dir);
    const story = await library.createStory({ language: 'zh-Hans', headline: '待删稿件' });
    await library.trashStory(story.id);
    expect(library.listStories().map((s) => s.id)).not.toContain(story.id);
    expect((await library.listTrash()).map((s) => s.headline)).toEqual(['待删稿件']);
    await expect(library.getStory(story.id)).rejects.toMatchObject({ code: 'not-found' });
    const restored = await library.restoreStory(story.id);
    expect(restored.headline).toBe('待删稿件');
    expect(library.listStories().map((s) => s.id)).toContain(story.id);
    expect(await library.listTrash()).toEqual([]);
    const { library: reopened } = await Library.open(dir);
    expect(reopened.listStories().map((s) => s.id)).toContain(story.id);
  });

  it('answers unknown ids with not-found', async () => {
    const { library } = await Library.open(dir);
    await expect(library.getStory('no-such-story')).rejects.toBeInstanceOf(ServiceError);
    await expect(library.trashStory('no-such-story')).rejects.toMatchObject({ code: 'not-found' });
    await expect(library.restoreStory('no-such-story')).rejects.toMatchObject({ code: 'not-found' });
    await expect(library.getEdition('no-such-edition')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('reports a read-only library with a clear message and keeps the saved story', async () => {
    if (process.getuid?.() === 0) {
      // root ignores permission bits; simulate the read-only folder by replacing stories/ with a file
      const { library } = await Library.open(dir);
      const story = await library.createStory({ language: 'en', headline: 'Safe' });
      await rm(join(dir, 'stories'), { recursive: true });
      await writeFile(join(dir, 'stories'), 'not a folder');
      await expect(
        library.saveStory({ id: story.id, baseRevision: 1, changes: { headline: 'x' } }),
      ).rejects.toMatchObject({
        code: 'io',
      });
      return;
    }
    const { library } = await Library.open(dir);
    const story = await library.createStory({ language: 'en', headline: 'Safe' });
    await chmod(join(dir, 'stories'), 0o500);
    try {
      await expect(library.saveStory({ id: story.id, baseRevision: 1, changes: { headline: 'x' } })).rejects.toThrow(
        /not writable/,
      );
      expect((await readStoryFile(dir, story.id)).headline).toBe('Safe');
    } finally {
      await chmod(join(dir, 'stories'), 0o700);
    }
  });

  it('keeps stories in their own files, not in one library file', async () => {
    const { library } = await Library.open(dir);
    const a = await library.createStory({ language: 'en', headline: 'A' });
    const b = await library.createStory({ language: 'zh-Hans', headline: '乙' });
    await mkdir(join(dir, 'stories'), { recursive: true });
    const files = (await readdir(join(dir, 'stories'))).sort();
    expect(files).toEqual([`${a.id}.json`, `${b.id}.json`].sort());
    expect(await readFile(join(dir, 'library.json'), 'utf8')).not.toContain('乙');
  });
});
