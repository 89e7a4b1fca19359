import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EditionComposer } from '../../shared/compose/compose-edition';
import { systemFonts } from '../layout/fonts';
import { pdfPageFile, validatePdf } from './pdf-validate';
import { NEWSPRINT_INTENT, writePrintPdf } from './print-pdf';
import type { ExportContext, FormatExporter } from './types';

/**
 * PDF: the pages as the composer sets them (the same glyph runs preflight measures and the
 * screen shows), written as a print PDF — fonts embedded as subset CID fonts, type and rules
 * in 100 % K, TrimBox and BleedBox, a newsprint OutputIntent, PDF/X-1a:2003 declared where its
 * photos allow (print-pdf.ts says why not X-4) — with an
 * outline of the pages and their headlines. One file for the edition and, when asked, one per page.
 */
/** Beside the PDF when there is something to report: the RGB and the missing photos. */
export const PRINT_REPORT = 'print-report.json';

/** How long the composer of the last edition prepared or exported is kept (its set pages: a few MB). */
const KEEP_COMPOSER_MS = 10 * 60 * 1000;

/**
 * The composer of the edition last prepared or exported: the export dialog has it set the
 * pages while the desk chooses formats, and the export then finds every story set (the
 * composer sets again only a story whose text or place changed since).
 */
let kept: { editionId: string; composer: EditionComposer; timer: NodeJS.Timeout } | null = null;
function composerFor(editionId: string): EditionComposer {
  const composer = kept?.editionId === editionId ? kept.composer : new EditionComposer(systemFonts());
  if (kept) clearTimeout(kept.timer);
  const timer = setTimeout(() => (kept = null), KEEP_COMPOSER_MS);
  timer.unref();
  kept = { editionId, composer, timer };
  return composer;
}

const composeEdition = (ctx: ExportContext) =>
  composerFor(ctx.edition.id).compose({
    edition: ctx.edition,
    stories: new Map(ctx.stories.map((s) => [s.id, s])),
  });

export const pdfExporter: FormatExporter = {
  format: 'pdf',
  async write(ctx, dir, signal, progress) {
    const pages = ctx.pdfPages ? ctx.pages : [];
    const total = pages.length + 1;
    const fonts = systemFonts();
    const { pages: composed } = composeEdition(ctx);
    signal.throwIfAborted();
    const title = `${ctx.edition.publication} ${ctx.edition.date}`;
    const options = { title, resolveAsset: ctx.assetPath };
    const report = await writePrintPdf(composed, fonts, join(dir, 'edition.pdf'), options);
    // What the printing plant should hear about: RGB photos (it converts them), photos that are
    // gone, why the file declares no PDF/X when it does not, and masthead artwork that is not
    // plain K (or was not printed: the set name stood in).
    const artworkNews =
      report.artwork && (!['K only', 'grey'].includes(report.artwork.colour ?? '') || report.artwork.warning);
    if (report.rgbPhotos.length || report.missingPhotos.length || !report.pdfx || artworkNews)
      await writeFile(
        join(dir, PRINT_REPORT),
        `${JSON.stringify({ outputIntent: NEWSPRINT_INTENT.OutputConditionIdentifier, ...report }, null, 2)}\n`,
      );
    progress(1, total);
    for (const [index] of pages.entries()) {
      signal.throwIfAborted();
      await writePrintPdf([composed[index]!], fonts, join(dir, pdfPageFile(index)), options);
      progress(index + 2, total);
    }
  },
  validate: validatePdf,
  // The pages set ahead (the fonts opened with them), while the export dialog is open.
  async prepare(ctx) {
    if (ctx) composeEdition(ctx);
  },
};
