import type { DocNode, StoryBody } from '../model/story';

export interface TextCounts {
  /** Visible characters: every grapheme that is not whitespace, punctuation included. */
  characters: number;
  /** Punctuation marks among them (GB/T 15834, full- and half-width), shown separately; symbols and emoji are not. */
  punctuation: number;
  /** Han characters (each one 字). */
  han: number;
  /** Words of alphabetic scripts and numbers; Han text is not split into words. */
  words: number;
}

/**
 * Punctuation as GB/T 15834-2011 defines it (点号 and 标号) with the ASCII and half-/full-width
 * forms a desk types for them. Symbols (%, ¥, +, ©, ★) and emoji are characters, not
 * punctuation: counting \p{S} as punctuation made a story with an emoji read one mark too many.
 */
const PUNCTUATION_MARKS = new Set(
  Array.from(
    // 点号: full stop, question, exclamation, comma, enumeration comma, semicolon, colon.
    '。？！，、；：．｡､﹒﹖﹗﹐﹑﹔﹕' +
      // 标号: quotes, brackets, dashes, ellipsis, emphasis/interpunct, connectors, title marks, slashes.
      '“”‘’「」『』＂＇〝〞（）〔〕【】〖〗［］｛｝《》〈〉︿﹀—–―‒…⋯·•‧・～〜﹏／' +
      // The ASCII forms of the same marks.
      '.?!,;:"\'()[]{}-/~' +
      // Inverted marks and guillemets that foreign names and quotes bring into English copy.
      '¡¿«»‹›',
  ),
);
const WHITESPACE = /\s/u;
/** Words of alphabetic scripts and numbers, with inner apostrophes, dots, commas or hyphens (don't, 1,260, 7-2). */
const WORD_CHAR = /^(?!\p{Script=Han})[\p{L}\p{N}]$/u;
const WORD_JOINERS = "'’.,-";

/**
 * Counts words as /(?:W)+(?:['’.,-](?:W)+)*\/u would (W: a non-Han letter or digit), by
 * scanning: the regex overflows V8's stack on one unbroken run of a few million characters
 * (a pasted blob, "1,2,3,…"), which made saving such a story fail.
 */
function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  let afterJoiner = false;
  for (const ch of text) {
    if (WORD_CHAR.test(ch)) {
      if (!inWord && !afterJoiner) words++;
      inWord = true;
      afterJoiner = false;
    } else if (inWord && WORD_JOINERS.includes(ch)) {
      inWord = false;
      afterJoiner = true;
    } else {
      inWord = false;
      afterJoiner = false;
    }
  }
  return words;
}

const isHan = (cp: number): boolean =>
  (cp >= 0x4e00 && cp <= 0x9fff) ||
  (cp >= 0x3400 && cp <= 0x4dbf) ||
  (cp >= 0x20000 && cp <= 0x3ffff) ||
  (cp >= 0xf900 && cp <= 0xfaff) ||
  (cp >= 0x2e80 && cp <= 0x2fdf) ||
  cp === 0x3007;

/** Code points that belong to the grapheme before them: marks, joiners, selectors, modifiers, tags. */
const extendsPrevious = (cp: number, ch: string): boolean =>
  (cp >= 0xfe00 && cp <= 0xfe0f) ||
  (cp >= 0xe0100 && cp <= 0xe01ef) ||
  (cp >= 0x1f3fb && cp <= 0x1f3ff) ||
  (cp >= 0xe0020 && cp <= 0xe007f) ||
  cp === 0x200d ||
  cp === 0x20e3 ||
  (cp >= 0x300 && cp < 0x2000 ? /\p{M}/u.test(ch) : cp >= 0x2000 && /\p{M}/u.test(ch));

/**
 * Counts text the way a Chinese or English desk measures copy. A character outside the
 * Basic Multilingual Plane (CJK Extension B, emoji) counts once, and so does an emoji
 * sequence or a letter with combining accents: we count user-perceived characters
 * (graphemes), not UTF-16 code units. One pass over the code points, no Intl.Segmenter:
 * segmenting 30,000 characters with ICU takes about 200 ms, far too slow for a count
 * that follows typing.
 */
export function countText(text: string): TextCounts {
  let characters = 0;
  let punctuation = 0;
  let han = 0;
  let joinNext = false;
  let regionalPending = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (joinNext) {
      joinNext = false;
      continue;
    }
    if (extendsPrevious(cp, ch)) {
      if (cp === 0x200d) joinNext = true;
      continue;
    }
    if (cp >= 0x1f1e6 && cp <= 0x1f1ff) {
      // Two regional indicators make one flag.
      regionalPending = !regionalPending;
      if (!regionalPending) continue;
    } else regionalPending = false;
    if (cp <= 0x20 || (cp < 0x3000 ? WHITESPACE.test(ch) : cp === 0x3000)) continue;
    characters++;
    if (isHan(cp)) han++;
    else if (PUNCTUATION_MARKS.has(ch)) punctuation++;
  }
  return { characters, punctuation, han, words: countWords(text) };
}

/** Block-level text of a TipTap document: one string per paragraph-like block. */
export function blockTexts(body: StoryBody): string[] {
  const out: string[] = [];
  const walk = (node: DocNode): void => {
    if (node.content?.some((c) => c.type === 'text')) {
      out.push(node.content.map(inlineText).join(''));
      return;
    }
    node.content?.forEach(walk);
  };
  body.content?.forEach(walk);
  return out;
}

const inlineText = (node: DocNode): string =>
  node.type === 'text' ? (node.text ?? '') : node.type === 'hardBreak' ? '\n' : '';

export const bodyText = (body: StoryBody): string => blockTexts(body).join('\n');

export interface StoryCounts extends TextCounts {
  /** Paragraph-like blocks with text: paragraphs, cross-heads, pull quotes, list items. */
  paragraphs: number;
  /** Minutes to read: Chinese at about 400 characters a minute, English at about 230 words. */
  readingMinutes: number;
}

export const READING_RATE = { 'zh-Hans': 400, en: 230 } as const;

/** Reading time of a text, by the measure that fits its language. */
export function readingMinutes(counts: TextCounts, language: 'zh-Hans' | 'en'): number {
  // Mixed copy: Han characters read at the Chinese rate, words at the English rate.
  const minutes =
    language === 'zh-Hans'
      ? counts.characters / READING_RATE['zh-Hans']
      : counts.words / READING_RATE.en + counts.han / READING_RATE['zh-Hans'];
  return Math.round(minutes * 10) / 10;
}

/** Counts for a whole story body; for a selection, use countText on the selected text. */
export function countStory(body: StoryBody, language: 'zh-Hans' | 'en'): StoryCounts {
  const blocks = blockTexts(body).filter((t) => t.trim() !== '');
  const counts = countText(blocks.join('\n'));
  return { ...counts, paragraphs: blocks.length, readingMinutes: readingMinutes(counts, language) };
}
