import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, TextSelection } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';

/**
 * A caret or selection the browser has moved (Home, an arrow key, the mouse) while ProseMirror
 * has not yet read it: `selectionchange` comes as a later task, and any transaction the view
 * applies before it writes the state's old selection back into the page.
 */
export function unreadDomSelection(view: EditorView): { anchor: number; head: number } | null {
  // While an input method composes, the DOM holds text the state does not have yet: its
  // positions are not the document's (ProseMirror reads the composition when it ends).
  if (view.composing || !(view.state.selection instanceof TextSelection) || !view.hasFocus()) return null;
  const root = view.root as Document | ShadowRoot;
  const selection = 'getSelection' in root && typeof root.getSelection === 'function' ? root.getSelection() : null;
  if (!selection?.anchorNode || !selection.focusNode) return null;
  if (!view.dom.contains(selection.anchorNode) || !view.dom.contains(selection.focusNode)) return null;
  try {
    const anchor = view.posAtDOM(selection.anchorNode, selection.anchorOffset);
    const head = view.posAtDOM(selection.focusNode, selection.focusOffset);
    const { anchor: stateAnchor, head: stateHead } = view.state.selection;
    const size = view.state.doc.content.size;
    if (anchor < 0 || head < 0 || anchor > size || head > size) return null;
    return anchor === stateAnchor && head === stateHead ? null : { anchor, head };
  } catch {
    return null; // A DOM position ProseMirror does not know (inside a widget): leave the state's.
  }
}

/**
 * Transactions that neither change the text nor set the selection — others' carets moving
 * (the caret plugin's redraw), proofing underlines arriving, any decoration refresh from a
 * timer — redraw and put the state's selection back into the page. Arriving between a key that
 * moved the caret and ProseMirror's reading of it, they would undo the key (in the live E2E:
 * Home, then another desk's caret moved, and the typing went in at the paragraph's end). Such a
 * transaction now takes the browser's selection along first. Text changes set their own
 * selection (a keystroke's, or range-sync.ts's for another desk's text).
 */
export const KeepUnreadSelection = Extension.create({
  name: 'keepUnreadSelection',
  addProseMirrorPlugins() {
    let view: EditorView | null = null;
    return [
      new Plugin({
        key: new PluginKey('keepUnreadSelection'),
        view(editorView) {
          view = editorView;
          return {
            destroy() {
              view = null;
            },
          };
        },
        appendTransaction(transactions, _before, state) {
          if (!view || transactions.some((tr) => tr.docChanged || tr.selectionSet)) return null;
          // The view still holds the state before these transactions: same document, same selection.
          const unread = unreadDomSelection(view);
          if (!unread) return null;
          const selection = TextSelection.between(state.doc.resolve(unread.anchor), state.doc.resolve(unread.head));
          return state.tr.setSelection(selection).setMeta('addToHistory', false);
        },
      }),
    ];
  },
});
