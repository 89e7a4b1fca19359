import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import JSZip from 'jszip';
import { JSDOM } from 'jsdom';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EPUB_FILE, epubExporter } from '../../../../electron/export/epub';
import { htmlExporter } from '../../../../electron/export/html';
import type { ExportContext } from '../../../../electron/export/types';
import { tempDir } from '../../../helpers/temp';
import { sampleContext } from './export-fixture';

// 𠀀 (U+20000, Extension B) and 𪚥 (U+2A6A5) fall in two of the face's 27 slices.
const RARE_NAME = '王𠀀';
const B_SLICE = 'rare-han-20000-20A27.woff2';
const SECOND_SLICE = 'rare-han-2A280-2ACD0.woff2';
const FAMILY = 'Masthead Rare Han';
// 𰀀 (U+30000, Extension G) is drawn by the slice cut from BabelStone Han, under the Arphic Public License.
const G_CHARACTER = '𰀀';
const G_SLICE = 'rare-han-30000-31118.woff2';
const FONT_DIR = 'resources/fonts/rare-han';
const LICENCE = 'LICENSE.md';
const ARPHIC = 'ARPHIC-PUBLIC-LICENSE.txt';

let dir: string;
let cleanup: () => Promise<void>;
let ctx: ExportContext;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('masthead-rare-han-'));
  ({ ctx } = await sampleContext(dir));
});
afterEach(() => cleanup());

/** The sample edition with a rare name in its first story's byline and a 𪚥 in its headline. */
function withRareCharacters(context: ExportContext): ExportContext {
  const [first, ...rest] = context.stories;
  return {
    ...context,
    stories: [{ ...first!, byline: `本报记者 ${RARE_NAME}`, headline: `${first!.headline}𪚥` }, ...rest],
  };
}

async function exportTo(exporter: typeof htmlExporter, context: ExportContext, name: string): Promise<string> {
  const out = join(dir, name);
  await mkdir(out);
  await exporter.write(context, out, new AbortController().signal, () => undefined);
  return out;
}

const fontFaces = (css: string) =>
  [...css.matchAll(/@font-face\s*{([^}]*)}/g)].map(([, rule]) => ({
    family: /font-family:\s*"([^"]+)"/.exec(rule!)?.[1],
    src: /url\("([^"]+)"\)/.exec(rule!)?.[1],
    range: /unicode-range:\s*([^;]+);/.exec(rule!)?.[1],
  }));

