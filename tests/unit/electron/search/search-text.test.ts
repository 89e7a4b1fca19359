import { describe, expect, it } from 'vitest';
import { CompactIndex } from '../../../../electron/search/compact-index';
import {
  type Range,
  TOKEN,
  forEachToken,
  matchRanges,
  parseQuery,
  snippetOf,
} from '../../../../electron/search/search-text';

/**
 * Highlights and snippets, exactly: what the search list shows under each hit. They are cut
 * from the copy as it is (capitals, full-width letters, ligatures, combining accents, line
 * breaks, characters outside the BMP) and must point at the copy's own offsets.
 */

/** The highlighted stretches of a text, as strings. */
const marked = (text: string, ranges: Range[]): string[] => ranges.map(([a, b]) => text.slice(a, b));

function highlights(text: string, query: string): string[] {
  return marked(text, matchRanges(text, parseQuery(query)));
}

function snippet(text: string, query: string): { snippet: string; marks: string[] } {
  const cut = snippetOf(text, parseQuery(query), 40, 10);
  return { snippet: cut.snippet, marks: marked(cut.snippet, cut.matches) };
}

const ZH =
  '据市政府消息，今年上半年，全市经济运行总体平稳。港口吞吐量同比增长，科技企业数量持续增加；新建学校、医院和公园陆续投入使用，市民出行更加便利。记者获悉，城市更新项目加快推进。';
const EN =
  'The council said on Tuesday that work on the Harbour Bridge would begin in September.\nFerries would run every ten minutes while traders on the north bank warned of lost business.';

describe('highlights', () => {
  it('marks every Han pair of the query and every word, at the copy’s own offsets', () => {
    expect(matchRanges(ZH, parseQuery('港口 记者'))).toEqual([
      [24, 26],
      [71, 73],
    ]);
    expect(highlights('港口，港湾，香港。', '港')).toEqual(['港', '港', '港']);
    expect(highlights('长篇𠀀𠀁𠀂的罕见字，𠀀𠀁再现。', '𠀀𠀁')).toEqual(['𠀀𠀁', '𠀀𠀁']);
  });

  it('marks whole words whatever their case or width, the word being typed as a prefix', () => {
    expect(matchRanges(EN, parseQuery('harbour bri'))).toEqual([
      [45, 52],
      [53, 59],
    ]);
    expect(highlights('新一代ＡＩ芯片发布，Ai 与 aI 写法不一。', 'ai')).toEqual(['ＡＩ', 'Ai', 'aI']);
    expect(highlights('Le Cafe\u0301 de la Paix et le café du coin.', 'café')).toEqual(['Cafe\u0301', 'café']);
    expect(highlights('A ﬁne day for the ﬁnal: ﬁnely done.', 'fine ')).toEqual(['ﬁne']);
    expect(highlights('A ﬁne day for the ﬁnal: ﬁnely done.', 'fine')).toEqual(['ﬁne', 'ﬁnely']);
    expect(highlights('A ﬁne day for the ﬁnal: ﬁnely done.', 'fin')).toEqual(['ﬁne', 'ﬁnal', 'ﬁnely']);
  });

  it('takes a very long run of letters 256 at a time, as the index does', () => {
    const text = `${'x'.repeat(300)} and ${'x'.repeat(256)} end`;
    expect(matchRanges(text, parseQuery(`${'x'.repeat(256)} `))).toEqual([
      [0, 256],
      [305, 561],
    ]);
    expect(matchRanges(text, parseQuery(`${'x'.repeat(255)} `))).toEqual([]);
  });
});

