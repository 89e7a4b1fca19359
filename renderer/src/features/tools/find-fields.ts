import type { Editor } from '@tiptap/core';
import { closeHistory } from '@tiptap/pm/history';
import type { Node as PmNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import { type FindQuery, findState, queryPattern, setFindQuery } from './find-replace';
import { replaceText } from './text-runs';
import { type HeadlineFields, TEXT_FIELDS, type TextField } from './headline-fields';

/** Where find and replace looks outside the body's text: the story's fields, and photo captions. */
export type FindPlace = 'body' | TextField | 'captions';

/** The photo attributes that hold text a desk edits: the caption (图片说明) and the credit. */
const CAPTION_ATTRS = ['caption', 'credit'] as const;

export function countInText(text: string, query: FindQuery | null): number {
  const pattern = query && queryPattern(query);
  if (!pattern || !text) return 0;
  let count = 0;
  for (const m of text.matchAll(pattern)) if (m[0].length) count++;
  return count;
}

export function replaceInText(text: string, query: FindQuery, replacement: string): string {
  const pattern = queryPattern(query);
  if (!pattern) return text;
  // A function, so "$&" or "$1" typed as the replacement is taken literally.
  return text.replace(pattern, () => replacement);
}

/** Matches in the captions and credits of the body's photos. */
export function countInCaptions(doc: PmNode, query: FindQuery | null): number {
  let count = 0;
  doc.descendants((node) => {
    if (node.type.name !== 'photoFigure') return true;
    for (const attr of CAPTION_ATTRS) count += countInText(String(node.attrs[attr] ?? ''), query);
    return false;
  });
  return count;
}

/** Replaces in every photo's caption and credit; returns how many matches were replaced. */
export function replaceInCaptions(tr: Transaction, query: FindQuery, replacement: string): number {
  let replaced = 0;
  tr.doc.descendants((node, pos) => {
    if (node.type.name !== 'photoFigure') return true;
    const attrs: Record<string, unknown> = { ...node.attrs };
    let changed = false;
    for (const attr of CAPTION_ATTRS) {
      const before = String(node.attrs[attr] ?? '');
      const count = countInText(before, query);
      if (!count) continue;
      attrs[attr] = replaceInText(before, query, replacement);
      replaced += count;
      changed = true;
    }
    // Attribute changes keep every position, so the walk over tr.doc stays valid.
    if (changed) tr.setNodeMarkup(pos, undefined, attrs);
    return false;
  });
  return replaced;
}

/** Matches per place outside the body text, for the find bar's count per field. */
export function countOutsideBody(
  doc: PmNode,
  fields: HeadlineFields | null,
  query: FindQuery | null,
): Partial<Record<FindPlace, number>> {
  const counts: Partial<Record<FindPlace, number>> = {};
  if (fields) {
    const values = fields.read();
    for (const field of TEXT_FIELDS) {
      const count = countInText(values[field] ?? '', query);
      if (count) counts[field] = count;
    }
  }
  const captions = countInCaptions(doc, query);
  if (captions) counts.captions = captions;
  return counts;
}

/** Replaces in every field outside the body (each set as if typed); returns how many matches. */
export function replaceInFields(fields: HeadlineFields, query: FindQuery, replacement: string): number {
  const values = fields.read();
  let replaced = 0;
  for (const field of TEXT_FIELDS) {
    const before = values[field] ?? '';
    const count = countInText(before, query);
    if (!count) continue;
    fields.set(field, replaceInText(before, query, replacement));
    replaced += count;
  }
  return replaced;
}

/**
 * Replace all, everywhere: the body's matches and its photos' captions in one transaction
 * (one undo), then the story's fields. Returns how many matches were replaced in all.
 */
export function replaceEverywhere(editor: Editor, fields: HeadlineFields | null, replacement: string): number {
  const { query, matches } = findState(editor);
  if (!query?.text) return 0;
  const tr = editor.state.tr;
  // Last first, so the earlier positions stay valid without mapping.
  for (let i = matches.length - 1; i >= 0; i--) replaceText(tr, matches[i]!.from, matches[i]!.to, replacement);
  let replaced = matches.length + replaceInCaptions(tr, query, replacement);
  if (tr.docChanged) {
    // A step of its own in the undo history, not merged with the typing before it.
    closeHistory(tr);
    editor.view.dispatch(tr);
  }
  if (fields) replaced += replaceInFields(fields, query, replacement);
  return replaced;
}

/**
 * Selects and scrolls to the first match of a search query in the body (the whole query, else
 * its first word, as the search index matches words), with every match highlighted until the
 * text is next changed. Returns whether anything matched.
 */
export function highlightFirstMatch(editor: Editor, query: string): boolean {
  for (const text of [query, query.split(/\s+/)[0] ?? '']) {
    if (!text) continue;
    const state = setFindQuery(editor, { text, matchCase: false, wholeWord: false }, 0);
    if (state.matches.length) {
      editor.once('update', () => {
        if (!editor.isDestroyed && findState(editor).query?.text === text) setFindQuery(editor, null);
      });
      return true;
    }
  }
  setFindQuery(editor, null);
  return false;
}
