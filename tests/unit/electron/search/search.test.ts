import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SearchHit } from '../../../../shared/ipc/contract';
import type { StoryBody } from '../../../../shared/model';
import { dispatch } from '../../../../electron/rpc/dispatch';
import { Library } from '../../../../electron/store/library';
import { type SearchSpawner, StorySearch } from '../../../../electron/search/search';
import { nodeSearchSpawner } from '../../../../electron/search/spawn';
import { parseQuery, snippetOf } from '../../../../electron/search/search-text';
import { createConfSettingsStore } from '../../../../electron/store/settings';
import { Workspace } from '../../../../electron/rpc/workspace';
import { sampleLibrary, tempDir } from '../../../helpers/temp';

let dir: string;
let cleanup: () => Promise<void>;
let library: Library;
let search: StorySearch;

const body = (...paragraphs: string[]): StoryBody => ({
  type: 'doc',
  content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
});

async function addStory(
  headline: string,
  paragraphs: string[],
  extra: { language?: 'zh-Hans' | 'en'; kicker?: string } = {},
): Promise<string> {
  const created = await library.createStory({ language: extra.language ?? 'zh-Hans', headline });
  const saved = await library.saveStory({
    id: created.id,
    baseRevision: created.revision,
    changes: { body: body(...paragraphs), kicker: extra.kicker ?? '' },
  });
  return saved.id;
}

const ids = (hits: SearchHit[]): string[] => hits.map((h) => h.id);
/** The highlighted stretches of a text, as strings. */
const marked = (text: string, ranges: [number, number][]): string[] => ranges.map(([a, b]) => text.slice(a, b));

/**
 * Every behaviour holds both where the app keeps the index (its own process, which reads the
 * story files itself and hears of changes by id) and in the caller's process (the CLI).
 */
const WHERE: [string, SearchSpawner | undefined][] = [
  ['in its own process', nodeSearchSpawner()],
  ['in this process', undefined],
];

