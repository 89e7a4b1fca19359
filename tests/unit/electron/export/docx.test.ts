import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CJK_FALLBACK_FONT, CJK_FONT, docxExporter, docxFileName } from '../../../../electron/export/docx';
import { storyBodyParagraphs } from '../../../../shared/layout/story-html';
import { tempDir } from '../../../helpers/temp';
import { PHOTO_CAPTION, PHOTO_CREDIT, PNG, runExporter, sampleContext } from './format-fixture';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('masthead-docx-'));
});
afterEach(() => cleanup());

const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();

describe('DOCX export of the sample edition', () => {
  it('writes one Word file per story that mammoth reads back with the headline group and the body', async () => {
    const { ctx } = await sampleContext(dir);
    const { out, progress } = await runExporter(docxExporter, ctx, dir);
    expect((await readdir(out)).sort()).toEqual(ctx.stories.map(docxFileName).sort());
    expect(progress.at(-1)).toEqual([ctx.stories.length, ctx.stories.length]);

    for (const story of ctx.stories) {
      const buffer = await readFile(join(out, docxFileName(story)));
      const text = flat((await mammoth.extractRawText({ buffer })).value);
      for (const field of [story.kicker, story.headline, story.subheadline, story.byline, story.dateline])
        if (field.trim()) expect(text).toContain(flat(field));
      for (const p of storyBodyParagraphs(story.body)) expect(text).toContain(flat(p.text));

      // The headline is the document's title, and cross-heads are headings.
      const { value: html } = await mammoth.convertToHtml(
        { buffer },
        { styleMap: ["p[style-name='Title'] => h1:fresh", "p[style-name='Kicker'] => p.kicker:fresh"] },
      );
      expect(html).toContain(`<h1>${story.headline}</h1>`);
      for (const p of storyBodyParagraphs(story.body).filter((b) => b.kind === 'crossHead'))
        expect(html).toContain(`<h2>${p.text}</h2>`);
    }
    expect(await docxExporter.validate(ctx, out)).toEqual({
      ok: true,
      validator: 'OOXML package check and re-read',
      problems: [],
    });
  });

  it('sets Chinese runs in the East Asian font, names 宋体 as its fallback, and marks the language', async () => {
    const { ctx } = await sampleContext(dir);
    const { out } = await runExporter(docxExporter, ctx, dir);
    const open = async (id: string) => JSZip.loadAsync(await readFile(join(out, `${id}.docx`)));

    const zh = await open('sample-zh-port-trade');
    const xml = await zh.file('word/document.xml')!.async('string');
    const runs = [...xml.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map((m) => m[1]!);
    const chinese = runs.filter((r) => /<w:t[^>]*>[^<]*\p{Script=Han}/u.test(r));
    expect(chinese.length).toBeGreaterThan(0);
    for (const run of chinese) {
      expect(run).toMatch(new RegExp(`<w:rFonts [^>]*w:eastAsia="${CJK_FONT}"`));
      expect(run).toMatch(/<w:lang [^>]*w:eastAsia="zh-CN"/);
    }
    const fonts = await zh.file('word/fontTable.xml')!.async('string');
    expect(fonts).toContain(`<w:font w:name="${CJK_FONT}"><w:altName w:val="${CJK_FALLBACK_FONT}"/>`);
    expect(await zh.file('word/styles.xml')!.async('string')).toMatch(/<w:lang w:val="zh-CN"/);

    const en = await open('sample-en-school-meals');
    expect(await en.file('word/document.xml')!.async('string')).toMatch(/<w:lang w:val="en-GB"/);
  });

  it('embeds the photo with its caption and credit, and survives a photo whose file is gone', async () => {
    const { ctx } = await sampleContext(dir);
    const { out } = await runExporter(docxExporter, ctx, dir);
    const buffer = await readFile(join(out, 'sample-zh-riverside-library.docx'));
    const zip = await JSZip.loadAsync(buffer);
    const media = Object.keys(zip.files).filter((name) => name.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    expect(await zip.file(media[0]!)!.async('nodebuffer')).toEqual(PNG);
    const { value: html } = await mammoth.convertToHtml({ buffer });
    expect(html).toContain('<img');
    const text = flat((await mammoth.extractRawText({ buffer })).value);
    expect(text).toContain(PHOTO_CAPTION);
    expect(text).toContain(PHOTO_CREDIT);
    expect(text).toContain('旧厂房原貌');
  });

  it('rejects a file that is not a Word file, or lost its headline, naming it', async () => {
    const { ctx } = await sampleContext(dir);
    const { out } = await runExporter(docxExporter, ctx, dir);
    const [first, second, third] = ctx.stories;
    await writeFile(join(out, docxFileName(first!)), 'not a zip');
    // Another story's document under this story's name: its headline and body are not there.
    await writeFile(join(out, docxFileName(second!)), await readFile(join(out, docxFileName(third!))));

    const result = await docxExporter.validate(ctx, out);
    expect(result.ok).toBe(false);
    const files = result.problems.map((p) => p.file);
    expect(files).toContain(docxFileName(first!));
    expect(result.problems).toContainEqual({ file: docxFileName(second!), message: 'the headline is missing' });
    expect(files).not.toContain(docxFileName(third!));
  });

  it('rejects a package Word would call unreadable: a part not well-formed, a part gone, a damaged entry', async () => {
    const { ctx } = await sampleContext(dir);
    const { out } = await runExporter(docxExporter, ctx, dir);
    const [first, second, third] = ctx.stories;
    const rewrite = async (story: (typeof ctx.stories)[number], change: (zip: JSZip) => Promise<void>) => {
      const path = join(out, docxFileName(story));
      const zip = await JSZip.loadAsync(await readFile(path));
      await change(zip);
      await writeFile(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    };
    // A run's closing tag lost: the document part is no longer XML.
    await rewrite(first!, async (zip) => {
      const xml = await zip.file('word/document.xml')!.async('string');
      zip.file('word/document.xml', xml.replace('</w:r>', ''));
    });
    // The styles the document's relationships name are gone from the package.
    await rewrite(second!, async (zip) => {
      zip.remove('word/styles.xml');
    });
    // One byte of a compressed entry changed on the way (a bad copy): its checksum fails.
    const path = join(out, docxFileName(third!));
    const bytes = await readFile(path);
    const at = bytes.indexOf(Buffer.from('word/document.xml')) + 'word/document.xml'.length + 40;
    bytes[at] = bytes[at]! ^ 0xff;
    await writeFile(path, bytes);

    const result = await docxExporter.validate(ctx, out);
    expect(result.ok).toBe(false);
    const said = (story: (typeof ctx.stories)[number]) =>
      result.problems.filter((p) => p.file === docxFileName(story)).map((p) => p.message);
    expect(said(first!)).toEqual([expect.stringMatching(/^word\/document\.xml:\d+:\d+: /)]);
    expect(said(second!)).toEqual([
      expect.stringMatching(
        /^word\/_rels\/document\.xml\.rels: rId\d+ leads to styles\.xml, which is not in the file$/,
      ),
    ]);
    expect(said(third!)).toEqual([expect.stringMatching(/^(is not a whole Word file|has a damaged part)/)]);
    // The stories left alone pass.
    for (const story of ctx.stories.slice(3)) expect(said(story)).toEqual([]);
  });

  it('stops between files when cancelled', async () => {
    const { ctx } = await sampleContext(dir);
    const controller = new AbortController();
    const reason = new Error('cancelled by the desk');
    await expect(
      docxExporter.write(ctx, dir, controller.signal, (done) => {
        if (done === 1) controller.abort(reason);
      }),
    ).rejects.toBe(reason);
    expect((await readdir(dir)).filter((f) => f.endsWith('.docx'))).toHaveLength(1);
  });
});
