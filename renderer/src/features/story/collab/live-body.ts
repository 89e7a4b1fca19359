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

/**
 * A CSS colour as #rrggbb, the only form y-tiptap's caret plugin takes (it warns on the
 * console at every redraw otherwise): hsl() (presenceColour's) converted, #rrggbb kept,
 * anything else grey.
 */
export function hexColour(css: string): string {
  if (/^#[0-9a-f]{6}$/i.test(css)) return css;
  const hsl = /^hsla?\(\s*(-?[\d.]+)(?:deg)?[\s,]+([\d.]+)%[\s,]+([\d.]+)%/i.exec(css);
  if (!hsl) return '#888888';
  const hue = (((Number(hsl[1]) % 360) + 360) % 360) / 30;
  const saturation = Math.min(1, Number(hsl[2]) / 100);
  const lightness = Math.min(1, Number(hsl[3]) / 100);
  const chroma = saturation * Math.min(lightness, 1 - lightness);
  const channel = (n: number) => {
    const k = (n + hue) % 12;
    const value = lightness - chroma * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
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
