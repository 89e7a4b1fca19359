// @vitest-environment jsdom
import type { Editor } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';
import { setSmartTypography } from '../../../../renderer/src/features/story/body/smart-typography';
import { mountBodyEditor, runsOf, unmountBodyEditors } from './body-editor-fixture';

afterEach(unmountBodyEditors);
const make = mountBodyEditor;

/** Presses keys as a keyboard does: keydown, then keypress for a character. Returns the keypresses not taken. */
function press(e: Editor, keys: string[]): number {
  let left = 0;
  for (const key of keys) {
    const init = { key, bubbles: true, cancelable: true };
    e.view.dom.dispatchEvent(new KeyboardEvent('keydown', init));
    const keypress = new KeyboardEvent('keypress', { ...init, charCode: key.length === 1 ? key.charCodeAt(0) : 13 });
    e.view.dom.dispatchEvent(keypress);
    // Not prevented: the browser would insert the character itself.
    if (!keypress.defaultPrevented) left++;
  }
  return left;
}

describe('typed characters go into the story as transactions', () => {
  it('inserts at the caret, replaces a selection, and leaves nothing for the browser to insert', () => {
    const e = make('记者获悉');
    e.commands.setTextSelection(3);
    expect(press(e, [...'从市政府'])).toBe(0);
    expect(e.state.doc.textContent).toBe('记者从市政府获悉');
    expect(e.state.selection.from).toBe(7);
    e.commands.setTextSelection({ from: 1, to: 3 });
    press(e, ['X']);
    expect(e.state.doc.textContent).toBe('X从市政府获悉');
  });

  it('types where the page caret is when a key just moved it and ProseMirror has not read it yet', () => {
    const e = make('记者获悉，港口');
    e.view.focus();
    e.commands.setTextSelection(8);
    // Home: the browser moves the caret; ProseMirror hears of it only with a later selectionchange.
    const start = e.view.domAtPos(1);
    document.getSelection()!.collapse(start.node, start.offset);
    expect(e.state.selection.from).toBe(8);
    expect(press(e, [...'AB'])).toBe(0);
    expect(e.state.doc.textContent).toBe('AB记者获悉，港口');
    expect(e.state.selection.from).toBe(3);
  });

  it('runs the input rules (smart typography) as typing does', () => {
    const e = make('');
    setSmartTypography(e, true);
    e.commands.focus('end');
    press(e, [...'"Don\'t" -- ...']);
    expect(e.state.doc.textContent).toBe('“Don’t” — …');
  });

  it('follows the marks: bold turned on goes on, turned off stays off', () => {
    const e = make('see ');
    e.commands.setTextSelection(5);
    e.commands.toggleBold();
    press(e, ['b']);
    e.commands.unsetBold();
    press(e, ['z']);
    expect(runsOf(e)).toEqual([
      ['see ', ''],
      ['b', 'bold'],
      ['z', ''],
    ]);
  });

  it('turns a typed web address into a link once a space ends it, and not before', () => {
    const e = make('');
    e.commands.focus('end');
    press(e, [...'见 https://example.com']);
    const linked = () => {
      const found: string[] = [];
      e.state.doc.descendants((n) => {
        if (n.isText && n.marks.some((m) => m.type.name === 'link')) found.push(n.text ?? '');
      });
      return found;
    };
    expect(linked()).toEqual([]);
    press(e, [' ']);
    expect(linked()).toEqual(['https://example.com']);
    expect(e.state.doc.textContent).toBe('见 https://example.com ');
  });

  it('leaves Enter, named keys and an IME composition to ProseMirror and the browser', () => {
    const e = make('记者');
    e.commands.setTextSelection(3);
    press(e, ['Enter']);
    expect(e.state.doc.childCount).toBe(2);
    e.view.dom.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true }));
    expect(press(e, ['j'])).toBe(1);
    expect(e.state.doc.textContent).toBe('记者');
  });

  it('changes the page text in place, as the browser types: ranges on the rest of the paragraph stay on their words', () => {
    const e = make([
      { type: 'text', text: 'Port Hadley ' },
      { type: 'text', text: 'library', marks: [{ type: 'bold' }] },
      { type: 'text', text: ' opens' },
    ]);
    e.view.focus();
    const first = e.view.domAtPos(2).node as Text; // "Port Hadley "
    // What the browser keeps on a paragraph's text (spelling marks, a find highlight) is anchored
    // like a live range: on "Hadley", after the caret.
    const hadley = document.createRange();
    hadley.setStart(first, 5);
    hadley.setEnd(first, 11);
    e.commands.setTextSelection(5); // "Port|"
    expect(press(e, [...'s'])).toBe(0);
    expect(e.state.doc.textContent).toBe('Ports Hadley library opens');
    expect(e.view.dom.textContent).toBe('Ports Hadley library opens');
    expect(e.view.domAtPos(2).node).toBe(first);
    expect(hadley.toString()).toBe('Hadley');
    // At the edge of the bold word the character takes the marks ProseMirror gives it (none,
    // bold is not carried from the left here), and the page shows the state's runs.
    e.commands.setTextSelection(14); // before "library"
    press(e, ['x']);
    e.commands.setTextSelection(22); // after "library"
    press(e, ['y']);
    expect(runsOf(e)).toEqual([
      ['Ports Hadley x', ''],
      ['libraryy', 'bold'],
      [' opens', ''],
    ]);
    expect(e.view.dom.querySelector('strong')?.textContent).toBe('libraryy');
    expect(e.view.dom.textContent).toBe('Ports Hadley xlibraryy opens');
  });
});