describe('the rare-character face in the exports', () => {
  it('the sample edition has no rare character (the baseline the other cases rely on)', () => {
    expect(JSON.stringify(ctx.stories)).not.toMatch(/[\u{20000}-\u{3FFFF}]/u);
  });

  it(
    'EPUB: carries exactly the slices its text uses, in the manifest as font/woff2, and passes EPUBCheck',
    { timeout: 180_000 },
    async () => {
      const out = await exportTo(epubExporter, withRareCharacters(ctx), 'epub');
      const zip = await JSZip.loadAsync(await readFile(join(out, EPUB_FILE)));
      const fonts = Object.keys(zip.files)
        .filter((name) => name.startsWith('EPUB/fonts/') && !name.endsWith('/'))
        .sort();
      // Both slices are HanaMinB's (Extension B): its licence goes with them, the Arphic one is not needed.
      expect(fonts).toEqual([`EPUB/fonts/${LICENCE}`, `EPUB/fonts/${B_SLICE}`, `EPUB/fonts/${SECOND_SLICE}`]);
      expect(await zip.file(`EPUB/fonts/${LICENCE}`)!.async('string')).toBe(
        await readFile(join(FONT_DIR, LICENCE), 'utf8'),
      );
      const shipped = await readFile(join(FONT_DIR, B_SLICE));
      expect(Buffer.from(await zip.file(`EPUB/fonts/${B_SLICE}`)!.async('uint8array')).equals(shipped)).toBe(true);

      const opf = new JSDOM(await zip.file('EPUB/package.opf')!.async('string'), { contentType: 'application/xml' })
        .window.document;
      const items = [...opf.querySelectorAll('manifest > item')].filter((i) =>
        i.getAttribute('href')!.startsWith('fonts/'),
      );
      expect(items.map((i) => [i.getAttribute('href'), i.getAttribute('media-type')])).toEqual([
        [`fonts/${B_SLICE}`, 'font/woff2'],
        [`fonts/${SECOND_SLICE}`, 'font/woff2'],
        [`fonts/${LICENCE}`, 'text/plain'],
      ]);
      // The licence travels in the package, not in the reading order.
      const licenceId = items.find((i) => i.getAttribute('href') === `fonts/${LICENCE}`)!.getAttribute('id');
      expect(opf.querySelector(`spine > itemref[idref="${licenceId}"]`)).toBeNull();

      const css = await zip.file('EPUB/style.css')!.async('string');
      expect(fontFaces(css)).toEqual([
        { family: FAMILY, src: `fonts/${B_SLICE}`, range: 'U+20000-20A27' },
        { family: FAMILY, src: `fonts/${SECOND_SLICE}`, range: 'U+2A280-2A6D6, U+2A700-2ACD0' },
      ]);
      // The Chinese and the Latin stacks fall back to it.
      expect(css).toMatch(/:lang\(zh-Hans\) \{ font-family: [^;]*"Masthead Rare Han", serif;/);
      expect(css).toMatch(/body \{[^}]*font-family: [^;]*"Masthead Rare Han", serif;/);

      const validation = await epubExporter.validate(withRareCharacters(ctx), out);
      expect(validation.problems).toEqual([]);
      expect(validation.ok).toBe(true);
    },
  );

  it(
    'EPUB: a slice cut from an Arphic-licensed face carries the Arphic Public License text, and still passes EPUBCheck',
    { timeout: 180_000 },
    async () => {
      const [first, ...rest] = ctx.stories;
      const context = { ...ctx, stories: [{ ...first!, byline: `本报记者 李${G_CHARACTER}` }, ...rest] };
      const out = await exportTo(epubExporter, context, 'epub-g');
      const zip = await JSZip.loadAsync(await readFile(join(out, EPUB_FILE)));
      const inFonts = Object.keys(zip.files)
        .filter((name) => name.startsWith('EPUB/fonts/') && !name.endsWith('/'))
        .sort();
      expect(inFonts).toEqual([`EPUB/fonts/${ARPHIC}`, `EPUB/fonts/${LICENCE}`, `EPUB/fonts/${G_SLICE}`]);
      // The licence's full text, word for word, as the licence requires of every copy.
      expect(await zip.file(`EPUB/fonts/${ARPHIC}`)!.async('string')).toBe(
        await readFile(join(FONT_DIR, ARPHIC), 'utf8'),
      );
      const opf = await zip.file('EPUB/package.opf')!.async('string');
      expect(opf).toContain(`href="fonts/${ARPHIC}" media-type="text/plain"`);

      const validation = await epubExporter.validate(context, out);
      expect(validation.problems).toEqual([]);
      expect(validation.ok).toBe(true);
    },
  );

  it('EPUB: an edition without rare characters carries no slice', async () => {
    const out = await exportTo(epubExporter, ctx, 'epub');
    const zip = await JSZip.loadAsync(await readFile(join(out, EPUB_FILE)));
    expect(Object.keys(zip.files).filter((name) => name.includes('fonts/'))).toEqual([]);
    expect(await zip.file('EPUB/package.opf')!.async('string')).not.toContain('font/woff2');
    expect(fontFaces(await zip.file('EPUB/style.css')!.async('string'))).toEqual([]);
  });

  it('HTML: copies the slices its pages use into fonts/, names them in style.css, and stays inside its folder', async () => {
    const out = await exportTo(htmlExporter, withRareCharacters(ctx), 'html');
    // The slices, and the licences that go with any copy of them.
    expect((await readdir(join(out, 'fonts'))).sort()).toEqual(
      ['ARPHIC-PUBLIC-LICENSE.txt', 'LICENSE.md', B_SLICE, SECOND_SLICE].sort(),
    );
    const css = await readFile(join(out, 'style.css'), 'utf8');
    expect(fontFaces(css)).toEqual([
      { family: FAMILY, src: `fonts/${B_SLICE}`, range: 'U+20000-20A27' },
      { family: FAMILY, src: `fonts/${SECOND_SLICE}`, range: 'U+2A280-2A6D6, U+2A700-2ACD0' },
    ]);
    expect(css).toMatch(/:lang\(zh-Hans\) \{\s*font-family: [^;]*"Masthead Rare Han", serif;/);
    // The validator resolves every url() of the stylesheet inside the folder: nothing is fetched from elsewhere.
    const validation = await htmlExporter.validate(withRareCharacters(ctx), out);
    expect(validation.problems).toEqual([]);
    expect(validation.ok).toBe(true);
    const story = await readFile(join(out, 'stories', (await readdir(join(out, 'stories')))[0]!), 'utf8');
    expect(story).toContain(RARE_NAME);
  });

  it('HTML: an edition without rare characters gets no fonts/ folder and no @font-face', async () => {
    const out = await exportTo(htmlExporter, ctx, 'html');
    expect(await readdir(out)).not.toContain('fonts');
    expect(fontFaces(await readFile(join(out, 'style.css'), 'utf8'))).toEqual([]);
  });
});
