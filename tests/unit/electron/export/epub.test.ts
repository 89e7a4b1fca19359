import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSZip from 'jszip';
import { JSDOM } from 'jsdom';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editionLanguage } from '../../../../electron/export/edition-site';
import { EPUB_FILE, createEpubExporter, epubExporter } from '../../../../electron/export/epub';
import { EPUBCHECK_MISSING, locateEpubcheck } from '../../../../electron/export/epubcheck';
import type { ExportContext } from '../../../../electron/export/types';
import { tempDir } from '../../../helpers/temp';
import { PNG, sampleContext } from './export-fixture';

let dir: string;
let cleanup: () => Promise<void>;
let ctx: ExportContext;
let photo: string;
let out: string;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('masthead-epub-'));
  ({ ctx, photo } = await sampleContext(dir));
  out = join(dir, 'epub');
  await mkdir(out);
});
afterEach(() => cleanup());

const write = (context = ctx) => epubExporter.write(context, out, new AbortController().signal, () => undefined);
const xml = (text: string) => new JSDOM(text, { contentType: 'application/xml' }).window.document;

async function book() {
  const bytes = await readFile(join(out, EPUB_FILE));
  const zip = await JSZip.loadAsync(bytes);
  const text = (name: string) => zip.file(name)!.async('string');
  return { bytes, zip, text, opf: xml(await text('EPUB/package.opf')) };
}

