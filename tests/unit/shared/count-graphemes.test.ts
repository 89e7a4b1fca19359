import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countText } from '../../../shared/text/count';
import { repoRoot } from '../../helpers/temp';

/** The reference: Intl.Segmenter's graphemes, without whitespace. */
const reference = (text: string): number =>
  [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(text)].filter((s) => !/^\s+$/u.test(s.segment))
    .length;

describe('countText agrees with Intl.Segmenter on characters', () => {
  it.each([
    ['the sample pages', null],
    ['emoji sequences', '👨‍👩‍👧‍👦 家庭 👍🏽 🇨🇳🇬🇧 1️⃣ ❤️'],
    ['combining accents', 'café naïve Ångström e\u0301'],
    ['rare CJK and full-width', '𠮷野家 ＡＢＣ１２３　，。“”'],
  ])('%s', async (_name, text) => {
    const samples = join(repoRoot, '..', 'shared', 'samples');
    const source =
      text ??
      (await readFile(join(samples, 'zh-page.txt'), 'utf8')) + (await readFile(join(samples, 'en-page.txt'), 'utf8'));
    expect(countText(source).characters).toBe(reference(source));
  });
});
