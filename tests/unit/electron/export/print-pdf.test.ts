import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportContext } from '../../../../electron/export/context';
import { pdfExporter } from '../../../../electron/export/pdf';
import { writePrintPdf } from '../../../../electron/export/print-pdf';
import { systemFonts } from '../../../../electron/layout/fonts';
import { EditionComposer } from '../../../../shared/compose/compose-edition';
import type { ExportContext } from '../../../../electron/export/types';
import { tempDir } from '../../../helpers/temp';
import { frontPageEdition, storiesFromSample } from '../../shared/compose/zh-fixture';
import { SAMPLE_EDITION, exportLibrary } from './export-fixture';

const run = promisify(execFile);
const MM = 72 / 25.4;

/** Checks a printing plant runs, with tools no one here wrote. */
async function printChecks(pdf: string) {
  const { stdout: fonts } = await run('pdffonts', [pdf]);
  const fontRows = fonts.split('\n').slice(2).filter(Boolean);
  const { stdout: boxes } = await run('pdfinfo', ['-box', '-f', '1', '-l', '99', pdf]);
  await run('qpdf', ['--check', pdf]); // exits non-zero on a damaged file
  const { stdout: ink } = await run('gs', ['-q', '-o', '-', '-sDEVICE=inkcov', pdf]);
  const inkRows = ink
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).slice(0, 4).map(Number));
  // -raw: the content stream's order, so a headline's lines stay together.
  const { stdout: text } = await run('pdftotext', ['-raw', '-enc', 'UTF-8', pdf, '-']);
  return { fontRows, boxes, inkRows, text };
}

/**
 * What a PDF/X preflight reads, from qpdf's JSON of every object (qpdf resolves references
 * and tells names from strings) and pdfinfo (poppler names the PDF/X subtype it recognises).
 */
