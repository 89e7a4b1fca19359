import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, sampleLibrary, tempDir } from '../../../helpers/temp';
import { Library } from '../../../../electron/store/library';

/**
 * The package's `masthead` bin as `npm run build` makes it (vite.node.config.ts), run with
 * plain node: not the tsx source the other CLI tests call. Built into its own folder under
 * out/, so the packages resolve from the repository's node_modules as they do for out/cli.
 */
const outDir = join(repoRoot, 'out', `cli-test-${process.pid}`);
const bin = join(outDir, 'masthead.js');
const samples = join(repoRoot, '..', 'shared', 'samples');

function masthead(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], { timeout: 120_000 }, (error, out, err) =>
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err }),
    );
  });
}

let dir: string;
let cleanup: () => Promise<void>;
let root: string;
beforeAll(async () => {
  await build({
    configFile: join(repoRoot, 'vite.node.config.ts'),
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true },
  });
  ({ dir, cleanup } = await tempDir('masthead-built-bin-'));
  root = join(dir, 'library');
  await Library.open(root, { seedFrom: sampleLibrary });
}, 60_000);
afterAll(async () => {
  await cleanup?.();
  await rm(outDir, { recursive: true, force: true });
});

describe('the built masthead bin', { timeout: 120_000 }, () => {
  it('prints its help, lists a library and previews an import', async () => {
    const help = await masthead('--help');
    expect(help.err).toBe('');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: masthead <command>/);
    expect(help.out).toMatch(/library init/);

    const list = await masthead('library', 'list', '--library', root, '--json');
    expect(list.code, list.err).toBe(0);
    expect(JSON.parse(list.out).stories).toHaveLength(4);

    const preview = await masthead('import', join(samples, 'zh-page.txt'), '--dry-run', '--json');
    expect(preview.code, preview.err).toBe(0);
    expect((JSON.parse(preview.out) as { stories: unknown[] }).stories.length).toBeGreaterThan(1);
  });

  it('sets up a library with the sample, makes an edition that check and export accept', async () => {
    const fresh = join(dir, 'fresh');
    expect((await masthead('library', 'init', '--library', fresh, '--sample')).code).toBe(0);
    const editions = JSON.parse((await masthead('edition', 'list', '--library', fresh, '--json')).out);
    expect(editions.editions.map((e: { id: string }) => e.id)).toEqual(['sample-edition-2026-07-23']);

    const made = await masthead(
      'edition',
      'new',
      '--library',
      fresh,
      '--date',
      '2026-08-03',
      '--publication',
      'River Post',
      '--pages',
      '2',
      '--section',
      'News',
      '--section',
      'Sport',
    );
    expect(made.code, made.err).toBe(0);
    const id = made.out.trim();
    const check = await masthead('check', '--library', fresh, '--edition', id);
    expect(check.code, check.out + check.err).toBe(0);
    expect(check.out).toMatch(/Ready for export/);
    const exported = await masthead('export', '--library', fresh, '--edition', id, '--out', join(dir, 'out'), '--json');
    expect(exported.code, exported.err).toBe(0);
    // Every format, so every validator's own files (schemas, JSON) load from the built bin.
    const result = JSON.parse(exported.out) as { formats: Record<string, { ok: boolean }> };
    expect(Object.entries(result.formats).map(([f, o]) => [f, o.ok])).toEqual(
      ['pdf', 'html', 'epub', 'ninjs', 'newsml', 'txt', 'docx'].map((f) => [f, true]),
    );
  });

  it('refuses an edition that preflight blocks, as the source CLI does', async () => {
    // The sample edition is ready as shipped; a placed story taken back from approved blocks it.
    const { library } = await Library.open(root);
    const story = await library.getStory('sample-zh-riverside-library');
    await library.saveStory({ id: story.id, baseRevision: story.revision, changes: { status: 'edited' } });
    const check = await masthead('check', '--library', root, '--edition', '2026-07-23');
    expect(check.code).toBe(1);
    expect(check.out).toMatch(/problems block export/);
    const refused = await masthead('export', '--library', root, '--edition', '2026-07-23', '--out', join(dir, 'x'));
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/blocks? this export; nothing was written/);
  });
});
