import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTextPage } from '../../../shared/import/text-page';
import type { ImportPart, ImportedStory } from '../../../shared/import/types';
import {
  type PreviewAction,
  type PreviewState,
  initialPreview,
  previewReducer,
  storyIssues,
  summarise,
  toCommit,
  warningOwner,
} from '../../../renderer/src/features/import/import-preview-state';

const samples = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'samples');

const part = (role: ImportPart['role'], text: string, line: number): ImportPart => ({ role, text, raw: text, line });

const run = (state: PreviewState, ...actions: PreviewAction[]): PreviewState => actions.reduce(previewReducer, state);

const load = (source: string, ...stories: ImportedStory[]): PreviewState =>
  previewReducer(initialPreview(), { type: 'add', source, stories });

/** Two stories that the parser ran together, with a warning on each half. */
const runTogether: ImportedStory = {
  language: 'zh-Hans',
  parts: [
    part('headline', '加快建设长江口国际数据港', 5),
    part('dateline', '本报讯', 7),
    part('paragraph', '市委书记陈立新昨天上午主持召开全市数字经济发展推进会。', 7),
    part('paragraph', '有关部门和各区负责人参加会议。', 19),
    part('paragraph', '首届长江口国际航运论坛开幕', 21),
    part('paragraph', '首届长江口国际航运论坛昨天在滨江国际会议中心开幕。', 23),
    part('unplaced', '（本版编辑 王芳）', 25),
  ],
  warnings: [
    {
      line: 7,
      code: 'fragment',
      message: 'dateline and first paragraph share a line',
      text: '市委书记陈立新昨天上午主持召开…',
    },
    {
      line: 21,
      code: 'ends-mid-sentence',
      message: 'the story ends mid-sentence: it may continue on another page',
      text: '首届长江口国际航运论坛开幕',
    },
    { line: 25, code: 'fragment', message: 'not placed', text: '（本版编辑 王芳）' },
  ],
};