async function pdfxFacts(pdf: string) {
  const { stdout } = await run('qpdf', ['--json=2', '--json-key=qpdf', pdf], { maxBuffer: 256 * 1024 * 1024 });
  const objects = (
    JSON.parse(stdout) as { qpdf: [unknown, Record<string, { value?: unknown; stream?: { dict: unknown } }>] }
  ).qpdf[1];
  const resolve = (value: unknown): unknown =>
    typeof value === 'string' && / R$/.test(value) ? objects[`obj:${value}`]?.value : value;
  const dict = (value: unknown) =>
    Object.fromEntries(Object.entries(resolve(value) as Record<string, unknown>).map(([k, v]) => [k, resolve(v)]));
  const trailer = objects.trailer!.value as Record<string, unknown>;
  const root = dict(trailer['/Root']);
  const { stdout: info } = await run('pdfinfo', ['-isodates', pdf]);
  const raw = (await readFile(pdf)).toString('utf8');
  return {
    info: dict(trailer['/Info']),
    id: trailer['/ID'] as string[] | undefined,
    intents: ((root['/OutputIntents'] as unknown[]) ?? []).map(dict),
    version: /^PDF version:\s+(\S+)/m.exec(info)?.[1],
    subtype: /^PDF subtype:\s+(.+)$/m.exec(info)?.[1]?.trim() ?? null,
    created: /^CreationDate:\s+(\S+)/m.exec(info)?.[1],
    xmp: (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(raw)?.[1] ?? null,
    // Every object's dictionary, streams' included, as JSON text: what colour spaces and masks appear.
    dictionaries: JSON.stringify(Object.values(objects).map((o) => o.stream?.dict ?? o.value)),
  };
}

describe('the print PDF', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let ctx: ExportContext;
  let out: string;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir('masthead-print-pdf-'));
    const { library } = await exportLibrary(dir);
    ctx = await exportContext(library, SAMPLE_EDITION);
    out = join(dir, 'pdf');
    await mkdir(out);
    await pdfExporter.write(ctx, out, new AbortController().signal, () => undefined);
  }, 120_000);
  afterAll(() => cleanup());

  it('embeds every font as an outline CID font, prints type in K only, and has its boxes and intent', async () => {
    const pdf = join(out, 'edition.pdf');
    const { fontRows, boxes, inkRows, text } = await printChecks(pdf);
    expect(fontRows.length).toBeGreaterThan(2);
    for (const row of fontRows) {
      expect(row).not.toMatch(/Type 3/);
      expect(row).toMatch(/CID (Type 0C|TrueType)/);
      expect(row.trim().split(/\s+/).slice(-5, -2)).toEqual(['yes', 'yes', 'yes']); // emb sub uni
    }
    // Page 1 carries the sample's photo (an RGB PNG); pages 2 and 3 are type only: K ink alone.
    for (const page of [1, 2]) {
      const [c, m, y, k] = inkRows[page]!;
      expect([c, m, y]).toEqual([0, 0, 0]);
      expect(k).toBeGreaterThan(0.001);
    }
    // TrimBox is the paper (390 × 545 mm), BleedBox 3 mm more on each side.
    const trim = /Page\s+1 TrimBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/.exec(boxes)!.slice(1).map(Number);
    expect((trim[2]! - trim[0]!) / MM).toBeCloseTo(390, 0);
    expect((trim[3]! - trim[1]!) / MM).toBeCloseTo(545, 0);
    const bleed = /Page\s+1 BleedBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/.exec(boxes)!.slice(1).map(Number);
    expect((bleed[2]! - bleed[0]!) / MM).toBeCloseTo(396, 0);
    // The RGB photo is placed as it is, and reported beside the PDF.
    const report = JSON.parse(await readFile(join(out, 'print-report.json'), 'utf8'));
    expect(report.rgbPhotos).toHaveLength(1);
    expect(inkRows[0]!.slice(0, 3).some((v) => v > 0)).toBe(true);
    const raw = (await readFile(pdf)).toString('latin1');
    expect(raw).toContain('/GTS_PDFX');
    expect(raw).toContain('(IFRA26)');
    // An RGB photo keeps the file from PDF/X-1a: no PDF/X is claimed, and the report says why.
    const facts = await pdfxFacts(pdf);
    expect(facts.subtype).toBeNull();
    expect(facts.info['/GTS_PDFXVersion']).toBeUndefined();
    expect(facts.xmp('pdfxid:GTS_PDFXVersion')).toBeNull();
    expect(facts.info['/Trapped']).toBe('/False');
    expect(report.pdfx).toBeNull();
    expect(report.pdfxBlockers).toEqual([`${report.rgbPhotos[0]}: RGB`]);
    // Every headline, and every word of the English paragraphs whole (line-end hyphens joined, no soft hyphens).
    const flat = text.replace(/\s+/g, '');
    for (const story of ctx.stories) expect(flat).toContain(story.headline.replace(/\s+/g, ''));
    expect(text).not.toContain('\u00ad');
    const joined = text.replace(/-\n/g, '').replace(/\s+/g, ' ');
    for (const story of ctx.stories.filter((s) => s.language === 'en'))
      for (const node of story.body.content ?? []) {
        const words = (node.content ?? [])
          .map((c) => c.text ?? '')
          .join('')
          .split(/\s+/)
          .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
          .filter((w) => w.length > 3);
        // Paragraphs the blocks hold (the overset ones are not printed): every word whole.
        if (!words.length || !joined.includes(`${words.at(-2)} ${words.at(-1)}`.replace(/^undefined /, ''))) continue;
        for (const word of words) expect(joined).toContain(word);
      }
  });

  it('prints a front page and its jump page from zh-page-3 that pass the same checks', async () => {
    const stories = await storiesFromSample('zh-page-3.txt');
    const fonts = systemFonts();
    const { pages } = new EditionComposer(fonts).compose({
      edition: frontPageEdition(stories),
      stories: new Map(stories.map((s) => [s.id, s])),
    });
    const pdf = join(dir, 'front.pdf');
    const report = await writePrintPdf(pages, fonts, pdf, { title: 'front', resolveAsset: async () => null });
    expect(report).toEqual({ rgbPhotos: [], missingPhotos: [], pdfx: 'PDF/X-1a:2003', pdfxBlockers: [] });
    const { fontRows, inkRows, text } = await printChecks(pdf);
    for (const row of fontRows) expect(row).not.toMatch(/Type 3/);
    for (const [c, m, y] of inkRows) expect([c, m, y]).toEqual([0, 0, 0]);
    const flat = text.replace(/\s+/g, '');
    for (const s of stories) expect(flat).toContain(s.headline.replace(/\s+/g, ''));
    expect(flat).toContain('第8123期');
    expect(flat).toContain('（上接第1版）');
    expect(flat).toContain('（下转第2版）');

    // PDF/X-1a:2003 (ISO 15930-4), as a preflight checks it: version, Info and XMP agreeing,
    // Trapped a name, a file ID, one GTS_PDFX intent naming a registered characterization.
    const facts = await pdfxFacts(pdf);
    expect(facts.version).toBe('1.4');
    expect(facts.subtype).toBe('PDF/X-1a:2003');
    expect(facts.info).toMatchObject({
      '/GTS_PDFXVersion': 'u:PDF/X-1a:2003',
      '/Trapped': '/False',
      '/Title': 'u:front',
    });
    expect(facts.info['/CreationDate']).toMatch(/^u:D:\d{14}Z$/);
    expect(facts.info['/ModDate']).toBe(facts.info['/CreationDate']);
    expect(facts.id).toHaveLength(2);
    expect(facts.xmp('pdfxid:GTS_PDFXVersion')).toBe('PDF/X-1a:2003');
    expect(facts.xmp('pdf:Trapped')).toBe('False');
    expect(facts.xmp('xmp:CreateDate')).toBe(facts.created);
    expect(facts.intents).toHaveLength(1);
    expect(facts.intents[0]).toMatchObject({
      '/S': '/GTS_PDFX',
      '/OutputConditionIdentifier': 'u:IFRA26',
      '/RegistryName': 'u:http://www.color.org',
    });
    // X-1a: device CMYK and grey only, no transparency.
    expect(facts.dictionaries).not.toMatch(/DeviceRGB|ICCBased|\/SMask|"\/CA"|"\/ca"/);
  });
});
