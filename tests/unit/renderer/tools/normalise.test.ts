// @vitest-environment jsdom
import { Editor } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';
import { storyExtensions } from '../../../../shared/editor/extensions';
import type { StoryBody } from '../../../../shared/model';
import { findPunctuationFixes } from '../../../../shared/text/normalise';
import {
  applyDocConversion,
  changedCharacters,
  loadConverter,
  planDocConversion,
  textEdits,
} from '../../../../renderer/src/features/tools/convert-script';
import { applyDocFixes, contextOf, findDocFixes } from '../../../../renderer/src/features/tools/normalise-doc';
import { textRuns } from '../../../../renderer/src/features/tools/text-runs';

const text = (value: string, marks?: { type: string }[]) => ({
  type: 'text',
  text: value,
  ...(marks ? { marks } : {}),
});

const body: StoryBody = {
  type: 'doc',
  content: [
    {
      type: 'paragraph',
      content: [text('记者从市港务局获悉,今年上半年'), text('外贸', [{ type: 'bold' }]), text('增长(同比)!')],
    },
    { type: 'crossHead', content: [text('新航线:开通')] },
    {
      type: 'editorsNote',
      content: [
        { type: 'paragraph', content: [text('他说"好"'), { type: 'hardBreak' }, text('第二行,继续ＡＢＣ１２３')] },
      ],
    },
    { type: 'paragraph', content: [text('Prices rose 1,200 points, analysts said.')] },
  ],
};

let editor: Editor | null = null;
const make = (content: StoryBody = body) => {
  editor = new Editor({ extensions: storyExtensions, content });
  return editor;
};
afterEach(() => {
  editor?.destroy();
  editor = null;
});

describe('text runs', () => {
  it('map each textblock offset to its document position', () => {
    const e = make();
    for (const run of textRuns(e.state.doc)) {
      for (let i = 0; i < run.text.length; i++) {
        const ch = run.text[i]!;
        if (ch === '\ufffc') expect(e.state.doc.nodeAt(run.pos + i)?.type.name).toBe('hardBreak');
        else expect(e.state.doc.textBetween(run.pos + i, run.pos + i + 1)).toBe(ch);
      }
    }
    expect(textRuns(e.state.doc).map((r) => r.text)).toEqual([
      '记者从市港务局获悉,今年上半年外贸增长(同比)!',
      '新航线:开通',
      '他说"好"\ufffc第二行,继续ＡＢＣ１２３',
      'Prices rose 1,200 points, analysts said.',
    ]);
  });
});

describe('normalise punctuation in the document', () => {
  it('places each fix of a block at the right document position, with context', () => {
    const e = make();
    const fixes = findDocFixes(e.state.doc);
    for (const f of fixes) expect(e.state.doc.textBetween(f.from, f.to)).toBe(f.fix.from);
    const comma = fixes.find((f) => f.fix.from === ',' && f.before.endsWith('获悉'));
    expect(comma).toMatchObject({ before: '…者从市港务局获悉', after: '今年上半年外贸增…' });
    // English copy keeps its half-width marks.
    expect(fixes.filter((f) => f.from > e.state.doc.content.size - 45)).toEqual([]);
    expect(fixes.map((f) => f.fix.to).sort()).toEqual(
      ['，', '（', '）', '！', '：', '“', '”', '，', 'A', 'B', 'C', '1', '2', '3'].sort(),
    );
  });

  it('applies the chosen fixes in one transaction, keeps marks, and one undo takes them back', () => {
    const e = make();
    const before = e.getJSON();
    const fixes = findDocFixes(e.state.doc);
    const chosen = fixes.filter((f) => f.fix.to !== '！');
    let transactions = 0;
    e.on('transaction', ({ transaction }) => {
      if (transaction.docChanged) transactions++;
    });
    const tr = e.state.tr;
    expect(applyDocFixes(tr, chosen)).toBe(chosen.length);
    e.view.dispatch(tr);
    expect(transactions).toBe(1);
    expect(textRuns(e.state.doc).map((r) => r.text)).toEqual([
      '记者从市港务局获悉，今年上半年外贸增长（同比）!',
      '新航线：开通',
      '他说“好”\ufffc第二行，继续ABC123',
      'Prices rose 1,200 points, analysts said.',
    ]);
    const bold = e.state.doc.firstChild?.child(1);
    expect([bold?.text, bold?.marks.map((m) => m.type.name)]).toEqual(['外贸', ['bold']]);
    expect(e.state.doc.child(2).firstChild?.childCount).toBe(3); // text, hard break, text
    e.commands.undo();
    expect(e.getJSON()).toEqual(before);
  });

  it('skips a fix whose text has changed since the review', () => {
    const e = make();
    const [first] = findDocFixes(e.state.doc);
    e.commands.insertContentAt(first!.from, 'X');
    const tr = e.state.tr;
    expect(applyDocFixes(tr, [first!])).toBe(0);
  });

  it('shows context cut at the block ends', () => {
    const sample = '一二三四五六七八九十甲乙丙丁,戊己庚辛壬癸子丑';
    const [fix] = findPunctuationFixes(sample);
    expect(contextOf(sample, fix!.start, fix!.end)).toEqual({
      before: '…七八九十甲乙丙丁',
      after: '戊己庚辛壬癸子丑',
    });
  });
});

describe('simplified ↔ traditional', () => {
  it('finds the smallest edits, for equal lengths and for phrases that change length', () => {
    expect(textEdits('汉语文学', '漢語文學')).toEqual([
      { start: 0, end: 2, text: '漢語' },
      { start: 3, end: 4, text: '學' },
    ]);
    const edits = textEdits('插上U盘。', '插上隨身碟。');
    let applied = '插上U盘。';
    for (const e of [...edits].reverse()) applied = applied.slice(0, e.start) + e.text + applied.slice(e.end);
    expect(applied).toBe('插上隨身碟。');
    expect(changedCharacters('汉语文学', textEdits('汉语文学', '漢語文學'))).toBe(3);
  });

  it('converts the body with OpenCC in one transaction, keeping marks and hard breaks', async () => {
    const e = make({
      type: 'doc',
      content: [
        { type: 'paragraph', content: [text('汉语'), text('资讯', [{ type: 'bold' }]), text('发展')] },
        { type: 'paragraph', content: [text('鼠标'), { type: 'hardBreak' }, text('U盘')] },
        { type: 'paragraph', content: [text('Already fine.')] },
      ],
    });
    const convert = await loadConverter('twp');
    const plan = planDocConversion(e.state.doc, convert);
    expect(plan.changed).toBeGreaterThan(4);
    expect(plan.sample?.before).toBe('汉语资讯发展');
    const before = e.getJSON();
    const tr = e.state.tr;
    applyDocConversion(tr, plan);
    e.view.dispatch(tr);
    expect(textRuns(e.state.doc).map((r) => r.text)).toEqual(['漢語資訊發展', '滑鼠\ufffc隨身碟', 'Already fine.']);
    expect(e.state.doc.firstChild?.child(1).marks.map((m) => m.type.name)).toEqual(['bold']);
    e.commands.undo();
    expect(e.getJSON()).toEqual(before);

    const back = await loadConverter('cn');
    expect(back('漢語資訊發展')).toBe('汉语资讯发展');
  });
});
