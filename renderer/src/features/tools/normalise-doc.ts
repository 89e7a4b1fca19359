import { closeHistory } from '@tiptap/pm/history';
import type { Node as PmNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import { type PunctuationFix, findPunctuationFixes } from '../../../../shared/text/normalise';
import { OBJECT_CHARACTER, replaceText, textRuns } from './text-runs';

/** A punctuation fix placed in the document, with the text around it for the review list. */
export interface DocFix {
  /** Stable within one review: the list's key and the checkbox's identity. */
  id: string;
  /** Document positions of the text to replace. */
  from: number;
  to: number;
  fix: PunctuationFix;
  before: string;
  after: string;
}

/** How much text the review shows on either side of a change. */
export const CONTEXT_CHARS = 8;

/** Context around [start, end) of a text, cut at the run's ends and shown with ellipses. */
export function contextOf(text: string, start: number, end: number): { before: string; after: string } {
  const from = Math.max(0, start - CONTEXT_CHARS);
  const to = Math.min(text.length, end + CONTEXT_CHARS);
  const clean = (s: string) => s.replaceAll(OBJECT_CHARACTER, ' ');
  return {
    before: (from > 0 ? '…' : '') + clean(text.slice(from, start)),
    after: clean(text.slice(end, to)) + (to < text.length ? '…' : ''),
  };
}

/**
 * The fixes for a whole document, block by block: findPunctuationFixes works on one run of
 * text, and a block's text offsets map onto document positions one to one (see textRuns).
 */
export function findDocFixes(doc: PmNode, language: 'zh-Hans' | 'en' = 'zh-Hans'): DocFix[] {
  const out: DocFix[] = [];
  for (const run of textRuns(doc)) {
    for (const fix of findPunctuationFixes(run.text, language)) {
      // A fix never reaches across a hard break: that is not punctuation inside a sentence.
      if (run.text.slice(fix.start, fix.end).includes(OBJECT_CHARACTER)) continue;
      out.push({
        id: `body:${run.pos + fix.start}`,
        from: run.pos + fix.start,
        to: run.pos + fix.end,
        fix,
        ...contextOf(run.text, fix.start, fix.end),
      });
    }
  }
  return out;
}

/**
 * Applies the chosen fixes in one transaction (one undo step). Each fix keeps the marks of
 * the text it replaces; a fix whose text is no longer there is skipped. Returns how many
 * were applied.
 */
export function applyDocFixes(tr: Transaction, fixes: readonly DocFix[]): number {
  let applied = 0;
  // Last first, so earlier positions need no mapping.
  for (const { from, to, fix } of [...fixes].sort((a, b) => b.from - a.from)) {
    if (tr.doc.textBetween(from, to) !== fix.from) continue;
    replaceText(tr, from, to, fix.to);
    applied++;
  }
  if (applied) closeHistory(tr);
  return applied;
}
