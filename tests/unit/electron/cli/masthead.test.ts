import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMasthead } from '../../../helpers/cli';
import { Library } from '../../../../electron/store/library';
import { sampleLibrary, snapshot, tempDir } from '../../../helpers/temp';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

const run = runMasthead;

describe('masthead library list', () => {
  it('lists the stories of a library as JSON, newest first', async () => {
    const { library } = await Library.open(dir, { seedFrom: sampleLibrary });
    await library.createStory({ language: 'zh-Hans', headline: '命令行新稿' });
    const result = await run('library', 'list', '--library', dir, '--json');
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.out) as { stories: { headline: string }[] };
    expect(parsed.stories).toHaveLength(5);
    expect(parsed.stories[0]!.headline).toBe('命令行新稿');
  });

  it('prints a readable table with Chinese and English headlines', async () => {
    await Library.open(dir, { seedFrom: sampleLibrary });
    const result = await run('library', 'list', '--library', dir);
    expect(result.code).toBe(0);
    expect(result.out).toContain('滨江图书馆今起免费开放');
    expect(result.out).toContain('Harbour bridge to close for six weekends of repairs');
    expect(result.out).toMatch(/4 stories$/);
  });

  it('fails clearly on a folder that is not a library, and creates nothing', async () => {
    await writeFile(join(dir, 'notes.txt'), 'x');
    const before = await snapshot(dir);
    const result = await run('library', 'list', '--library', join(dir, 'missing'));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/no Masthead library/);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('exits 2 with usage on an unknown command or option', async () => {
    expect((await run('library', 'burn')).code).toBe(2);
    const bad = await run('library', 'list', '--libary', dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/Usage: masthead/);
  });
});
