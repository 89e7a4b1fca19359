import { readFile } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import PNG from 'png-js';
import SVGtoPDF from 'svg-to-pdfkit';
import { ruleDrawing } from '../../shared/compose/rules';
import { looksLikeSvg } from '../../shared/svg-artwork';
import type { ArtworkBox, RuleLine } from '../../shared/compose/types';
import { PT_PER_MM } from '../../shared/layout/grid';

/**
 * What the print PDF draws in the masthead besides type: the paper's name as artwork, and the
 * rules between stories, plain or 花线.
 *
 * Artwork: an SVG is drawn as vector paths (svg-to-pdfkit), its colours turned into DeviceCMYK
 * on the way — neutral greys and black into K alone, so a black masthead prints in 100 % K
 * like the type; anything coloured by the plain RGB→CMYK formula, which the print report says
 * (a plant would rather have the designer's own CMYK values). A PNG or JPEG is placed as it is,
 * like a photo, and reported when RGB. A file that is gone, is not an SVG, PNG or JPEG, or
 * will not decode is not drawn: the set-type name stands in and the report says why.
 */

const K = [0, 0, 0, 100] as const;
const pt = (mm: number) => mm * PT_PER_MM;

export type ArtworkColour = 'K only' | 'grey' | 'CMYK' | 'RGB' | 'RGB converted to CMYK';

export interface ArtworkReport {
  assetId: string;
  /** How the name went onto the page. */
  drawn: 'vector' | 'image' | 'set type';
  colour?: ArtworkColour;
  /** Why the set-type name was printed instead, when it was. */
  problem?: string;
  /** An image's pixels per inch at the size it prints. */
  ppi?: number;
  /** Below LINE_ART_PPI: the name's edges would print jagged. */
  warning?: string;
}

/** What a masthead (line art, on newsprint) needs to print with smooth edges. */
export const LINE_ART_PPI = 300;

export type LoadedArtwork =
  | { kind: 'svg'; svg: string; colour: ArtworkColour; pdfxBlocker: string | null }
  | { kind: 'image'; bytes: Buffer; colour: ArtworkColour; pdfxBlocker: string | null; pixelWidth: number };

/** Anything a pdfkit document can be; svg-to-pdfkit draws through these calls. */
type Doc = InstanceType<typeof PDFDocument>;

/** An sRGB colour as DeviceCMYK in percent: greys (r = g = b, give or take) on the K plate alone. */
export function rgbToCmyk([r, g, b]: readonly number[]): [number, number, number, number] {
  const [rr, gg, bb] = [r! / 255, g! / 255, b! / 255];
  const k = 1 - Math.max(rr, gg, bb);
  if (Math.max(r!, g!, b!) - Math.min(r!, g!, b!) <= 3) return [0, 0, 0, round(k * 100)];
  const c = (1 - rr - k) / (1 - k);
  const m = (1 - gg - k) / (1 - k);
  const y = (1 - bb - k) / (1 - k);
  return [round(c * 100), round(m * 100), round(y * 100), round(k * 100)];
}
const round = (v: number) => Math.round(v * 10) / 10;

interface SvgRun {
  /** Whether any colour was not a grey. */
  chromatic: boolean;
  /** Whether anything is drawn less than opaque (PDF/X-1a allows no transparency). */
  transparent: boolean;
  valid: boolean;
}

/**
 * Draws an SVG through svg-to-pdfkit with its colours in CMYK and opacity left out where it is
 * 1 (pdfkit would otherwise add a graphics state for every fill), noting what it met.
 */
