import { Extension } from '@tiptap/core';
import type { Node as PmNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import type { StoryLanguage } from '../../../../shared/model/common';
import type { BlockFinding, Proofer } from '../../../../shared/proofing/engine';
import { type Finding, findingKey } from '../../../../shared/proofing/types';

/**
 * Proofing underlines in the story body. A keystroke does no proofing: its transaction maps the
 * underlines and notes the ranges it changed. A moment later (an idle callback after a short
 * pause) one transaction re-proofs only the paragraphs those ranges touch (the proofer caches the
 * others by text); the story-wide rules (numbers written two ways, dates, quotations across
 * paragraphs) run in a pass a little after typing stops.
 */

/** What the story's proofing panel gives the plugin: the proofer and what the desk ignores. */
export interface ProofingController {
  proofer: Proofer;
  language: StoryLanguage;
  dateline: string;
  date: string | null;
  /** Keys ignored in this story (findingKey). */
  ignored: ReadonlySet<string>;
  /** "Ignore once": the key with the paragraph's text, forgotten when the paragraph changes. */
  ignoredOnce: Set<string>;
  /** Every finding after each story-wide pass, with its document position. */
  onFindings: (findings: PlacedFinding[]) => void;
  /** A click on an underline. */
  onOpen: (finding: PlacedFinding, view: EditorView) => void;
}

export interface PlacedFinding extends Finding {
  /** Document positions of the finding's text. */
  from: number;
  to: number;
}

export interface ProofingState {
  decorations: DecorationSet;
  /** Ranges changed since the paragraphs were last proofed, mapped to the current document. */
  pending: readonly (readonly [number, number])[];
}

export const proofingKey = new PluginKey<ProofingState>('proofing');
/** Meta: proof the whole document again (story-wide pass, changed settings). */
export const REFRESH = 'refresh';
/** Meta: proof the paragraphs changed since the last pass (the idle pass after typing). */
export const PROOF_PENDING = 'proof-pending';

const emptyState: ProofingState = { decorations: DecorationSet.empty, pending: [] };

/** A textblock's text with one character per position (inline leaves as one character). */
export const blockText = (node: PmNode): string =>
  node.textBetween(0, node.content.size, '', (leaf) => (leaf.type.name === 'hardBreak' ? '\n' : '\uFFFC'));

const onceKey = (f: Pick<Finding, 'rule' | 'text' | 'start'>, text: string) => `${f.rule}:${f.text}:${f.start}:${text}`;

function decorate(pos: number, text: string, findings: readonly BlockFinding[], c: ProofingController): Decoration[] {
  const out: Decoration[] = [];
  for (const f of findings) {
    if (c.ignored.has(findingKey(f)) || c.ignoredOnce.has(onceKey(f, text))) continue;
    if (f.end <= f.start) continue;
    out.push(
      Decoration.inline(
        pos + 1 + f.start,
        pos + 1 + f.end,
        { class: `proof-mark proof-mark--${f.kind}`, 'data-proof-rule': f.rule },
        { finding: f },
      ),
    );
  }
  return out;
}

/** All underlines of the document, story-wide rules included; and the findings placed. */
export function proofDocument(doc: PmNode, c: ProofingController): { set: DecorationSet; placed: PlacedFinding[] } {
  const blocks: { pos: number; text: string }[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    blocks.push({ pos, text: blockText(node) });
    return false;
  });
  const findings = c.proofer.proofBlocks(
    blocks.map((b, block) => ({ field: 'body' as const, block, text: b.text })),
    c.language,
    c.dateline,
    { date: c.date, ignored: c.ignored, suggestSpelling: false },
  );
  const decorations: Decoration[] = [];
  const placed: PlacedFinding[] = [];
  const byBlock = new Map<number, BlockFinding[]>();
  for (const f of findings) {
    const list = byBlock.get(f.block) ?? [];
    list.push(f);
    byBlock.set(f.block, list);
  }
  for (const [index, list] of byBlock) {
    const { pos, text } = blocks[index]!;
    const shown = decorate(pos, text, list, c);
    decorations.push(...shown);
    for (const d of shown) {
      const f = (d.spec as { finding: Finding }).finding;
      placed.push({ ...f, field: 'body', block: index, from: d.from, to: d.to });
    }
  }
  return { set: DecorationSet.create(doc, decorations), placed };
}

/** The ranges a transaction changed, in its new document. */
function changedRanges(tr: Transaction): [number, number][] {
  const ranges: [number, number][] = [];
  const maps = tr.mapping.maps;
  maps.forEach((map, i) => {
    map.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
      let from = newStart;
      let to = newEnd;
      for (let j = i + 1; j < maps.length; j++) {
        from = maps[j]!.map(from, -1);
        to = maps[j]!.map(to, 1);
      }
      ranges.push([from, to]);
    });
  });
  return ranges;
}

/** The textblocks the ranges touch. */
function touchedBlocks(doc: PmNode, ranges: readonly (readonly [number, number])[]): { node: PmNode; pos: number }[] {
  const seen = new Set<number>();
  const out: { node: PmNode; pos: number }[] = [];
  const size = doc.content.size;
  for (const [from, to] of ranges) {
    doc.nodesBetween(Math.max(0, Math.min(size, from - 1)), Math.max(0, Math.min(size, to + 1)), (node, pos) => {
      if (!node.isTextblock) return true;
      if (!seen.has(pos)) {
        seen.add(pos);
        out.push({ node, pos });
      }
      return false;
    });
  }
  return out;
}

