import { getSchema } from '@tiptap/core';
import { EditorState } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import {
  type ProofingController,
  PROOF_PENDING,
  type ProofingState,
  REFRESH,
  applyProofing,
  proofDocument,
  proofingKey,
} from '../../../../renderer/src/features/proofing/proofing-plugin';
import { storyExtensions } from '../../../../shared/editor/extensions';
import { Proofer } from '../../../../shared/proofing/engine';
import { emptyHouseLists, mergeLists } from '../../../../shared/proofing/lists';

const schema = getSchema(storyExtensions);
const controller = (ignored: string[] = []): ProofingController => ({
  proofer: new Proofer(mergeLists(emptyHouseLists()), null),
  language: 'zh-Hans',
  dateline: '',
  date: null,
  ignored: new Set(ignored),
  ignoredOnce: new Set(),
  onFindings: () => undefined,
  onOpen: () => undefined,
});
const doc = (...paragraphs: string[]) =>
  schema.nodeFromJSON({
    type: 'doc',
    content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
  });

const underlined = (state: EditorState, set: ReturnType<typeof proofDocument>['set']) =>
  set.find().map((d) => state.doc.textBetween(d.from, d.to));

describe('proofing underlines in the editor', () => {
  it('underlines as typed: only the edited paragraph is proofed again, the others are mapped', () => {
    const c = controller();
    let state = EditorState.create({ doc: doc('部份工作已经完成。', '这一段没有问题。', '按装工作正在进行。') });
    let value: ProofingState = { decorations: proofDocument(state.doc, c).set, pending: [] };
    // The idle pass after typing: one transaction that proofs the changed paragraphs.
    const proofPending = () => {
      const tr = state.tr.setMeta(proofingKey, PROOF_PENDING);
      value = { ...applyProofing(tr, value, c), pending: [] };
      state = state.apply(tr);
    };
    expect(underlined(state, value.decorations)).toEqual(['部份', '按装']);

    // Type 再接再励 at the start of the second paragraph, one character at a time.
    const second = state.doc.child(0).nodeSize + 1;
    for (const [i, ch] of [...'再接再励，'].entries()) {
      const tr = state.tr.insertText(ch, second + i);
      value = applyProofing(tr, value, c);
      state = state.apply(tr);
    }
    // The keystrokes' own transactions proof nothing: they map the underlines and note the change.
    expect(underlined(state, value.decorations)).toEqual(['部份', '按装']);
    expect(value.pending.length).toBeGreaterThan(0);
    proofPending();
    expect(underlined(state, value.decorations)).toEqual(['部份', '再接再励', '按装']);
    // The same as proofing the whole document afresh.
    expect(underlined(state, value.decorations)).toEqual(underlined(state, proofDocument(state.doc, c).set));

    // Correcting the word removes its underline at once.
    const at = state.doc.textContent.indexOf('励');
    let pos = 0;
    state.doc.descendants((node, p) => {
      if (node.isText && node.text!.includes('励')) pos = p + node.text!.indexOf('励');
    });
    expect(at).toBeGreaterThan(0);
    const fix = state.tr.insertText('厉', pos, pos + 1);
    value = applyProofing(fix, value, c);
    state = state.apply(fix);
    proofPending();
    expect(underlined(state, value.decorations)).toEqual(['部份', '按装']);
  });

  it('leaves out what the desk ignored in this story, and refreshes on request', () => {
    const c = controller(['zh-confusion:部份']);
    const state = EditorState.create({ doc: doc('部份工作已经完成，按装工作正在进行。') });
    const value = applyProofing(
      state.tr.setMeta(proofingKey, REFRESH),
      { decorations: proofDocument(state.doc, c).set, pending: [] },
      c,
    );
    expect(underlined(state, value.decorations)).toEqual(['按装']);
  });
});
