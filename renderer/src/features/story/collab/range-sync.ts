import { Extension } from '@tiptap/core';
import { type Attrs, Fragment, type Mark, type Node as PmNode, type Schema, Slice } from '@tiptap/pm/model';
import { Plugin, PluginKey, type Selection, TextSelection, type Transaction } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { type ProsemirrorBinding, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { unreadDomSelection } from '../body/unread-selection';

/**
 * Others' changes into the editor as small ProseMirror steps (issue 20).
 *
 * y-tiptap's binding (3.0.7) shows a change that came from the Yjs document — another desk's
 * keystroke, an undo — by forgetting its whole Y↔ProseMirror mapping, rebuilding every node
 * of the document from Yjs and dispatching one step that replaces the document from 0 to its
 * end. Every plugin then sees a whole-document change: the counts count every paragraph
 * again, proofing re-proofs them all and loses its underlines, the view walks the whole
 * document, and the selection, mapped through a whole replace, has to be guessed back from
 * Yjs positions (which is how a caret put at a paragraph's start could end at its end).
 *
 * This plugin replaces the binding's Yjs observer with one that
 * - forgets the nodes of only the Y types the Yjs transaction touched (their ancestors
 *   included: Yjs lists them in `changedParentTypes`), and builds only those again, reusing
 *   the binding's node for every untouched element;
 * - compares the old document with the new one (Fragment.findDiffStart/findDiffEnd: untouched
 *   blocks are the same objects, so the comparison skips them at once) and replaces only the
 *   range that differs, so unchanged paragraphs keep their node objects (what the counts and
 *   the proofing cache by) and the selection maps exactly through the step;
 * - points the binding's mapping at the nodes now in the document, so the binding keeps
 *   recognising them when this desk types next;
 * - first takes in a caret the browser moved but ProseMirror has not heard of yet (a Home or
 *   an arrow key whose `selectionchange` event is still queued): drawing the mapped old
 *   selection would undo that move.
 *
 * The transaction carries what the binding's own would: `addToHistory: false` and the sync
 * plugin's meta `{ isChangeOrigin: true, isUndoRedoOperation }`, so the sync plugin does not
 * write it back to Yjs, and Yjs's UndoManager (which only tracks this editor's own writes)
 * keeps undo to this desk's typing. Snapshots (not used by Masthead) and anything this code
 * cannot build (an element ProseMirror's schema refuses, a Yjs hook) go the binding's way.
 */

type Binding = ProsemirrorBinding;
type BindingMapping = Binding['mapping'];

/** Thrown while building: the binding's own (whole-document) path handles the change instead. */
class NotBuildable extends Error {}

/** Overlapping marks (which do not exclude themselves) are stored under `name--<8-char hash>`. */
const OVERLAPPING_MARK_SUFFIX = /--[a-zA-Z0-9+/=]{8}$/;

function marksOf(attributes: Record<string, unknown> | undefined, schema: Schema): Mark[] {
  if (!attributes) return [];
  const marks: Mark[] = [];
  for (const [key, attrs] of Object.entries(attributes)) {
    if (key === 'ychange' || attrs === null) continue;
    const type = schema.marks[key.replace(OVERLAPPING_MARK_SUFFIX, '')];
    if (!type) throw new NotBuildable(`unknown mark ${key}`);
    marks.push(type.create(typeof attrs === 'object' ? (attrs as Attrs) : null));
  }
  return marks;
}

function textNodesOf(text: Y.XmlText, schema: Schema, mapping: BindingMapping): PmNode[] {
  const nodes: PmNode[] = [];
  for (const run of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof run.insert !== 'string') throw new NotBuildable('embed in a text');
    if (run.insert !== '') nodes.push(schema.text(run.insert, marksOf(run.attributes, schema)));
  }
  mapping.set(text, nodes);
  return nodes;
}

/** The element's node: the binding's own when the element is untouched, else built again (its untouched children reused). */
function nodeOf(element: Y.XmlElement, schema: Schema, mapping: BindingMapping): PmNode {
  const known = mapping.get(element);
  if (known !== undefined && !Array.isArray(known)) return known;
  const type = schema.nodes[element.nodeName];
  if (!type) throw new NotBuildable(`unknown node ${element.nodeName}`);
  const children: PmNode[] = [];
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlElement) children.push(nodeOf(child, schema, mapping));
    else if (child instanceof Y.XmlText) children.push(...textNodesOf(child, schema, mapping));
    else throw new NotBuildable('a Yjs hook');
  }
  let node: PmNode;
  try {
    node = type.create(element.getAttributes() as Attrs, children);
  } catch (error) {
    throw new NotBuildable(String(error));
  }
  mapping.set(element, node);
  return node;
}

/** Forgets the nodes of what the Yjs transaction changed or deleted: those are built again. */
function forgetChanged(mapping: BindingMapping, transaction: Y.Transaction): void {
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (struct instanceof Y.Item && struct.content instanceof Y.ContentType) mapping.delete(struct.content.type);
  });
  for (const type of transaction.changed.keys()) mapping.delete(type);
  for (const type of transaction.changedParentTypes.keys()) mapping.delete(type);
}

/**
 * The binding's mapping pointed at the nodes the document now holds (equal to the built ones,
 * but new objects where the replace step cut through them), so its next comparison of this
 * desk's typing with Yjs finds them by identity. Stops where the two disagree: the built
 * nodes stay mapped, which is still correct (the binding then compares by content).
 */