function drawSvg(
  doc: Doc,
  svg: string,
  box: { x: number; y: number; width: number; height: number },
  fontFor: (family: string, bold: boolean) => string,
): SvgRun {
  const run: SvgRun = { chromatic: false, transparent: false, valid: true };
  const d = doc as unknown as Record<string, (...args: unknown[]) => unknown>;
  const patched = ['fillColor', 'strokeColor', 'fillOpacity', 'strokeOpacity', 'opacity'] as const;
  const originals = patched.map((name) => d[name]!);
  const opaque = (value: unknown) => {
    if (typeof value === 'number' && value < 1) run.transparent = true;
    return value === 1 ? undefined : value;
  };
  d.fillColor = (color: unknown, opacity?: unknown) => originals[0]!.call(doc, color, opaque(opacity));
  d.strokeColor = (color: unknown, opacity?: unknown) => originals[1]!.call(doc, color, opaque(opacity));
  patched.slice(2).forEach((name, i) => {
    d[name] = (value: unknown) => (opaque(value) === undefined ? doc : originals[i + 2]!.call(doc, value));
  });
  try {
    SVGtoPDF(doc, svg, box.x, box.y, {
      width: box.width,
      height: box.height,
      preserveAspectRatio: 'xMinYMid meet',
      colorCallback: (color: [number[], number] | undefined) => {
        if (!color) return color;
        const cmyk = rgbToCmyk(color[0]);
        if (cmyk[0] || cmyk[1] || cmyk[2]) run.chromatic = true;
        return [cmyk, color[1]];
      },
      fontCallback: (family: string, bold: boolean) => fontFor(family, bold),
      // Only pictures inside the file itself: never a path or address it names.
      imageCallback: (link: string) => (/^data:image\/(png|jpeg);base64,/.test(link) ? link : ''),
      documentCallback: () => null,
      warningCallback: (warning: string) => {
        if (/does not look like a valid SVG|can't be rendered directly|parseXml: parsing error/.test(warning))
          run.valid = false;
      },
    });
  } finally {
    for (const name of patched) delete d[name];
  }
  return run;
}

/** CRC-32 of PNG chunks (ISO 3309), table-driven. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** An 8-bit greyscale PNG of `grey` (one byte a pixel, rows top to bottom). */
function encodeGreyPng(width: number, height: number, grey: Uint8Array): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8);
  const rows = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) rows.set(grey.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A PNG whose pixels are all grey once laid on white paper — a black name saved as RGB, or on
 * a transparent ground, as logos usually are — as a greyscale PNG without transparency: it
 * prints on the K plate alone and keeps the file PDF/X-1a. Null when any pixel has colour (or
 * the file is 16 bits a sample, which the decoder does not take).
 */
async function greyOnPaper(bytes: Buffer): Promise<Buffer | null> {
  if (bytes[24] === 16) return null;
  const png = new PNG(bytes);
  const rgba = await new Promise<Uint8Array>((resolve, reject) => {
    try {
      png.decode(resolve);
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
  const grey = new Uint8Array(png.width * png.height);
  for (let i = 0, p = 0; p < grey.length; i += 4, p++) {
    const alpha = rgba[i + 3]! / 255;
    const [r, g, b] = [0, 1, 2].map((c) => rgba[i + c]! * alpha + 255 * (1 - alpha));
    if (Math.max(r!, g!, b!) - Math.min(r!, g!, b!) > 3) return null;
    grey[p] = Math.round((r! + g! + b!) / 3);
  }
  return encodeGreyPng(png.width, png.height, grey);
}

/** A JPEG's colour components (1 grey, 3 RGB/YCbCr, 4 CMYK), from its frame header. */
function jpegComponents(bytes: Buffer): number {
  for (let i = 2; i + 9 < bytes.length;) {
    if (bytes[i] !== 0xff) return 0;
    const marker = bytes[i + 1]!;
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) return bytes[i + 9]!;
    i += 2 + bytes.readUInt16BE(i + 2);
  }
  return 0;
}

const isPng = (b: Buffer) => b[0] === 0x89 && b.toString('latin1', 1, 4) === 'PNG';
const isJpeg = (b: Buffer) => b[0] === 0xff && b[1] === 0xd8;

/**
 * Reads the artwork and tries it on a scratch document, so a broken file is known before the
 * real one is written (and whether it keeps the file from PDF/X-1a).
 */
export async function loadArtwork(
  assetId: string,
  file: string | null,
  raster: { isRgb(b: Buffer): boolean; pdfxBlocker(b: Buffer): string | null },
): Promise<LoadedArtwork | { problem: string }> {
  const bytes = file ? await readFile(file).catch(() => null) : null;
  if (!bytes) return { problem: `the artwork ${assetId} is not in the library` };
  const scratch = new PDFDocument({ autoFirstPage: true, compress: false });
  scratch.on('data', () => undefined);
  if (isPng(bytes) || isJpeg(bytes)) {
    let pixelWidth: number;
    try {
      pixelWidth = (scratch as unknown as { openImage(src: Buffer): { width: number } }).openImage(bytes).width;
    } catch (error) {
      return { problem: `the artwork ${assetId} will not decode (${(error as Error).message})` };
    }
    // A PNG of grey alone (even saved as RGB or with a transparent ground) goes in as grey on white.
    const blocker = raster.pdfxBlocker(bytes);
    if (isPng(bytes) && blocker) {
      const grey = await greyOnPaper(bytes).catch(() => null);
      if (grey) return { kind: 'image', bytes: grey, colour: 'grey', pdfxBlocker: null, pixelWidth };
    }
    const rgb = raster.isRgb(bytes);
    const grey = isPng(bytes) ? [0, 4].includes(bytes[25]!) : jpegComponents(bytes) === 1;
    const colour = rgb ? 'RGB' : grey ? 'grey' : 'CMYK';
    return { kind: 'image', bytes, colour, pdfxBlocker: blocker, pixelWidth };
  }
  const svg = bytes.toString('utf8');
  if (!looksLikeSvg(svg)) return { problem: `the artwork ${assetId} is not an SVG, PNG or JPEG` };
  let run: SvgRun;
  try {
    run = drawSvg(scratch, svg, { x: 0, y: 0, width: 100, height: 100 }, () => 'Helvetica');
  } catch (error) {
    return { problem: `the artwork ${assetId} will not draw (${(error as Error).message})` };
  }
  if (!run.valid) return { problem: `the artwork ${assetId} is not a valid SVG` };
  return {
    kind: 'svg',
    svg,
    colour: run.chromatic ? 'RGB converted to CMYK' : 'K only',
    pdfxBlocker: run.transparent ? 'transparency' : null,
  };
}

/** Draws loaded artwork in its box (mm on the page, through the page's x/y in points). */
export function drawArtwork(
  doc: Doc,
  artwork: LoadedArtwork,
  box: ArtworkBox,
  x: (mm: number) => number,
  y: (mm: number) => number,
  fontFor: (family: string, bold: boolean) => string,
): void {
  const place = { x: x(box.x), y: y(box.y), width: pt(box.width), height: pt(box.height) };
  if (artwork.kind === 'svg') {
    doc.save();
    drawSvg(doc, artwork.svg, place, fontFor);
    doc.restore();
    return;
  }
  doc.image(artwork.bytes, place.x, place.y, { fit: [place.width, place.height], valign: 'center' });
}

/** A rule between stories in 100 % K: plain, or its 花线 from the same geometry the screen draws. */
export function strokeRule(doc: Doc, rule: RuleLine, x: (mm: number) => number, y: (mm: number) => number): void {
  const drawing = ruleDrawing(rule);
  doc
    .save()
    .lineWidth(rule.weightPt)
    .strokeColor([...K]);
  // The dash is graphics state: set before the path (the restore below takes it back).
  if (drawing.dash) doc.dash(drawing.dash.map(pt) as unknown as number, {}); // pdfkit takes a whole pattern as an array too
  doc.moveTo(x(drawing.start.x), y(drawing.start.y));
  if (drawing.curves.length)
    for (const c of drawing.curves) doc.bezierCurveTo(x(c.c1.x), y(c.c1.y), x(c.c2.x), y(c.c2.y), x(c.to.x), y(c.to.y));
  else doc.lineTo(x(drawing.end.x), y(drawing.end.y));
  doc.stroke();
  doc.restore();
}
