import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import PDFDocument from 'pdfkit';
import type { ComposedPage } from '../../shared/compose/types';
import { PT_PER_MM } from '../../shared/layout/grid';
import type { SystemFontSet } from '../layout/fonts';
import {
  type ArtworkReport,
  LINE_ART_PPI,
  type LoadedArtwork,
  drawArtwork,
  loadArtwork,
  strokeRule,
} from './print-artwork';

/**
 * The print PDF, written from the composer's glyph runs with pdfkit: every face embedded as
 * a subset CID font (CFF or TrueType outlines, never Type 3), all type and rules in 100 % K
 * (DeviceCMYK 0/0/0/100), photos placed as they are, each page with a TrimBox (the paper)
 * and a BleedBox (the template's bleed), and an OutputIntent for newsprint (ISO 12647-3, by
 * its registered characterization, no profile embedded).
 *
 * Which PDF/X it declares, and why: PDF/X-4 (ISO 15930-7) requires the output intent's ICC
 * profile embedded (DestOutputProfile; X-4p references it from outside), and no newsprint
 * profile whose licence lets us ship it is at hand (WAN-IFRA's ISOnewspaper26v4 is not ours
 * to redistribute; a generic CMYK profile would describe the wrong press). PDF/X-1a:2003
 * (ISO 15930-4) accepts a registered characterization named by OutputConditionIdentifier and
 * RegistryName instead, and asks what the rest of this file already is: PDF 1.4, fonts
 * embedded, DeviceCMYK and DeviceGray only, no transparency, TrimBox and BleedBox, Trapped
 * True or False, Title and dates in Info, a file ID. So a file is declared PDF/X-1a:2003
 * (GTS_PDFXVersion in Info and XMP) when its photos keep it so — greyscale or CMYK, no alpha
 * channel — and declares no PDF/X otherwise: an RGB photo (which X-1a forbids and a plant
 * converts) is reported with the reason instead of a claim the file would not meet.
 */

const K = [0, 0, 0, 100] as const;
const pt = (mm: number) => mm * PT_PER_MM;

/** The registered newsprint characterization (ICC registry): WAN-IFRA's ISOnewspaper26v4, i.e. ISO 12647-3:2013. */
export const NEWSPRINT_INTENT = {
  OutputConditionIdentifier: 'IFRA26',
  OutputCondition: 'ISO 12647-3:2013, coldset offset on 45 g/m2 newsprint (ISOnewspaper26v4)',
  RegistryName: 'http://www.color.org',
};

export interface PrintPdfOptions {
  title: string;
  author?: string;
  /** A photo's file, or null when it is gone. */
  resolveAsset(assetId: string): Promise<string | null>;
}

/** The PDF/X this file declares when its content allows it (see above). */
export const PDFX_VERSION = 'PDF/X-1a:2003';

export interface PrintPdfReport {
  /** Photos placed in RGB (a printing plant converts them; the desk should know). */
  rgbPhotos: string[];
  /** Photos whose file could not be read or is not JPEG/PNG. */
  missingPhotos: string[];
  /** The PDF/X declared in the file, or null when its photos keep it from conforming. */
  pdfx: typeof PDFX_VERSION | null;
  /** Why no PDF/X is declared: each photo that keeps the file from conforming, and the reason. */
  pdfxBlockers: string[];
  /** The masthead's artwork, when a page has one: drawn as vector or image, in which colour, or why set type stood in. */
  artwork?: ArtworkReport;
}

/** JPEG components or PNG colour type: is the picture RGB? */
function isRgb(bytes: Buffer): boolean {
  if (bytes[0] === 0x89 && bytes.toString('latin1', 1, 4) === 'PNG') return [2, 3, 6].includes(bytes[25]!);
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    for (let i = 2; i + 9 < bytes.length;) {
      if (bytes[i] !== 0xff) return false;
      const marker = bytes[i + 1]!;
      const length = bytes.readUInt16BE(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) return bytes[i + 9] === 3;
      i += 2 + length;
    }
  }
  return false;
}

/**
 * Why a photo keeps the file from PDF/X-1a, or null when it does not: colour other than grey
 * or CMYK, an alpha channel or transparent colour (placed as a soft mask: transparency), or 16
 * bits a sample (PDF 1.5).
 */
function pdfx1aBlocker(bytes: Buffer): string | null {
  if (isRgb(bytes)) return 'RGB';
  if (bytes[0] === 0x89) {
    if (bytes[25] === 4) return 'an alpha channel';
    if (bytes[24] === 16) return '16 bits a sample';
    // A tRNS chunk makes a colour transparent: pdfkit places it as a mask.
    for (let at = 8; at + 8 <= bytes.length;) {
      const length = bytes.readUInt32BE(at);
      const type = bytes.toString('latin1', at + 4, at + 8);
      if (type === 'tRNS') return 'a transparent colour';
      if (type === 'IDAT' || type === 'IEND') break;
      at += 12 + length;
    }
  }
  return null;
}

