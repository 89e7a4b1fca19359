import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTextPage } from '../../../../shared/import/text-page';
import type { ImportPart, ImportedStory } from '../../../../shared/import/types';
import {
  type PreviewAction,
  type PreviewState,
  initialPreview,
  previewReducer,
  storyIssues,
  summarise,
  toCommit,
  warningOwner,
} from '../../../../renderer/src/features/import/import-preview-state';

const samples = join(import.meta.dirname, '..', '..', '..', '..', '..', 'shared', 'samples');

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

  it('repairs a story whose one-line head the importer could not tell from a cross-head', async () => {
    const page = await readFile(join(samples, 'zh-page.txt'), 'utf8');
    // The third story's head cut down to one short line, one blank line above, no dateline:
    // nothing tells it from a cross-head of the second story, so the importer keeps it as
    // body text and asks. The editor makes it a story of its own, with a headline.
    const pasted = page.replace(
      /\n{3,}让群众在家门口享受优质公共服务 滨江“十五分钟社区生活圈”建设全面提速/u,
      '\n\n社区生活圈建设提速',
    );
    let state = load('paste', ...importTextPage(pasted).stories);
    expect(state.stories).toHaveLength(2);
    const second = state.stories[1]!;
    const stray = second.parts.findIndex((p) => p.text === '社区生活圈建设提速');
    expect(stray).toBeGreaterThan(0);
    expect(second.parts[stray]!.role).toBe('paragraph');
    expect(second.warnings.map((w) => w.code)).toContain('crosshead-or-paragraph');
    state = previewReducer(state, { type: 'split', story: second.key, part: stray });
    const third = state.stories[2]!;
    state = run(state, { type: 'setRole', story: third.key, part: 0, role: 'headline' });
    const summaries = state.stories.map(summarise);
    expect(summaries.map((s) => s.headline)).toEqual([
      '加快建设长江口国际数据港',
      '首届长江口国际航运论坛开幕,市长周明远会见与会嘉宾代表',
      '社区生活圈建设提速',
    ]);
    expect(summaries[2]!.body[0]!.text).toMatch(/^“小区门口新开了老年助餐点/u);
  });

  it('splits a line at the caret: a head glued to its paragraph comes apart, each half with its role', () => {
    const glued: ImportedStory = {
      language: 'zh-Hans',
      parts: [
        {
          role: 'paragraph',
          text: '滨江图书馆今起免费开放新馆建筑面积约两万平方米。',
          raw: '滨江图书馆今起免费开放\n新馆建筑面积约两万平方米。',
          line: 3,
        },
      ],
      warnings: [],
    };
    let state = load('paste', glued);
    const key = state.stories[0]!.key;
    state = previewReducer(state, { type: 'splitPart', story: key, part: 0, at: '滨江图书馆今起免费开放'.length });
    expect(state.stories[0]!.parts).toEqual([
      { role: 'headline', text: '滨江图书馆今起免费开放', raw: '滨江图书馆今起免费开放\n', line: 3 },
      { role: 'paragraph', text: '新馆建筑面积约两万平方米。', raw: '新馆建筑面积约两万平方米。', line: 4 },
    ]);
    expect(summarise(state.stories[0]!).headline).toBe('滨江图书馆今起免费开放');
    // At either end there is nothing to split.
    expect(run(state, { type: 'splitPart', story: key, part: 1, at: 0 })).toBe(state);
    expect(run(state, { type: 'splitPart', story: key, part: 1, at: 13 })).toBe(state);
  });

  it('merges a line with the next: the halves of a paragraph become one, English with a space', () => {
    const halves: ImportedStory = {
      language: 'en',
      parts: [
        part('headline', 'Bridge plan approved', 1),
        part('crosshead', 'The money will come from state and federal', 3),
        part('paragraph', 'grants, officials said.', 5),
      ],
      warnings: [],
    };
    let state = load('paste', halves);
    const key = state.stories[0]!.key;
    state = previewReducer(state, { type: 'mergePartWithNext', story: key, part: 1 });
    expect(state.stories[0]!.parts).toEqual([
      part('headline', 'Bridge plan approved', 1),
      {
        role: 'paragraph',
        text: 'The money will come from state and federal grants, officials said.',
        raw: 'The money will come from state and federal\ngrants, officials said.',
        line: 3,
      },
    ]);
    // The last line has nothing to merge with.
    expect(run(state, { type: 'mergePartWithNext', story: key, part: 1 })).toBe(state);
  });

  it('answers "cross-head or broken paragraph?" in one click, either way, and the question goes', async () => {
    const page = [
      '港口新闻',
      '',
      '本报讯 港务集团表示,下半年将继续扩大航线网络。会上,港务集团、海关和',
      '',
      '边检等单位负责人作了发言。',
      '',
      '滨江港集装箱码头三期工程',
      '',
      '昨天开工,预计明年建成。',
    ].join('\n');
    const [story] = importTextPage(page).stories;
    const flagged = story!.parts.findIndex((p) => p.text === '滨江港集装箱码头三期工程');
    expect(story!.parts[flagged]!.role).toBe('paragraph');
    expect(story!.warnings.map((w) => w.code)).toEqual(['crosshead-or-paragraph']);
    const state = load('paste', story!);
    const key = state.stories[0]!.key;

    const asCrosshead = previewReducer(state, {
      type: 'resolveCrosshead',
      story: key,
      part: flagged,
      choice: 'crosshead',
    });
    expect(summarise(asCrosshead.stories[0]!).body.map((b) => b.type)).toEqual(['paragraph', 'crosshead', 'paragraph']);
    expect(asCrosshead.stories[0]!.warnings).toEqual([]);

    const joined = previewReducer(state, { type: 'resolveCrosshead', story: key, part: flagged, choice: 'join' });
    expect(summarise(joined.stories[0]!).body.map((b) => b.text)).toEqual([
      '港务集团表示,下半年将继续扩大航线网络。会上,港务集团、海关和边检等单位负责人作了发言。',
      '滨江港集装箱码头三期工程昨天开工,预计明年建成。',
    ]);
    expect(joined.stories[0]!.warnings).toEqual([]);
  });
});
