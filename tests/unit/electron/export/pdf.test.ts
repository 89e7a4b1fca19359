import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportContext } from '../../../../electron/export/context';
import { pdfExporter } from '../../../../electron/export/pdf';
import type { ExportContext } from '../../../../electron/export/types';
import { tempDir } from '../../../helpers/temp';
import { SAMPLE_EDITION, exportLibrary } from './export-fixture';

const run = promisify(execFile);
const MM = 72 / 25.4;

/** Share of dark pixels on a page rendered to greyscale (pdftoppm): an empty page is all white. */
async function inkOn(pdf: string, page: number): Promise<number> {
  const { stdout } = await run('pdftoppm', ['-gray', '-r', '20', '-f', String(page), '-l', String(page), pdf], {
    encoding: 'buffer',
    maxBuffer: 32 * 1024 * 1024,
  });
  // Binary PGM: "P5\n<w> <h>\n255\n" then one byte a pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(stdout.subarray(0, 40).toString('latin1'))!;
  const pixels = stdout.subarray(header[0].length);
  let dark = 0;
  for (const byte of pixels) if (byte < 128) dark++;
  return dark / pixels.length;
}

describe('PDF export', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let ctx: ExportContext;
  let out: string;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir('masthead-pdf-'));
    const { library } = await exportLibrary(dir);
    ctx = { ...(await exportContext(library, SAMPLE_EDITION)), pdfPages: true };
    out = join(dir, 'pdf');
    await mkdir(out);
    await pdfExporter.write(ctx, out, new AbortController().signal, () => undefined);
  }, 120_000);
  afterAll(() => cleanup());

  it('prints every page at its template’s true size, with every headline in its text and fonts embedded', async () => {
    const validation = await pdfExporter.validate(ctx, out);
    expect(validation).toMatchObject({ ok: true, problems: [] });
    const pdf = join(out, 'edition.pdf');
    const { stdout: info } = await run('pdfinfo', ['-box', '-f', '1', '-l', '3', pdf]);
    expect(info).toMatch(/^Pages:\s+3$/m);
    // The trimmed page (TrimBox) is the paper; the sheet is larger by the bleed.
    const size = (n: number) => {
      const box = new RegExp(`^Page\\s+${n} TrimBox:\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)`, 'm')
        .exec(info)!
        .slice(1)
        .map(Number);
      return [null, box[2]! - box[0]!, box[3]! - box[1]!];
    };
    // Pages 1–2 on the Chinese broadsheet (390 × 545 mm), page 3 on the English tabloid (280 × 430 mm).
    expect(Number(size(1)[1]) / MM).toBeCloseTo(390, 0);
    expect(Number(size(1)[2]) / MM).toBeCloseTo(545, 0);
    expect(Number(size(3)[1]) / MM).toBeCloseTo(280, 0);
    expect(Number(size(3)[2]) / MM).toBeCloseTo(430, 0);
    const { stdout: text } = await run('pdftotext', ['-raw', pdf, '-']);
    const flat = text.replace(/\s+/g, '');
    for (const story of ctx.stories) expect(flat).toContain(story.headline.replace(/\s+/g, ''));
    expect(flat).toContain('第1版');
    expect(flat).toContain('改建后的滨江图书馆阅览大厅'); // the photo's caption, set in the body
    // An outline for the reader's sidebar, one entry a page.
    expect((await readFile(pdf)).includes('/Outlines')).toBe(true);
    // Something is printed on each page, not a blank sheet.
    for (const page of [1, 2, 3]) expect(await inkOn(pdf, page)).toBeGreaterThan(0.002);
  });

  it('writes one file per page when asked', async () => {
    // With the print report: the sample's photo is an RGB PNG.
    expect((await readdir(out)).sort()).toEqual([
      'edition.pdf',
      'page-01.pdf',
      'page-02.pdf',
      'page-03.pdf',
      'print-report.json',
    ]);
    const { stdout } = await run('pdfinfo', [join(out, 'page-03.pdf')]);
    expect(stdout).toMatch(/^Pages:\s+1$/m);
  });

  it('checks the file’s own structure where poppler is not installed', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const fallback = await pdfExporter.validate(ctx, out);
      expect(fallback).toMatchObject({ ok: true, validator: 'PDF structure (poppler not installed)' });
      const broken = join(dir, 'broken-structure');
      await mkdir(broken);
      await writeFile(join(broken, 'edition.pdf'), await readFile(join(out, 'page-02.pdf')));
      const refused = await pdfExporter.validate({ ...ctx, pdfPages: false }, broken);
      expect(refused.problems).toEqual([{ file: 'edition.pdf', message: 'has 1 pages; 3 expected' }]);
    } finally {
      process.env.PATH = path;
    }
  });

  it('refuses a PDF that lost a page or a headline, naming the file', async () => {
    const broken = join(dir, 'broken');
    await mkdir(broken);
    await writeFile(join(broken, 'edition.pdf'), await readFile(join(out, 'page-01.pdf')));
    const validation = await pdfExporter.validate({ ...ctx, pdfPages: false }, broken);
    expect(validation.ok).toBe(false);
    expect(validation.problems).toContainEqual({ file: 'edition.pdf', message: 'has 1 pages; the edition has 3' });
    expect(validation.problems.some((p) => /Harbour bridge/.test(p.message))).toBe(true);
  });
});
