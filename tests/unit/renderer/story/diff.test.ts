import { describe, expect, it } from 'vitest';
import type { DocNode, StoryFields } from '../../../../shared/model';
import {
  bodyBlocks,
  cleanupSemantic,
  diffBody,
  diffStories,
  diffText,
  type Segment,
} from '../../../../renderer/src/features/history/story-diff';

const text = (value: string): DocNode => ({ type: 'text', text: value });
const p = (value: string): DocNode => ({ type: 'paragraph', content: [text(value)] });
const crossHead = (value: string): DocNode => ({ type: 'crossHead', content: [text(value)] });
const doc = (...content: DocNode[]) => ({ type: 'doc' as const, content });

const zhStory = (over: Partial<StoryFields> = {}): StoryFields => ({
  slug: '滨江图书馆',
  section: '要闻',
  status: 'draft',
  kicker: '老厂房变身城市书房',
  headline: '滨江图书馆今起免费开放',
  subheadline: '藏书四十万册',
  byline: '本报记者 林小雨',
  dateline: '本报讯',
  body: doc(p('新馆今天上午开放。'), p('读者排起长队。'), p('首批上架图书四十万册。'), p('周末全天开放。')),
  tags: [],
  targetLength: null,
  notes: '',
  language: 'zh-Hans',
  fit: null,
  ...over,
});

const enStory = (over: Partial<StoryFields> = {}): StoryFields => ({
  ...zhStory(),
  slug: 'bridge',
  section: 'Metro',
  kicker: '',
  headline: 'Harbour bridge to close for six weekends',
  subheadline: '',
  byline: 'By Maria Alvarez',
  dateline: 'PORT HADLEY —',
  body: doc(p('The bridge will close on Saturday.'), p('Ferries will run every ten minutes.')),
  language: 'en',
  ...over,
});

/** The older text (equal + deleted) and the newer text (equal + inserted) a diff implies. */
const sides = (segments: Segment[]) => ({
  before: segments
    .filter((s) => s.op !== 'insert')
    .map((s) => s.text)
    .join(''),
  after: segments
    .filter((s) => s.op !== 'delete')
    .map((s) => s.text)
    .join(''),
});

describe('inline text diff', () => {
  it('diffs Chinese by character: one changed character is one deletion and one insertion', () => {
    const segments = diffText('滨江图书馆今起免费开放', '滨江图书馆今起收费开放', 'zh-Hans');
    expect(segments).toEqual([
      { op: 'equal', text: '滨江图书馆今起' },
      { op: 'delete', text: '免' },
      { op: 'insert', text: '收' },
      { op: 'equal', text: '费开放' },
    ]);
  });

  it('diffs Chinese inserted in the middle of a sentence without touching the rest', () => {
    const segments = diffText('新馆今天开放。', '新馆今天上午正式开放。', 'zh-Hans');
    expect(segments).toEqual([
      { op: 'equal', text: '新馆今天' },
      { op: 'insert', text: '上午正式' },
      { op: 'equal', text: '开放。' },
    ]);
  });

  it('keeps a character outside the Basic Multilingual Plane whole', () => {
    // 𠀾 is CJK Extension B: two UTF-16 code units, one character.
    const segments = diffText('𠀾字', '𠀿字', 'zh-Hans');
    expect(segments).toEqual([
      { op: 'delete', text: '𠀾' },
      { op: 'insert', text: '𠀿' },
      { op: 'equal', text: '字' },
    ]);
  });

  it('diffs English by whole words with their spacing, not by letters', () => {
    const segments = diffText('Ferries will run every ten minutes.', 'Ferries will run every twenty minutes.', 'en');
    expect(segments).toEqual([
      { op: 'equal', text: 'Ferries will run every ' },
      { op: 'delete', text: 'ten' },
      { op: 'insert', text: 'twenty' },
      { op: 'equal', text: ' minutes.' },
    ]);
  });

  it('diffs a Chinese story by character even where the text has no spaces at all', () => {
    // A word diff would see the whole sentence as one "word" and replace all of it.
    const segments = diffText('图书馆工作日开放至晚上十点', '图书馆工作日开放至晚上九点', 'zh-Hans');
    expect(segments.filter((s) => s.op !== 'equal').map((s) => s.text)).toEqual(['十', '九']);
  });

  it('always describes both versions exactly', () => {
    const cases: [string, string, 'zh-Hans' | 'en'][] = [
      ['今天上午十点开馆', '昨天下午三点闭馆', 'zh-Hans'],
      ['', '全新段落', 'zh-Hans'],
      ['被删除的段落', '', 'zh-Hans'],
      ['The mayor said on Tuesday', 'The deputy mayor  said on Wednesday,', 'en'],
    ];
    for (const [before, after, language] of cases) {
      expect(sides(diffText(before, after, language))).toEqual({ before, after });
    }
  });

  it('folds a short kept run between two edits into one replaced phrase', () => {
    const raw: Segment[] = [
      { op: 'delete', text: '今' },
      { op: 'insert', text: '昨' },
      { op: 'equal', text: '天' },
      { op: 'delete', text: '上' },
      { op: 'insert', text: '下' },
      { op: 'equal', text: '午开馆' },
    ];
    expect(cleanupSemantic(raw)).toEqual([
      { op: 'delete', text: '今天上' },
      { op: 'insert', text: '昨天下' },
      { op: 'equal', text: '午开馆' },
    ]);
  });
});

