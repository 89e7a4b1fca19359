import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMasthead } from '../../../helpers/cli';
import { repoRoot, sampleLibrary, tempDir } from '../../../helpers/temp';
import { Library } from '../../../../electron/store/library';

/**
 * Issue 13, item 7: an export killed part way left a visible folder without manifest.json
 * (and .tmp-* folders in it). The export is written into a hidden working folder and renamed
 * into place at the end; the next export clears what a killed one left.
 */
let dir: string;
let cleanup: () => Promise<void>;
let root: string;
let out: string;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('masthead-export-kill-'));
  root = join(dir, 'library');
  await Library.open(root, { seedFrom: sampleLibrary });
  out = join(dir, 'out');
});
afterEach(() => cleanup());

const visible = async () => (await readdir(out).catch(() => [] as string[])).filter((n) => !n.startsWith('.'));

describe('an export killed part way', () => {
  it('leaves no visible export folder, and the next export clears its leftovers', { timeout: 180_000 }, async () => {
    const args = [
      'export',
      '--edition',
      '2026-07-23',
      '--library',
      root,
      '--format',
      'txt,pdf',
      '--out',
      out,
      '--force',
    ];
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'electron/cli/masthead.ts'), ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr.on('data', (c: Buffer) => (log += c.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    // Killed once the plain-text format is written and the PDF is still printing.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const names = await readdir(out).catch(() => [] as string[]);
      const work = names.find((n) => !['.', '..'].includes(n));
      const inside = work ? await readdir(join(out, work)).catch(() => [] as string[]) : [];
      if (inside.includes('txt') || inside.length > 0 || (await visible()).length > 0) break;
      if (Date.now() > deadline) throw new Error(`the export never started:\n${log}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    expect(await exited, log).toBe('SIGKILL');
    expect(await visible()).toEqual([]);
    expect((await readdir(out)).some((n) => n.startsWith('.masthead-export-'))).toBe(true);

    const again = await runMasthead(...args.map((a) => (a === 'txt,pdf' ? 'txt' : a)));
    expect(again.code, again.err).toBe(0);
    const names = await readdir(out);
    expect(names.filter((n) => n.startsWith('.'))).toEqual([]);
    expect(names).toHaveLength(1);
    expect((await readdir(join(out, names[0]!))).sort()).toEqual(['manifest.json', 'txt']);
  });
});
