import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEXT_FILE, textExporter } from '../../../../electron/export/text';
import type { ExportContext } from '../../../../electron/export/types';
import { bylineName, importTextPage, summariseImport } from '../../../../shared/import/text-page';
import { storyBodyParagraphs } from '../../../../shared/layout/story-html';
import { tempDir } from '../../../helpers/temp';
import { runExporter, sampleContext } from './format-fixture';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('masthead-text-'));
});
afterEach(() => cleanup());

/** The exported text cut at each page's header line (第1版 …, Page 3 …): the importer reads a page at a time. */
function pagesOf(text: string, ctx: ExportContext): string[] {
  const lines = text.split('\n');
  const starts = ctx.pages.map((page) => {
    const at = lines.findIndex((l) => new RegExp(`^(第${page.number}版|Page ${page.number}\\b)`).test(l));
    expect(at, `the header of page ${page.number}`).toBeGreaterThan(-1);
    expect(lines[at]).toContain(page.page.section);
    return at;
  });
  return starts.map((start, i) => lines.slice(start, starts[i + 1] ?? lines.length).join('\n'));
}

describe('plain-text export of the sample edition', () => {
  it('re-imports as the same stories, page by page, in order', async () => {
    const { ctx } = await sampleContext(dir);
    const { out } = await runExporter(textExporter, ctx, dir);
    const text = await readFile(join(out, TEXT_FILE), 'utf8');
    expect(text.startsWith(`${ctx.edition.publication}\n`)).toBe(true);

    const pages = pagesOf(text, ctx);
    const byId = new Map(ctx.stories.map((s) => [s.id, s]));
    const reimported: string[] = [];
    for (const [i, page] of ctx.pages.entries()) {
      const [header, ...stories] = importTextPage(pages[i]!).stories.map(summariseImport);
      // The page's own header line comes back as a headline-less fragment, not as a story.
      expect(header!.headline).toBeNull();
      expect(stories).toHaveLength(page.storyIds.length);
      for (const [j, id] of page.storyIds.entries()) {
        const story = byId.get(id)!;
        const back = stories[j]!;
        reimported.push(back.headline!);
        expect(back.headline).toBe(story.headline);
        expect(back.kicker).toBe(story.kicker || null);
        expect(back.subheadline).toBe(story.subheadline || null);
        expect(back.dateline).toBe(story.dateline ? story.dateline.replace(/\s*(—|–|--)$/, '') : null);
        expect(back.byline).toBe(story.byline ? (bylineName(story.byline) ?? story.byline) : null);
        const body = storyBodyParagraphs(story.body);
        expect(back.body).toHaveLength(body.length);
        for (const [k, b] of body.entries()) {
          expect(back.body[k]!.text).toContain(b.text);
          if (b.kind === 'crossHead') expect(back.body[k]!.type).toBe('crosshead');
          else if (b.kind === 'paragraph') expect(back.body[k]!.type).toBe('paragraph');
          // A caption is a line of its own, marked 【图】 / [Photo]: plain text cannot say more.
          else expect(back.body[k]!.text).toMatch(/^(【图】|\[Photo\] )/);
        }
        expect(back.warnings).toEqual([]);
      }
    }
    expect(reimported).toEqual(ctx.stories.map((s) => s.headline));
  });

  it('separates the header, the pages and the stories exactly as the sample pages do: three blank lines', async () => {
    const { ctx } = await sampleContext(dir);
    const { out } = await runExporter(textExporter, ctx, dir);
    const text = await readFile(join(out, TEXT_FILE), 'utf8');
    expect(text).not.toMatch(/\n{5,}/);
    expect(text.split('\n\n\n\n')).toHaveLength(1 + ctx.pages.length + ctx.stories.length);
    expect(await textExporter.validate(ctx, out)).toEqual({ ok: true, validator: 'UTF-8 and headlines', problems: [] });
  });

  it('rejects a file that lost a headline or is not UTF-8', async () => {
    const { ctx } = await sampleContext(dir);
    const { out } = await runExporter(textExporter, ctx, dir);
    const path = join(out, TEXT_FILE);
    const text = await readFile(path, 'utf8');
    const victim = ctx.stories[1]!;
    await writeFile(path, text.replace(`${victim.headline}\n`, ''));
    const lost = await textExporter.validate(ctx, out);
    expect(lost.ok).toBe(false);
    expect(lost.problems).toEqual([{ file: TEXT_FILE, message: expect.stringContaining(victim.id) }]);

    await writeFile(path, Buffer.concat([Buffer.from(text), Buffer.from([0xc3, 0x28])]));
    const garbled = await textExporter.validate(ctx, out);
    expect(garbled.ok).toBe(false);
    expect(garbled.problems.map((p) => p.message)).toContain('not valid UTF-8');
  });
});
