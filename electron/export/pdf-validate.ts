import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PT_PER_MM, templateOf } from '../../shared/layout/grid';
import { builtInTemplates } from '../../shared/model/templates';
import type { ExportContext, FormatValidation, ValidationProblem } from './types';

/**
 * Checking an exported PDF (the print PDF written from the composer, in the desktop app, the
 * web host and the CLI alike) with the system's PDF tools: no browser is needed here.
 */

const run = promisify(execFile);

export const pdfPageFile = (index: number) => `page-${String(index + 1).padStart(2, '0')}.pdf`;

class ToolMissing extends Error {}

async function tool(name: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(name, args, { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new ToolMissing(`${name} is not installed (poppler-utils)`, { cause: error });
    throw error;
  }
}

/**
 * Where poppler is not installed (a desktop without it): the file is checked as a PDF by its
 * own structure — header, trailer, and as many page objects as the edition has pages.
 */
async function validateStructure(ctx: ExportContext, dir: string): Promise<FormatValidation> {
  const problems: ValidationProblem[] = [];
  const files = ['edition.pdf', ...(ctx.pdfPages ? ctx.pages.map((_, i) => pdfPageFile(i)) : [])];
  for (const [i, file] of files.entries()) {
    const bytes = await readFile(join(dir, file));
    const text = bytes.toString('latin1');
    if (!text.startsWith('%PDF-') || !text.trimEnd().endsWith('%%EOF'))
      problems.push({ file, message: 'is not a whole PDF file' });
    const pages = (text.match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
    const expected = i === 0 ? ctx.pages.length : 1;
    if (pages !== expected) problems.push({ file, message: `has ${pages} pages; ${expected} expected` });
  }
  return { ok: problems.length === 0, validator: 'PDF structure (poppler not installed)', problems };
}

/** Page count and every page's size (pdfinfo), fonts embedded (pdffonts), every headline in the text (pdftotext). */
export async function validatePdf(ctx: ExportContext, dir: string): Promise<FormatValidation> {
  const problems: ValidationProblem[] = [];
  const file = 'edition.pdf';
  const path = join(dir, file);
  try {
    const info = await tool('pdfinfo', ['-box', '-f', '1', '-l', String(ctx.pages.length), path]);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    if (pages !== ctx.pages.length)
      problems.push({ file, message: `has ${pages} pages; the edition has ${ctx.pages.length}` });
    ctx.pages.forEach(({ page, number }, index) => {
      const template = templateOf(ctx.edition, page, builtInTemplates);
      // The trimmed page is the paper (the sheet itself is larger by the bleed).
      const trim = new RegExp(
        `^Page\\s+${index + 1} TrimBox:\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)`,
        'm',
      ).exec(info);
      const size = new RegExp(`^Page\\s+${index + 1} size:\\s+([\\d.]+) x ([\\d.]+) pts`, 'm').exec(info);
      if (!template || !size) return;
      const [w, h] = trim
        ? [Number(trim[3]) - Number(trim[1]), Number(trim[4]) - Number(trim[2])]
        : [Number(size[1]), Number(size[2])];
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
      // A printing plant's RIP wants outline fonts: Type 3 (bitmaps or procedures) is refused.
      if (/Type 3/.test(line)) problems.push({ file, message: `font ${cols[0]} is a Type 3 font` });
    }
    // -raw keeps the content stream's order: a story's lines together, not the page's columns interleaved.
    const text = (await tool('pdftotext', ['-raw', '-enc', 'UTF-8', path, '-'])).replace(/\s+/g, '');
    for (const story of ctx.stories) {
      const headline = story.headline.replace(/\s+/g, '');
      if (headline && !text.includes(headline))
        problems.push({ file, message: `the headline "${story.headline}" is not in its text` });
    }
    for (const [index] of (ctx.pdfPages ? ctx.pages : []).entries()) {
      const one = await tool('pdfinfo', [join(dir, pdfPageFile(index))]);
      if (Number(/^Pages:\s+(\d+)/m.exec(one)?.[1]) !== 1)
        problems.push({ file: pdfPageFile(index), message: 'does not hold exactly one page' });
    }
  } catch (error) {
    if (error instanceof ToolMissing) return validateStructure(ctx, dir);
    problems.push({ file, message: (error as Error).message });
  }
  return { ok: problems.length === 0, validator: 'pdfinfo, pdffonts and pdftotext (poppler)', problems };
}
