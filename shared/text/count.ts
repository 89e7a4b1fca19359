import type { DocNode, StoryBody } from '../model/story';

export interface TextCounts {
  /** Visible characters: every grapheme that is not whitespace, punctuation included. */
  characters: number;
  /** Punctuation among them (full- and half-width), shown separately. */
  punctuation: number;
  /** Han characters (each one 字). */
  han: number;
  /** Words of alphabetic scripts and numbers; Han text is not split into words. */
  words: number;
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });
const words = new Intl.Segmenter('en', { granularity: 'word' });
const WHITESPACE = /^\s+$/u;
const PUNCTUATION = /^[\p{P}\p{S}]/u;
const HAN = /^\p{Script=Han}/u;
const ALPHANUMERIC = /[\p{L}\p{N}]/u;

/**
 * Counts text the way a Chinese or English desk measures copy. A character outside the
 * Basic Multilingual Plane (CJK Extension B, emoji) counts once: we count graphemes, not
 * UTF-16 code units.
 */
export function countText(text: string): TextCounts {
  let characters = 0;
  let punctuation = 0;
  let han = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (WHITESPACE.test(segment)) continue;
    characters++;
    if (HAN.test(segment)) han++;
    else if (PUNCTUATION.test(segment)) punctuation++;
  }
  let wordCount = 0;
  for (const w of words.segment(text)) {
    if (w.isWordLike && ALPHANUMERIC.test(w.segment) && !HAN.test(w.segment)) wordCount++;
  }
  return { characters, punctuation, han, words: wordCount };
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
