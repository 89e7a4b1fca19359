import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlExporter } from '../../../../electron/export/html';
import { PRINT_REPORT, pdfExporter } from '../../../../electron/export/pdf';
import { writePrintPdf } from '../../../../electron/export/print-pdf';
import type { ExportContext } from '../../../../electron/export/types';
import { systemFonts } from '../../../../electron/layout/fonts';
import { AssetStore } from '../../../../electron/store/assets';
import { EditionComposer } from '../../../../shared/compose/compose-edition';
import { composedPageSvg } from '../../../../shared/compose/svg';
import type { ComposedPage } from '../../../../shared/compose/types';
import type { Edition, PageTemplate } from '../../../../shared/model/edition';
import type { Story } from '../../../../shared/model/story';
import { findTemplate } from '../../../../shared/model/templates';
import { tempDir } from '../../../helpers/temp';
import { frontPageEdition, storiesFromSample } from '../../shared/compose/zh-fixture';

const run = promisify(execFile);
const MM = 72 / 25.4;

/** A masthead as a designer exports it: the name's strokes as black outlines, 4:1. */
const BLACK_SVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100" width="400" height="100">
  <rect x="0" y="0" width="400" height="100" fill="none"/>
  <path d="M10 10 H110 V90 H10 Z M130 10 H230 V90 H130 Z M250 10 H390 V90 H250 Z" fill="#000000"/>
  <circle cx="60" cy="50" r="20" fill="#ffffff"/>
