// @vitest-environment jsdom
import { Editor, type Extensions, type JSONContent } from '@tiptap/core';
import type { Node as PmNode } from '@tiptap/pm/model';
import { ReplaceStep } from '@tiptap/pm/transform';
import type { Transaction } from '@tiptap/pm/state';
import {
  absolutePositionToRelativePosition,
  prosemirrorJSONToYXmlFragment,
  yCursorPluginKey,
  ySyncPluginKey,
} from '@tiptap/y-tiptap';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { storyExtensions, storySchema } from '../../../../shared/editor/extensions';
import { hexColour, liveBodyExtensions } from '../../../../renderer/src/features/story/collab/live-body';
import { KeepUnreadSelection } from '../../../../renderer/src/features/story/body/unread-selection';
import {
  Proofing,
  type ProofingStorage,
  REFRESH,
  proofingKey,
} from '../../../../renderer/src/features/proofing/proofing-plugin';
import { Proofer } from '../../../../shared/proofing/engine';
import { emptyHouseLists, mergeLists } from '../../../../shared/proofing/lists';

/**
 * Live co-editing's body binding (issue 20) with real TipTap editors on two Yjs documents,
 * exchanging updates as the desks do through the newsroom: held in a queue and delivered
 * when the test says, so concurrent typing and a remote change at a chosen moment are exact.
 */

const FROM_OTHER_DESK = Symbol('other desk');

interface Desk {
  element: HTMLElement;
  editor: Editor;
  doc: Y.Doc;
  /** Transactions the editor applied that came from Yjs (others' changes, undo). */
  remote: Transaction[];
  /** Updates made here, not yet delivered to the other desk. */
  outbox: Uint8Array[];
  /** Who is where, as this desk's caret plugin reads it. */
  awareness: Awareness;
}

const desks: Desk[] = [];
afterEach(() => {
  for (const desk of desks.splice(0)) {
    desk.editor.destroy();
    desk.element.remove();
    desk.doc.destroy();
  }
});

const paragraph = (text: string): JSONContent => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const BODY: JSONContent = {
  type: 'doc',
  content: [
    paragraph('记者从市政府获悉，今年上半年全市经济运行总体平稳。'),
    paragraph('城市更新项目加快推进，新建学校医院和公园陆续投入使用。'),
    paragraph('市民出行更加便利，港口吞吐量同比增长。'),
    { type: 'crossHead', content: [{ type: 'text', text: '科技企业' }] },
    paragraph('科技企业数量持续增加，研发投入创新高。'),
    paragraph('The ferry runs every ten minutes.'),
  ],
};

function openDesk(doc: Y.Doc, base: Extensions = storyExtensions): Desk {
  const element = document.createElement('div');
  document.body.append(element);
  const desk: Desk = {
    element,
    editor: null as unknown as Editor,
    doc,
    remote: [],
    outbox: [],
    awareness: new Awareness(doc),
  };
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== FROM_OTHER_DESK) desk.outbox.push(update);
  });
  desk.editor = new Editor({
    element,
    extensions: liveBodyExtensions(base, doc, desk.awareness),
    // jsdom focuses only elements with a tabindex (browsers focus a contenteditable as it is).
    editorProps: { attributes: { tabindex: '0' } },
  });
  desk.editor.on('transaction', ({ transaction }) => {
    if (transaction.getMeta(ySyncPluginKey)?.isChangeOrigin) desk.remote.push(transaction);
  });
  desks.push(desk);
  return desk;
}

/** Two desks with the same story open; what each types stays with it until delivered. */
function twoDesks(body: JSONContent = BODY, base: Extensions = storyExtensions): [Desk, Desk] {
  const first = new Y.Doc();
  prosemirrorJSONToYXmlFragment(storySchema(), body, first.getXmlFragment('body'));
  const second = new Y.Doc();
  Y.applyUpdate(second, Y.encodeStateAsUpdate(first));
  return [openDesk(first, base), openDesk(second, base)];
}

/** What `from` typed reaches `to` (as the newsroom relays it). */
function deliver(from: Desk, to: Desk): void {
  for (const update of from.outbox.splice(0)) Y.applyUpdate(to.doc, update, FROM_OTHER_DESK);
}

/** The document position inside top-level block `index`, `offset` characters into its text. */
function posIn(doc: PmNode, index: number, offset: number): number {
  let pos = 1;
  for (let i = 0; i < index; i++) pos += doc.child(i).nodeSize;
  return pos + offset;
}

function caretAt(desk: Desk, index: number, offset: number): void {
  desk.editor.commands.setTextSelection(posIn(desk.editor.state.doc, index, offset));
}

/** Types as a keystroke does: the text at the selection, in its own transaction. */
function type(desk: Desk, text: string): void {
  for (const character of text) desk.editor.view.dispatch(desk.editor.state.tr.insertText(character));
}

