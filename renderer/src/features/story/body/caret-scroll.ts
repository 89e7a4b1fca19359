import type { EditorView } from '@tiptap/pm/view';

/** ProseMirror's own margin when it scrolls the caret into view (its scrollMargin default). */
const MARGIN = 5;

/** The ancestors of the editor that can clip it (overflow other than visible), found once per editor. */
const clippers = new WeakMap<Element, Element[]>();

function clippingAncestors(dom: Element): Element[] {
  let found = clippers.get(dom);
  if (found) return found;
  found = [];
  const root = dom.ownerDocument.documentElement;
  for (let node = dom.parentElement; node && node !== root && node !== dom.ownerDocument.body;) {
    const style = getComputedStyle(node);
    if (style.overflowX !== 'visible' || style.overflowY !== 'visible') found.push(node);
    if (style.position === 'fixed') break;
    node = node.parentElement;
  }
  clippers.set(dom, found);
  return found;
}

/**
 * handleScrollToSelection: true (nothing to scroll) when the caret is already well inside the
 * visible part of the page, which is so for nearly every keystroke. ProseMirror's own check
 * measures every ancestor of the editor (a bounding box, offset and client sizes and the
 * computed style of each, a dozen elements here), about 60 layout reads per keystroke; this
 * one reads the caret and the few ancestors that clip it. Anywhere near an edge, or with a
 * selection that is not a caret, ProseMirror scrolls as before.
 */
export function caretAlreadyInView(view: EditorView): boolean {
  const { selection } = view.state;
  if (!selection.empty) return false;
  let caret: { top: number; bottom: number; left: number; right: number };
  try {
    caret = view.coordsAtPos(selection.head);
  } catch {
    return false;
  }
  const win = view.dom.ownerDocument.defaultView;
  if (!win) return false;
  let top = 0;
  let left = 0;
  let bottom = win.innerHeight;
  let right = win.innerWidth;
  for (const clipper of clippingAncestors(view.dom)) {
    const box = clipper.getBoundingClientRect();
    top = Math.max(top, box.top);
    left = Math.max(left, box.left);
    // The client area: without the scrollbars.
    bottom = Math.min(bottom, box.top + clipper.clientHeight);
    right = Math.min(right, box.left + clipper.clientWidth);
  }
  const inside =
    caret.top >= top + MARGIN &&
    caret.bottom <= bottom - MARGIN &&
    caret.left >= left + MARGIN &&
    caret.right <= right - MARGIN;
  // The page's layout may have changed which ancestors clip: look again next time.
  if (!inside) clippers.delete(view.dom);
  return inside;
}
