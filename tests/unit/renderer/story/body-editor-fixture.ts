import { Editor } from '@tiptap/core';
import type { JSONContent } from '@tiptap/core';
import { storyExtensions } from '../../../../shared/editor/extensions';
import { SmartTypography } from '../../../../renderer/src/features/story/body/smart-typography';
import {
  insertTypedCharacter,
  keepCaretAfterInsertedText,
} from '../../../../renderer/src/features/story/body/typed-text';

const mounted: Editor[] = [];

/**
 * A story editor in the page (jsdom) with the body editor's own typing props (body-editor.tsx)
 * and smart typography (off until set), holding one paragraph: `text`, or the inline nodes given.
 * No scrolling to the caret: jsdom lays nothing out to measure it with.
 */
export function mountBodyEditor(paragraph: string | JSONContent[]): Editor {
  const element = document.createElement('div');
  document.body.append(element);
  const content = typeof paragraph === 'string' ? (paragraph ? [{ type: 'text', text: paragraph }] : []) : paragraph;
  const editor = new Editor({
    element,
    extensions: [...storyExtensions, SmartTypography],
    content: { type: 'doc', content: [{ type: 'paragraph', content }] },
    editorProps: {
      handleKeyPress: insertTypedCharacter,
      handleTextInput: keepCaretAfterInsertedText,
      handleScrollToSelection: () => true,
      // jsdom focuses only what it knows to be focusable.
      attributes: { tabindex: '0' },
    },
  });
  mounted.push(editor);
  return editor;
}

/** For afterEach: destroys the editors mounted and empties the page. */
export function unmountBodyEditors(): void {
  for (const editor of mounted.splice(0)) editor.destroy();
  document.body.replaceChildren();
}

/** The first paragraph's text runs with their marks' names: [text, 'bold,italic']. */
export function runsOf(editor: Editor): [string, string][] {
  const runs: [string, string][] = [];
  editor.state.doc.firstChild!.forEach((n) => runs.push([n.text ?? '', n.marks.map((m) => m.type.name).join()]));
  return runs;
}
