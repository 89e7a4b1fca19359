import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { type StoryCounts, type TextCounts, countText, readingMinutes } from '../../../../../shared/text/count';

/**
 * The story's counts (countStory's, shared/text/count) read from the editor's document,
 * paragraph by paragraph: a paragraph's counts are kept with its ProseMirror node, which
 * stays the same object until that paragraph changes, so a recount after a keystroke counts
 * one paragraph and adds up the others. countStory counts the blocks' text joined by line
 * breaks; a line break ends every word, grapheme and mark, so the sum is the same (the
 * unit test holds the two together).
 */

interface Tally {
  counts: TextCounts;
  /** Paragraph-like blocks with text. */
  paragraphs: number;
}

const NOTHING: Tally = { counts: { characters: 0, punctuation: 0, han: 0, words: 0 }, paragraphs: 0 };
const tallies = new WeakMap<ProseMirrorNode, Tally>();

/** A block's text as blockTexts reads it: its text, hard breaks as line breaks, nothing else. */
function inlineText(node: ProseMirrorNode): string {
  let text = '';
  node.forEach((child) => {
    if (child.isText) text += child.text ?? '';
    else if (child.type.name === 'hardBreak') text += '\n';
  });
  return text;
}

function add(a: Tally, b: Tally): Tally {
  return {
    counts: {
      characters: a.counts.characters + b.counts.characters,
      punctuation: a.counts.punctuation + b.counts.punctuation,
      han: a.counts.han + b.counts.han,
      words: a.counts.words + b.counts.words,
    },
    paragraphs: a.paragraphs + b.paragraphs,
  };
}

function tallyOf(node: ProseMirrorNode): Tally {
  const known = tallies.get(node);
  if (known) return known;
  let holdsText = false;
  node.forEach((child) => {
    if (child.isText) holdsText = true;
  });
  let tally = NOTHING;
  if (holdsText) {
    const text = inlineText(node);
    if (text.trim() !== '') tally = { counts: countText(text), paragraphs: 1 };
  } else {
    node.forEach((child) => {
      tally = add(tally, tallyOf(child));
    });
  }
  tallies.set(node, tally);
  return tally;
}

export function countDocument(doc: ProseMirrorNode, language: 'zh-Hans' | 'en'): StoryCounts {
  const { counts, paragraphs } = tallyOf(doc);
  return { ...counts, paragraphs, readingMinutes: readingMinutes(counts, language) };
}