describe.each(WHERE)('search %s', (_where, spawn) => {
  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    ({ library } = await Library.open(dir, { seedFrom: sampleLibrary }));
    search = new StorySearch(library, { spawn });
  });
  afterEach(async () => {
    await search.close();
    await cleanup();
  });

  describe('one-character queries', () => {
    it('find a character inside a run and at the end of one', async () => {
      const inside = await addStory('港口新闻', ['码头鹬鸟成群栖息。']);
      const atEnd = await addStory('湿地观察', ['滩涂上有一只鹬。']);
      const without = await addStory('其他新闻', ['今天天气晴朗。']);
      const { hits } = await search.search('鹬');
      expect(ids(hits)).toEqual(expect.arrayContaining([inside, atEnd]));
      expect(ids(hits)).not.toContain(without);
    });
  });

  describe('story search in Chinese', () => {
    let huang: string;
    let decoy: string;
    let exchange: string;
    beforeEach(async () => {
      huang = await addStory('证券市场改革座谈会召开', [
        '本报讯 座谈会上，中国证监会原主席黄红元就资本市场改革发表意见。',
        '与会专家认为，制度建设仍需加强。',
      ]);
      // Every character of the name and of 数据, but never side by side.
      decoy = await addStory('黄河沿岸红色旅游升温', ['景区负责人说，元旦期间游客数量创新高，依据测算收入增长两成。']);
      exchange = await addStory('上海数据交易所揭牌', ['数据交易所首批挂牌数据产品二十个。']);
      await search.whenReady();
    });

    it('finds a name the word segmenter would split into single characters, and only that story', async () => {
      const result = await search.search('黄红元');
      expect(ids(result.hits)).toEqual([huang]);
      const [hit] = result.hits;
      expect(marked(hit!.snippet, hit!.snippetMatches)).toEqual(['黄红元']);
    });

    it('finds a name by part of it', async () => {
      expect(ids((await search.search('红元')).hits)).toEqual([huang]);
    });

    it('finds a two-character word, not the stories that merely hold both characters', async () => {
      const result = await search.search('数据');
      expect(ids(result.hits)).toEqual([exchange]);
      expect(ids(result.hits)).not.toContain(decoy);
    });

    it('asks for every pair of a longer query, so a long word does not match its first character', async () => {
      const onlyData = await addStory('数据中心建成', ['全市数据中心机架超过一万个。']);
      const result = await search.search('数据交易所');
      expect(ids(result.hits)).toEqual([exchange]);
      expect(ids(result.hits)).not.toContain(onlyData);
    });

    it('highlights the matched text in the headline', async () => {
      const [hit] = (await search.search('数据交易所')).hits;
      expect(hit!.headline).toBe('上海数据交易所揭牌');
      expect(marked(hit!.headline, hit!.headlineMatches)).toEqual(['数据交易所']);
      expect(marked(hit!.snippet, hit!.snippetMatches)).toContain('数据交易所');
    });

    it('finds the sample library by its reporters and organisations', async () => {
      expect(ids((await search.search('周明远')).hits)).toEqual(['sample-zh-port-trade']);
      const wang = (await search.search('王建国')).hits;
      expect(ids(wang)).toEqual(['sample-zh-riverside-library']);
      expect(marked(wang[0]!.snippet, wang[0]!.snippetMatches)).toEqual(['王建国']);
    });
  });

  describe('story search in English', () => {
    beforeEach(() => search.whenReady());

    it('finds a story by a word, whatever its case', async () => {
      const result = await search.search('Ferries');
      expect(ids(result.hits)).toEqual(['sample-en-harbour-bridge']);
      const [hit] = result.hits;
      expect(marked(hit!.snippet, hit!.snippetMatches)).toEqual(['Ferries']);
    });

    it('finds a story by the word being typed, letter by letter', async () => {
      for (const typed of ['ha', 'harb', 'harbour', 'harbour b', 'harbour br', 'harbour bridge']) {
        const result = await search.search(typed);
        expect(ids(result.hits), typed).toContain('sample-en-harbour-bridge');
      }
      const [hit] = (await search.search('harb')).hits;
      expect(marked(hit!.headline, hit!.headlineMatches)).toEqual(['Harbour']);
      // A finished word (followed by a space) is a word, not a prefix.
      expect((await search.search('harb ')).hits).toEqual([]);
    });

    it('needs every word of the query', async () => {
      expect(ids((await search.search('free lunches')).hits)).toEqual(['sample-en-school-meals']);
      expect((await search.search('free bridge')).hits).toEqual([]);
    });

    it('matches full-width letters typed with a Chinese input method, and in the copy', async () => {
      expect(ids((await search.search('ＦＥＲＲＩＥＳ')).hits)).toEqual(['sample-en-harbour-bridge']);
      const ai = await addStory('人工智能大会开幕', ['大会发布多款ＡＩ产品。']);
      const [hit] = (await search.search('ai')).hits;
      expect(hit!.id).toBe(ai);
      expect(marked(hit!.snippet, hit!.snippetMatches)).toEqual(['ＡＩ']);
    });
  });

  describe('ranking', () => {
    it('ranks a story with the words in its headline above stories with them in the body', async () => {
      // The sample port story has 港务 twice in its body and in a tag.
      const inHeadline = await addStory('港务码头开放日', ['市民可登船参观，体验自动化作业。']);
      const inBody = await addStory('海铁联运箱量创新高', ['港务部门表示，港务服务持续优化，港务效率提升。']);
      await search.whenReady();
      const result = await search.search('港务');
      expect(result.hits[0]!.id).toBe(inHeadline);
      expect(ids(result.hits)).toEqual(expect.arrayContaining([inBody, 'sample-zh-port-trade']));

      const english = await addStory('Ferries return', ['The service resumes on Monday.'], { language: 'en' });
      const hits = (await search.search('ferries')).hits;
      expect(ids(hits)).toEqual([english, 'sample-en-harbour-bridge']);
      expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    });
  });

  describe('following the library', () => {
    it('finds a saved story at once and a trashed one no longer', async () => {
      await search.whenReady();
      const id = await addStory('新闻发布会', ['发言人介绍了防汛抗旱工作进展。']);
      expect(ids((await search.search('防汛抗旱')).hits)).toEqual([id]);

      const story = await library.getStory(id);
      await library.saveStory({ id, baseRevision: story.revision, changes: { body: body('改为介绍森林防火工作。') } });
      expect((await search.search('防汛抗旱')).hits).toEqual([]);
      expect(ids((await search.search('森林防火')).hits)).toEqual([id]);

      await library.trashStory(id);
      expect((await search.search('森林防火')).hits).toEqual([]);
      await library.restoreStory(id);
      expect(ids((await search.search('森林防火')).hits)).toEqual([id]);
    });

    it('answers while the index is being built, and says how far it is', async () => {
      for (let i = 0; i < 40; i++) await addStory(`第${i}号稿件`, [`测试正文${i}。`]);
      const fresh = new StorySearch(library, { spawn });
      try {
        const early = await fresh.search('稿件');
        expect(early.total).toBe(44);
        expect(early.indexed).toBeLessThan(early.total);
        expect(early.hits.length).toBeLessThanOrEqual(early.indexed);
        await fresh.whenReady();
        const late = await fresh.search('稿件', { limit: 100 });
        expect(late.indexed).toBe(44);
        expect(late.hits).toHaveLength(40);
      } finally {
        await fresh.close();
      }
    });

    it('reports nothing for an empty query or punctuation', async () => {
      await search.whenReady();
      for (const query of ['', '   ', '，。！', '--']) {
        const result = await search.search(query);
        expect(result.hits, JSON.stringify(query)).toEqual([]);
        expect(result.total).toBe(4);
      }
    });
  });
});

