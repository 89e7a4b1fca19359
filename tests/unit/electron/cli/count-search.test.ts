import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMasthead } from '../../../helpers/cli';
import { Library } from '../../../../electron/store/library';
import { sampleLibrary, tempDir } from '../../../helpers/temp';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

const run = runMasthead;

describe('masthead count', () => {
  it('counts a text file, one paragraph a line, as the editor does', async () => {
    const file = join(dir, 'copy.txt');
    // 9 Han characters and 。; 18 letters in 3 English words and a full stop; one blank line.
    await writeFile(file, '记者从港务集团获悉。\n\nHarbour traffic grew.\n');
    const result = await run('count', file, '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual({
      file,
      language: 'zh-Hans',
      counts: { characters: 29, han: 9, punctuation: 2, words: 3, paragraphs: 2, readingMinutes: 0.1 },
    });
  });

  it('takes an English file for English and reads it at the English rate', async () => {
    const file = join(dir, 'en.txt');
    await writeFile(file, `${'word '.repeat(460).trim()}\n`);
    const parsed = JSON.parse((await run('count', file, '--json')).out) as {
      language: string;
      counts: { words: number; readingMinutes: number };
    };
    expect(parsed.language).toBe('en');
    expect(parsed.counts).toMatchObject({ words: 460, readingMinutes: 2 });
  });

  it('counts a story of a library and prints a readable table', async () => {
    await Library.open(dir, { seedFrom: sampleLibrary });
    const json = await run('count', '--story', 'sample-zh-riverside-library', '--library', dir, '--json');
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.out) as {
      story: string;
      headline: string;
      language: string;
      counts: Record<string, number>;
    };
    expect(parsed).toMatchObject({
      story: 'sample-zh-riverside-library',
      headline: '滨江图书馆今起免费开放',
      language: 'zh-Hans',
    });
    // Four paragraphs and a cross-head; Chinese only, so every character is Han or punctuation.
    expect(parsed.counts.paragraphs).toBe(5);
    expect(parsed.counts.words).toBe(0);
    expect(parsed.counts.characters).toBe(parsed.counts.han! + parsed.counts.punctuation!);
    expect(parsed.counts.readingMinutes).toBe(Math.round((parsed.counts.characters! / 400) * 10) / 10);

    const text = await run('count', '--story', 'sample-zh-riverside-library', '--library', dir);
    expect(text.code).toBe(0);
    expect(text.out).toContain('滨江图书馆今起免费开放');
    expect(text.out).toMatch(new RegExp(`Han characters\\s+${parsed.counts.han}\\b`));
    expect(text.out).toMatch(/paragraphs\s+5\b/);
    expect(text.out).toMatch(/reading time\s+[\d.]+ min/);
  });

  it('fails clearly on a file it cannot read', async () => {
    const missing = await run('count', join(dir, 'missing.txt'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/Could not read .*missing\.txt/);
    await mkdir(join(dir, 'folder'));
    const folder = await run('count', join(dir, 'folder'));
    expect(folder.code).toBe(1);
    expect(folder.err).toMatch(/Could not read/);
  });

  it('fails on a story the library does not have', async () => {
    await Library.open(dir, { seedFrom: sampleLibrary });
    const result = await run('count', '--story', 'no-such-story', '--library', dir);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/no story no-such-story/);
  });

  it('exits 2 when the command line is wrong', async () => {
    const file = join(dir, 'a.txt');
    await writeFile(file, '一');
    for (const argv of [
      ['count'],
      ['count', file, '--story', 'x'],
      ['count', file, file],
      ['count', file, '--language', 'fr'],
      ['count', file, '--words'],
    ]) {
      const result = await run(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.err).toMatch(/Usage: masthead/);
    }
  });
});

describe('masthead search', () => {
  beforeEach(async () => {
    const { library } = await Library.open(dir, { seedFrom: sampleLibrary });
    await library.createStory({ language: 'zh-Hans', headline: '港务码头开放日' });
  });

  it('prints the matching stories as JSON, best first', async () => {
    const result = await run('search', '港务', '--library', dir, '--json');
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.out) as {
      matched: number;
      hits: { id: string; headline: string; score: number }[];
    };
    expect(parsed.matched).toBe(2);
    expect(parsed.hits.map((h) => h.headline)).toEqual(['港务码头开放日', '上半年港口集装箱吞吐量同比增长百分之八']);
    expect(parsed.hits[1]!.id).toBe('sample-zh-port-trade');
    expect(parsed.hits[0]!.score).toBeGreaterThan(parsed.hits[1]!.score);
  });

  it('prints a table of id, score and headline', async () => {
    const result = await run('search', 'harbour', 'bridge', '--library', dir);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^ID\s+SCORE\s+HEADLINE$/m);
    expect(result.out).toMatch(/^sample-en-harbour-bridge\s+\d+\.\d\d\s+Harbour bridge to close/m);
    expect(result.out).toMatch(/1 story matches$/);
  });

  it('says so when nothing matches, and that is not a failure', async () => {
    const result = await run('search', '火星探测', '--library', dir);
    expect(result.code).toBe(0);
    expect(result.out).toBe('no stories match “火星探测”');
  });

  it('fails on a folder that is not a library, and exits 2 without a query', async () => {
    const missing = await run('search', '港务', '--library', join(dir, 'nowhere'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no Masthead library/);
    expect((await run('search', '--library', dir)).code).toBe(2);
    expect((await run('search', '港务', '--limit', '0', '--library', dir)).code).toBe(2);
  });
});