describe('body diff', () => {
  it('reads blocks with their kind and skips empty paragraphs', () => {
    const blocks = bodyBlocks(doc(p('第一段。'), { type: 'paragraph' }, crossHead('夜间开放')));
    expect(blocks.map((b) => [b.kind, b.text])).toEqual([
      ['paragraph', '第一段。'],
      ['crossHead', '夜间开放'],
    ]);
  });

  it('collapses unchanged paragraphs into runs and diffs the changed one in place', () => {
    const before = doc(p('一。'), p('二。'), p('三。'), p('新馆今天开放。'), p('五。'));
    const after = doc(p('一。'), p('二。'), p('三。'), p('新馆明天开放。'), p('五。'));
    const items = diffBody(before, after, 'zh-Hans');
    expect(items.map((i) => i.change)).toEqual(['unchanged', 'changed', 'unchanged']);
    expect(items[0]).toMatchObject({
      change: 'unchanged',
      blocks: [{ text: '一。' }, { text: '二。' }, { text: '三。' }],
    });
    const changed = items[1]!;
    if (changed.change !== 'changed') throw new Error('expected a changed paragraph');
    expect(changed.segments).toEqual([
      { op: 'equal', text: '新馆' },
      { op: 'delete', text: '今' },
      { op: 'insert', text: '明' },
      { op: 'equal', text: '天开放。' },
    ]);
  });

  it('shows an added paragraph and a removed paragraph as whole blocks', () => {
    const before = doc(p('第一段。'), p('要删掉的第二段。'), p('第三段。'));
    const after = doc(p('第一段。'), p('第三段。'), p('新增的第四段。'));
    const items = diffBody(before, after, 'zh-Hans');
    expect(items).toEqual([
      { change: 'unchanged', blocks: [expect.objectContaining({ text: '第一段。' })] },
      { change: 'removed', block: expect.objectContaining({ text: '要删掉的第二段。' }) },
      { change: 'unchanged', blocks: [expect.objectContaining({ text: '第三段。' })] },
      { change: 'added', block: expect.objectContaining({ text: '新增的第四段。' }) },
    ]);
  });

  it('shows a paragraph replaced by an unrelated one as removed and added, not as confetti', () => {
    const items = diffBody(doc(p('ABC DEF GHI.')), doc(p('Something else entirely.')), 'en');
    expect(items.map((i) => i.change)).toEqual(['removed', 'added']);
  });

  it('shows a paragraph turned into a cross-head as a change of that block', () => {
    const items = diffBody(doc(p('夜间开放'), p('正文。')), doc(crossHead('夜间开放'), p('正文。')), 'zh-Hans');
    expect(items[0]).toMatchObject({
      change: 'changed',
      before: { kind: 'paragraph' },
      after: { kind: 'crossHead' },
      segments: [{ op: 'equal', text: '夜间开放' }],
    });
    expect(items[1]).toMatchObject({ change: 'unchanged' });
  });

  it('diffs English paragraphs by word', () => {
    const items = diffBody(
      doc(p('The bridge will close on Saturday.')),
      doc(p('The bridge will close on Sunday.')),
      'en',
    );
    expect(items).toEqual([
      expect.objectContaining({
        change: 'changed',
        segments: [
          { op: 'equal', text: 'The bridge will close on ' },
          { op: 'delete', text: 'Saturday' },
          { op: 'insert', text: 'Sunday' },
          { op: 'equal', text: '.' },
        ],
      }),
    ]);
  });
});

