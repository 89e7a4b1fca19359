import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodOutput } from '../../../../shared/ipc/contract';
import { dispatch } from '../../../../electron/rpc/dispatch';
import type { Workspace } from '../../../../electron/rpc/workspace';
import { bylinePeople } from '../../../../electron/text/tag-suggestions';
import { repoRoot, sampleLibrary, tempDir } from '../../../helpers/temp';
import { nodeSearchSpawner } from '../../../../electron/search/spawn';
import { createConfSettingsStore } from '../../../../electron/store/settings';
import { Workspace as WorkspaceClass } from '../../../../electron/rpc/workspace';

/**
 * Tag suggestions through the contract (the call the story view makes), on a workspace set up
 * as the hosts set it up, with its search process: there Chinese text is cut with jieba's
 * dictionary, so people, organisations and places come out as whole words.
 */
const samples = join(repoRoot, '..', 'shared', 'samples');

/** A story written the way the news agency writes state news: titles, lists, 等, 第一次 right after names. */
const STATE_NEWS = [
  '国务院总理李强第一次以总理身份出席夏季达沃斯论坛开幕式并致辞。',
  '李强等出席会议。会上,李强强调,要推动高质量发展,以科技创新引领产业升级。',
  '共青团中央要求各地团组织结合青年大学习,组织团员青年深入学习。',
  '复旦大学、上海交通大学和华东师范大学的学生代表参加了活动。',
  '中共中央总书记、国家主席习近平在北京会见了来访的代表团。',
  '浙江省杭州市西湖区人民政府与阿里巴巴集团签署合作协议。',
].join('\n\n');

let dir: string;
let cleanup: () => Promise<void>;
let workspace: Workspace;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('masthead-tags-'));
  workspace = await WorkspaceClass.start({
    settings: createConfSettingsStore(join(dir, 'settings')),
    host: 'web',
    version: '0.0.0-test',
    systemLanguage: 'zh-CN',
    defaultLibraryPath: join(dir, 'library'),
    seedFrom: sampleLibrary,
    assetBaseUrl: '/photos/',
    searchSpawner: nodeSearchSpawner(),
  });
});
afterAll(async () => {
  await workspace.close();
  await cleanup();
});

async function suggest(input: unknown): Promise<MethodOutput<'suggestTags'>> {
  const reply = await dispatch(workspace.handlers(), 'suggestTags', input);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value as MethodOutput<'suggestTags'>;
}

const named = (suggestions: MethodOutput<'suggestTags'>, kind: string): string[] =>
  suggestions.filter((s) => s.kind === kind).map((s) => s.name);

/** Titles and function words that must never be glued to a name. */
const GLUE = /^(记者|通讯员|总书记|书记|市长|总理|主席)|(记者|书记|市长|总理|主席|第|等|的|了|和|在|是|与)$/u;

/** Every suggested name must be a whole word: nothing glued before or after it. */
function expectWholeNames(suggestions: MethodOutput<'suggestTags'>): void {
  for (const s of suggestions.filter((x) => ['person', 'organisation', 'place'].includes(x.kind))) {
    expect(s.name, `${s.kind} ${s.name}`).not.toMatch(GLUE);
    if (s.kind === 'person') expect(s.name, s.name).toMatch(/^\p{Script=Han}{2,4}$/u);
  }
}

