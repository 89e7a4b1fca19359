import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoryBody } from '../../../../shared/model';
import { Library } from '../../../../electron/store/library';
import { SearchIndex, type StorySource } from '../../../../electron/search/search-index';
import { StorySearch } from '../../../../electron/search/search';
import { nodeSearchSpawner } from '../../../../electron/search/spawn';
import { storyFileSource } from '../../../../electron/search/story-text';
import { INDEX_FILE, SEARCH_DIR, indexFileStore } from '../../../../electron/search/worker';
import { sampleLibrary, tempDir } from '../../../helpers/temp';

let dir: string;
let cleanup: () => Promise<void>;
let library: Library;

const body = (...paragraphs: string[]): StoryBody => ({
  type: 'doc',
  content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
});

async function addStory(headline: string, text: string): Promise<string> {
  const created = await library.createStory({ language: 'zh-Hans', headline });
  const saved = await library.saveStory({
    id: created.id,
    baseRevision: created.revision,
    changes: { body: body(text) },
  });
  return saved.id;
}

/** The library's story files as the search process reads them, counting the stories read. */
function countingSource(): StorySource & { reads: string[] } {
  const files = storyFileSource(library.root, () => library.storyIds());
  const reads: string[] = [];
  return {
    reads,
    ids: files.ids,
    version: files.version,
    read: (id) => {
      reads.push(id);
      return files.read(id);
    },
  };
}

const indexPath = (): string => join(dir, SEARCH_DIR, INDEX_FILE);

async function hitsOf(index: SearchIndex, query: string): Promise<string[]> {
  return (await index.search(query)).hits.map((h) => h.id);
}

describe('the saved search index', () => {
  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    ({ library } = await Library.open(dir, { seedFrom: sampleLibrary }));
  });
  afterEach(() => cleanup());

  it('is read back at the next start, and only the stories changed meanwhile are read again', async () => {
    const kept = await addStory('防汛抗旱工作会议', '会议部署防汛抗旱工作。');
    const changed = await addStory('森林防火检查', '检查组检查了森林防火设施。');
    const trashed = await addStory('城市更新座谈会', '座谈会讨论城市更新项目。');
    const first = new SearchIndex(countingSource(), indexFileStore(dir));
    await first.whenReady();
    expect(first.report).toEqual({ loaded: false, indexed: 7 });
    expect(existsSync(indexPath())).toBe(true);
    first.dispose();

    // While the app is closed: one story rewritten, one trashed, one new.
    const story = await library.getStory(changed);
    await library.saveStory({
      id: changed,
      baseRevision: story.revision,
      changes: { body: body('改为报道湿地保护。') },
    });
    await library.trashStory(trashed);
    const added = await addStory('港口吞吐量创新高', '港口集装箱吞吐量同比增长。');

    const source = countingSource();
    const second = new SearchIndex(source, indexFileStore(dir));
    await second.whenReady();
    expect(second.report).toEqual({ loaded: true, indexed: 2 });
    expect(source.reads.sort()).toEqual([added, changed].sort());
    expect(await hitsOf(second, '防汛抗旱')).toEqual([kept]);
    expect(await hitsOf(second, '防火设施')).toEqual([]);
    expect(await hitsOf(second, '湿地保护')).toEqual([changed]);
    expect(await hitsOf(second, '城市更新')).toEqual([]);
    expect((await hitsOf(second, '吞吐量'))[0]).toBe(added);
    expect(await hitsOf(second, '周明远')).toEqual(['sample-zh-port-trade']);
    second.dispose();
  });

  it('follows saves after the start and saves them for the next one', async () => {
    const first = new SearchIndex(countingSource(), indexFileStore(dir));
    await first.whenReady();
    const id = await addStory('新闻发布会', '发言人介绍了防汛抗旱工作进展。');
    const files = countingSource();
    first.update(id, await files.read(id), (await files.version!(id)) ?? '');
    await first.flush();
    first.dispose();

    const source = countingSource();
    const second = new SearchIndex(source, indexFileStore(dir));
    await second.whenReady();
    expect(second.report).toEqual({ loaded: true, indexed: 0 });
    expect(await hitsOf(second, '防汛抗旱')).toEqual([id]);
    second.dispose();
  });

  it.each([
    ['a flipped byte', (b: Buffer) => (b.writeUInt8(b.readUInt8(b.length >> 1) ^ 0xff, b.length >> 1), b)],
    ['a cut-off file', (b: Buffer) => b.subarray(0, Math.floor(b.length * 0.6))],
    ['another format', (b: Buffer) => (b.writeUInt32LE(99, 4), b)],
    ['not an index at all', () => Buffer.from('{"stories": []}')],
  ])('is never trusted when damaged (%s): the index is built again from the stories', async (_what, damage) => {
    const id = await addStory('湿地观察', '滩涂上有一只鹬。');
    const first = new SearchIndex(countingSource(), indexFileStore(dir));
    await first.whenReady();
    first.dispose();
    await writeFile(indexPath(), damage(await readFile(indexPath())));

    const source = countingSource();
    const second = new SearchIndex(source, indexFileStore(dir));
    await second.whenReady();
    expect(second.report).toEqual({ loaded: false, indexed: 5 });
    expect(await hitsOf(second, '鹬')).toEqual([id]);
    expect(await hitsOf(second, '周明远')).toEqual(['sample-zh-port-trade']);
    second.dispose();
    // And the file written afresh reads back.
    const third = new SearchIndex(countingSource(), indexFileStore(dir));
    await third.whenReady();
    expect(third.report.loaded).toBe(true);
    third.dispose();
  });

  it('stays right through many single saves (segments merged as they pile up)', async () => {
    const index = new SearchIndex(countingSource(), null);
    await index.whenReady();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const id = await addStory(`第${i}号稿件`, `正文第${i}段，关于码头建设。`);
      ids.push(id);
      index.update(id, await countingSource().read(id));
    }
    // Each story saved again: the old text must not be found.
    for (const id of ids.slice(0, 20)) {
      const story = await library.getStory(id);
      await library.saveStory({ id, baseRevision: story.revision, changes: { body: body('改写为机场扩建。') } });
      index.update(id, await countingSource().read(id));
    }
    for (const id of ids.slice(25)) index.update(id, null);
    expect((await index.search('码头建设', 100)).matched).toBe(5);
    expect((await index.search('机场扩建', 100)).matched).toBe(20);
    expect(index.documentCount).toBe(4 + 25);
    index.dispose();
  });

  it('is kept by the search process beside the library, and not for a read-only library', async () => {
    await addStory('湿地观察', '滩涂上有一只鹬。');
    const search = new StorySearch(library, { spawn: nodeSearchSpawner(), persist: true });
    await search.whenReady();
    await search.close();
    expect(existsSync(indexPath())).toBe(true);
    const again = new StorySearch(library, { spawn: nodeSearchSpawner(), persist: true });
    await again.whenReady();
    expect((await again.search('鹬')).hits).toHaveLength(1);
    await again.close();

    const other = await tempDir();
    try {
      const { library: readOnly } = await Library.open(other.dir, { seedFrom: sampleLibrary });
      const search2 = new StorySearch(readOnly, { spawn: nodeSearchSpawner(), persist: false });
      await search2.whenReady();
      await search2.close();
      expect(existsSync(join(other.dir, SEARCH_DIR))).toBe(false);
    } finally {
      await other.cleanup();
    }
  });
});