function pointMappingAt(element: Y.XmlElement, node: PmNode, mapping: BindingMapping): void {
  mapping.set(element, node);
  let index = 0;
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlElement) {
      const inDocument = node.maybeChild(index++);
      if (!inDocument || inDocument.type.name !== child.nodeName) return;
      pointMappingAt(child, inDocument, mapping);
    } else if (child instanceof Y.XmlText) {
      const built = mapping.get(child);
      if (!Array.isArray(built)) return;
      const texts: PmNode[] = [];
      for (const text of built) {
        const inDocument = node.maybeChild(index++);
        if (!inDocument || !inDocument.eq(text)) return;
        texts.push(inDocument);
      }
      mapping.set(child, texts);
    }
  }
}

/** The range where two documents differ: [start, end in `before`, end in `after`], or null when they are equal. */
function differingRange(before: PmNode, after: PmNode): [number, number, number] | null {
  const start = before.content.findDiffStart(after.content);
  if (start === null) return null;
  const end = before.content.findDiffEnd(after.content)!;
  // Repeated text ("aa" → "aaa") lets the common suffix overlap the common prefix.
  const overlap = Math.max(0, start - Math.min(end.a, end.b));
  return [start, end.a + overlap, end.b + overlap];
}

/** A position's top-level block boundary, outward (`side` -1: its start, 1: its end). */
function blockEdge(doc: PmNode, pos: number, side: -1 | 1): number {
  const $pos = doc.resolve(pos);
  if ($pos.depth === 0) return pos;
  return side < 0 ? $pos.before(1) : $pos.after(1);
}

/**
 * A transaction that turns the editor's document into `after` with the smallest step: only the
 * differing range (text inside one paragraph for a keystroke); if that slice does not fit back
 * as it was, the whole top-level blocks around it; as a last resort the whole document.
 */
function differenceTransaction(view: EditorView, after: PmNode, selection: Selection | null): Transaction {
  const before = view.state.doc;
  const start = () => {
    const tr = view.state.tr;
    if (selection) tr.setSelection(selection);
    return tr;
  };
  const range = differingRange(before, after);
  if (range === null) return start();
  const [from, toBefore, toAfter] = range;
  const inline = start().replace(from, toBefore, after.slice(from, toAfter));
  if (inline.doc.eq(after)) return inline;
  const blockFrom = blockEdge(before, from, -1);
  const blocks = start().replace(
    blockFrom,
    blockEdge(before, toBefore, 1),
    new Slice(after.content.cut(blockFrom, blockEdge(after, toAfter, 1)), 0, 0),
  );
  if (blocks.doc.eq(after)) return blocks;
  return start().replace(0, before.content.size, new Slice(after.content, 0, 0));
}

export const rangeSyncKey = new PluginKey('liveRangeSync');

/** Shows one Yjs transaction's changes in the editor (the binding's observer, replaced). */
function showRemoteChange(binding: Binding, events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) {
  const view = binding.prosemirrorView as EditorView | null;
  if (view === null) return;
  const sync = ySyncPluginKey.getState(view.state) as { snapshot: unknown; prevSnapshot: unknown } | undefined;
  if (events.length === 0 || sync?.snapshot != null || sync?.prevSnapshot != null) {
    binding._typeChanged(events, transaction);
    return;
  }
  let shown = false;
  binding.mux(() => {
    const mapping = binding.mapping;
    forgetChanged(mapping, transaction);
    const elements = binding.type.toArray();
    let nodes: PmNode[];
    let tr: Transaction;
    let moved: { anchor: number; head: number } | null;
    try {
      nodes = elements.map((element) => {
        if (!(element instanceof Y.XmlElement)) throw new NotBuildable('text at the top level');
        return nodeOf(element, view.state.schema, mapping);
      });
      const before = view.state.doc;
      const after = before.copy(Fragment.fromArray(nodes));
      moved = unreadDomSelection(view);
      tr = differenceTransaction(
        view,
        after,
        moved ? TextSelection.between(before.resolve(moved.anchor), before.resolve(moved.head)) : null,
      );
    } catch (error) {
      // Nothing shown yet: the binding's own way shows it (a bug here must not leave the
      // editor behind its document).
      if (!(error instanceof NotBuildable)) console.error('range-sync: shown the whole way instead', error);
      return;
    }
    tr.setMeta('addToHistory', false);
    tr.setMeta(ySyncPluginKey, {
      isChangeOrigin: true,
      isUndoRedoOperation: transaction.origin instanceof Y.UndoManager,
    });
    if (tr.docChanged || moved) view.dispatch(tr);
    elements.forEach((element, index) => {
      const node = tr.doc.maybeChild(index);
      if (node && node !== nodes[index]) pointMappingAt(element as Y.XmlElement, node, mapping);
    });
    shown = true;
  });
  // Not built here: the binding's own way (it rebuilds everything, and repairs what it must).
  if (!shown) binding._typeChanged(events, transaction);
}

/** Installs showRemoteChange as the observer of the binding the collaboration extension made. */
export const LiveRangeSync = Extension.create({
  name: 'liveRangeSync',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: rangeSyncKey,
        view(view) {
          const binding = (ySyncPluginKey.getState(view.state) as { binding?: Binding } | undefined)?.binding;
          if (binding) {
            const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) =>
              showRemoteChange(binding, events, transaction);
            // The binding unobserves `_observeFunction` when its view goes: it takes this one with it.
            binding.type.unobserveDeep(binding._observeFunction);
            binding._observeFunction = observer;
            binding.type.observeDeep(observer);
          }
          return {};
        },
      }),
    ];
  },
});
