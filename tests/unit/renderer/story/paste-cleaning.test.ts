// @vitest-environment jsdom
import { Editor } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';
import { storyExtensions } from '../../../../shared/editor/extensions';
import { StoryBody } from '../../../../shared/model';
import { cleanPastedHtml, cleanPastedText } from '../../../../renderer/src/features/story/body/paste-cleaning';

/** What Word puts on the clipboard, trimmed: conditional comments, a style sheet, Mso classes, list bullets as text. */
const wordHtml = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta name=Generator content="Microsoft Word 15">
<!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:AllowPNG/></o:OfficeDocumentSettings></xml><![endif]-->
<style><!-- p.MsoNormal {mso-style-parent:""; margin:0cm; font-size:10.5pt;} --></style></head>
<body lang=ZH-CN style='tab-interval:21.0pt'><!--StartFragment-->
<h2 style='mso-outline-level:2'><span lang=EN-US>会议要求</span></h2>
<p class=MsoNormal style='text-indent:21.0pt;mso-char-indent-count:2.0'><span style='font-family:宋体;mso-ascii-font-family:Calibri'>\u3000\u3000市委书记陈立新昨天主持召开<b>数字经济</b>推进会。</span><o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>加快算力中心建设<o:p></o:p></p>
<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>2.<span>&nbsp;</span></span><![endif]>培育数据要素市场<o:p></o:p></p>
<p class=MsoNormal><span style='color:red;mso-bidi-font-weight:bold'>有关部门负责人参加会议。</span></p>
<!--EndFragment--></body></html>`;

// jsdom has no ClipboardEvent; ProseMirror only needs one to hand to the paste handlers.
if (typeof globalThis.ClipboardEvent === 'undefined') {
  globalThis.ClipboardEvent = class extends Event {
    readonly clipboardData = null;
  } as unknown as typeof ClipboardEvent;
}

let editor: Editor | null = null;
afterEach(() => {
  editor?.destroy();
  editor = null;
});

function pasteInto(paste: (e: Editor) => void): Editor {
  editor = new Editor({
    extensions: storyExtensions,
    content: '<p></p>',
    editorProps: { transformPastedHTML: cleanPastedHtml, transformPastedText: cleanPastedText },
  });
  paste(editor);
  return editor;
}

describe('pasting from Word', () => {
  it('keeps the text, the cross-head, bold and a real numbered list, and drops Word’s cruft', () => {
    const e = pasteInto((ed) => ed.view.pasteHTML(wordHtml));
    const doc = StoryBody.parse(e.getJSON());
    const types = doc.content?.map((n) => n.type);
    expect(types).toEqual(['crossHead', 'paragraph', 'orderedList', 'paragraph']);
    const text = e.getText({ blockSeparator: '\n' });
    expect(text).toContain('会议要求');
    // The hand-typed full-width indent is gone: the layout indents paragraphs itself.
    expect(text).toContain('\n市委书记陈立新昨天主持召开数字经济推进会。');
    expect(text).not.toMatch(/mso|MsoNormal|EndFragment|1\.\s|AllowPNG/);
    expect(e.getHTML()).toContain('<strong>数字经济</strong>');
    const list = doc.content?.[2];
    expect(list?.content?.map((item) => item.content?.[0]?.content?.[0]?.text)).toEqual([
      '加快算力中心建设',
      '培育数据要素市场',
    ]);
    // Nothing of Word's styling survives into the document.
    expect(JSON.stringify(doc)).not.toMatch(/color|font-family|lang/);
  });

  it('strips the clipboard cruft in the HTML itself', () => {
    const html = cleanPastedHtml(wordHtml);
    expect(html).not.toMatch(/<!--|<style|<xml|o:p|class="?Mso|mso-|supportLists/i);
  });
});

describe('pasting plain text', () => {
  it('makes paragraphs of blank-line separated blocks and joins wrapped lines', () => {
    const text =
      '本报讯 市委书记陈立新昨天\n主持召开推进会。\n\n　　会议要求加快建设\n长江口国际数据港。\n\nThe council said on\nTuesday it would act.';
    const e = pasteInto((ed) => ed.view.pasteText(text));
    expect(StoryBody.parse(e.getJSON()).content?.map((n) => n.content?.[0]?.text)).toEqual([
      '本报讯 市委书记陈立新昨天主持召开推进会。',
      '会议要求加快建设长江口国际数据港。',
      'The council said on Tuesday it would act.',
    ]);
  });

  it('keeps one paragraph per line when the text has no blank lines', () => {
    expect(cleanPastedText('第一段。\r\n第二段。\n')).toBe('第一段。\n第二段。');
  });
});