const isJpegOrPng = (b: Buffer) =>
  (b[0] === 0xff && b[1] === 0xd8) || (b[0] === 0x89 && b.toString('latin1', 1, 4) === 'PNG');

function xmp(title: string, now: string, pdfx: string | null): string {
  const esc = (s: string) => s.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);
  return `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${esc(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:format>application/pdf</dc:format>
   <xmp:CreatorTool>Masthead</xmp:CreatorTool>
   <xmp:CreateDate>${now}</xmp:CreateDate>
   <xmp:ModifyDate>${now}</xmp:ModifyDate>
   <xmp:MetadataDate>${now}</xmp:MetadataDate>
   <pdf:Producer>Masthead (pdfkit)</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>${pdfx ? `\n   <pdfxid:GTS_PDFXVersion>${pdfx}</pdfxid:GTS_PDFXVersion>` : ''}
   <xmpMM:DocumentID>uuid:${crypto.randomUUID()}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:${crypto.randomUUID()}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

type Doc = InstanceType<typeof PDFDocument> & {
  _root: { data: Record<string, unknown> };
  page: { dictionary: { data: Record<string, unknown> } };
  ref(data: Record<string, unknown>): {
    write(d: string | Buffer): void;
    end(d?: string | Buffer): void;
    compress?: boolean;
  };
};

/**
 * A PDF name for a document Info value: pdfkit writes every Info string as a PDF string, and
 * Trapped must be a name. pdfkit writes references by their own toString(), so a reference-like
 * value prints as the name.
 */
function pdfName(reference: object, name: string): unknown {
  const referencePrototype = Object.getPrototypeOf(Object.getPrototypeOf(reference)) as object;
  const value = Object.create(referencePrototype) as { toString(): string };
  value.toString = () => `/${name}`;
  return value;
}

/** Writes pages of a composed edition to one PDF file. */
export async function writePrintPdf(
  pages: readonly ComposedPage[],
  fonts: SystemFontSet,
  path: string,
  options: PrintPdfOptions,
): Promise<PrintPdfReport> {
  const report: PrintPdfReport = { rgbPhotos: [], missingPhotos: [], pdfx: PDFX_VERSION, pdfxBlockers: [] };
  const images = new Map<string, Buffer | null>();
  for (const page of pages)
    for (const block of page.blocks)
      for (const image of block.images) {
        if (images.has(image.assetId)) continue;
        const file = image.assetId ? await options.resolveAsset(image.assetId) : null;
        const bytes = file ? await readFile(file).catch(() => null) : null;
        images.set(image.assetId, bytes && isJpegOrPng(bytes) ? bytes : null);
        if (!bytes || !isJpegOrPng(bytes)) report.missingPhotos.push(image.assetId);
        else {
          if (isRgb(bytes)) report.rgbPhotos.push(image.assetId);
          const blocker = pdfx1aBlocker(bytes);
          if (blocker) report.pdfxBlockers.push(`${image.assetId}: ${blocker}`);
        }
      }
  // The masthead's artwork, tried before the file is begun (print-artwork.ts).
  const artworks = new Map<string, LoadedArtwork | null>();
  for (const page of pages) {
    const art = page.furniture.artwork;
    if (!art || artworks.has(art.assetId)) continue;
    const loaded = await loadArtwork(art.assetId, await options.resolveAsset(art.assetId), {
      isRgb,
      pdfxBlocker: pdfx1aBlocker,
    });
    if ('problem' in loaded) {
      artworks.set(art.assetId, null);
      report.artwork = { assetId: art.assetId, drawn: 'set type', problem: loaded.problem };
    } else {
      artworks.set(art.assetId, loaded);
      report.artwork = {
        assetId: art.assetId,
        drawn: loaded.kind === 'svg' ? 'vector' : 'image',
        colour: loaded.colour,
      };
      if (loaded.kind === 'image') {
        // Fitted in its box keeping proportions: the box's width is the printed width.
        const ppi = Math.round(loaded.pixelWidth / (art.width / 25.4));
        report.artwork.ppi = ppi;
        if (ppi < LINE_ART_PPI)
          report.artwork.warning = `${ppi} ppi at its printed size: a masthead needs ${LINE_ART_PPI} or more (an SVG prints sharp at any size)`;
      }
      if (loaded.pdfxBlocker) report.pdfxBlockers.push(`${art.assetId}: ${loaded.pdfxBlocker}`);
    }
  }
  if (report.pdfxBlockers.length) report.pdfx = null;

  // Whole seconds: Info's dates have no fractions, and PDF/X wants XMP's dates to be the same.
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const doc = new PDFDocument({
    autoFirstPage: false,
    // PDF/X-1a:2003 is PDF 1.4; nothing here needs more (CFF fonts go in as CIDFontType0C).
    pdfVersion: '1.4',
    compress: true,
    info: {
      Title: options.title,
      ...(options.author ? { Author: options.author } : {}),
      Creator: 'Masthead',
      Producer: 'Masthead (pdfkit)',
      CreationDate: now,
      ModDate: now,
    },
  }) as Doc;
  if (report.pdfx) (doc.info as Record<string, unknown>).GTS_PDFXVersion = report.pdfx;
  const done = new Promise<void>((resolve, reject) => {
    const out = createWriteStream(path);
    out.on('finish', resolve);
    out.on('error', reject);
    doc.on('error', reject);
    doc.pipe(out);
  });

  const registered = new Set<string>();
  const useFont = (key: string) => {
    if (!registered.has(key)) {
      // pdfkit takes a parsed font (anything with layout()): the font set's, parsed once per process.
      doc.registerFont(key, fonts.fontOf(key) as unknown as Buffer);
      registered.add(key);
    }
    doc.font(key);
  };

  // A face for type inside SVG artwork (most mastheads have theirs as outlines).
  const svgFont = (family: string, bold: boolean) => {
    const sans = /sans|hei|黑|gothic|arial|helvetica/i.test(family);
    const key = fonts.face({ family: sans ? 'Noto Sans CJK SC' : 'Noto Serif CJK SC', bold }).key;
    useFont(key);
    return key;
  };

  for (const page of pages) {
    const bleed = page.bleedMm;
    const width = pt(page.widthMm + 2 * bleed);
    const height = pt(page.heightMm + 2 * bleed);
    doc.addPage({ size: [width, height], margin: 0 });
    const b = pt(bleed);
    doc.page.dictionary.data.TrimBox = [b, b, width - b, height - b];
    doc.page.dictionary.data.BleedBox = [0, 0, width, height];
    const x = (mm: number) => b + pt(mm);
    const y = (mm: number) => b + pt(mm);
    const entry = doc.outline.addItem(page.outline.title);

    const blocks = [page.furniture, ...page.blocks];
    for (const block of blocks) {
      for (const image of block.images) {
        const bytes = images.get(image.assetId);
        if (!bytes) {
          doc
            .save()
            .lineWidth(0.5)
            .strokeColor([...K])
            .rect(x(image.x), y(image.y), pt(image.width), pt(image.height))
            .stroke()
            .restore();
          continue;
        }
        doc.save();
        doc.rect(x(image.x), y(image.y), pt(image.width), pt(image.height)).clip();
        doc.image(bytes, x(image.x), y(image.y), {
          cover: [pt(image.width), pt(image.height)],
          align: 'center',
          valign: 'center',
        });
        doc.restore();
      }
      for (const frame of block.frames) {
        doc
          .save()
          .lineWidth(frame.weightPt)
          .strokeColor([...K]);
        if (frame.dashed) doc.dash(3, { space: 2 });
        doc.rect(x(frame.x), y(frame.y), pt(frame.width), pt(frame.height));
        if (frame.tint) doc.fillAndStroke([0, 0, 0, frame.tint], [...K]);
        else doc.stroke();
        doc.undash().restore();
      }
      for (const rule of block.rules ?? []) strokeRule(doc, rule, x, y);
      const artwork = block.artwork ? artworks.get(block.artwork.assetId) : null;
      if (block.artwork && artwork) drawArtwork(doc, artwork, block.artwork, x, y, svgFont);
      doc.fillColor([...K]);
      for (const line of artwork || !block.artwork ? block.lines : [...block.artwork.fallback, ...block.lines])
        for (const run of line.runs) {
          useFont(run.face);
          doc.fontSize(run.sizePt).text(run.text, x(run.x), y(run.y), {
            lineBreak: false,
            baseline: 'alphabetic',
            ...(run.letterSpacing ? { characterSpacing: pt(run.letterSpacing) } : {}),
          });
        }
    }
    for (const rule of page.rules) strokeRule(doc, rule, x, y);
    for (const headline of page.outline.headlines) entry.addItem(headline);
  }

  const intent = doc.ref({
    Type: 'OutputIntent',
    S: 'GTS_PDFX',
    OutputConditionIdentifier: new String(NEWSPRINT_INTENT.OutputConditionIdentifier),
    OutputCondition: new String(NEWSPRINT_INTENT.OutputCondition),
    RegistryName: new String(NEWSPRINT_INTENT.RegistryName),
    Info: new String(NEWSPRINT_INTENT.OutputCondition),
  });
  intent.end();
  doc._root.data.OutputIntents = [intent];
  const metadata = doc.ref({ Type: 'Metadata', Subtype: 'XML' });
  metadata.compress = false;
  metadata.end(Buffer.from(xmp(options.title, now.toISOString().replace(/\.\d+Z$/, 'Z'), report.pdfx), 'utf8'));
  doc._root.data.Metadata = metadata;
  // PDF/X: Trapped is the name /False (not trapped), in Info as in XMP.
  (doc.info as Record<string, unknown>).Trapped = pdfName(metadata, 'False');
  doc.end();
  await done;
  return report;
}