describe('snippets', () => {
  it('cuts around the first match in Chinese copy with its full-width punctuation', () => {
    expect(snippet(ZH, '港口 记者')).toEqual({
      snippet: '…港口吞吐量同比增长，科技企业数量持续增加；新建学校、医院和公…',
      marks: ['港口'],
    });
  });

  it('starts an English snippet on a word and keeps the copy’s capitals', () => {
    expect(snippet(EN, 'harbour bri')).toEqual({
      snippet: '…on the Harbour Bridge would begin in…',
      marks: ['Harbour', 'Bridge'],
    });
  });

  it('keeps ligatures, accents and characters outside the BMP whole', () => {
    expect(snippet('A ﬁne day for the ﬁnal: ﬁnely done.', 'fin')).toEqual({
      snippet: 'A ﬁne day for the ﬁnal: ﬁnely done.',
      marks: ['ﬁne', 'ﬁnal', 'ﬁnely'],
    });
    expect(snippet('Le Cafe\u0301 de la Paix et le café du coin.', 'café')).toEqual({
      snippet: '…Cafe\u0301 de la Paix et le café du coin.',
      marks: ['Cafe\u0301', 'café'],
    });
    expect(snippet('长篇𠀀𠀁𠀂的罕见字，𠀀𠀁再现。', '𠀀𠀁').marks).toEqual(['𠀀𠀁', '𠀀𠀁']);
  });

  it('is one line: every line break or tab a space, the offsets unchanged', () => {
    expect(snippet('Line one\r\nLine\ttwo\u2028three', 'two')).toEqual({
      snippet: 'Line one  Line two three',
      marks: ['two'],
    });
  });
});

describe('the compact index between searches', () => {
  const text = (headline: string, body: string) => ({
    headline,
    kicker: '',
    subheadline: '',
    slug: '',
    tags: '',
    byline: '',
    body,
  });
  const stored = { headline: '', kicker: '', section: '', status: 'draft', language: 'en' };

  it('answers a query the same before and after other queries (nothing of one search is left for the next)', () => {
    const index = new CompactIndex();
    index.add('a', text('Harbour bridge opens', 'The ferries run late.'), stored);
    index.add('b', text('Ferries every ten minutes', 'The harbour bridge is closed.'), stored);
    index.add('c', text('Traders warned', 'Ferries and the harbour.'), stored);
    const ranked = (query: string) => {
      const { matches, matched } = index.search(parseQuery(query), 20);
      return { matched, ids: matches.map((m) => index.ids[m.doc]), scores: matches.map((m) => m.score) };
    };
    const first = ranked('harbour');
    // The headline first, then the shorter body.
    expect(first.ids).toEqual(['a', 'c', 'b']);
    expect(ranked('ferries').ids).toEqual(['b', 'a', 'c']);
    expect(ranked('traders harbour')).toMatchObject({ matched: 1, ids: ['c'] });
    expect(ranked('harbour')).toEqual(first);
    index.add('d', text('Harbour news', ''), stored);
    expect(ranked('harbour').ids).toEqual(['d', 'a', 'c', 'b']);
  });
});

describe('tokens', () => {
  // The index and the query are cut by TOKEN; highlights and snippets by forEachToken's table
  // scan. They must cut alike, or a hit would be found and not marked (or the other way round).
  it('highlights cut text into the same tokens as the index does', () => {
    const pieces = [
      '港口',
      '记者获悉',
      '𠀀𠀁',
      'harbour',
      'café',
      'e\u0301',
      '2026',
      'x'.repeat(300),
      '，',
      '。',
      ' ',
      '\n',
      '😀',
      '-',
      'Ⅻ',
      'ﬁ',
      '١٢',
    ];
    let seed = 17;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 500; round++) {
      let text = '';
      const count = 1 + Math.floor(next() * 12);
      for (let i = 0; i < count; i++) text += pieces[Math.floor(next() * pieces.length)];
      const byRegex = [...text.matchAll(TOKEN)].map((m) => [m.index, m.index + m[0].length, m[1] ? 'han' : 'word']);
      const byTable: (number | string)[][] = [];
      forEachToken(
        text,
        (start, end) => byTable.push([start, end, 'han']),
        (start, end) => byTable.push([start, end, 'word']),
      );
      expect(byTable, JSON.stringify(text)).toEqual(byRegex);
    }
  });
});