</svg>`;

/** The same in the paper's red (a colour the press must make of C, M, Y and K). */
const RED_SVG = BLACK_SVG.replace('fill="#000000"', 'fill="#c8102e"');

/**
 * An 8-bit PNG, `width` × `height`: a band of `ink` across the middle on white (RGB), or on a
 * transparent ground (RGBA) as logos are usually saved.
 */
function rgbPng(width: number, height: number, ink = [200, 16, 46], alpha = false): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body) >>> 0, body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  const channels = alpha ? 4 : 3;
  header.set([8, alpha ? 6 : 2, 0, 0, 0], 8);
  const stride = width * channels + 1;
  const rows = Buffer.alloc(stride * height, alpha ? 0 : 0xff);
  for (let y = 0; y < height; y++) {
    rows[y * stride] = 0;
    if (y > height / 4 && y < (height * 3) / 4)
      for (let x = 0; x < width; x++) rows.set(alpha ? [...ink, 255] : ink, y * stride + 1 + x * channels);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const frontTemplate = (extra: Partial<PageTemplate>): PageTemplate => {
  const base = findTemplate('zh-broadsheet-front')!;
  return { ...base, id: 'tpl-front-art', name: 'front with artwork', ...extra };
};

function editionWith(stories: Story[], template: PageTemplate): Edition {
  const edition = frontPageEdition(stories);
  return {
    ...edition,
    templates: [template],
    pages: edition.pages.map((p, i) => (i === 0 ? { ...p, templateId: template.id } : p)),
  };
}

/** The pages' ink (C, M, Y, K per page) as Ghostscript's inkcov device measures it. */
async function inks(pdf: string): Promise<number[][]> {
  const { stdout } = await run('gs', ['-q', '-o', '-', '-sDEVICE=inkcov', pdf]);
  return stdout
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).slice(0, 4).map(Number));
}

/** How much of a rectangle of page 1 (mm on the trimmed page) is dark, rendered by poppler. */
async function darkShare(pdf: string, bleedMm: number, box: { x: number; y: number; width: number; height: number }) {
  const dpi = 36;
  const px = (mm: number) => Math.round(((mm + bleedMm) / 25.4) * dpi);
  const args = [
    '-gray',
    '-r',
    String(dpi),
    '-f',
    '1',
    '-l',
    '1',
    '-x',
    String(px(box.x)),
    '-y',
    String(px(box.y)),
    '-W',
    String(Math.round((box.width / 25.4) * dpi)),
    '-H',
    String(Math.round((box.height / 25.4) * dpi)),
    pdf,
  ];
  const pgm = (await run('pdftoppm', args, { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 })).stdout;
  // P5 header: magic, width, height, maxval, then one byte a pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.toString('latin1', 0, 40))!;
  const pixels = pgm.subarray(header[0].length);
  let dark = 0;
  for (const v of pixels) if (v < 128) dark++;
  return dark / pixels.length;
}

describe('the masthead as artwork and 花线, composed and printed', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let store: AssetStore;
  let stories: Story[];
  const fonts = systemFonts();
  const compose = (edition: Edition): ComposedPage[] =>
    new EditionComposer(fonts).compose({ edition, stories: new Map(stories.map((s) => [s.id, s])) }).pages;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir('masthead-artwork-'));
    store = new AssetStore(dir);
    stories = await storiesFromSample('zh-page-3.txt');
  }, 60_000);
  afterAll(() => cleanup());

  const print = async (pages: ComposedPage[], name: string) => {
    const pdf = join(dir, name);
    const report = await writePrintPdf(pages, fonts, pdf, {
      title: name,
      resolveAsset: (id) => store.locate(id),
    });
    return { pdf, report };
  };

  it('draws an SVG name in the masthead area as vector outlines in K only, in its proportions', async () => {
    const { assetId } = await store.add(Buffer.from(BLACK_SVG), 'name.svg', { vector: true });
    expect(assetId).toMatch(/\.svg$/);
    const template = frontTemplate({
      masthead: { lunarDate: true, artwork: { asset: assetId, width: 400, height: 100 } },
    });
    const [front] = compose(editionWith(stories, template));
    const art = front!.furniture.artwork!;
    // Fitted to the name's room above the date line, 4:1 kept, inside the top margin.
    expect(art.width / art.height).toBeCloseTo(4, 3);
    expect(art.width).toBeGreaterThan(150);
    expect(art.y).toBeGreaterThanOrEqual(0);
    expect(art.y + art.height).toBeLessThan(template.margins.topMm - 5);
    // The set name is the fallback only; the date line and 期 are still type.
    expect(art.fallback.map((l) => l.text).join('')).toBe('滨江日报');
    expect(front!.furniture.lines.map((l) => l.text).join('')).not.toContain('滨江日报');
    // On screen the artwork is an <image> in that box, the set name hidden beneath.
    const svg = composedPageSvg(front!, { assetUrl: (id) => `/photos/${id}` });
    expect(svg).toContain(`data-artwork="${assetId}"`);
    expect(svg).toMatch(/<g class="mh-masthead-fallback" display="none">.*滨江日报/);

    const { pdf, report } = await print([front!], 'svg-art.pdf');
    expect(report.artwork).toEqual({ assetId, drawn: 'vector', colour: 'K only' });
    expect(report.pdfx).toBe('PDF/X-1a:2003');
    // Vector: no picture in the file; the name is not text (it is outlines), the date line is.
    const { stdout: images } = await run('pdfimages', ['-list', pdf]);
    expect(images.split('\n').slice(2).filter(Boolean)).toEqual([]);
    const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', pdf, '-']);
    expect(text).not.toContain('滨江日报');
    expect(text.replace(/\s+/g, '')).toContain('第8123期');
    const [c, m, y, k] = (await inks(pdf))[0]!;
    expect([c, m, y]).toEqual([0, 0, 0]);
    expect(k).toBeGreaterThan(0);
    // Ink where the artwork is: its three black blocks fill much of its box.
    expect(await darkShare(pdf, front!.bleedMm, art)).toBeGreaterThan(0.4);
    const raw = (await readFile(pdf)).toString('latin1');
    expect(raw).not.toMatch(/DeviceRGB|\/SMask/);
  }, 60_000);

  it('sets type inside SVG artwork in an embedded CID face, never a standard font', async () => {
    const named = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100"><text x="2" y="80" font-family="Songti SC" font-weight="bold" font-size="88">滨江日报</text></svg>`;
    const { assetId } = await store.add(Buffer.from(named), 'text.svg', { vector: true });
    const template = frontTemplate({ masthead: { artwork: { asset: assetId, width: 400, height: 100 } } });
    const { pdf, report } = await print(compose(editionWith(stories, template)).slice(0, 1), 'text-art.pdf');
    expect(report.artwork).toMatchObject({ drawn: 'vector', colour: 'K only' });
    const { stdout: fonts } = await run('pdffonts', [pdf]);
    const rows = fonts.split('\n').slice(2).filter(Boolean);
    for (const row of rows) expect(row).toMatch(/CID Type 0C .* yes\s+yes\s+yes/);
    expect(fonts).toContain('NotoSerifCJKsc-Bold');
    const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', pdf, '-']);
    expect(text).toContain('滨江日报');
  }, 60_000);

  it('turns a coloured SVG into CMYK and says so', async () => {
    const { assetId } = await store.add(Buffer.from(RED_SVG), 'red.svg', { vector: true });
    const template = frontTemplate({ masthead: { artwork: { asset: assetId, width: 400, height: 100 } } });
    const { pdf, report } = await print(compose(editionWith(stories, template)).slice(0, 1), 'red-art.pdf');
    expect(report.artwork).toMatchObject({ drawn: 'vector', colour: 'RGB converted to CMYK' });
    expect(report.pdfx).toBe('PDF/X-1a:2003');
    const [, m, y] = (await inks(pdf))[0]!;
    expect(m).toBeGreaterThan(0);
    expect(y).toBeGreaterThan(0);
    expect((await readFile(pdf)).toString('latin1')).not.toContain('DeviceRGB');
  }, 60_000);

  it('places PNG artwork as an image and reports it RGB, like a photo', async () => {
    const { assetId } = await store.add(rgbPng(600, 150), 'name.png');
    const template = frontTemplate({ masthead: { artwork: { asset: assetId, width: 600, height: 150 } } });
    const { pdf, report } = await print(compose(editionWith(stories, template)).slice(0, 1), 'png-art.pdf');
    // 600 pixels over the name's room (218 mm): too coarse for a masthead, and the report says so.
    expect(report.artwork).toMatchObject({ assetId, drawn: 'image', colour: 'RGB', ppi: 70 });
    expect(report.artwork!.warning).toBe(
      '70 ppi at its printed size: a masthead needs 300 or more (an SVG prints sharp at any size)',
    );
    expect(report.pdfx).toBeNull();
    expect(report.pdfxBlockers).toEqual([`${assetId}: RGB`]);
    const { stdout: images } = await run('pdfimages', ['-list', pdf]);
    const rows = images.split('\n').slice(2).filter(Boolean);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^\s*1\s+\d+\s+image\s+600\s+150\s+rgb/);
  }, 60_000);

  it('places a black-on-transparent PNG as grey on white: K only, and the file keeps PDF/X-1a', async () => {
    const { assetId } = await store.add(rgbPng(2800, 700, [10, 10, 10], true), 'black.png');
    const template = frontTemplate({ masthead: { artwork: { asset: assetId, width: 2800, height: 700 } } });
    const { pdf, report } = await print(compose(editionWith(stories, template)).slice(0, 1), 'grey-png-art.pdf');
    expect(report.artwork).toEqual({ assetId, drawn: 'image', colour: 'grey', ppi: 327 });
    expect(report.pdfx).toBe('PDF/X-1a:2003');
    const { stdout: images } = await run('pdfimages', ['-list', pdf]);
    const rows = images.split('\n').slice(2).filter(Boolean);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^\s*1\s+\d+\s+image\s+2800\s+700\s+gray\s+1\s+8/);
    expect(rows[0]).not.toMatch(/smask/);
    const [c, m, y, k] = (await inks(pdf))[0]!;
    expect([c, m, y]).toEqual([0, 0, 0]);
    expect(k).toBeGreaterThan(0);
    const art = compose(editionWith(stories, template))[0]!.furniture.artwork!;
    expect(await darkShare(pdf, 3, { ...art, y: art.y + art.height / 3, height: art.height / 3 })).toBeGreaterThan(0.9);
    expect((await readFile(pdf)).toString('latin1')).not.toMatch(/DeviceRGB|\/SMask/);
  }, 60_000);

  it('prints the set name instead, saying why, when the artwork is gone or broken', async () => {
    const gone = `${'0'.repeat(64)}.svg`;
    const { assetId: broken } = await store.add(Buffer.from(BLACK_SVG), 'soon-broken.svg', { vector: true });
    // The file damaged on disk after it was taken in (a half-copied library).
    await writeFile((await store.locate(broken))!, 'not an svg at all');
    for (const asset of [gone, broken]) {
      const template = frontTemplate({ masthead: { artwork: { asset, width: 400, height: 100 } } });
      const { pdf, report } = await print(compose(editionWith(stories, template)).slice(0, 1), `fallback-${asset}.pdf`);
      expect(report.artwork).toMatchObject({ assetId: asset, drawn: 'set type' });
      expect(report.artwork!.problem).toMatch(asset === gone ? /not in the library/ : /not an SVG, PNG or JPEG/);
      expect(report.pdfx).toBe('PDF/X-1a:2003');
      const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', pdf, '-']);
      expect(text.replace(/\s+/g, '')).toContain('滨江日报');
    }
  }, 60_000);

  it('says in print-report.json beside the exported PDF when the set name stood in for the artwork', async () => {
    const gone = `${'1'.repeat(64)}.png`;
    const edition = editionWith(
      stories,
      frontTemplate({ masthead: { artwork: { asset: gone, width: 4, height: 1 } } }),
    );
    const ctx: ExportContext = {
      edition,
      pages: [],
      stories,
      assetPath: (id) => store.locate(id),
      exportedAt: '2026-07-23T06:00:00.000Z',
      appVersion: 'test',
    };
    const out = join(dir, 'export-missing-artwork');
    await mkdir(out);
    await pdfExporter.write(ctx, out, new AbortController().signal, () => undefined);
    const report = JSON.parse(await readFile(join(out, PRINT_REPORT), 'utf8'));
    expect(report.artwork).toEqual({
      assetId: gone,
      drawn: 'set type',
      problem: `the artwork ${gone} is not in the library`,
    });
    const { stdout: text } = await run('pdftotext', ['-l', '1', '-enc', 'UTF-8', join(out, 'edition.pdf'), '-']);
    expect(text.replace(/\s+/g, '')).toContain('滨江日报');
  }, 60_000);

  it('shows the artwork as the title of the HTML edition, a valid site', async () => {
    const svg = BLACK_SVG.replace('<rect', '<!-- for the web --><rect');
    const { assetId } = await store.add(Buffer.from(svg), 'web.svg', { vector: true });
    const edition = editionWith(
      stories,
      frontTemplate({ masthead: { artwork: { asset: assetId, width: 400, height: 100 } } }),
    );
    const ctx: ExportContext = {
      edition,
      // Each story's headline block is on the page its first placement is on.
      pages: edition.pages.map((page, index) => ({
        page,
        number: index + 1,
        storyIds: page.placements.filter((p) => p.storyId && !p.continuation).map((p) => p.storyId!),
      })),
      stories,
      assetPath: (id) => store.locate(id),
      exportedAt: '2026-07-23T06:00:00.000Z',
      appVersion: 'test',
    };
    const out = join(dir, 'html-artwork');
    await mkdir(out);
    await htmlExporter.write(ctx, out, new AbortController().signal, () => undefined);
    const index = await readFile(join(out, 'index.html'), 'utf8');
    expect(index).toContain(
      `<h1 class="masthead__title"><img src="photos/${assetId}" alt="滨江日报" height="64" width="256"></h1>`,
    );
    expect(await readFile(join(out, 'photos', assetId), 'utf8')).toBe(svg);
    const validation = await htmlExporter.validate!(ctx, out);
    expect(validation.problems).toEqual([]);
  }, 60_000);

  it('refuses an SVG that carries script or reaches outside itself, and any SVG as a photo', async () => {
    const scripted = BLACK_SVG.replace('</svg>', '<script>alert(1)</script></svg>');
    await expect(store.add(Buffer.from(scripted), 'evil.svg', { vector: true })).rejects.toThrow(/carries script/);
    const handler = BLACK_SVG.replace('<circle', '<circle onclick="x()"');
    await expect(store.add(Buffer.from(handler), 'evil.svg', { vector: true })).rejects.toThrow(/carries script/);
    const outside = BLACK_SVG.replace('<circle', '<image href="file:///etc/passwd"/><circle');
    await expect(store.add(Buffer.from(outside), 'far.svg', { vector: true })).rejects.toThrow(/outside itself/);
    await expect(store.add(Buffer.from(BLACK_SVG), 'photo.svg')).rejects.toThrow(/not a PNG, JPEG/);
  });

  it('draws 花线 between stories: in the composed rules, and as curves in K only in the PDF', async () => {
    const plain = compose(editionWith(stories, frontTemplate({ ruleStyle: 'plain' })))[0]!;
    const wavy = compose(editionWith(stories, frontTemplate({ ruleStyle: 'wave', ruleWeightPt: 0.75 })))[0]!;
    expect(plain.rules.length).toBeGreaterThan(1);
    expect(plain.rules.every((r) => r.style === undefined && r.weightPt === 0.5)).toBe(true);
    expect(wavy.rules).toHaveLength(plain.rules.length);
    expect(wavy.rules.every((r) => r.style === 'wave' && r.weightPt === 0.75)).toBe(true);
    // The screen draws them as wave paths.
    expect(composedPageSvg(wavy).match(/mh-rule--wave/g)).toHaveLength(wavy.rules.length);

    const curves = async (page: ComposedPage, name: string) => {
      const { pdf } = await print([page], name);
      const qdf = join(dir, `${name}.qdf`);
      await run('qpdf', ['--qdf', '--object-streams=disable', pdf, qdf]);
      const content = (await readFile(qdf)).toString('latin1');
      return { pdf, count: content.split('\n').filter((l) => / c$/.test(l)).length };
    };
    const flat = await curves(plain, 'plain-rules.pdf');
    const wave = await curves(wavy, 'wave-rules.pdf');
    expect(flat.count).toBe(0);
    // One cubic for every half-wave: 1.5 mm each along the rules.
    const length = wavy.rules.reduce((sum, r) => sum + Math.hypot(r.x2 - r.x1, r.y2 - r.y1), 0);
    expect(wave.count).toBeGreaterThan(length / 1.5 - wavy.rules.length);
    for (const [c, m, y, k] of await inks(wave.pdf)) {
      expect([c, m, y]).toEqual([0, 0, 0]);
      expect(k).toBeGreaterThan(0);
    }
    // Dot-dash: a dash pattern on the rules' stroke.
    const dotted = compose(editionWith(stories, frontTemplate({ ruleStyle: 'dot-dash' })))[0]!;
    const { pdf } = await print([dotted], 'dot-dash-rules.pdf');
    const qdf = join(dir, 'dot-dash.qdf');
    await run('qpdf', ['--qdf', '--object-streams=disable', pdf, qdf]);
    // (A dashed frame elsewhere has a two-length pattern; the 花线's has four.)
    const dashes = (await readFile(qdf)).toString('latin1').match(/^\[[\d.]+ [\d.]+ [\d.]+ [\d.]+\] 0 d$/gm) ?? [];
    expect(dashes).toHaveLength(dotted.rules.length);
    const pattern = /^\[(.*)\]/
      .exec(dashes[0]!)![1]!
      .split(' ')
      .map((v) => Number(v) / MM);
    pattern.forEach((mm, i) => expect(mm).toBeCloseTo([2.4, 0.9, 0.4, 0.9][i]!, 3));
  }, 60_000);
});
