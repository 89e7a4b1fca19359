import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library } from '../../../../electron/store/library';
import { isDrawable, undrawableCharacters } from '../../../../shared/text/glyph-coverage';
import { runMasthead } from '../../../helpers/cli';
import { sampleLibrary, tempDir } from '../../../helpers/temp';

describe('which characters the page can draw', () => {
  it('draws BMP text and the rare characters of Extensions B–F, not private use or what no face has', () => {
    expect(isDrawable('滨'.codePointAt(0)!)).toBe(true);
    expect(isDrawable(0x20000)).toBe(true); // 𠀀, Extension B
    expect(isDrawable(0x2a700)).toBe(true); // Extension C
    expect(isDrawable(0x2ceb0)).toBe(true); // Extension F
    expect(isDrawable(0x30041)).toBe(false); // 𰁁: Extension G, not in BabelStone Han
    expect(isDrawable(0xe000)).toBe(false);
    expect(undrawableCharacters('王𠀀\ue000𰁁\ue000。')).toEqual(['\ue000', '𰁁']);
  });
});

let dir: string;
let cleanup: () => Promise<void>;
let root: string;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('masthead-preflight-glyphs-'));
  root = join(dir, 'library');
});
afterEach(() => cleanup());

describe('preflight', () => {
  it(
    'reports characters no face can draw (story, block, characters) and a story changed after approval',
    { timeout: 120_000 },
    async () => {
      const { library } = await Library.open(root, { seedFrom: sampleLibrary });
      const zh = await library.getStory('sample-zh-riverside-library');
      await library.saveStory({
        id: zh.id,
        baseRevision: zh.revision,
        changes: { byline: '记者 王𠀀 陈𰁁', headline: `${zh.headline}\ue000` },
      });
      let en = await library.getStory('sample-en-harbour-bridge');
      expect(en.status).toBe('approved');
      en = await library.saveStory({
        id: en.id,
        baseRevision: en.revision,
        changes: { dateline: 'PORT HADLEY, July 22' },
      });
      expect(en.status).toBe('edited');

      const check = await runMasthead('check', '--library', root, '--edition', '2026-07-23', '--json');
      const problems = (
        JSON.parse(check.out) as {
          report: { problems: { code: string; storyId: string; placementId: string; detail?: string }[] };
        }
      ).report.problems;
      const glyphs = problems.filter((p) => p.code === 'missing-glyph');
      expect(glyphs).toEqual([
        expect.objectContaining({ storyId: zh.id, detail: '\ue000 𰁁', placementId: expect.any(String) }),
      ]);
      expect(problems).toContainEqual(
        expect.objectContaining({ code: 'changed-after-approval', storyId: en.id, detail: 'edited' }),
      );
    },
  );
});
