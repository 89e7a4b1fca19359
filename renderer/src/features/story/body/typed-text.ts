import { TextSelection } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';

/**
 * A typed character (a keypress outside any IME composition; ProseMirror has already ruled
 * composition, Ctrl and ⌘ chords out before it asks) goes into the document as a transaction,
 * and the browser is kept from inserting it itself.
 *
 * ProseMirror leaves a character typed at a text caret to the browser: Chromium's own editing
 * inserts it into the DOM (in a 30,000-character story that alone costs more than the whole
 * keystroke in a <textarea>), fires textInput and input, and ProseMirror then reads the change
 * back from a MutationObserver and parses the paragraph. Inserting it with a transaction skips
 * all of that: the view writes one text node. The same handleTextInput props run first (the
 * input rules: smart typography), as on ProseMirror's own path for range selections, and marks
 * follow ProseMirror's rules (stored marks, inclusive marks) rather than where the browser
 * happens to put the character.
 */
export function insertTypedCharacter(view: EditorView, event: KeyboardEvent): boolean {
  const { selection } = view.state;
  if (!(selection instanceof TextSelection) || !selection.$from.sameParent(selection.$to)) return false;
  if (!selection.$from.parent.inlineContent || event.defaultPrevented) return false;
  // One character, astral ones included ("𠀀".length is 2); named keys ("Enter", "Tab") are longer.
  const text = event.key;
  if (!text || [...text].length !== 1 || /[\r\n\t]/.test(text)) return false;
  const { from, to } = selection;
  const insert = () => {
    const tr = view.state.tr.insertText(text, from, to).scrollIntoView();
    // The link extension's autolink acts only when whitespace ends a word; for any other
    // character it would still diff the whole document's changes on every keystroke.
    if (!/\s/u.test(text)) tr.setMeta('preventAutolink', true);
    return tr;
  };
  if (!view.someProp('handleTextInput', (handle) => handle(view, from, to, text, insert))) view.dispatch(insert());
  return true;
}
