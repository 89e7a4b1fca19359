import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMasthead } from '../../../helpers/cli';
import { Library } from '../../../../electron/store/library';
import { repoRoot, snapshot, tempDir } from '../../../helpers/temp';

const samples = join(repoRoot, '..', 'shared', 'samples');
let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

const run = runMasthead;

describe('masthead import', () => {
  it('prints the structure of both sample pages with --dry-run --json, and saves nothing', async () => {
    const library = join(dir, 'lib');
    await Library.open(library);
    const before = await snapshot(library);
    const result = await run(
      'import',
      join(samples, 'zh-page.txt'),
      join(samples, 'en-page.txt'),
      '--library',
      library,
      '--dry-run',
      '--json',
    );
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.out) as { stories: Record<string, unknown>[] };
    expect(parsed.stories).toHaveLength(5);
    expect(Object.keys(parsed.stories[0]!)).toEqual(
      expect.arrayContaining(['kicker', 'headline', 'subheadline', 'dateline', 'byline', 'jump', 'body', 'warnings']),
    );
    expect(parsed.stories[0]).toMatchObject({
      kicker: '滨江市召开数字经济发展推进会,部署下半年重点任务',
      subheadline: null,
      byline: null,
    });
    expect(parsed.stories[3]).toMatchObject({ jump: 'Continued on Page A6', dateline: 'PORT HADLEY' });
    expect(await snapshot(library)).toEqual(before);
  });

  it('imports into the library with section and status; a bad file fails alone', async () => {
    const library = join(dir, 'lib');
    await Library.open(library);
    await writeFile(join(dir, 'notes.pdf'), '%PDF-1.4');
    const result = await run(
      'import',
      join(samples, 'en-page.txt'),
      join(dir, 'notes.pdf'),
      join(dir, 'missing.txt'),
      '--library',
      library,
      '--section',
      'City',
      '--status',
      'submitted',
    );
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/notes.pdf: files of type .pdf cannot be imported/);
    expect(result.err).toMatch(/missing.txt: the file or folder does not exist/);
    expect(result.out).toMatch(/2 stories imported; 2 file\(s\) failed/);
    const { library: opened } = await Library.open(library);
    const stories = opened.listStories();
    expect(stories.map((s) => s.headline).sort()).toEqual([
      'COUNCIL VOTES TO REBUILD HARBOR BRIDGE',
      'Library extends weekend hours',
    ]);
    expect(stories.every((s) => s.section === 'City' && s.status === 'submitted')).toBe(true);
    expect(await readdir(join(library, 'stories'))).toHaveLength(2);
  });

  it('needs a file and a known status', async () => {
    expect((await run('import')).code).toBe(2);
    expect((await run('import', 'x.txt', '--status', 'printed', '--dry-run')).code).toBe(2);
  });
});