describe('story diff', () => {
  it('diffs the headline group field by field and the body, in Chinese by character', () => {
    const before = zhStory();
    const after = zhStory({
      headline: '滨江图书馆今起收费开放',
      subheadline: '',
      body: doc(p('新馆今天上午开放。'), p('读者排起长队。'), p('首批上架图书五十万册。'), p('周末全天开放。')),
    });
    const diff = diffStories(before, after);
    expect(diff.identical).toBe(false);
    expect(diff.language).toBe('zh-Hans');
    expect(Object.fromEntries(diff.fields.map((f) => [f.field, f.change]))).toEqual({
      kicker: 'unchanged',
      headline: 'changed',
      subheadline: 'removed',
      byline: 'unchanged',
      dateline: 'unchanged',
    });
    expect(diff.fields[1]!.segments.filter((s) => s.op !== 'equal')).toEqual([
      { op: 'delete', text: '免' },
      { op: 'insert', text: '收' },
    ]);
    expect(diff.body.map((i) => i.change)).toEqual(['unchanged', 'changed', 'unchanged']);
    expect(diff.body[0]).toMatchObject({ blocks: { length: 2 } });
    expect(diff.otherChanges).toEqual([]);
  });

  it('diffs an English story by word and lists the non-printing fields that changed', () => {
    const before = enStory();
    const after = enStory({
      headline: 'Harbour bridge to close for eight weekends',
      status: 'edited',
      tags: [{ kind: 'place', name: 'Port Hadley' }],
    });
    const diff = diffStories(before, after);
    expect(diff.fields.find((f) => f.field === 'headline')!.segments).toEqual([
      { op: 'equal', text: 'Harbour bridge to close for ' },
      { op: 'delete', text: 'six' },
      { op: 'insert', text: 'eight' },
      { op: 'equal', text: ' weekends' },
    ]);
    expect(diff.otherChanges).toEqual(['status', 'tags']);
    expect(diff.body).toHaveLength(1);
    expect(diff.body[0]).toMatchObject({ change: 'unchanged', blocks: { length: 2 } });
  });

  it('finds two equal versions identical, and a change of formatting only not identical', () => {
    expect(diffStories(zhStory(), zhStory()).identical).toBe(true);
    const bold = zhStory({
      body: doc(
        { type: 'paragraph', content: [{ type: 'text', text: '新馆今天上午开放。', marks: [{ type: 'bold' }] }] },
        p('读者排起长队。'),
        p('首批上架图书四十万册。'),
        p('周末全天开放。'),
      ),
    });
    const diff = diffStories(zhStory(), bold);
    expect(diff.identical).toBe(false);
    expect(diff.formattingChanged).toBe(true);
    expect(diff.body.map((i) => i.change)).toEqual(['unchanged']);
  });
});
