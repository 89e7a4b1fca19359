import { describe, expect, it } from 'vitest';
import { importTextPage, summariseImport } from '../../../../shared/import/text-page';
import type { ImportedStory } from '../../../../shared/import/types';

/**
 * Pages in layouts the samples do not have, written the way real dumps come: wire copy with
 * agency datelines and capital bylines, jump lines in every common form, a continuation
 * page, a Chinese page with its head group set line under line and a 新华社 dateline naming
 * two reporters. And inputs no page has: megabytes without a sentence mark, which must still
 * come back whole.
 */

const noSpace = (s: string): string => s.replace(/[\s\u3000]+/gu, '');
const kept = (stories: ImportedStory[]): string =>
  noSpace(stories.flatMap((s) => [...s.parts].sort((a, b) => a.line - b.line).map((p) => p.raw)).join(''));

describe('an English wire page', () => {
  const page = [
    'Storm Forces Evacuations Along Gulf Coast',
    'Thousands flee as hurricane nears landfall',
    '',
    'By JOHN SMITH and MARIA GARCIA',
    'Associated Press',
    '',
    'NEW ORLEANS, La. (AP) — Thousands of residents fled low-lying neighborhoods on Tuesday as the storm strengthened over warm water.',
    '',
    '"We are not taking chances," Mayor Ellen Price said at a briefing.',
    '',
    'See STORM, Page A8',
    '',
    'MARKETS SLIDE ON RATE FEARS',
    '',
    'LONDON (Reuters) - European shares fell on Tuesday as investors weighed the chance of another rate rise.',
    '',
    'The pan-European index closed 1.2 percent lower.',
    '',
    'Continued on Page B2',
    '',
    '',
    '',
    'City Hall Opens Weekend Hours',
    '',
    'SPRINGFIELD, Ill. — City Hall will open on Saturdays from next month, the clerk said.',
    '',
    'Residents can renew permits and pay',
    '',
    'fees without taking time off work.',
    '',
    'Continued from Page A1',
  ].join('\n');
  const { stories } = importTextPage(page);
  const got = stories.map(summariseImport);

  it('finds each story, a jump line never taken for the next headline', () => {
    expect(got.map((s) => s.headline)).toEqual([
      'Storm Forces Evacuations Along Gulf Coast',
      'MARKETS SLIDE ON RATE FEARS',
      'City Hall Opens Weekend Hours',
    ]);
    expect(got.map((s) => s.jump)).toEqual(['See STORM, Page A8', 'Continued on Page B2', 'Continued from Page A1']);
  });

  it('reads wire datelines and a capital byline with two names and the agency', () => {
    expect(got[0]).toMatchObject({
      subheadline: 'Thousands flee as hurricane nears landfall',
      byline: 'JOHN SMITH and MARIA GARCIA, Associated Press',
      dateline: 'NEW ORLEANS, La. (AP)',
    });
    const byline = stories[0]!.parts.find((p) => p.role === 'byline')!;
    expect(byline.contributors?.map((c) => c.name)).toEqual(['JOHN SMITH', 'MARIA GARCIA']);
    expect(byline.contributors?.[0]?.title).toBe('Associated Press');
    expect(got[1]!.dateline).toBe('LONDON (Reuters)');
    expect(got[1]!.body[0]!.text).toBe(
      'European shares fell on Tuesday as investors weighed the chance of another rate rise.',
    );
    expect(got[2]!.dateline).toBe('SPRINGFIELD, Ill.');
  });

  it('rejoins a paragraph cut by a column break and keeps every character', () => {
    expect(got[2]!.body.map((b) => b.text)).toEqual([
      'City Hall will open on Saturdays from next month, the clerk said.',
      'Residents can renew permits and pay fees without taking time off work.',
    ]);
    expect(kept(stories)).toBe(noSpace(page));
  });
});

