import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExportResult } from '../../../../electron/export/export-edition';
import { runMasthead } from '../../../helpers/cli';
import { sampleLibrary, tempDir } from '../../../helpers/temp';
import { Library } from '../../../../electron/store/library';

let dir: string;
let cleanup: () => Promise<void>;
let root: string;
let out: string;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('masthead-cli-export-'));
  // The sample edition as the desk would send it: every placed story approved, every block fitting.
  await Library.open(join(dir, 'library'), { seedFrom: sampleLibrary });
  root = join(dir, 'library');
  out = join(dir, 'out');
});
afterEach(() => {
  delete process.env.MASTHEAD_EPUBCHECK;
  return cleanup();
});

/** `masthead export --edition E --library <root> --format F --out <out>` plus any further flags. */
const exportEdition = (edition: string, formats: string, ...more: string[]) =>
  runMasthead('export', '--edition', edition, '--library', root, '--format', formats, '--out', out, ...more);

describe('masthead export', () => {
  it('exports an edition by date into one folder, printing progress and a summary', { timeout: 180_000 }, async () => {
    const run = await exportEdition('2026-07-23', 'html,epub');
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/^html {4}writing$/m);
    expect(run.out).toMatch(/^epub {4}validating/m);
    expect(run.out).toMatch(/^exported to .*滨江日报-binjiang-daily-2026-07-23-\d{8}-\d{6}$/m);
    expect(run.out).toMatch(/^ {2}html {4}ok {6}\d+ file\(s\), .*validated by parse5/m);
    expect(run.out).toMatch(/^ {2}epub {4}ok {6}1 file\(s\), .*validated by epubcheck \d/m);
    const [folder] = await readdir(out);
    expect((await readdir(join(out, folder!))).sort()).toEqual(['epub', 'html', 'manifest.json']);
  });

  it('prints the manifest with --json and exits 1 when a format fails', async () => {
    process.env.MASTHEAD_EPUBCHECK = join(dir, 'no-epubcheck-here');
    const run = await exportEdition('sample-edition-2026-07-23', 'epub,html', '--json');
    expect(run.code).toBe(1);
    const result = JSON.parse(run.out) as ExportResult;
    expect(result.formats.html?.ok).toBe(true);
    expect(result.formats.epub?.ok).toBe(false);
    expect(result.formats.epub?.validation?.problems[0]?.message).toMatch(
      /EPUBCheck is not installed.*apt-get install epubcheck/,
    );
    const manifest = JSON.parse(await readFile(join(result.folder, 'manifest.json'), 'utf8')) as ExportResult;
    expect(manifest.formats.html?.files.length).toBe(result.formats.html?.files.length);
    expect(await readdir(result.folder)).toEqual(['html', 'manifest.json']);
  });

  it('refuses a wrong command line and an edition that is not there', async () => {
    expect((await runMasthead('export', '--library', root, '--out', out)).code).toBe(2);
    const bogus = await exportEdition('2026-07-23', 'html,gif');
    expect(bogus.code).toBe(2);
    expect(bogus.err).toMatch(/unknown format gif/);
    const missing = await exportEdition('1999-01-01', 'html');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no edition with the id or date 1999-01-01/);
  });

  it('refuses an edition whose preflight blocks export, writing nothing; --force exports and records each problem', async () => {
    // A story placed on page 1 is reopened for editing: preflight blocks the edition.
    const { library } = await Library.open(root);
    const story = await library.getStory('sample-zh-riverside-library');
    await library.saveStory({ id: story.id, baseRevision: story.revision, changes: { status: 'edited' } });

    const refused = await exportEdition('2026-07-23', 'txt');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/\d+ preflight problems? blocks? this export; nothing was written/);
    expect(refused.err).toMatch(/page 1, "滨江图书馆今起免费开放": placed but not approved \(status edited\)/);
    expect(refused.err).toMatch(/--force/);
    await expect(readdir(out)).rejects.toThrow(/ENOENT/);

    const forced = await exportEdition('2026-07-23', 'txt', '--force', '--json');
    expect(forced.code, forced.err).toBe(0);
    const result = JSON.parse(forced.out) as ExportResult;
    const manifest = JSON.parse(await readFile(join(result.folder, 'manifest.json'), 'utf8')) as ExportResult;
    expect(manifest.formats.txt?.ok).toBe(true);
    expect(manifest.preflightOverride?.by).toBe('masthead export --force');
    // Every problem the refusal listed, the reopened story's among them.
    const listed = refused.err.split('\n').filter((line) => /^ {2}page \d+/.test(line));
    expect(manifest.preflightOverride?.problems).toHaveLength(listed.length);
    expect(manifest.preflightOverride?.problems).toContainEqual(
      expect.objectContaining({ code: 'not-approved', pageNumber: 1, subject: '滨江图书馆今起免费开放' }),
    );
  });

  it('writes no override into the manifest of an edition that passes preflight', async () => {
    // The sample edition as a new user gets it passes preflight: no --force needed.
    const run = await exportEdition('2026-07-23', 'txt', '--json');
    expect(run.code, run.err).toBe(0);
    const manifest = JSON.parse(
      await readFile(join((JSON.parse(run.out) as ExportResult).folder, 'manifest.json'), 'utf8'),
    );
    expect(manifest).not.toHaveProperty('preflightOverride');
  });
});