describe('snippets', () => {
  it('cuts about a line around the first match, on whole graphemes', () => {
    const text = `${'前文𠀀👨‍👩‍👧'.repeat(30)}关键人物黄红元出席。${'后文𠀁🇨🇳'.repeat(30)}`;
    const { snippet, matches } = snippetOf(text, parseQuery('黄红元'));
    expect(marked(snippet, matches)).toEqual(['黄红元']);
    expect(snippet.startsWith('…') && snippet.endsWith('…')).toBe(true);
    const graphemes = [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(snippet)];
    expect(graphemes.length).toBeLessThanOrEqual(92);
    // No half of a surrogate pair and no broken family emoji at either end.
    expect(snippet).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u);
    expect(text).toContain(snippet.slice(1, -1));
  });

  it('does not cut an English word in half', () => {
    const text = `${'Lorem ipsum dolor sit amet consectetur. '.repeat(5)}The harbour ferries run late. ${'Sed do eiusmod tempor incididunt. '.repeat(5)}`;
    const { snippet, matches } = snippetOf(text, parseQuery('ferries'));
    expect(marked(snippet, matches)).toEqual(['ferries']);
    const inner = snippet.replace(/^…|…$/gu, '');
    expect(text).toMatch(new RegExp(`(^|\\s)${inner.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}(\\s|$)`, 'u'));
  });
});

describe('search through the workspace', () => {
  it('answers the contract and searches the library the workspace has open', async () => {
    const next = join(dir, 'second');
    const workspace = await Workspace.start({
      settings: createConfSettingsStore(join(dir, 'settings')),
      host: 'web',
      version: '0.0.0-test',
      systemLanguage: 'zh-CN',
      defaultLibraryPath: join(dir, 'first'),
      seedFrom: sampleLibrary,
      assetBaseUrl: '/assets/',
      chooseFolder: async () => next,
      searchSpawner: nodeSearchSpawner(),
    });
    const handlers = workspace.handlers();
    /** Searches once the background build is done, as the search box does by asking again. */
    const settled = async (query: string) => {
      for (;;) {
        const reply = await dispatch(handlers, 'searchStories', { query });
        if (!reply.ok) return reply;
        const value = reply.value as { indexed: number; total: number };
        if (value.indexed === value.total) return reply;
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const first = await workspace.current.createStory({ language: 'zh-Hans', headline: '第一个稿库独有的稿件' });
    expect(await settled('独有')).toMatchObject({
      ok: true,
      value: { total: 5, hits: [{ id: first.id, headline: '第一个稿库独有的稿件', section: '', status: 'draft' }] },
    });

    await dispatch(handlers, 'chooseLibraryFolder', undefined);
    expect(workspace.current.root).toBe(next);
    expect(await settled('独有')).toMatchObject({ ok: true, value: { total: 4, hits: [] } });
    expect(await settled('周明远')).toMatchObject({ ok: true, value: { hits: [{ id: 'sample-zh-port-trade' }] } });
    await workspace.close();
  });
});
