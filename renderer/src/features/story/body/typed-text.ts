import { Mark } from '@tiptap/pm/model';
import { TextSelection, type Transaction } from '@tiptap/pm/state';
import { ReplaceStep } from '@tiptap/pm/transform';
import type { EditorView } from '@tiptap/pm/view';
import { unreadDomSelection } from './unread-selection';

/** Marks a transaction that puts in a key's character (insertTypedCharacter), for the dispatch. */
const TYPED_KEY = 'mastheadTypedKey';

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
  // Where the browser would have put the character: the page's caret, which a key just before
  // (Home, an arrow) may have moved without ProseMirror having read it yet.
  const unread = unreadDomSelection(view);
  const selection = unread
    ? TextSelection.between(view.state.doc.resolve(unread.anchor), view.state.doc.resolve(unread.head))
    : view.state.selection;
  if (!(selection instanceof TextSelection) || !selection.$from.sameParent(selection.$to)) return false;
  if (!selection.$from.parent.inlineContent || event.defaultPrevented) return false;
  // One character, astral ones included ("𠀀".length is 2); named keys ("Enter", "Tab") are longer.
  const text = event.key;
  if (!text || [...text].length !== 1 || /[\r\n\t]/.test(text)) return false;
  const { from, to } = selection;
  const insert = () => {
    const tr = view.state.tr;
    if (unread) tr.setSelection(selection);
    tr.insertText(text, from, to).scrollIntoView();
    // The link extension's autolink acts only when whitespace ends a word; for any other
    // character it would still diff the whole document's changes on every keystroke.
    if (!/\s/u.test(text)) tr.setMeta('preventAutolink', true);
    return tr.setMeta(TYPED_KEY, true);
  };
  if (!view.someProp('handleTextInput', (handle) => handle(view, from, to, text, insert))) view.dispatch(insert());
  return true;
}

/**
 * handleTextInput (the view's own, so it runs before the plugins'): text that went in at the
 * caret leaves the caret after it, as typing does, even when the browser reported it before.
 *
 * Text the browser inserts itself (an IME's commit, a Chinese IME's punctuation, anything typed
 * without a keypress) is read back from the DOM by ProseMirror, with the DOM selection of that
 * moment. Chromium, typing into an empty paragraph (ProseMirror's `<p><br></p>`), sometimes
 * keeps the `<br>`, puts a new text node before it, and still reports the selection at (p, 0),
 * in front of the new text: it did so in CI, under load. ProseMirror took that as the caret,
 * drew it there, and the rest of the line went in before the first character ("说…。他" for
 * "他说…。"). The plugins' handlers (the input rules) run next, given the corrected insertion.
 */
export function keepCaretAfterInsertedText(
  view: EditorView,
  from: number,
  to: number,
  text: string,
  insert: () => Transaction,
): boolean {
  const before = view.state.selection;
  const corrected = () => {
    const tr = insert();
    const end = from + text.length;
    const caret = tr.selection;
    // An IME composition may put its caret anywhere in the text being composed.
    if (view.composing || tr.getMeta('composition') !== undefined) return tr;
    if (!(caret instanceof TextSelection) || !caret.empty || caret.head !== from || !text) return tr;
    // Typed at the caret, or over the selection: not text that arrived next to it.
    if (before.from !== from || before.to !== to) return tr;
    if (end > tr.doc.content.size || tr.doc.textBetween(from, end) !== text) return tr;
    return tr.setSelection(TextSelection.create(tr.doc, end));
  };
  // ProseMirror's someProp, for the plugins: the first handler that takes the text wins.
  for (const plugin of view.state.plugins) {
    const handle = plugin.props.handleTextInput;
    if (handle?.call(plugin, view, from, to, text, corrected)) return true;
  }
  const tr = corrected();
  if (tr.getMeta(TYPED_KEY)) insertIntoTextNode(view, tr);
  view.dispatch(tr);
  return true;
}

/** The parts of ProseMirror's view this needs that its typings keep private. */
interface ViewInternals {
  domObserver: { stop(): void; start(): void };
}
type DescribedText = Text & {
  pmViewDesc?: { node?: { isText: boolean; text?: string; marks: readonly Mark[] }; nodeDOM?: Node };
};

/**
 * A key's character, about to go in as `tr` (one insertion, no selection replaced), goes into
 * the page's text node in place first, with insertData, the way the browser's own typing
 * changes it. The view's redraw then finds the node already holding the paragraph's new text
 * and leaves it (it writes a text node only when its value differs). Replacing the node's whole
 * value instead makes the browser shape and lay out the paragraph's text again from scratch on
 * every key (in a trace of the keystroke bench's paragraph: 1.2 ms of layout per key, 0.8 ms
 * with the insertion), and drops what the browser anchors in that text (its spelling marks, a
 * range on a word after the caret); an insertion keeps what did not change. Anything unexpected (another text node, other marks, a widget
 * there) and the view writes the node as before, so the page always ends up as the state says.
 */
function insertIntoTextNode(view: EditorView, tr: Transaction): void {
  if (tr.steps.length !== 1 || !(tr.steps[0] instanceof ReplaceStep)) return;
  const step = tr.steps[0] as ReplaceStep & { from: number; to: number };
  const inserted = step.slice.content.firstChild;
  if (step.from !== step.to || step.slice.openStart || step.slice.openEnd || step.slice.content.childCount !== 1)
    return;
  if (!inserted?.isText || !inserted.text) return;
  let at: { node: Node; offset: number };
  try {
    at = view.domAtPos(step.from, -1);
  } catch {
    return;
  }
  const node = at.node as DescribedText;
  const desc = node.pmViewDesc;
  if (node.nodeType !== Node.TEXT_NODE || !desc?.node?.isText || desc.nodeDOM !== node) return;
  if (!Mark.sameSet(desc.node.marks, inserted.marks)) return;
  // The state's text node that will hold the character must read as the page's will.
  const $at = tr.doc.resolve(step.from);
  const after = $at.parent.childAfter($at.parentOffset).node;
  const current = node.data;
  if (current !== desc.node.text) return; // The page holds a change the state has not read.
  const expected = current.slice(0, at.offset) + inserted.text + current.slice(at.offset);
  if (!after?.isText || after.text !== expected || !Mark.sameSet(after.marks, inserted.marks)) return;
  // ProseMirror would read the change back as typing: it is the state's already.
  const { domObserver } = view as unknown as ViewInternals;
  domObserver.stop();
  try {
    node.insertData(at.offset, inserted.text);
  } finally {
    domObserver.start();
  }
}
