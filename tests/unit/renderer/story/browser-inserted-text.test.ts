// @vitest-environment jsdom
import type { Editor } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';
import { setSmartTypography } from '../../../../renderer/src/features/story/body/smart-typography';
import { mountBodyEditor, unmountBodyEditors } from './body-editor-fixture';

/**
 * Text the browser inserts itself (Playwright's keyboard.type for Chinese characters, an IME's
 * commit) is read back by ProseMirror from the DOM, caret included. These tests make the DOM
 * changes Chromium made in the CI failure, in the same order, with a real TipTap editor.
 */

afterEach(unmountBodyEditors);
const make = mountBodyEditor;

/** ProseMirror reads DOM changes in its MutationObserver's callback: a microtask. */
const domRead = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The caret at the end, the editor focused (at once: TipTap's focus command waits for a frame). */
function focusAtEnd(e: Editor): void {
  e.view.dom.tabIndex = 0; // jsdom focuses only what it knows to be focusable
  e.commands.setTextSelection(e.state.doc.content.size - 1);
  e.view.focus();
}

function pressEnter(e: Editor): void {
  e.view.dom.dispatchEvent(
    new KeyboardEvent('keydown', { key: 'Enter', keyCode: 13, bubbles: true, cancelable: true }),
  );
}

/**
 * What Chromium did, typing into the empty paragraph after Enter (`<p><br></p>`, caret at
 * (p, 0)): a new, empty text node before the `<br>`, the character put into it, and the DOM
 * selection left at (p, 0), in front of the new text.
 */
function chromiumTypesIntoEmptyParagraph(paragraph: Element, text: string): void {
  const selection = document.getSelection()!;
  expect([selection.focusNode, selection.focusOffset]).toEqual([paragraph, 0]);
  expect(paragraph.firstChild?.nodeName).toBe('BR');
  const node = document.createTextNode('');
  paragraph.insertBefore(node, paragraph.firstChild);
  node.data = text;
  expect([selection.focusNode, selection.focusOffset]).toEqual([paragraph, 0]);
}

/** The browser typing at the DOM selection, as it does for the characters that follow. */
function browserTypes(text: string): void {
  const selection = document.getSelection()!;
  let node = selection.focusNode!;
  let offset = selection.focusOffset;
  if (node.nodeType !== Node.TEXT_NODE) {
    const created = document.createTextNode('');
    node.insertBefore(created, node.childNodes[offset] ?? null);
    node = created;
    offset = 0;
  }
  (node as Text).insertData(offset, text);
  selection.collapse(node, offset + text.length);
}

describe('text the browser inserts goes in where it was typed', () => {
  it('keeps the caret after the first character of a new paragraph when Chromium reports it before', async () => {
    const e = make('记者获悉。');
    focusAtEnd(e);
    expect(e.view.hasFocus()).toBe(true);
    pressEnter(e);
    expect(e.state.doc.childCount).toBe(2);
    const start = e.state.selection.from;

    chromiumTypesIntoEmptyParagraph(e.view.dom.children[1]!, '他');
    await domRead();
    for (const ch of '说这是好消息') {
      browserTypes(ch);
      await domRead();
    }
    // Before the fix: "说这是好消息他", as in CI.
    expect(e.state.doc.child(1).textContent).toBe('他说这是好消息');
    expect(e.view.dom.children[1]!.textContent).toBe('他说这是好消息');
    expect(e.state.selection.from).toBe(start + 7);
  });

  it('leaves the caret where the browser put it inside an IME composition', async () => {
    const e = make('记者');
    focusAtEnd(e);
    pressEnter(e);
    const start = e.state.selection.from;
    e.view.dom.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
    chromiumTypesIntoEmptyParagraph(e.view.dom.children[1]!, 'ta');
    await domRead();
    expect(e.state.doc.child(1).textContent).toBe('ta');
    expect(e.state.selection.from).toBe(start);
  });

  it('still runs the input rules on text the browser inserted', async () => {
    const e = make('He said ');
    setSmartTypography(e, true);
    focusAtEnd(e);
    browserTypes('"');
    await domRead();
    expect(e.state.doc.textContent).toBe('He said “');
    expect(e.state.selection.from).toBe(e.state.doc.content.size - 1);
  });
});
