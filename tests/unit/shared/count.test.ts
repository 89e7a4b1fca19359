import { describe, expect, it } from 'vitest';
import { blockTexts, countText } from '../../../shared/text/count';

describe('countText', () => {
  it('counts each Han character once and punctuation separately', () => {
    const c = countText('滨江图书馆今起开放。');
    expect(c.characters).toBe(10);
    expect(c.han).toBe(9);
    expect(c.punctuation).toBe(1);
    expect(c.words).toBe(0);
  });

  it('counts a CJK Extension B character and an emoji once, not as two UTF-16 units', () => {
    const c = countText('𠮷野家👍🏽');
    expect('𠮷野家👍🏽'.length).toBe(8);
    expect(c.characters).toBe(4);
    expect(c.han).toBe(3);
  });

  it('excludes whitespace and counts English words', () => {
    const c = countText('The Harbour Bridge will close,  on 6 weekends.\n');
    expect(c.words).toBe(8);
    expect(c.characters).toBe('TheHarbourBridgewillclose,on6weekends.'.length);
    expect(c.punctuation).toBe(2);
  });

  it('handles mixed Han and Latin text with full-width punctuation', () => {
    const c = countText('记者从 Port Hadley 获悉：增长8%。');
    expect(c.words).toBe(3); // Port, Hadley, 8
    expect(c.han).toBe(7);
    expect(c.punctuation).toBe(2); // ：。 — the per cent sign is a symbol, not a mark
  });

  it('counts GB/T 15834 marks and their ASCII forms as punctuation, never emoji or symbols', () => {
    const c = countText('上海证券交易所𠀀😀 Hello world, 123。');
    expect(c.punctuation).toBe(2);
    expect(c.characters).toBe(8 + 1 + 10 + 1 + 3 + 1);
    expect(countText('★©¥+=%😀👍🏽').punctuation).toBe(0);
    expect(countText('“引号”‘单’（括）【方】《书名》〈篇〉——破折……省略、顿·间～连').punctuation).toBe(19);
    expect(countText('"Hi," she said (twice): \'no!\' - ok? [a]/{b};').punctuation).toBe(17);
  });
});

describe('blockTexts', () => {
  it('returns one string per text block, across lists and quotes', () => {
    const texts = blockTexts({
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: '第一段' },
            { type: 'text', text: '续', marks: [{ type: 'bold' }] },
          ],
        },
        { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: '小标题' }] },
        {
          type: 'bulletList',
          content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: '一项' }] }] }],
        },
        { type: 'paragraph' },
      ],
    });
    expect(texts).toEqual(['第一段续', '小标题', '一项']);
  });
});
