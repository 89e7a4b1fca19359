import Collaboration from '@tiptap/extension-collaboration';
import { type Extensions, Extension } from '@tiptap/core';
import { yCursorPlugin } from '@tiptap/y-tiptap';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { STORY_KEYS } from '../../../../../shared/newsroom/protocol';
import { LiveRangeSync } from './range-sync';

/**
 * The story body's extensions when it is live: bound to the document's 'body' fragment
 * (@tiptap/extension-collaboration), others' changes shown as small steps (range-sync.ts),
 * others' carets with their names; the editor's own undo replaced by Yjs's, which takes back
 * only this window's changes.
 */
export function liveBodyExtensions(base: Extensions, doc: Y.Doc, awareness: Awareness): Extensions {
  const carets = Extension.create({
    name: 'liveCarets',
    addProseMirrorPlugins() {
      return [yCursorPlugin(awareness, { cursorBuilder: buildCaret, selectionBuilder: buildSelection })];
    },
  });
  return [
    ...base.map((extension) =>
      extension.name === 'starterKit' ? (extension as Extension).configure({ undoRedo: false }) : extension,
    ),
    Collaboration.configure({ document: doc, field: STORY_KEYS.body }),
    LiveRangeSync,
    carets,
  ];
}

/** Someone's caret: a coloured bar with their name above it (colours by style properties: the CSP forbids style attributes). */
function buildCaret(user: { name?: string; color?: string }): HTMLElement {
  const caret = document.createElement('span');
  caret.className = 'live-caret';
  caret.style.setProperty('--live-colour', user.color ?? '#888');
  const label = document.createElement('span');
  label.className = 'live-caret__name';
  label.textContent = user.name ?? '';
  caret.append(label);
  return caret;
}

function buildSelection(): { class: string } {
  return { class: 'live-selection' };
}
