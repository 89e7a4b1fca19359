import { type Editor, Extension } from '@tiptap/core';
import { closeHistory } from '@tiptap/pm/history';
import type { Node as PmNode } from '@tiptap/pm/model';
import { type EditorState, Plugin, PluginKey, TextSelection, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { replaceText, textRuns } from './text-runs';

/** Find and replace in the story body: a ProseMirror plugin that keeps the matches and paints them. */

export interface FindQuery {
  text: string;
  matchCase: boolean;
  /** Whole words, for alphabetic text; Chinese has no spaces to bound a word. */
  wholeWord: boolean;
}

export interface TextRange {
  from: number;
  to: number;
}

export interface FindState {
  query: FindQuery | null;
  matches: TextRange[];
  /** Index of the current match in `matches`; 0 when there are none. */
  current: number;
  decorations: DecorationSet;
}

interface FindMeta {
  query?: FindQuery | null;
  /** Where to look for the first match after a new query: the selection's start. */
  anchor?: number;
  current?: number;
}

export const findKey = new PluginKey<FindState>('mastheadFind');

/** More highlights than anyone reads; past this the editor would only slow down. */
export const MAX_MATCHES = 5000;

// Letters and digits of alphabetic scripts: the characters that may not touch a whole word.
const WORD_CHAR = '[A-Za-z0-9_\\u00C0-\\u024F\\u0370-\\u03FF\\u0400-\\u04FF]';
const ALPHABETIC_EDGE = new RegExp(`^${WORD_CHAR}$`, 'u');

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The query as a global regular expression, or null when there is nothing to look for. */
export function queryPattern(query: FindQuery): RegExp | null {
  if (!query.text) return null;
  let source = escapeRegExp(query.text);
  if (query.wholeWord) {
    // Only an alphabetic end needs a boundary: "AI" must not match "SAID", but 记者 is fine anywhere.
    const first = String.fromCodePoint(query.text.codePointAt(0) ?? 0);
    const last = [...query.text].pop() ?? '';
    if (ALPHABETIC_EDGE.test(first)) source = `(?<!${WORD_CHAR})${source}`;
    if (ALPHABETIC_EDGE.test(last)) source = `${source}(?!${WORD_CHAR})`;
  }
  return new RegExp(source, query.matchCase ? 'gu' : 'giu');
}

export function findMatches(doc: PmNode, query: FindQuery | null): TextRange[] {
  const pattern = query && queryPattern(query);
  if (!pattern) return [];
  const matches: TextRange[] = [];
  for (const run of textRuns(doc)) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(run.text); m; m = pattern.exec(run.text)) {
      if (m[0].length === 0) {
        pattern.lastIndex++;
        continue;
      }
      matches.push({ from: run.pos + m.index, to: run.pos + m.index + m[0].length });
      if (matches.length >= MAX_MATCHES) return matches;
    }
  }
  return matches;
}

const firstAtOrAfter = (matches: readonly TextRange[], pos: number): number => {
  const index = matches.findIndex((m) => m.from >= pos);
  return index < 0 ? 0 : index;
};

function decorate(doc: PmNode, matches: readonly TextRange[], current: number): DecorationSet {
  if (!matches.length) return DecorationSet.empty;
  return DecorationSet.create(
    doc,
    matches.map((m, i) =>
      Decoration.inline(m.from, m.to, { class: i === current ? 'find-match find-match--current' : 'find-match' }),
    ),
  );
}

const emptyState = (): FindState => ({ query: null, matches: [], current: 0, decorations: DecorationSet.empty });

