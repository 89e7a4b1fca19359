import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import PDFDocument from 'pdfkit';
import type { ComposedPage } from '../../shared/compose/types';
import { PT_PER_MM } from '../../shared/layout/grid';
import type { SystemFontSet } from '../layout/fonts';

/**
 * The print PDF, written from the composer's glyph runs with pdfkit: every face embedded as
 * a subset CID font (CFF or TrueType outlines, never Type 3), all type and rules in 100 % K
 * (DeviceCMYK 0/0/0/100), photos placed as they are, each page with a TrimBox (the paper)
 * and a BleedBox (the template's bleed), an OutputIntent for newsprint (ISO 12647-3, by its
 * registered characterization, no profile embedded) and PDF/X-4 declared in Info and XMP.
 */

const K = [0, 0, 0, 100] as const;
const pt = (mm: number) => mm * PT_PER_MM;

/** The registered newsprint characterization (ICC registry): WAN-IFRA's ISOnewspaper26v4, i.e. ISO 12647-3:2013. */
export const NEWSPRINT_INTENT = {
  OutputConditionIdentifier: 'IFRA26',
  OutputCondition: 'ISO 12647-3:2013, coldset offset on 45 g/m² newsprint (ISOnewspaper26v4)',
  RegistryName: 'http://www.color.org',
};

export interface PrintPdfOptions {
  title: string;
  author?: string;
  /** A photo's file, or null when it is gone. */
  resolveAsset(assetId: string): Promise<string | null>;
}

export interface PrintPdfReport {
  /** Photos placed in RGB (a printing plant converts them; the desk should know). */
  rgbPhotos: string[];
  /** Photos whose file could not be read or is not JPEG/PNG. */
  missingPhotos: string[];
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

const isJpegOrPng = (b: Buffer) =>
  (b[0] === 0xff && b[1] === 0xd8) || (b[0] === 0x89 && b.toString('latin1', 1, 4) === 'PNG');

function xmp(title: string, now: string): string {
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
   <pdf:Producer>Masthead (pdfkit)</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>
   <xmpMM:DocumentID>uuid:${crypto.randomUUID()}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:${crypto.randomUUID()}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
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

/** Writes pages of a composed edition to one PDF file. */
export async function writePrintPdf(
  pages: readonly ComposedPage[],
  fonts: SystemFontSet,
  path: string,
  options: PrintPdfOptions,
): Promise<PrintPdfReport> {
  const report: PrintPdfReport = { rgbPhotos: [], missingPhotos: [] };
  const images = new Map<string, Buffer | null>();
  for (const page of pages)
    for (const block of page.blocks)
      for (const image of block.images) {
        if (images.has(image.assetId)) continue;
        const file = image.assetId ? await options.resolveAsset(image.assetId) : null;
        const bytes = file ? await readFile(file).catch(() => null) : null;
        images.set(image.assetId, bytes && isJpegOrPng(bytes) ? bytes : null);
        if (!bytes || !isJpegOrPng(bytes)) report.missingPhotos.push(image.assetId);
        else if (isRgb(bytes)) report.rgbPhotos.push(image.assetId);
      }

  const now = new Date();
  const doc = new PDFDocument({
    autoFirstPage: false,
    pdfVersion: '1.6',
    compress: true,
    info: { Title: options.title, Author: options.author ?? '', Creator: 'Masthead', Producer: 'Masthead (pdfkit)' },
  }) as Doc;
  (doc.info as Record<string, unknown>).GTS_PDFXVersion = 'PDF/X-4';
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
      for (const rule of block.rules ?? []) {
        doc
          .save()
          .lineWidth(rule.weightPt)
          .strokeColor([...K]);
        doc.moveTo(x(rule.x1), y(rule.y1)).lineTo(x(rule.x2), y(rule.y2)).stroke().restore();
      }
      doc.fillColor([...K]);
      for (const line of block.lines)
        for (const run of line.runs) {
          useFont(run.face);
          doc.fontSize(run.sizePt).text(run.text, x(run.x), y(run.y), {
            lineBreak: false,
            baseline: 'alphabetic',
            ...(run.letterSpacing ? { characterSpacing: pt(run.letterSpacing) } : {}),
          });
        }
    }
    for (const rule of page.rules) {
      doc
        .save()
        .lineWidth(rule.weightPt)
        .strokeColor([...K]);
      doc.moveTo(x(rule.x1), y(rule.y1)).lineTo(x(rule.x2), y(rule.y2)).stroke().restore();
    }
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
  metadata.end(Buffer.from(xmp(options.title, now.toISOString()), 'utf8'));
  doc._root.data.Metadata = metadata;
  doc.end();
  await done;
  return report;
}
