import type { Library } from '../store/library';
import { exportContext } from './context';
import type { ExportContext, ExportFormat, FormatExporter } from './types';

/**
 * A format whose module is loaded when it is first used: the PDF brings pdfkit and the
 * composer's fonts, the HTML edition parse5, the EPUB
 * JSZip, DOCX and ninjs their libraries and schemas, none of which the app needs to start. A module
 * that cannot load fails that format only; the others still export.
 */
function lazyExporter(format: ExportFormat, load: () => Promise<FormatExporter>): FormatExporter {
  let loaded: Promise<FormatExporter> | null = null;
  const get = () => (loaded ??= load());
  return {
    format,
    write: async (ctx, dir, signal, progress) => (await get()).write(ctx, dir, signal, progress),
    validate: async (ctx, dir, started) => (await get()).validate(ctx, dir, started),
    prepare: async (ctx) => {
      const exporter = await get();
      await exporter.prepare?.(ctx);
    },
  };
}

/**
 * Readies every format for an export about to start (the app calls it when the export dialog
 * opens): modules loaded, EPUBCheck warm, and with the edition named, its pages set for the
 * PDF. Resolves when all are ready; a format that cannot prepare is left to do it during the
 * export, as without this.
 */
export async function prepareExporters(
  list: readonly FormatExporter[] = exporters,
  edition?: { library: Library; editionId: string },
): Promise<void> {
  let ctx: ExportContext | undefined;
  // An edition that cannot be read now fails the export later, with its own message.
  if (edition) ctx = await exportContext(edition.library, edition.editionId).catch(() => undefined);
  await Promise.allSettled(list.map((exporter) => exporter.prepare?.(ctx)));
}

/**
 * The formats this build can export, for the CLI and the app, in the order an export runs them.
 * A format missing here is reported as not available and the others still export.
 */
export const exporters: readonly FormatExporter[] = [
  lazyExporter('pdf', async () => (await import('./pdf')).pdfExporter),
  lazyExporter('html', async () => (await import('./html')).htmlExporter),
  lazyExporter('epub', async () => (await import('./epub')).epubExporter),
  lazyExporter('ninjs', async () => (await import('./ninjs')).ninjsExporter),
  lazyExporter('newsml', async () => (await import('./newsml')).newsmlExporter),
  lazyExporter('txt', async () => (await import('./text')).textExporter),
  lazyExporter('docx', async () => (await import('./docx')).docxExporter),
];