describe('the import preview', () => {
  it('takes the stories of a file with the defaults and a stable key each', () => {
    const state = run(
      initialPreview(),
      { type: 'applyToAll', section: '要闻', status: 'submitted' },
      { type: 'add', source: 'page1.txt', stories: [runTogether, runTogether] },
    );
    expect(state.stories.map((s) => [s.key, s.source, s.section, s.status, s.include])).toEqual([
      ['s1', 'page1.txt', '要闻', 'submitted', true],
      ['s2', 'page1.txt', '要闻', 'submitted', true],
    ]);
  });

  it('splits a story: the parts from the split point on become a new story, with their warnings', () => {
    const before = load('paste', runTogether);
    const after = previewReducer(before, { type: 'split', story: 's1', part: 4 });
    expect(after.stories).toHaveLength(2);
    const [first, second] = after.stories;
    expect(first!.parts.map((p) => p.line)).toEqual([5, 7, 7, 19]);
    expect(second!.parts.map((p) => p.text)).toEqual([
      '首届长江口国际航运论坛开幕',
      '首届长江口国际航运论坛昨天在滨江国际会议中心开幕。',
      '（本版编辑 王芳）',
    ]);
    expect(first!.warnings.map((w) => w.line)).toEqual([7]);
    expect(second!.warnings.map((w) => w.line)).toEqual([21, 25]);
    expect(second!.key).not.toBe(first!.key);
    expect([second!.source, second!.language, second!.include]).toEqual(['paste', 'zh-Hans', true]);
    // The original is untouched: the reducer is pure.
    expect(before.stories[0]!.parts).toHaveLength(7);
  });

  it('does not split at the first part or past the end', () => {
    const state = load('paste', runTogether);
    expect(previewReducer(state, { type: 'split', story: 's1', part: 0 })).toBe(state);
    expect(previewReducer(state, { type: 'split', story: 's1', part: 7 })).toBe(state);
    expect(previewReducer(state, { type: 'split', story: 'nope', part: 2 })).toBe(state);
  });

  it('sends a warning to the part it quotes when two parts start on its line', () => {
    const parts = runTogether.parts;
    expect(warningOwner(runTogether.warnings[0]!, parts)).toBe(2);
    expect(warningOwner({ line: 7, code: 'fragment', message: 'about the dateline', text: '本报讯' }, parts)).toBe(1);
    expect(
      warningOwner({ line: 20, code: 'fragment', message: 'inside the paragraph from line 19', text: '' }, parts),
    ).toBe(3);
    expect(
      warningOwner({ line: 0, code: 'encoding-guessed', message: 'about the file', text: 'paste.txt' }, parts),
    ).toBe(0);
  });

  it('merges a story with the previous one: parts and warnings concatenated in order', () => {
    const split = run(load('paste', runTogether), { type: 'split', story: 's1', part: 4 });
    const merged = previewReducer(split, { type: 'mergeWithPrevious', story: split.stories[1]!.key });
    expect(merged.stories).toHaveLength(1);
    expect(merged.stories[0]!.parts).toEqual(runTogether.parts);
    expect(merged.stories[0]!.warnings).toEqual(runTogether.warnings);
    expect(merged.stories[0]!.key).toBe('s1');
    // The first story has nothing before it.
    expect(previewReducer(merged, { type: 'mergeWithPrevious', story: 's1' })).toBe(merged);
  });

  it('keeps both sources when stories from two files are merged', () => {
    const state = run(load('a.txt', runTogether), { type: 'add', source: 'b.docx', stories: [runTogether] });
    const merged = previewReducer(state, { type: 'mergeWithPrevious', story: 's2' });
    expect(merged.stories[0]!.source).toBe('a.txt + b.docx');
  });

  it('shows a role change in the summary the CLI would print', () => {
    const split = run(load('paste', runTogether), { type: 'split', story: 's1', part: 4 });
    const key = split.stories[1]!.key;
    expect(summarise(split.stories[1]!).headline).toBeNull();
    const fixed = run(
      split,
      { type: 'setRole', story: key, part: 0, role: 'headline' },
      { type: 'setRole', story: key, part: 2, role: 'byline' },
    );
    const summary = summarise(fixed.stories[1]!);
    expect(summary.headline).toBe('首届长江口国际航运论坛开幕');
    expect(summary.byline).toBe('（本版编辑 王芳）');
    expect(summary.body).toEqual([{ type: 'paragraph', text: '首届长江口国际航运论坛昨天在滨江国际会议中心开幕。' }]);
    // A caption without an image cannot become a photo.
    expect(previewReducer(fixed, { type: 'setRole', story: key, part: 1, role: 'photo' })).toBe(fixed);
  });

  it('toggles inclusion and sets section and status per story or for all', () => {
    const state = run(
      load('paste', runTogether, runTogether),
      { type: 'toggleInclude', story: 's2' },
      { type: 'setSection', story: 's1', section: '经济\n版' },
      { type: 'setStatus', story: 's1', status: 'edited' },
    );
    expect(state.stories.map((s) => [s.include, s.section, s.status])).toEqual([
      [true, '经济 版', 'edited'],
      [false, '', 'draft'],
    ]);
    const all = previewReducer(state, { type: 'applyToAll', section: '要闻', status: 'submitted' });
    expect(all.stories.map((s) => [s.section, s.status])).toEqual([
      ['要闻', 'submitted'],
      ['要闻', 'submitted'],
    ]);
    expect(all.defaults).toEqual({ section: '要闻', status: 'submitted' });
    expect(previewReducer(all, { type: 'applyToAll', status: 'draft' }).stories[0]!.section).toBe('要闻');
    expect(toCommit(all.stories[1]!)).toEqual({
      language: 'zh-Hans',
      parts: runTogether.parts,
      warnings: runTogether.warnings,
      section: '要闻',
      status: 'submitted',
      source: 'paste',
    });
  });

  it('removes saved stories and clears', () => {
    const state = load('paste', runTogether, runTogether);
    expect(previewReducer(state, { type: 'remove', stories: ['s1'] }).stories.map((s) => s.key)).toEqual(['s2']);
    expect(previewReducer(state, { type: 'clear' }).stories).toEqual([]);
  });

  it('flags what the host would refuse or leave out', () => {
    expect(storyIssues(runTogether)).toEqual([]);
    const long = '长'.repeat(301);
    const issues = storyIssues({
      parts: [part('headline', long, 1), part('headline', '第二个主题', 2), part('paragraph', '正文。', 3)],
    });
    expect(issues).toEqual([
      { kind: 'tooLong', field: 'headline', length: 301, max: 300 },
      { kind: 'dropped', role: 'headline', count: 1, text: '第二个主题' },
    ]);
    expect(storyIssues({ parts: [part('paragraph', '只有正文。', 1)] })).toEqual([{ kind: 'noHeadline' }]);
  });

  it('repairs the Chinese sample page run together, to the three stories it holds', async () => {
    const page = await readFile(join(samples, 'zh-page.txt'), 'utf8');
    const expected = JSON.parse(await readFile(join(samples, 'zh-page.expected.json'), 'utf8')) as {
      stories: { kicker: string | null; headline: string }[];
    };
    // The third story's head on two lines of its own, one blank line above, no dateline:
    // the importer reads them as cross-heads of the second story.
    const pasted = page.replace(/\n{3,}让群众在家门口享受优质公共服务 /u, '\n\n让群众在家门口享受优质公共服务\n\n');
    let state = load('paste', ...importTextPage(pasted).stories);
    expect(state.stories).toHaveLength(2);
    const second = state.stories[1]!;
    const stray = second.parts.findIndex((p) => p.text === '让群众在家门口享受优质公共服务');
    expect(stray).toBeGreaterThan(0);
    state = previewReducer(state, { type: 'split', story: second.key, part: stray });
    const third = state.stories[2]!;
    state = run(
      state,
      { type: 'setRole', story: third.key, part: 0, role: 'kicker' },
      { type: 'setRole', story: third.key, part: 1, role: 'headline' },
    );
    const summaries = state.stories.map(summarise);
    expect(summaries.map((s) => [s.kicker, s.headline])).toEqual(expected.stories.map((s) => [s.kicker, s.headline]));
  });
});