describe('an English continuation page', () => {
  it('reads the jump head, the "from" line in its forms and the text that begins mid-sentence', () => {
    for (const from of ['From Page A1', 'STORM, from Page A1', 'Continued from A1', '(Continued from Page A1)']) {
      const page = ['STORM', '', from, '', 'officials said the levees would hold through the night.'].join('\n');
      const [story] = importTextPage(page).stories.map(summariseImport);
      expect(story).toMatchObject({ headline: 'STORM', jump: from.replace(/^\(|\)$/g, '') });
      expect(story!.body.map((b) => b.text)).toEqual(['officials said the levees would hold through the night.']);
    }
  });
});

describe('a Chinese page set another way', () => {
  const page = [
    '铁路货运量连续五个月增长',
    '滨江港海铁联运箱量创新高',
    '——上半年完成四十二万标准箱，同比增长近三成',
    '',
    '新华社北京7月22日电（记者 张三 李四）记者从国铁集团获悉，今年上半年全国铁路完成货物发送量十九亿吨，同比增长百分之四。',
    '',
    '【图】7月20日，一列集装箱班列驶出滨江港站。',
    '',
    '国铁集团有关负责人表示，下半年将进一步扩大海铁联运规模（下转第3版）',
    '',
    '老城区改造',
    '',
    '本报记者 林小雨 通讯员 王磊',
    '',
    '本报讯 东岸街道今年启动十二个老旧小区改造项目，涉及居民四千余户。',
    '',
    '改造内容包括屋面防水、管线更新和加装电梯等。',
  ].join('\n');
  const { stories } = importTextPage(page);
  const got = stories.map(summariseImport);

  it('reads the head group set line under line, a 新华社 dateline with two reporters and a jump at a paragraph end', () => {
    expect(got).toHaveLength(2);
    expect(got[0]).toMatchObject({
      kicker: '铁路货运量连续五个月增长',
      headline: '滨江港海铁联运箱量创新高',
      subheadline: '上半年完成四十二万标准箱，同比增长近三成',
      dateline: '新华社北京7月22日电',
      byline: '张三 李四',
      jump: '下转第3版',
    });
    expect(got[0]!.body.map((b) => b.text)).toEqual([
      '记者从国铁集团获悉，今年上半年全国铁路完成货物发送量十九亿吨，同比增长百分之四。',
      '【图】7月20日，一列集装箱班列驶出滨江港站。',
      '国铁集团有关负责人表示，下半年将进一步扩大海铁联运规模',
    ]);
    const byline = stories[0]!.parts.find((p) => p.role === 'byline')!;
    expect(byline.contributors).toEqual([
      { name: '张三', role: '记者' },
      { name: '李四', role: '记者' },
    ]);
  });

  it('starts the next story after the jump line and one blank line, with the byline under its head', () => {
    expect(got[1]).toMatchObject({
      headline: '老城区改造',
      byline: '林小雨 通讯员 王磊',
      dateline: '本报讯',
    });
    const byline = stories[1]!.parts.find((p) => p.role === 'byline')!;
    expect(byline.contributors).toEqual([
      { name: '林小雨', role: '本报记者' },
      { name: '王磊', role: '通讯员' },
    ]);
    expect(kept(stories)).toBe(noSpace(page));
  });
});

describe('text with no sentence marks at all, megabytes of it', () => {
  const phrase = '滨江市召开数字经济发展推进会部署下半年重点任务加快建设长江口国际数据港';
  const body = phrase.repeat(Math.ceil(2_000_000 / phrase.length)).slice(0, 2_000_000);

  it('comes back whole as one line', () => {
    const { stories } = importTextPage(body);
    expect(stories).toHaveLength(1);
    expect(kept(stories)).toBe(body);
  });

  it('comes back whole in column lines, with or without blank lines between them', () => {
    for (const separator of ['\n', '\n\n', '\n\n\n']) {
      const text = body.replace(/(.{13})/gu, `$1${separator}`);
      const { stories } = importTextPage(text);
      expect(kept(stories)).toBe(body);
      expect(stories.length).toBeGreaterThan(0);
    }
  });

  it('comes back whole in English words', () => {
    const words = 'the council voted to rebuild the harbor bridge after months of debate ';
    const text = words.repeat(Math.ceil(2_000_000 / words.length));
    const { stories } = importTextPage(text);
    expect(kept(stories)).toBe(noSpace(text));
  });
});