describe('the EPUB edition', () => {
  it('passes EPUBCheck with no errors', { timeout: 180_000 }, async () => {
    await write();
    const validation = await epubExporter.validate(ctx, out);
    expect(validation.validator).toMatch(/^epubcheck \d/);
    // Not even a warning.
    expect(validation.problems).toEqual([]);
    expect(validation.ok).toBe(true);
  });

  it(
    'is checked in a folder named after a Chinese publication, whatever the locale',
    { timeout: 180_000 },
    async () => {
      // Export folders carry the publication's name; a locale that isn't installed made Java
      // (EPUBCheck) read the path as "????" and report the book not found.
      const chinese = join(dir, '滨江日报-2026-07-23', 'epub');
      await mkdir(chinese, { recursive: true });
      await epubExporter.write(ctx, chinese, new AbortController().signal, () => undefined);
      const saved = { LANG: process.env.LANG, LC_ALL: process.env.LC_ALL };
      process.env.LANG = process.env.LC_ALL = 'zh_CN.UTF-8';
      try {
        const validation = await epubExporter.validate(ctx, chinese);
        expect(validation.problems).toEqual([]);
        expect(validation.ok).toBe(true);
      } finally {
        for (const [key, value] of Object.entries(saved))
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
      }
    },
  );

  it('starts with the mimetype, stored, and names its package in the container', async () => {
    await write();
    const { bytes, text } = await book();
    // The first local file header: signature, compression method 0 (stored), name "mimetype", then its content.
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    expect(bytes.readUInt16LE(8)).toBe(0);
    expect(bytes.subarray(30, 38).toString('latin1')).toBe('mimetype');
    const extra = bytes.readUInt16LE(28);
    expect(bytes.subarray(38 + extra, 38 + extra + 20).toString('latin1')).toBe('application/epub+zip');
    expect(await text('META-INF/container.xml')).toContain('full-path="EPUB/package.opf"');
  });

  it('describes the edition: identifier, title, language, modified, and every file with its media type', async () => {
    await write();
    const { opf, zip } = await book();
    const dc = (name: string) =>
      [...opf.getElementsByTagNameNS('http://purl.org/dc/elements/1.1/', name)].map((e) => e.textContent);
    expect(dc('identifier')[0]).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(dc('title')).toEqual(['滨江日报 Binjiang Daily 2026年7月23日']);
    // Two Chinese and two English stories: a Chinese daily's edition is Chinese first.
    expect(dc('language')).toEqual(['zh-Hans', 'en']);
    expect(opf.querySelector('meta[property="dcterms:modified"]')?.textContent).toBe('2026-07-23T01:02:03Z');
    const items = [...opf.querySelectorAll('manifest > item')];
    const byHref = new Map(items.map((i) => [i.getAttribute('href'), i]));
    expect(byHref.get(`images/${photo}`)?.getAttribute('media-type')).toBe('image/png');
    expect(byHref.get('nav.xhtml')?.getAttribute('properties')).toBe('nav');
    expect(byHref.get('style.css')?.getAttribute('media-type')).toBe('text/css');
    expect(await zip.file(`EPUB/images/${photo}`)!.async('nodebuffer')).toEqual(PNG);
    // Every file in the book is in the manifest, and every manifest item is in the book.
    const inZip = Object.keys(zip.files).filter(
      (n) => n.startsWith('EPUB/') && !zip.files[n]!.dir && n !== 'EPUB/package.opf',
    );
    expect(inZip.map((n) => n.slice('EPUB/'.length)).sort()).toEqual([...byHref.keys()].sort());
  });

  it('reads in page order: the spine and the table of contents go page by page, story by story', async () => {
    await write();
    const { opf, text } = await book();
    const hrefOf = new Map(
      [...opf.querySelectorAll('manifest > item')].map((i) => [i.getAttribute('id'), i.getAttribute('href')]),
    );
    const spine = [...opf.querySelectorAll('spine > itemref')].map((r) => hrefOf.get(r.getAttribute('idref')));
    const expected = ['title.xhtml'];
    for (const page of ctx.pages) {
      expected.push(`page-${String(page.number).padStart(2, '0')}.xhtml`);
      for (const id of page.storyIds)
        expected.push(`${String(ctx.stories.findIndex((s) => s.id === id) + 1).padStart(2, '0')}-${id}.xhtml`);
    }
    expect(spine).toEqual(expected);

    const nav = xml(await text('EPUB/nav.xhtml'));
    const toc = nav.querySelector('nav[id="toc"] > ol')!;
    const tocPages = [...toc.children].map((li) => ({
      page: li.querySelector('a')!.textContent,
      stories: [...li.querySelectorAll('ol a')].map((a) => a.getAttribute('href')),
    }));
    expect(tocPages.map((p) => p.page)).toEqual(ctx.pages.map((p) => `第${p.number}版 · ${p.page.section}`));
    expect(tocPages.flatMap((p) => p.stories)).toEqual(expected.filter((f) => /^\d/.test(f)));

    // Each story document carries its own language.
    for (const story of ctx.stories) {
      const file = expected.find((f) => f.endsWith(`-${story.id}.xhtml`))!;
      const doc = xml(await text(`EPUB/${file}`));
      expect(doc.documentElement.getAttribute('xml:lang'), file).toBe(story.language);
      expect(doc.documentElement.getAttribute('lang'), file).toBe(story.language);
    }
  });

  it('takes English as its language when most stories are English', async () => {
    const english = ctx.stories.filter((s) => s.language === 'en');
    expect(editionLanguage({ stories: [...english, ...english, ctx.stories[0]!] })).toBe('en');
    const englishOnly: ExportContext = {
      ...ctx,
      stories: english,
      pages: ctx.pages.map((p) => ({ ...p, storyIds: p.storyIds.filter((id) => english.some((s) => s.id === id)) })),
    };
    await write(englishOnly);
    const { opf, text } = await book();
    expect(
      [...opf.getElementsByTagNameNS('http://purl.org/dc/elements/1.1/', 'language')].map((e) => e.textContent),
    ).toEqual(['en']);
    expect(await text('EPUB/nav.xhtml')).toContain('<h1>Contents</h1>');
  });

  it('reports what EPUBCheck finds in a broken book, with the file and the problem', { timeout: 180_000 }, async () => {
    await write();
    const { zip } = await book();
    zip.file(
      'EPUB/title.xhtml',
      '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>unclosed</body></html>',
    );
    zip.file('mimetype', 'application/epub+zip', { compression: 'STORE' });
    await writeFile(join(out, EPUB_FILE), await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const validation = await epubExporter.validate(ctx, out);
    expect(validation.ok).toBe(false);
    expect(
      validation.problems.some((p) => p.file === EPUB_FILE && /^(ERROR|FATAL) \S+ EPUB\/title\.xhtml/.test(p.message)),
    ).toBe(true);
  });

  it('fails with a clear message when EPUBCheck is not installed', async () => {
    expect(
      await locateEpubcheck({ PATH: join(dir, 'nowhere'), MASTHEAD_EPUBCHECK: join(dir, 'no-epubcheck') }),
    ).toBeNull();
    await write();
    const validation = await createEpubExporter({ epubcheck: null }).validate(ctx, out);
    expect(validation).toEqual({
      ok: false,
      validator: 'epubcheck',
      problems: [{ file: EPUB_FILE, message: EPUBCHECK_MISSING }],
    });
    expect(EPUBCHECK_MISSING).toMatch(/apt-get install epubcheck/);
  });
});
