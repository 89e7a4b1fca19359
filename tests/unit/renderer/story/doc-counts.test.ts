// @vitest-environment jsdom
import { Editor } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';
import { storyExtensions } from '../../../../shared/editor/extensions';
import type { StoryBody } from '../../../../shared/model';
import { countStory } from '../../../../shared/text/count';
import { countDocument } from '../../../../renderer/src/features/story/measure/doc-counts';
import { bodyOf } from '../../../../renderer/src/features/story/saving/read-body';

let editor: Editor | null = null;
afterEach(() => {
  editor?.destroy();
  editor = null;
});

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });

/** Bodies with what counting is touchy about, at block edges above all. */
const BODIES: StoryBody[] = [
  { type: 'doc', content: [{ type: 'paragraph' }] },
  {
    type: 'doc',
    content: [
      paragraph('本报讯（记者 王建国）“数据交易所”今天揭牌，首批挂牌产品二十个。'),
      { type: 'paragraph' },
      paragraph('   '),
      { type: 'crossHead', content: [{ type: 'text', text: '小标题：市场反应' }] },
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'Ferries run every ten minutes, don’t they? 1,260 trips' },
          { type: 'hardBreak' },
          { type: 'text', text: 'a second line', marks: [{ type: 'bold' }] },
        ],
      },
      paragraph('👨‍👩‍👧 家庭𠀀 e\u0301 🇨🇳🇨'),
      paragraph('\u200d开头是连接符，结尾是旗帜的一半🇨'),
      { type: 'blockquote', content: [paragraph('引语——“好”。'), paragraph('second quoted paragraph.')] },
      {
        type: 'bulletList',
        content: [
          { type: 'listItem', content: [paragraph('一、要点')] },
          { type: 'listItem', content: [paragraph('two, points')] },
        ],
      },
    ],
  },
];

describe('counts read from the editor, paragraph by paragraph', () => {
  it.each(BODIES.map((body, i) => [i, body] as const))('equal countStory for body %i', (_i, body) => {
    editor = new Editor({ extensions: storyExtensions, content: body });
    const body2 = bodyOf(editor.state.doc);
    for (const language of ['zh-Hans', 'en'] as const) {
      expect(countDocument(editor.state.doc, language)).toEqual(countStory(body2, language));
    }
  });

  it('stay equal as a paragraph is typed into, and reuse the untouched paragraphs', () => {
    const paragraphs = Array.from({ length: 50 }, (_, i) =>
      paragraph(`第${i}段：记者从市政府获悉，今年上半年经济运行总体平稳。`),
    );
    editor = new Editor({ extensions: storyExtensions, content: { type: 'doc', content: paragraphs } });
    const before = bodyOf(editor.state.doc);
    const at = editor.state.doc.child(0).nodeSize + 5;
    editor.view.dispatch(editor.state.tr.insertText('新增文字，', at));
    const after = bodyOf(editor.state.doc);
    expect(countDocument(editor.state.doc, 'zh-Hans')).toEqual(countStory(after, 'zh-Hans'));
    expect(countDocument(editor.state.doc, 'zh-Hans').characters).toBe(countStory(before, 'zh-Hans').characters + 5);
    // The body as saved is the editor's JSON, block for block; unchanged blocks are the same objects.
    expect(after).toEqual(editor.getJSON());
    expect(after.content![0]).toBe(before.content![0]);
    expect(after.content![1]).not.toBe(before.content![1]);
    expect(bodyOf(editor.state.doc)).toBe(after);
  });
});
