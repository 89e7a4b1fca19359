import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserWindow } from 'electron';
import { pdfPageFile, validatePdf } from '../export/pdf-validate';
import type { FormatExporter } from '../export/types';

/**
 * The desktop app's PDF: the edition laid out by the same engine and stylesheet in a hidden,
 * hardened window (renderer/print.html) and printed with webContents.printToPDF at each
 * template's `@page` size, with an outline by page and a tagged structure. The CLI and tests
 * print the same page with Chromium through playwright-core (services/export/pdf.ts).
 */
export function electronPdfExporter(options: {
  /** A new hidden window, hardened like the app's own. */
  openWindow: () => BrowserWindow;
  /** out/renderer/print.html */
  printPage: string;
  /** The prefix photos are served under in the app (the asset scheme). */
  assetBase: string;
}): FormatExporter {
  return {
    format: 'pdf',
    async write(ctx, dir, signal, progress) {
      const pages = ctx.pdfPages ? ctx.pages : [];
      const window = options.openWindow();
      try {
        await window.loadFile(options.printPage);
        const data = JSON.stringify({ edition: ctx.edition, stories: ctx.stories, assetBase: options.assetBase });
        await window.webContents.executeJavaScript(`globalThis.MastheadLayout.layoutEdition(${data}).then(() => true)`);
        signal.throwIfAborted();
        const print = {
          preferCSSPageSize: true,
          printBackground: true,
          generateDocumentOutline: true,
          generateTaggedPDF: true,
        } as const;
        await writeFile(join(dir, 'edition.pdf'), await window.webContents.printToPDF(print));
        progress(1, pages.length + 1);
        for (const [index] of pages.entries()) {
          signal.throwIfAborted();
          const bytes = await window.webContents.printToPDF({ ...print, pageRanges: String(index + 1) });
          await writeFile(join(dir, pdfPageFile(index)), bytes);
          progress(index + 2, pages.length + 1);
        }
      } finally {
        window.destroy();
      }
    },
    validate: validatePdf,
  };
}
