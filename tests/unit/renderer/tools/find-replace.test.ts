// @vitest-environment jsdom
import { Editor } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';
import { storyExtensions } from '../../../../shared/editor/extensions';
import type { StoryBody } from '../../../../shared/model';
import {
  FindReplace,
  ensureFindPlugin,
  findMatches,
  findState,
  findStep,
  queryPattern,
  replaceAll,
  replaceCurrent,
  setFindQuery,
} from '../../../../renderer/src/features/tools/find-replace';

const text = (value: string, marks?: { type: string }[]) => ({
  type: 'text',
  text: value,
  ...(marks ? { marks } : {}),
});

/** 记者 split over a bold mark, a hard break, a cross-head and an English paragraph. */
const body: StoryBody = {
  type: 'doc',
  content: [
    { type: 'paragraph', content: [text('本报记'), text('者林小雨', [{ type: 'bold' }]), text('报道：记者节。')] },
    { type: 'crossHead', content: [text('记者手记')] },
    { type: 'paragraph', content: [text('记'), { type: 'hardBreak' }, text('者')] },
    { type: 'paragraph', content: [text('The AI said: said, SAID. Aid workers said so.')] },
  ],
};

let editor: Editor | null = null;
const make = (withExtension = true) => {
  editor = new Editor({
    extensions: withExtension ? [...storyExtensions, FindReplace] : storyExtensions,
    content: body,
  });
  return editor;
};
afterEach(() => {
  editor?.destroy();
  editor = null;
});

const found = (e: Editor) => findState(e).matches.map((m) => e.state.doc.textBetween(m.from, m.to));

describe('find', () => {
  it('matches across text nodes split by marks, but not across a hard break', () => {
    const e = make();
    setFindQuery(e, { text: '记者', matchCase: false, wholeWord: false });
    const { matches } = findState(e);
    // 本报记|者 (bold split), 记者节, 记者手记 in the cross-head; 记⏎者 is not a match.
    expect(matches).toHaveLength(3);
    expect(found(e)).toEqual(['记者', '记者', '记者']);
    expect(e.state.doc.nodeAt(matches[0]!.from + 1)?.marks.map((m) => m.type.name)).toEqual(['bold']);
  });

  it('honours match case and whole word for English, and whole word does not hinder Chinese', () => {
    const e = make();
    setFindQuery(e, { text: 'said', matchCase: false, wholeWord: false });
    expect(findState(e).matches).toHaveLength(4);
    setFindQuery(e, { text: 'said', matchCase: true, wholeWord: false });
    expect(findState(e).matches).toHaveLength(3);
    setFindQuery(e, { text: 'ai', matchCase: false, wholeWord: true });
    expect(found(e)).toEqual(['AI']);
    setFindQuery(e, { text: '记者', matchCase: false, wholeWord: true });
    expect(findState(e).matches).toHaveLength(3);
  });

  it('treats the query as text, not as a pattern', () => {
    expect(queryPattern({ text: 'a.b(', matchCase: true, wholeWord: false })?.test('a.b(')).toBe(true);
    expect(queryPattern({ text: 'a.b(', matchCase: true, wholeWord: false })?.test('axb(')).toBe(false);
    expect(queryPattern({ text: '', matchCase: true, wholeWord: false })).toBeNull();
  });

  it('steps through the matches, wrapping, and selects the current one', () => {
    const e = make();
    setFindQuery(e, { text: '记者', matchCase: false, wholeWord: false });
    expect(findState(e).current).toBe(0);
    findStep(e, 1);
    expect(findState(e).current).toBe(1);
    const { from, to } = e.state.selection;
    expect(e.state.doc.textBetween(from, to)).toBe('记者');
    findStep(e, 1);
    findStep(e, 1);
    expect(findState(e).current).toBe(0);
    findStep(e, -1);
    expect(findState(e).current).toBe(2);
  });

  it('paints every match, the current one apart', () => {
    const e = make();
    setFindQuery(e, { text: '记者', matchCase: false, wholeWord: false });
    const decorations = findState(e).decorations.find();
    expect(decorations).toHaveLength(3);
    // The first match straddles plain and bold text, so it is painted in two pieces.
    const current = [...e.view.dom.querySelectorAll('.find-match--current')].map((el) => el.textContent).join('');
    expect(current).toBe('记者');
    expect(e.view.dom.querySelectorAll('.find-match:not(.find-match--current)')).toHaveLength(2);
    setFindQuery(e, null);
    expect(e.view.dom.innerHTML).not.toContain('find-match');
  });

  it('follows edits while the query stays', () => {
    const e = make();
    setFindQuery(e, { text: '记者', matchCase: false, wholeWord: false });
    e.commands.insertContentAt(e.state.doc.content.size - 1, '又一位记者');
    expect(findState(e).matches).toHaveLength(4);
  });
});

describe('replace', () => {
  it('replaces the current match, keeping its marks, and moves on', () => {
    const e = make();
    setFindQuery(e, { text: '记者', matchCase: false, wholeWord: false });
    replaceCurrent(e, '编辑');
    expect(e.state.doc.firstChild?.textContent).toBe('本报编辑林小雨报道：记者节。');
    // The match spanned plain and bold; a replacement of the same length keeps that, character by character.
    expect(e.state.doc.firstChild?.child(1).text).toBe('辑林小雨');
    const state = findState(e);
    expect(state.matches).toHaveLength(2);
    expect(state.current).toBe(0);
    expect(e.state.doc.textBetween(state.matches[0]!.from, state.matches[0]!.to)).toBe('记者');
  });

  it('replaces all in one transaction that one undo takes back', () => {
    const e = make();
    e.commands.insertContentAt(e.state.doc.content.size - 1, ' typed before');
    const before = e.getJSON();
    setFindQuery(e, { text: '记者', matchCase: false, wholeWord: false });
    let transactions = 0;
    e.on('transaction', ({ transaction }) => {
      if (transaction.docChanged) transactions++;
    });
    expect(replaceAll(e, '编辑')).toBe(3);
    expect(transactions).toBe(1);
    expect(e.getText()).not.toMatch(/记者/);
    expect(e.getText()).toContain('编辑节');
    expect(e.getText()).toContain('编辑手记');
    e.commands.undo();
    expect(e.getJSON()).toEqual(before);
  });

  it('keeps a mark that covers the whole match, and drops one that covered part of a longer match', () => {
    const e = make();
    setFindQuery(e, { text: '林小雨', matchCase: false, wholeWord: false });
    replaceAll(e, '周明远');
    const node = e.state.doc.firstChild?.child(1);
    expect(node?.text).toBe('者周明远');
    expect(node?.marks.map((m) => m.type.name)).toEqual(['bold']);
    setFindQuery(e, { text: '本报记者', matchCase: false, wholeWord: false });
    replaceAll(e, '本报特约记者');
    expect(e.state.doc.firstChild?.firstChild?.text).toBe('本报特约记者');
    expect(e.state.doc.firstChild?.firstChild?.marks).toEqual([]);
  });

  it('works on a live editor built without the extension', () => {
    const e = make(false);
    ensureFindPlugin(e);
    ensureFindPlugin(e);
    setFindQuery(e, { text: 'said', matchCase: true, wholeWord: true });
    expect(findState(e).matches).toHaveLength(3);
    expect(replaceAll(e, 'told')).toBe(3);
    expect(e.state.doc.lastChild?.textContent).toBe('The AI told: told, SAID. Aid workers told so.');
  });

  it('finds nothing for an empty query', () => {
    const e = make();
    expect(findMatches(e.state.doc, { text: '', matchCase: false, wholeWord: false })).toEqual([]);
  });
});