describe('tag suggestions for Chinese stories', () => {
  it('are cut in the search process, whose memory takes the dictionary', async () => {
    const search = workspace.storySearch();
    const before = (await search.memory())!.rss;
    const suggestions = await suggest({
      text: '市长周明远昨天主持召开会议。周明远强调,要确保安全。',
      language: 'zh-Hans',
    });
    expect(suggestions).toContainEqual(expect.objectContaining({ kind: 'person', name: '周明远', reason: 'title' }));
    expect(search.pid).toBeGreaterThan(0);
    // jieba's dictionary is tens of megabytes once built.
    expect((await search.memory())!.rss - before).toBeGreaterThan(30 * 1024 * 1024);
  });

  it('keeps people, organisations and places whole in a state news story', async () => {
    const suggestions = await suggest({ text: STATE_NEWS, language: 'zh-Hans', limit: 40 });
    const people = named(suggestions, 'person');
    expect(people).toEqual(expect.arrayContaining(['李强', '习近平']));
    expect(people.filter((p) => p.startsWith('李强'))).toEqual(['李强']);
    const organisations = named(suggestions, 'organisation');
    expect(organisations).toEqual(
      expect.arrayContaining(['国务院', '共青团中央', '复旦大学', '上海交通大学', '华东师范大学', '阿里巴巴集团']),
    );
    // 大学 inside 青年大学习 is not a university.
    expect(organisations.some((o) => o.includes('青年大学') || o.startsWith('结合'))).toBe(false);
    expect(named(suggestions, 'place')).toEqual(expect.arrayContaining(['浙江省', '杭州市', '西湖区']));
    expectWholeNames(suggestions);
  });

  it('finds the people and bodies of a real page, titles split off', async () => {
    const text = await readFile(join(samples, 'zh-page-3.txt'), 'utf8');
    const suggestions = await suggest({ text, language: 'zh-Hans', limit: 60 });
    // 市长周明远 (the segmenter cuts 周|明远: joined), 记者何晓东 and 通讯员王磊 in the dateline.
    expect(named(suggestions, 'person')).toEqual(
      expect.arrayContaining(['周明远', '刘海鸥', '孙嘉禾', '何晓东', '王磊']),
    );
    expect(named(suggestions, 'organisation')).toEqual(
      expect.arrayContaining(['市水务局', '市气象局', '市应急管理局', '市教委', '滨江水务集团有限公司']),
    );
    expect(named(suggestions, 'place')).toEqual(expect.arrayContaining(['滨江', '江北新区']));
    // 周女士 is a way of addressing someone, not a name.
    expect(named(suggestions, 'person')).not.toContain('周女士');
    expectWholeNames(suggestions);
  });

  it('reads a wire story: reporters after a space, rare surnames after titles, bodies cut from a particle', async () => {
    const text = [
      '新华社北京12月5日电(记者王希 刘开雄)外交部发言人毛宁5日表示,中方愿同各方一道努力。',
      '毛宁说,中国人民银行和国家发展改革委将出台新举措。浦东新区区长杭迎伟出席签约仪式。',
      '美国总统拜登当天在白宫会见了来访的代表团。',
    ].join('\n\n');
    const suggestions = await suggest({ text, language: 'zh-Hans', limit: 40 });
    expect(named(suggestions, 'person')).toEqual(expect.arrayContaining(['王希', '刘开雄', '毛宁', '杭迎伟', '拜登']));
    // 在白宫: after a word of place, not a person.
    expect(named(suggestions, 'person')).not.toContain('白宫');
    expect(named(suggestions, 'organisation')).toEqual(
      expect.arrayContaining(['新华社', '外交部', '中国人民银行', '国家发展改革委']),
    );
    expectWholeNames(suggestions);
  });

  it('knows the byline’s people and the library’s tags, as whole words only', async () => {
    const text = '欧阳明珠在社区走访时了解到,结合青年大学习开展的读书会很受欢迎。港务集团也派人参加。';
    const suggestions = await suggest({
      text,
      language: 'zh-Hans',
      byline: '本报记者 欧阳明珠',
    });
    expect(suggestions).toContainEqual(expect.objectContaining({ kind: 'person', name: '欧阳明珠' }));

    // A library tag is suggested where the text names it whole, not inside other words.
    const story = await workspace.handlers().createStory({ language: 'zh-Hans', headline: '港务' });
    await workspace.handlers().saveStory({
      id: story.id,
      baseRevision: story.revision,
      changes: {
        tags: [
          { kind: 'organisation', name: '港务集团' },
          { kind: 'organisation', name: '青年大学' },
        ],
      },
    });
    const withKnown = await suggest({ text, language: 'zh-Hans' });
    expect(withKnown[0]).toMatchObject({ kind: 'organisation', name: '港务集团', reason: 'known' });
    expect(withKnown.map((s) => s.name)).not.toContain('青年大学');
  });
});

describe('tag suggestions for English stories', () => {
  it('finds the people, bodies and places of the English sample page as proper-noun phrases', async () => {
    const text = await readFile(join(samples, 'en-page.txt'), 'utf8');
    const suggestions = await suggest({ text, language: 'en', byline: 'By Maria Alvarez', limit: 40 });
    // Titles capitalised or not (Council President, Council members, library director), and pairs.
    expect(named(suggestions, 'person')).toEqual(
      expect.arrayContaining(['Dana Whitfield', 'Paul Renner', 'Alicia Ng', 'Samuel Ortiz']),
    );
    expect(named(suggestions, 'organisation')).toEqual(
      expect.arrayContaining(['City Council', 'Port Hadley Public Library', 'Hadley Community Foundation']),
    );
    // The dateline's place in capitals (PORT HADLEY —) and places by their endings.
    expect(named(suggestions, 'place')).toEqual(expect.arrayContaining(['Port Hadley', 'Mill Road']));
    for (const person of named(suggestions, 'person')) {
      expect(person).toMatch(/^[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2}$/);
      expect(person).not.toMatch(/^(Council|President|Mayor|Director)\b/);
    }
  });

  it('does not take a body that speaks for a person, nor a title for part of a name', async () => {
    const text =
      'The City Council said on Monday it would review the plan. Mayor Jane Okafor told reporters that spokeswoman Lena Fischer and Tom Reed would meet residents in Elm Park.';
    const suggestions = await suggest({ text, language: 'en' });
    expect(named(suggestions, 'person').sort()).toEqual(['Jane Okafor', 'Lena Fischer', 'Tom Reed']);
    expect(named(suggestions, 'organisation')).toContain('City Council');
    expect(named(suggestions, 'place')).toContain('Elm Park');
  });
});

describe('the suggestTags call', () => {
  it('refuses input that is not a story’s text', async () => {
    const reply = await dispatch(workspace.handlers(), 'suggestTags', { text: 42, language: 'zh-Hans' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('reads the names out of bylines', () => {
    expect(bylinePeople('本报讯(记者 何晓东 通讯员 王磊)')).toEqual(['何晓东', '王磊']);
    expect(bylinePeople('By Maria Alvarez and Tom Reed, Staff Writers')).toEqual(['Maria Alvarez', 'Tom Reed']);
  });
});
