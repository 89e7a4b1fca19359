import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ExportResult } from '../../../../electron/export/export-edition';
import { Library } from '../../../../electron/store/library';
import { runMasthead } from '../../../helpers/cli';
import { sampleLibrary, tempDir } from '../../../helpers/temp';

let dir: string;
let cleanup: () => Promise<void>;
let root: string;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('masthead-headline-less-'));
  root = join(dir, 'library');
  const { library } = await Library.open(root, { seedFrom: sampleLibrary });
  // The English story on page 3 loses its headline.
  const story = await library.getStory('sample-en-harbour-bridge');
  await library.saveStory({ id: story.id, baseRevision: story.revision, changes: { headline: '' } });
});
afterEach(() => cleanup());

it(
  'a story without a headline is a preflight problem, and TXT and DOCX still export it',
  { timeout: 120_000 },
  async () => {
    const check = await runMasthead('check', '--library', root, '--edition', '2026-07-23', '--json');
    const problems = (JSON.parse(check.out) as { report: { problems: { code: string; pageNumber: number }[] } }).report
      .problems;
    expect(problems).toContainEqual(expect.objectContaining({ code: 'empty-headline', pageNumber: 3 }));

    const run = await runMasthead(
      'export',
      '--library',
      root,
      '--edition',
      '2026-07-23',
      '--format',
      'txt,docx',
      '--out',
      join(dir, 'out'),
      '--force',
      '--json',
    );
    expect(run.code, run.out + run.err).toBe(0);
    const result = JSON.parse(run.out) as ExportResult;
    expect(result.formats.txt?.ok).toBe(true);
    expect(result.formats.docx?.ok).toBe(true);
    expect(result.formats.docx?.files).toHaveLength(4);
    expect(result.preflightOverride?.problems).toContainEqual(expect.objectContaining({ code: 'empty-headline' }));
    const text = await readFile(join(result.folder, 'txt', 'edition.txt'), 'utf8');
    // The story's body is there, with no empty line standing in for the headline.
    expect(text).toMatch(/harbour bridge/i);
    expect(text).toMatch(/滨江图书馆今起免费开放/);
  },
);