/** The underlines with the paragraphs the pending ranges touch proofed again. */
function proofPending(doc: PmNode, value: ProofingState, controller: ProofingController): ProofingState {
  let decorations = value.decorations;
  for (const { node, pos } of touchedBlocks(doc, value.pending)) {
    const text = blockText(node);
    decorations = decorations.remove(decorations.find(pos, pos + node.nodeSize));
    const result = controller.proofer.proofBlock(text, 'body', controller.language);
    decorations = decorations.add(doc, decorate(pos, text, result.findings, controller));
  }
  return { decorations, pending: [] };
}

/**
 * Applies a transaction to the underlines. An edit only maps them and notes what changed (no
 * proofing on the keystroke path); PROOF_PENDING proofs the changed paragraphs, REFRESH all.
 */
export function applyProofing(
  tr: Transaction,
  value: ProofingState,
  controller: ProofingController | null,
): ProofingState {
  if (!controller) return emptyState;
  const meta = tr.getMeta(proofingKey);
  if (meta === REFRESH) return { decorations: proofDocument(tr.doc, controller).set, pending: [] };
  let next = value;
  if (tr.docChanged) {
    const pending = value.pending.map(([from, to]) => [tr.mapping.map(from, -1), tr.mapping.map(to, 1)] as const);
    next = { decorations: value.decorations.map(tr.mapping, tr.doc), pending: [...pending, ...changedRanges(tr)] };
  }
  if (meta === PROOF_PENDING && next.pending.length > 0) return proofPending(tr.doc, next, controller);
  return next;
}

export interface ProofingStorage {
  controller: ProofingController | null;
}

/** Waits this long after the last change before proofing the changed paragraphs (when idle). */
const PARAGRAPH_MS = 150;
/** Waits this long after the last change before the story-wide pass. */
const SETTLE_MS = 400;

type IdleHandle = { cancel: () => void };
/** Runs the callback when the browser is idle (at most `timeout` ms later), or on a timer. */
function whenIdle(callback: () => void, timeout: number): IdleHandle {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(callback, { timeout });
    return { cancel: () => cancelIdleCallback(id) };
  }
  const id = setTimeout(callback, 0);
  return { cancel: () => clearTimeout(id) };
}

export const Proofing = Extension.create<Record<string, never>, ProofingStorage>({
  name: 'proofing',
  addStorage: () => ({ controller: null }),
  addProseMirrorPlugins() {
    const storage = this.storage;
    return [
      new Plugin<ProofingState>({
        key: proofingKey,
        state: {
          init: () => emptyState,
          apply: (tr, value) => applyProofing(tr, value, storage.controller),
        },
        props: {
          decorations: (state: EditorState) => proofingKey.getState(state)?.decorations,
          handleClick: (view, pos) => {
            const controller = storage.controller;
            const set = proofingKey.getState(view.state)?.decorations;
            if (!controller || !set) return false;
            const [hit] = set.find(pos, pos);
            if (!hit) return false;
            const f = (hit.spec as { finding: BlockFinding }).finding;
            const $pos = view.state.doc.resolve(hit.from);
            controller.onOpen({ ...f, field: 'body', block: $pos.index(0), from: hit.from, to: hit.to }, view);
            return false;
          },
        },
        view: () => {
          let timer: ReturnType<typeof setTimeout> | null = null;
          let paragraphTimer: ReturnType<typeof setTimeout> | null = null;
          let idle: IdleHandle | null = null;
          const cancelParagraphPass = () => {
            if (paragraphTimer) clearTimeout(paragraphTimer);
            paragraphTimer = null;
            idle?.cancel();
            idle = null;
          };
          return {
            update: (view, previous) => {
              if (view.state.doc === previous.doc || !storage.controller) return;
              // The changed paragraphs are proofed once typing pauses and the browser is idle,
              // in their own transaction, so a keystroke's transaction and paint do no proofing.
              cancelParagraphPass();
              if (proofingKey.getState(view.state)?.pending.length) {
                paragraphTimer = setTimeout(() => {
                  paragraphTimer = null;
                  idle = whenIdle(() => {
                    idle = null;
                    if (view.isDestroyed || !storage.controller) return;
                    if (!proofingKey.getState(view.state)?.pending.length) return;
                    view.dispatch(view.state.tr.setMeta(proofingKey, PROOF_PENDING).setMeta('addToHistory', false));
                  }, SETTLE_MS - PARAGRAPH_MS);
                }, PARAGRAPH_MS);
              }
              if (timer) clearTimeout(timer);
              timer = setTimeout(() => {
                timer = null;
                if (view.isDestroyed || !storage.controller) return;
                view.dispatch(view.state.tr.setMeta(proofingKey, REFRESH));
                storage.controller.onFindings(proofDocument(view.state.doc, storage.controller).placed);
              }, SETTLE_MS);
            },
            destroy: () => {
              if (timer) clearTimeout(timer);
              cancelParagraphPass();
            },
          };
        },
      }),
    ];
  },
});
