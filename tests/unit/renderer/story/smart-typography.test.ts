// @vitest-environment jsdom
import { Editor } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';
import { storyExtensions } from '../../../../shared/editor/extensions';
import { SmartTypography, setSmartTypography } from '../../../../renderer/src/features/story/body/smart-typography';

let editor: Editor | null = null;
afterEach(() => {
  editor?.destroy();
  editor = null;
});

/** Types text one character at a time through the view's text-input path, as a keyboard does. */
function type(e: Editor, text: string): void {
  for (const ch of text) {
    const { from, to } = e.state.selection;
    const handled = e.view.someProp('handleTextInput', (f) => f(e.view, from, to, ch, () => e.state.tr));
    if (!handled) e.view.dispatch(e.state.tr.insertText(ch, from, to));
  }
}

const make = (enabled: boolean) => {
  editor = new Editor({
    extensions: [...storyExtensions, SmartTypography],
    content: { type: 'doc', content: [{ type: 'paragraph' }] },
  });
  setSmartTypography(editor, enabled);
  editor.commands.focus('end');
  return editor;
};

describe('smart typography as an English story is typed', () => {
  it('makes quotes curly by context, -- an em dash and ... an ellipsis', () => {
    const e = make(true);
    type(e, `"Don't," she said -- 'twice'... ("again")`);
    expect(e.state.doc.textContent).toBe('“Don’t,” she said — ‘twice’… (“again”)');
  });

  it('leaves typed characters alone when the setting is off', () => {
    const e = make(true);
    setSmartTypography(e, false);
    type(e, `"it's" -- ...`);
    expect(e.state.doc.textContent).toBe(`"it's" -- ...`);
  });

  it('gives the straight quote back on Backspace right after', () => {
    const e = make(true);
    type(e, 'say "');
    expect(e.state.doc.textContent).toBe('say “');
    e.commands.undoInputRule();
    expect(e.state.doc.textContent).toBe('say "');
  });
});