const texts = (desk: Desk) => {
  const out: string[] = [];
  desk.editor.state.doc.forEach((block) => out.push(block.textContent));
  return out;
};

/**
 * Both editors and both Yjs documents hold the same body, and each binding maps every block
 * of its Yjs document to the very node its editor shows (what lets it find this desk's next
 * keystroke by identity instead of comparing content).
 */
function expectSame(first: Desk, second: Desk): void {
  expect(first.editor.getJSON()).toEqual(second.editor.getJSON());
  expect(first.doc.getXmlFragment('body').toJSON()).toEqual(second.doc.getXmlFragment('body').toJSON());
  for (const desk of [first, second]) {
    const { binding } = ySyncPluginKey.getState(desk.editor.state) as { binding: { mapping: Map<unknown, unknown> } };
    const shown = desk.editor.state.doc;
    desk.doc
      .getXmlFragment('body')
      .toArray()
      .forEach((element, index) => expect(binding.mapping.get(element)).toBe(shown.child(index)));
  }
}

describe('live body: others’ changes as small steps', () => {
  it('a remote keystroke replaces only what changed; the other paragraphs keep their nodes', () => {
    const [anna, li] = twoDesks();
    const before = anna.editor.state.doc;
    caretAt(li, 4, 4);
    type(li, '新');
    deliver(li, anna);

    expect(texts(anna)[4]).toBe('科技企业新数量持续增加，研发投入创新高。');
    expectSame(anna, li);
    expect(anna.remote).toHaveLength(1);
    const [shown] = anna.remote;
    expect(shown!.getMeta('addToHistory')).toBe(false);
    expect(shown!.steps).toHaveLength(1);
    const step = shown!.steps[0] as ReplaceStep;
    expect(step).toBeInstanceOf(ReplaceStep);
    // One character inserted inside paragraph 5, not the document from 0 to its end.
    const at = posIn(before, 4, 4);
    expect(step.from).toBeGreaterThanOrEqual(at - 1);
    expect(step.to).toBeLessThanOrEqual(at + 1);
    expect(step.slice.content.textBetween(0, step.slice.content.size)).toBe('新');
    // Counts and proofing cache by node: every other block is the very same object.
    const after = anna.editor.state.doc;
    for (let i = 0; i < after.childCount; i++) {
      if (i === 4) expect(after.child(i)).not.toBe(before.child(i));
      else expect(after.child(i)).toBe(before.child(i));
    }
  });

  it('keeps the caret where it was, in its own paragraph and in the one another desk types into', () => {
    const [anna, li] = twoDesks();
    caretAt(anna, 1, 6);
    caretAt(li, 1, 0);
    type(li, '本报讯');
    caretAt(li, 0, 2);
    type(li, '今天');
    deliver(li, anna);
    // Three characters went in before Anna's caret in her paragraph, two in the paragraph above.
    expect(anna.editor.state.selection.from).toBe(posIn(anna.editor.state.doc, 1, 9));
    type(anna, '甲');
    deliver(anna, li);
    expect(texts(li)[1]).toBe('本报讯城市更新项目甲加快推进，新建学校医院和公园陆续投入使用。');
    expectSame(anna, li);
  });

  it('both desks typing into the same paragraph at once end with the same text, every keystroke kept', () => {
    const [anna, li] = twoDesks();
    caretAt(anna, 2, 0);
    caretAt(li, 2, texts(li)[2]!.length);
    const annaTypes = '甲乙丙丁戊己庚辛';
    const liTypes = 'abcdefgh';
    for (let i = 0; i < annaTypes.length; i++) {
      // Both type before either hears of the other's keystroke, then the updates cross.
      type(anna, annaTypes[i]!);
      type(li, liTypes[i]!);
      if (i % 3 !== 1) {
        deliver(anna, li);
        deliver(li, anna);
      }
    }
    deliver(anna, li);
    deliver(li, anna);
    expectSame(anna, li);
    expect(texts(anna)[2]).toBe(`${annaTypes}市民出行更加便利，港口吞吐量同比增长。${liTypes}`);
    // Each desk's caret followed its own typing.
    type(anna, '!');
    type(li, '?');
    deliver(anna, li);
    deliver(li, anna);
    expect(texts(li)[2]).toBe(`${annaTypes}!市民出行更加便利，港口吞吐量同比增长。${liTypes}?`);
  });

  it('undo takes back only this desk’s typing, not what another desk typed in between', () => {
    const [anna, li] = twoDesks();
    caretAt(anna, 0, 2);
    caretAt(li, 0, 0);
    for (const [mine, theirs] of [
      ['上', 'A'],
      ['周', 'B'],
      ['末', 'C'],
    ] as const) {
      type(anna, mine);
      type(li, theirs);
      deliver(anna, li);
      deliver(li, anna);
    }
    expect(texts(anna)[0]).toBe('ABC记者上周末从市政府获悉，今年上半年全市经济运行总体平稳。');
    anna.editor.commands.undo();
    deliver(anna, li);
    expect(texts(anna)[0]).toBe('ABC记者从市政府获悉，今年上半年全市经济运行总体平稳。');
    expectSame(anna, li);
    // The undo came from Yjs (its UndoManager) as a small step too, flagged as undo.
    const undone = anna.remote.at(-1)!;
    expect(undone.getMeta(ySyncPluginKey)).toMatchObject({ isChangeOrigin: true, isUndoRedoOperation: true });
    expect((undone.steps[0] as ReplaceStep).from).toBeGreaterThan(0);
    // Li's undo takes back Li's letters only.
    li.editor.commands.undo();
    deliver(li, anna);
    expect(texts(anna)[0]).toBe('记者从市政府获悉，今年上半年全市经济运行总体平稳。');
    expectSame(anna, li);
    // And redo puts Anna's back.
    anna.editor.commands.redo();
    deliver(anna, li);
    expect(texts(li)[0]).toBe('记者上周末从市政府获悉，今年上半年全市经济运行总体平稳。');
    expectSame(anna, li);
  });

  it('a caret moved by a key just before a remote change stays where the key put it', async () => {
    const [anna, li] = twoDesks();
    const view = anna.editor.view;
    view.focus();
    // Anna's caret at the end of paragraph 2, drawn by ProseMirror.
    caretAt(anna, 1, texts(anna)[1]!.length);
    await new Promise((resolve) => setTimeout(resolve, 0));
    // She presses Home: the browser moves the caret to the paragraph's start; ProseMirror hears
    // of it only with the 'selectionchange' event, a task later…
    const start = view.domAtPos(posIn(anna.editor.state.doc, 1, 0));
    document.getSelection()!.collapse(start.node, start.offset);
    expect(anna.editor.state.selection.from).toBe(posIn(anna.editor.state.doc, 1, texts(anna)[1]!.length));
    // …and Li's keystroke in another paragraph arrives in between.
    caretAt(li, 4, 0);
    type(li, '新');
    deliver(li, anna);
    expect(anna.editor.state.selection.from).toBe(posIn(anna.editor.state.doc, 1, 0));
    await new Promise((resolve) => setTimeout(resolve, 0));
    type(anna, '甲');
    deliver(anna, li);
    expect(texts(li)[1]).toBe('甲城市更新项目加快推进，新建学校医院和公园陆续投入使用。');
    expect(texts(li)[4]).toBe('新科技企业数量持续增加，研发投入创新高。');
    expectSame(anna, li);
  });

  it('a caret moved by a key just before another desk’s caret is redrawn stays where the key put it', () => {
    // The story editor's extensions carry the guard (body-extensions.ts); here it is added to the shared ones.
    const [anna] = twoDesks(BODY, [...storyExtensions, KeepUnreadSelection]);
    const view = anna.editor.view;
    view.focus();
    caretAt(anna, 1, texts(anna)[1]!.length);
    const end = anna.editor.state.selection.from;
    // Home: the browser moves the caret; ProseMirror has not read it yet.
    const start = posIn(anna.editor.state.doc, 1, 0);
    const startDom = view.domAtPos(start);
    document.getSelection()!.collapse(startDom.node, startDom.offset);
    expect(anna.editor.state.selection.from).toBe(end);
    // Li's caret arrives in paragraph 5 and the caret plugin redraws (what its awareness listener dispatches).
    const { binding } = ySyncPluginKey.getState(anna.editor.state) as { binding: { mapping: never } };
    const at = Y.relativePositionToJSON(
      absolutePositionToRelativePosition(
        posIn(anna.editor.state.doc, 4, 2),
        anna.doc.getXmlFragment('body'),
        binding.mapping,
      ),
    );
    anna.awareness.states.set(4242, { user: { name: 'Li', color: '#3366cc' }, cursor: { anchor: at, head: at } });
    view.dispatch(view.state.tr.setMeta(yCursorPluginKey, { awarenessUpdated: true }));
    expect(view.dom.querySelector('.live-caret__name')?.textContent).toBe('Li');
    // Anna's caret is where Home put it, in the state and on the page.
    expect(anna.editor.state.selection.from).toBe(start);
    const dom = document.getSelection()!;
    expect(view.posAtDOM(dom.anchorNode!, dom.anchorOffset)).toBe(start);
    type(anna, '甲');
    expect(texts(anna)[1]).toBe('甲城市更新项目加快推进，新建学校医院和公园陆续投入使用。');
  });

  it('structural changes from another desk (split, join, delete, bold, list) arrive whole and typing still syncs after', () => {
    const [anna, li] = twoDesks();
    caretAt(anna, 5, 4);
    // Li splits paragraph 1, joins paragraphs 3 and 4 back… as a desk does with Enter, Backspace, Mod-b.
    caretAt(li, 0, 7);
    li.editor.commands.splitBlock();
    deliver(li, anna);
    expectSame(anna, li);
    li.editor.commands.setTextSelection({
      from: posIn(li.editor.state.doc, 2, 0),
      to: posIn(li.editor.state.doc, 2, 4),
    });
    li.editor.commands.toggleBold();
    deliver(li, anna);
    expectSame(anna, li);
    caretAt(li, 3, 0);
    li.editor.commands.joinBackward();
    deliver(li, anna);
    expectSame(anna, li);
    li.editor.commands.setTextSelection({
      from: posIn(li.editor.state.doc, 1, 0),
      to: posIn(li.editor.state.doc, 1, 3),
    });
    li.editor.commands.toggleBulletList();
    deliver(li, anna);
    expectSame(anna, li);
    const last = li.editor.state.doc.childCount - 1;
    li.editor.commands.deleteRange({
      from: posIn(li.editor.state.doc, last, 0) - 1,
      to: li.editor.state.doc.content.size,
    });
    deliver(li, anna);
    expectSame(anna, li);
    // Anna's caret was in the deleted paragraph: it is still in the document, and her typing syncs.
    type(anna, '尾');
    deliver(anna, li);
    caretAt(li, 0, 0);
    type(li, '头');
    deliver(li, anna);
    expectSame(anna, li);
    expect(texts(anna)[0]!.startsWith('头')).toBe(true);
    expect(texts(anna).join('')).toContain('尾');
  });
});

