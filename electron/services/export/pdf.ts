import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { builtInTemplates } from '../../../shared/model/templates';
import { templateOf } from '../../../shared/layout/grid';
import { openLayoutSession } from '../layout/chromium-layout';
import type { ExportContext, FormatExporter, FormatValidation, ValidationProblem } from './types';

const run = promisify(execFile);
const PT_PER_MM = 72 / 25.4;

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
      const print = { preferCSSPageSize: true, printBackground: true, outline: true, tagged: true } as const;
      await session.page.pdf({ ...print, path: join(dir, 'edition.pdf') });
      progress(1, total);
      for (const [index] of pages.entries()) {
        signal.throwIfAborted();
        await session.page.pdf({ ...print, pageRanges: String(index + 1), path: join(dir, pageFile(index)) });
        progress(index + 2, total);
      }
    } finally {
      await session.close();
    }
  },
  validate: validatePdf,
};

const pageFile = (index: number) => `page-${String(index + 1).padStart(2, '0')}.pdf`;

async function tool(name: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(name, args, { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(`${name} is not installed (Debian package poppler-utils): the PDF cannot be checked.`, {
        cause: error,
      });
    throw error;
  }
}

/** Page count and every page's size (pdfinfo), fonts embedded (pdffonts), every headline in the text (pdftotext). */
export async function validatePdf(ctx: ExportContext, dir: string): Promise<FormatValidation> {
  const problems: ValidationProblem[] = [];
  const file = 'edition.pdf';
  const path = join(dir, file);
  try {
    const info = await tool('pdfinfo', ['-f', '1', '-l', String(ctx.pages.length), path]);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    if (pages !== ctx.pages.length)
      problems.push({ file, message: `has ${pages} pages; the edition has ${ctx.pages.length}` });
    ctx.pages.forEach(({ page, number }, index) => {
      const template = templateOf(ctx.edition, page, builtInTemplates);
      const size = new RegExp(`^Page\\s+${index + 1} size:\\s+([\\d.]+) x ([\\d.]+) pts`, 'm').exec(info);
      if (!template || !size) return;
      const [w, h] = [Number(size[1]), Number(size[2])];
      const [ew, eh] = [template.paper.widthMm * PT_PER_MM, template.paper.heightMm * PT_PER_MM];
      if (Math.abs(w - ew) > 1.5 || Math.abs(h - eh) > 1.5)
        problems.push({
          file,
          message: `page ${number} is ${(w / PT_PER_MM).toFixed(1)} × ${(h / PT_PER_MM).toFixed(1)} mm; its template is ${template.paper.widthMm} × ${template.paper.heightMm} mm`,
        });
    });
    const fonts = (await tool('pdffonts', [path])).split('\n').slice(2).filter(Boolean);
    for (const line of fonts) {
      // Columns: name type encoding emb sub uni object-id; "emb" is the fourth from the end.
      const cols = line.trim().split(/\s+/);
      if (cols[cols.length - 5] !== 'yes') problems.push({ file, message: `font ${cols[0]} is not embedded` });
    }
    // -raw keeps the content stream's order: a story's lines together, not the page's columns interleaved.
    const text = (await tool('pdftotext', ['-raw', '-enc', 'UTF-8', path, '-'])).replace(/\s+/g, '');
    for (const story of ctx.stories) {
      const headline = story.headline.replace(/\s+/g, '');
      if (headline && !text.includes(headline))
        problems.push({ file, message: `the headline "${story.headline}" is not in its text` });
    }
    for (const [index] of (ctx.pdfPages ? ctx.pages : []).entries()) {
      const one = await tool('pdfinfo', [join(dir, pageFile(index))]);
      if (Number(/^Pages:\s+(\d+)/m.exec(one)?.[1]) !== 1)
        problems.push({ file: pageFile(index), message: 'does not hold exactly one page' });
    }
  } catch (error) {
    problems.push({ file, message: (error as Error).message });
  }
  return { ok: problems.length === 0, validator: 'pdfinfo, pdffonts and pdftotext (poppler)', problems };
}
