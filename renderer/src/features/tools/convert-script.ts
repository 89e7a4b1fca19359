import { closeHistory } from '@tiptap/pm/history';
import type { Node as PmNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import { diffChars } from 'diff';
import { OBJECT_CHARACTER, replaceText, textRuns } from './text-runs';

/**
 * Simplified ↔ traditional conversion with OpenCC. Its dictionaries are over a megabyte, so
 * they are loaded on first use, never with the app.
 */

/** Where the text goes: traditional as in Taiwan (with or without its vocabulary), Hong Kong, or simplified. */
export const SCRIPT_TARGETS = ['tw', 'twp', 'hk', 'cn'] as const;
export type ScriptTarget = (typeof SCRIPT_TARGETS)[number];

export type Convert = (text: string) => string;

const converters = new Map<ScriptTarget, Promise<Convert>>();

export function loadConverter(target: ScriptTarget): Promise<Convert> {
  let converter = converters.get(target);
  if (!converter) {
    // Each direction has its own, smaller build: simplified → traditional does not load t2cn.
    converter =
      target === 'cn'
        ? import('opencc-js/t2cn').then((m) => m.Converter({ from: 't', to: 'cn' }))
        : import('opencc-js/cn2t').then((m) => m.Converter({ from: 'cn', to: target }));
    // A failed load may be retried.
    converter.catch(() => converters.delete(target));
    converters.set(target, converter);
  }
  return converter;
}

/** One replacement in a run of text: [start, end) of the old text becomes `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * The smallest edits that turn `before` into `after`, so unchanged characters (and the
 * marks on them) stay as they are. Character conversion keeps the length, and then a
 * character-by-character comparison is exact; phrase conversion (U盘 → 隨身碟) may not.
 */
export function textEdits(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  const edits: TextEdit[] = [];
  if (before.length === after.length) {
    for (let i = 0; i < before.length; i++) {
      if (before[i] === after[i]) continue;
      const last = edits[edits.length - 1];
      if (last && last.end === i) {
        last.end = i + 1;
        last.text += after[i];
      } else edits.push({ start: i, end: i + 1, text: after[i]! });
    }
    return edits;
  }
  let offset = 0;
  for (const part of diffChars(before, after)) {
    const last = edits[edits.length - 1];
    if (part.added) {
      if (last && last.end === offset) last.text += part.value;
      else edits.push({ start: offset, end: offset, text: part.value });
    } else if (part.removed) {
      if (last && last.end === offset) last.end += part.value.length;
      else edits.push({ start: offset, end: offset + part.value.length, text: '' });
      offset += part.value.length;
    } else offset += part.value.length;
  }
  return edits;
}

/** Characters an edit changes, counted as the reader sees them (one per code point). */
export const changedCharacters = (before: string, edits: readonly TextEdit[]): number =>
  edits.reduce((sum, e) => sum + Math.max([...before.slice(e.start, e.end)].length, [...e.text].length), 0);

export interface DocConversion {
  /** Document edits, in document order. */
  edits: { from: number; to: number; text: string }[];
  /** Photos whose caption or credit changes: the node's position and its converted attributes. */
  captions: { pos: number; caption: string; credit: string }[];
  changed: number;
  /** The first block that changes, before and after, for the preview. */
  sample: { before: string; after: string } | null;
}

export function planDocConversion(doc: PmNode, convert: Convert): DocConversion {
  const edits: DocConversion['edits'] = [];
  const captions: DocConversion['captions'] = [];
  let changed = 0;
  let sample: DocConversion['sample'] = null;
  doc.descendants((node, pos) => {
    if (node.type.name !== 'photoFigure') return true;
    const caption = String(node.attrs.caption ?? '');
    const credit = String(node.attrs.credit ?? '');
    const next = { caption: convert(caption), credit: convert(credit) };
    if (next.caption !== caption || next.credit !== credit) {
      changed += changedCharacters(caption, textEdits(caption, next.caption));
      changed += changedCharacters(credit, textEdits(credit, next.credit));
      captions.push({ pos, ...next });
    }
    return false;
  });
  for (const run of textRuns(doc)) {
    // Converted between hard breaks, so no edit can swallow one.
    let start = 0;
    for (const segment of run.text.split(OBJECT_CHARACTER)) {
      const converted = segment ? convert(segment) : segment;
      if (converted !== segment) {
        const segmentEdits = textEdits(segment, converted);
        changed += changedCharacters(segment, segmentEdits);
        sample ??= { before: segment, after: converted };
        for (const e of segmentEdits) {
          edits.push({ from: run.pos + start + e.start, to: run.pos + start + e.end, text: e.text });
        }
      }
      start += segment.length + 1;
    }
  }
  return { edits, captions, changed, sample };
}

/** Applies a planned conversion in one transaction (one undo step). */
export function applyDocConversion(tr: Transaction, plan: DocConversion): void {
  // Captions first: attribute changes move no position, and the text edits after them are planned on the same doc.
  for (const { pos, caption, credit } of plan.captions) {
    const node = tr.doc.nodeAt(pos);
    if (node?.type.name === 'photoFigure') tr.setNodeMarkup(pos, undefined, { ...node.attrs, caption, credit });
  }
  for (let i = plan.edits.length - 1; i >= 0; i--) {
    const e = plan.edits[i]!;
    replaceText(tr, e.from, e.to, e.text);
  }
  if (tr.docChanged) closeHistory(tr);
}