describe('live body: what follows a remote change', () => {
  it('proofing underlines elsewhere stay while another desk types (they are mapped, not dropped)', () => {
    const [anna, li] = twoDesks(
      {
        type: 'doc',
        content: [paragraph('部份工作已经完成。'), paragraph('这一段没有问题。'), paragraph('按装工作正在进行。')],
      },
      [...storyExtensions, Proofing],
    );
    (anna.editor.storage as unknown as { proofing: ProofingStorage }).proofing.controller = {
      proofer: new Proofer(mergeLists(emptyHouseLists()), null),
      language: 'zh-Hans',
      dateline: '',
      date: null,
      ignored: new Set(),
      ignoredOnce: new Set(),
      onFindings: () => undefined,
      onOpen: () => undefined,
    };
    anna.editor.view.dispatch(anna.editor.state.tr.setMeta(proofingKey, REFRESH));
    const underlined = () =>
      proofingKey
        .getState(anna.editor.state)!
        .decorations.find()
        .map((d) => anna.editor.state.doc.textBetween(d.from, d.to));
    expect(underlined()).toEqual(['部份', '按装']);
    caretAt(li, 1, 0);
    type(li, '今天');
    deliver(li, anna);
    expect(texts(anna)[1]).toBe('今天这一段没有问题。');
    // Still both, in their places (a whole-document replace mapped them all away).
    expect(underlined()).toEqual(['部份', '按装']);
    // Only the paragraph Li typed into waits to be proofed again.
    const pending = proofingKey.getState(anna.editor.state)!.pending;
    const second = anna.editor.state.doc.child(0).nodeSize;
    for (const [from, to] of pending) {
      expect(from).toBeGreaterThanOrEqual(second);
      expect(to).toBeLessThanOrEqual(second + anna.editor.state.doc.child(1).nodeSize);
    }
  });
});

describe('live body: what the small steps cannot show', () => {
  it('an element the schema does not know goes the binding’s own way: dropped, and both desks agree', () => {
    const [anna, li] = twoDesks();
    const stranger = new Y.XmlElement('marquee');
    stranger.insert(0, [new Y.XmlText('闪烁')]);
    li.doc.getXmlFragment('body').insert(1, [stranger]);
    deliver(li, anna);
    // Anna's binding removed it from the document (a change of hers, sent back).
    deliver(anna, li);
    expect(texts(anna)).toEqual(texts(li));
    expect(texts(anna)).toHaveLength(6);
    caretAt(anna, 0, 0);
    type(anna, '甲');
    deliver(anna, li);
    expectSame(anna, li);
  });
});

describe('caret colours', () => {
  it('gives the caret plugin #rrggbb for the newsroom’s hsl() colours', () => {
    expect(hexColour('hsl(0 60% 45%)')).toBe('#b82e2e');
    expect(hexColour('hsl(120 60% 45%)')).toBe('#2eb82e');
    expect(hexColour('hsl(240, 100%, 50%)')).toBe('#0000ff');
    expect(hexColour('#12abEF')).toBe('#12abEF');
    expect(hexColour('rebeccapurple')).toBe('#888888');
  });
});