function nextState(tr: Transaction, prev: FindState, state: EditorState): FindState {
  const meta = tr.getMeta(findKey) as FindMeta | undefined;
  // While nothing is searched for, typing costs this plugin nothing.
  if (!meta && (!tr.docChanged || !prev.query)) return prev;
  const query = meta && 'query' in meta ? (meta.query ?? null) : prev.query;
  if (!query?.text) return { ...emptyState(), query };
  if (meta?.current !== undefined && !tr.docChanged && !('query' in meta)) {
    const current = Math.max(0, Math.min(meta.current, prev.matches.length - 1));
    return { ...prev, current, decorations: decorate(state.doc, prev.matches, current) };
  }
  const matches = findMatches(state.doc, query);
  let current: number;
  if (meta && 'query' in meta) current = firstAtOrAfter(matches, meta.anchor ?? 0);
  else {
    // After an edit the current match is the one at or after where the old one was.
    const old = prev.matches[prev.current];
    current = old ? firstAtOrAfter(matches, tr.mapping.map(old.from, -1)) : 0;
  }
  return { query, matches, current, decorations: decorate(state.doc, matches, current) };
}

export function findPlugin(): Plugin<FindState> {
  return new Plugin<FindState>({
    key: findKey,
    state: {
      init: emptyState,
      apply: (tr, prev, _old, state) => nextState(tr, prev, state),
    },
    props: {
      decorations: (state) => findKey.getState(state)?.decorations,
    },
  });
}

/** For editors built with the extension list (tests, and any editor that wants it from the start). */
export const FindReplace = Extension.create({
  name: 'findReplace',
  addProseMirrorPlugins: () => [findPlugin()],
});

/** Adds the plugin to a live editor once, so the story editor's setup needs no change. */
export function ensureFindPlugin(editor: Editor): void {
  if (!editor.isDestroyed && !findKey.getState(editor.state)) editor.registerPlugin(findPlugin());
}

export const findState = (editor: Editor): FindState => findKey.getState(editor.state) ?? emptyState();

/** Moves the editor's selection to the current match and scrolls it into view. */
function revealCurrent(tr: Transaction, state: FindState): Transaction {
  const match = state.matches[state.current];
  if (match) tr.setSelection(TextSelection.create(tr.doc, match.from, match.to)).scrollIntoView();
  return tr;
}

/** Sets what to find; the first match at or after `anchor` (the selection's start unless given) becomes current. */
export function setFindQuery(editor: Editor, query: FindQuery | null, anchor?: number): FindState {
  ensureFindPlugin(editor);
  const meta: FindMeta = { query, anchor: anchor ?? editor.state.selection.from };
  editor.view.dispatch(editor.state.tr.setMeta(findKey, meta).setMeta('addToHistory', false));
  const state = findState(editor);
  if (state.matches.length) editor.view.dispatch(revealCurrent(editor.state.tr, state));
  return state;
}

/** Next (1) or previous (-1) match, wrapping around the ends. */
export function findStep(editor: Editor, step: 1 | -1): FindState {
  const state = findState(editor);
  const count = state.matches.length;
  if (!count) return state;
  const current = (state.current + step + count) % count;
  const tr = editor.state.tr.setMeta(findKey, { current } satisfies FindMeta);
  editor.view.dispatch(revealCurrent(tr, { ...state, current }));
  return findState(editor);
}

/** Replaces the current match and moves on to the next one. */
export function replaceCurrent(editor: Editor, replacement: string): FindState {
  const state = findState(editor);
  const match = state.matches[state.current];
  if (!match) return state;
  const tr = editor.state.tr;
  replaceText(tr, match.from, match.to, replacement);
  editor.view.dispatch(tr);
  const after = findState(editor);
  if (after.matches.length) editor.view.dispatch(revealCurrent(editor.state.tr, after));
  return findState(editor);
}

/** Replaces every match in one transaction, which undo takes back in one step. */
export function replaceAll(editor: Editor, replacement: string): number {
  const { matches } = findState(editor);
  if (!matches.length) return 0;
  const tr = editor.state.tr;
  // Last first, so the earlier positions stay valid without mapping.
  for (let i = matches.length - 1; i >= 0; i--) replaceText(tr, matches[i]!.from, matches[i]!.to, replacement);
  // A step of its own in the undo history, not merged with the typing before it.
  closeHistory(tr);
  editor.view.dispatch(tr);
  return matches.length;
}
