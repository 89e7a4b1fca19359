import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countStory, readingMinutes, countText } from '../../../shared/text/count';
import { applyFixes, findPunctuationFixes } from '../../../shared/text/normalise';
import { analysedText, suggestTags } from '../../../shared/text/suggest-tags';
import { segmentWords } from '../../../electron/text/word-segmenter';
import { repoRoot } from '../../helpers/temp';

const samples = join(repoRoot, '..', 'shared', 'samples');

describe('countStory', () => {
  it('counts paragraphs and reading time: 400 字 or 230 words a minute', () => {
    const body = {
      type: 'doc' as const,
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: '滨'.repeat(600) }] },
        { type: 'crossHead', content: [{ type: 'text', text: '小标题' }] },
        { type: 'paragraph', content: [{ type: 'text', text: '江'.repeat(197) }] },
        { type: 'paragraph' },
      ],
    };
    const counts = countStory(body, 'zh-Hans');
    expect(counts).toMatchObject({ characters: 800, han: 800, paragraphs: 3, readingMinutes: 2 });
    const en = countText(Array.from({ length: 460 }, () => 'word').join(' '));
    expect(readingMinutes(en, 'en')).toBe(2);
  });
});

describe('findPunctuationFixes', () => {
  it('turns half-width marks in Chinese into full-width and straight quotes into curly ones', () => {
    const text = '记者从港务集团获悉,今年上半年(1至6月)吞吐量达到1,260万标准箱!他说:"增长明显."';
    const fixed = applyFixes(text, findPunctuationFixes(text));
    expect(fixed).toBe('记者从港务集团获悉，今年上半年（1至6月）吞吐量达到1,260万标准箱！他说：“增长明显。”');
  });

  it('turns full-width letters and digits into half-width', () => {
    expect(applyFixes('ＧＤＰ增长５％', findPunctuationFixes('ＧＤＰ增长５％'))).toBe('GDP增长5％');
  });

  it('leaves English sentences, decimals, times and thousands alone', () => {
    const english = 'The bridge, he said, will close at 10:30 (for 6.5 hours). "Fine," she said.';
    expect(findPunctuationFixes(english)).toEqual([]);
    expect(findPunctuationFixes('时间为10:30，增长3.5%')).toEqual([]);
  });

  it('reports each change with its position, so the editor can review them one by one', () => {
    const fixes = findPunctuationFixes('开放了,欢迎');
    expect(fixes).toEqual([{ start: 3, end: 4, from: ',', to: '，', rule: 'full-width-punctuation' }]);
    expect(applyFixes('开放了,欢迎', [])).toBe('开放了,欢迎');
  });

  it('fixes a half-width comma after a closing quote in Chinese copy', () => {
    const text = '他说：“这是好消息”,然后走了。“好”,“坏”,他说';
    expect(applyFixes(text, findPunctuationFixes(text))).toBe('他说：“这是好消息”，然后走了。“好”，“坏”，他说');
    // English after a curly quote stays English.
    expect(findPunctuationFixes('“Hi”, she said, “fine”.')).toEqual([]);
  });

  it('gives English copy curly quotes, apostrophes, em dashes and ellipses', () => {
    const text = `"Don't," she said -- 'twice'... (and "again")`;
    expect(applyFixes(text, findPunctuationFixes(text, 'en'))).toBe('“Don’t,” she said — ‘twice’… (and “again”)');
    expect(findPunctuationFixes('“Already” in order — fine…', 'en')).toEqual([]);
    expect(findPunctuationFixes('a--b', 'en')).toEqual([{ start: 1, end: 3, from: '--', to: '—', rule: 'dash' }]);
  });
});

describe('suggestTags', () => {
  it('finds people after titles and organisations by their endings in the Chinese sample page', async () => {
    const text = await readFile(join(samples, 'zh-page.txt'), 'utf8');
    const words = await segmentWords(analysedText(text));
    const names = suggestTags(text, 'zh-Hans', { words, limit: 40 }).map((s) => `${s.kind}:${s.name}`);
    expect(names).toContain('person:陈立新');
    expect(names).toContain('person:周明远');
    expect(names).toContain('organisation:滨江数据交易所');
    expect(names).toContain('organisation:江澜智能装备股份有限公司');
    // No verb taken for a name, no phrase taken for an organisation.
    expect(names.filter((n) => n.startsWith('person:')).sort()).toEqual(
      ['person:刘海鸥', 'person:周明远', 'person:孙嘉禾', 'person:李晓梅', 'person:赵一鸣', 'person:陈立新'].sort(),
    );
  });

  it('guesses no Chinese names without a segmenter’s words: characters alone glue names to the next one', () => {
    expect(suggestTags('国务院总理李强第一次出席。李强等出席会议。', 'zh-Hans')).toEqual([]);
  });

  it('finds names and organisations in English, and leaves out tags the story has', () => {
    const text =
      'Mayor Jane Okafor said the Harbour Authority would pay. Traders told Jane Okafor that the City Council had not listened.';
    const suggestions = suggestTags(text, 'en', { existing: [{ kind: 'organisation', name: 'City Council' }] });
    const names = suggestions.map((s) => `${s.kind}:${s.name}`);
    expect(names).toContain('person:Jane Okafor');
    expect(names).toContain('organisation:Harbour Authority');
    expect(names).not.toContain('organisation:City Council');
  });

  it('prefers the library’s existing tags, with their kind', async () => {
    const text = '港务集团上半年吞吐量增长';
    const suggestions = suggestTags(text, 'zh-Hans', {
      words: await segmentWords(text),
      known: [{ kind: 'organisation', name: '港务集团', count: 4 }],
    });
    expect(suggestions[0]).toMatchObject({ kind: 'organisation', name: '港务集团', reason: 'known' });
  });
});
