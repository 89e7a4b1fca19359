import { join } from 'node:path';
import { openLayoutSession } from '../layout/chromium-layout';
import { pdfPageFile, validatePdf } from './pdf-validate';
import type { FormatExporter } from './types';

/** How Chromium prints an edition: each page at its template's `@page` size, with an outline and tags. */
export const PRINT_OPTIONS = { preferCSSPageSize: true, printBackground: true, outline: true, tagged: true } as const;

/**
 * PDF: the pages as the layout engine sets them on screen, printed by Chromium at each page
 * template's true size (`preferCSSPageSize`, one `@page` size per template), fonts embedded,
 * an outline with one entry per page (the folio's page heading) and the stories' headlines
 * under it. One file for the edition and, when asked, one per page.
 */
export const pdfExporter: FormatExporter = {
  format: 'pdf',
  async write(ctx, dir, signal, progress) {
    const pages = ctx.pdfPages ? ctx.pages : [];
    const total = pages.length + 1;
    const session = await openLayoutSession({ resolveAsset: ctx.assetPath });
    try {
      await session.layout(ctx.edition, ctx.stories);
      signal.throwIfAborted();
      await session.page.pdf({ ...PRINT_OPTIONS, path: join(dir, 'edition.pdf') });
      progress(1, total);
      for (const [index] of pages.entries()) {
        signal.throwIfAborted();
        await session.page.pdf({
          ...PRINT_OPTIONS,
          pageRanges: String(index + 1),
          path: join(dir, pdfPageFile(index)),
        });
        progress(index + 2, total);
      }
    } finally {
      await session.close();
    }
  },
  validate: validatePdf,
};
