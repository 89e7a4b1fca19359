import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMasthead } from '../../../helpers/cli';
import { tempDir } from '../../../helpers/temp';

/**
 * Issue 13, bad input: a 50 MB text without sentence punctuation got no answer in 300 s,
 * 2.5 MB took 16 s to be refused, and a long file was refused in zod's words ("Too big:
 * expected array to have <=20000 items"). Sizes are checked before parsing, and every
 * refusal says what is too large in the desk's words. (The vitest timeout is the only clock.)
 */
let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

const unpunctuated = (bytes: number) => '滨江图书馆今天起免费向市民开放读者排起长队'.repeat(Math.ceil(bytes / 63));

async function importDry(name: string, text: string) {
  const file = join(dir, name);
  await writeFile(file, text);
  return runMasthead('import', file, '--dry-run');
}

describe('importing an oversized text', () => {
  it('refuses 50 MB before parsing it, saying the limit', { timeout: 20_000 }, async () => {
    const run = await importDry('wire-dump.txt', unpunctuated(50 * 1024 * 1024));
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/wire-dump\.txt is larger than 30 MB/);
  });

  it('refuses 2.5 MB on one line by naming the paragraph that is too long', { timeout: 20_000 }, async () => {
    const run = await importDry('one-line.txt', unpunctuated(2.5 * 1024 * 1024));
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/the paragraph at line 1 holds [\d,]+ characters, more than one story paragraph can take/);
  });

  it('refuses a story of 30,000 paragraphs in words, not zod’s', { timeout: 20_000 }, async () => {
    const run = await importDry('long.txt', Array.from({ length: 30_000 }, (_, i) => `第${i}段。`).join('\n\n'));
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      /long\.txt holds a story of 30,000 paragraphs, more than one story can take \(at most 20,000\)/,
    );
    expect(run.err).not.toMatch(/Too big|expected array/);
  });
});
