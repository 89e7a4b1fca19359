// @vitest-environment jsdom
import { Editor } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';
import { storyExtensions } from '../../../../shared/editor/extensions';
import type { StoryBody } from '../../../../shared/model';
import { countOutsideBody, replaceEverywhere } from '../../../../renderer/src/features/tools/find-fields';
import { FindReplace, setFindQuery } from '../../../../renderer/src/features/tools/find-replace';
import type { HeadlineFields, TextField } from '../../../../renderer/src/features/tools/headline-fields';

const body: StoryBody = {
  type: 'doc',
  content: [
    { type: 'paragraph', content: [{ type: 'text', text: 'The AI said so. Aid workers said AI helps.' }] },
    {
      type: 'photoFigure',
      attrs: { asset: 'a'.repeat(64) + '.jpg', caption: 'An AI lab at night', credit: 'AI Press', alt: '' },
    },
  ],
};

let editor: Editor | null = null;
afterEach(() => {
  editor?.destroy();
  editor = null;
});

function storyFields(
  initial: Partial<Record<TextField, string>>,
): HeadlineFields & { values: Record<TextField, string> } {
  const values: Record<TextField, string> = {
    kicker: '',
    headline: '',
    subheadline: '',
    byline: '',
    dateline: '',
    notes: '',
    ...initial,
  };
  return { values, read: () => ({ ...values }), set: (field, value) => (values[field] = value) };
}

describe('find and replace across every text field', () => {
  it('counts matches per field and in photo captions, honouring whole word and case', () => {
    editor = new Editor({ extensions: [...storyExtensions, FindReplace], content: body });
    const fields = storyFields({
      kicker: 'AI week',
      headline: 'Said the AI',
      byline: 'By Aiden Shaw',
      dateline: 'PORT HADLEY, AI',
      notes: 'check ai figures',
    });
    const query = { text: 'AI', matchCase: false, wholeWord: true };
    expect(countOutsideBody(editor.state.doc, fields, query)).toEqual({
      kicker: 1,
      headline: 1,
      dateline: 1,
      notes: 1,
      captions: 2,
    });
    expect(countOutsideBody(editor.state.doc, fields, { ...query, matchCase: true })).toEqual({
      kicker: 1,
      headline: 1,
      dateline: 1,
      captions: 2,
    });
    // Without whole word, "Aid" and "Aiden" count too.
    expect(countOutsideBody(editor.state.doc, fields, { ...query, wholeWord: false }).byline).toBe(1);
  });

  it('replaces in the body, captions and fields; one undo takes the body and captions back', () => {
    editor = new Editor({ extensions: [...storyExtensions, FindReplace], content: body });
    const fields = storyFields({ headline: 'Said the AI', byline: '$& AI desk', subheadline: 'Aid' });
    setFindQuery(editor, { text: 'AI', matchCase: true, wholeWord: true });
    expect(replaceEverywhere(editor, fields, 'robot')).toBe(2 + 2 + 2);
    expect(editor.state.doc.textContent).toBe('The robot said so. Aid workers said robot helps.');
    const photo = editor.state.doc.child(1);
    expect(photo.attrs.caption).toBe('An robot lab at night');
    expect(photo.attrs.credit).toBe('robot Press');
    expect(fields.values).toMatchObject({ headline: 'Said the robot', byline: '$& robot desk', subheadline: 'Aid' });
    editor.commands.undo();
    expect(editor.state.doc.textContent).toContain('The AI said so');
    expect(editor.state.doc.child(1).attrs.caption).toBe('An AI lab at night');
  });

  it('takes a replacement with $ signs literally', () => {
    editor = new Editor({ extensions: [...storyExtensions, FindReplace], content: body });
    const fields = storyFields({ headline: '涨价 AI' });
    setFindQuery(editor, { text: 'AI', matchCase: true, wholeWord: false });
    replaceEverywhere(editor, fields, '$&$1');
    expect(fields.values.headline).toBe('涨价 $&$1');
  });
});
