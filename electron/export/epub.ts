import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSZip from 'jszip';
import {
  escapeHtml,
  renderCreditLineHtml,
  renderHeadlineGroupHtml,
  renderStoryBodyHtml,
} from '../../shared/layout/story-html';
import type { DocNode, Story, StoryBody } from '../../shared/model/story';
import {
  type EditionLanguage,
  SITE_LABELS,
  availablePhotos,
  editionLanguage,
  storyFileName,
  storyTitle,
  withoutMissingPhotos,
} from './edition-site';
import {
  RARE_HAN_FAMILY,
  type RareHanLicence,
  type RareHanSlice,
  rareCodePoints,
  rareHanFontFaces,
  rareHanLicencesFor,
  rareHanSlicesFor,
} from './rare-han-fonts';
import { type EpubcheckCommand, prepareEpubcheck, runEpubcheck } from './epubcheck';
import type { ExportContext, FormatExporter } from './types';

/**
 * EPUB 3 of the edition: a title page, then for each page of the edition a short page
 * document (its number and section, its stories) followed by its stories, in reading order.
 * Validated by EPUBCheck, the W3C's own checker, which must be installed (a Java tool).
 */

export const EPUB_FILE = 'edition.epub';
const ROOT = 'EPUB';

/** XML 1.0 refuses these; a stray control character pasted into a story must not break the book. */
const xmlSafe = (text: string): string =>
  text.replace(
    // eslint-disable-next-line no-control-regex -- these are exactly the characters XML forbids
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '',
  );

/** A name-based UUID (version 5 layout over SHA-1): the same edition keeps its identifier across exports. */
export function editionUuid(editionId: string): string {
  const hash = createHash('sha1').update(`masthead-edition:${editionId}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const EPUB_CSS = `@charset "UTF-8";
body { margin: 0 5%; font-family: "Noto Serif", Georgia, "${RARE_HAN_FAMILY}", serif; line-height: 1.6; }
:lang(zh-Hans) { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, "${RARE_HAN_FAMILY}", serif; line-break: strict; }
h1, h2, h3 { line-height: 1.3; }
.masthead { text-align: center; margin: 2em 0 1em; }
.masthead__meta { color: #555; }
.page-title { margin: 2em 0 1em; text-align: center; font-size: 1.4em; }
.page-stories { list-style: none; padding: 0; }
.page-stories li { margin: 0.5em 0; }
.story-page { color: #9b1c1c; font-size: 0.9em; font-weight: bold; margin: 0 0 1em; }
.headline-group .kicker, .headline-group .subheadline { margin: 0.25em 0; color: #555; }
.headline-group .headline { margin: 0.25em 0; font-size: 1.6em; }
.credit-line { color: #555; font-size: 0.95em; }
.credit-line .dateline { font-weight: bold; }
.story-body p { margin: 0 0 0.8em; }
.story-body:lang(zh-Hans) p { text-indent: 2em; text-align: justify; }
.story-body:lang(en) p { -epub-hyphens: auto; hyphens: auto; }
.story-body .cross-head { margin: 1.2em 0 0.6em; font-size: 1.1em; text-indent: 0; }
.story-body blockquote { margin: 1em 0 1em 1em; }
.story-body .pull-quote { font-weight: bold; font-size: 1.15em; }
.story-body .editors-note { margin: 0 0 1em; padding: 0.5em 1em; background: #f1ede4; }
.story-body .editors-note p { text-indent: 0; }
.story-body figure { margin: 1em 0; }
.story-body img { max-width: 100%; height: auto; }
.story-body figcaption { font-size: 0.9em; color: #555; text-indent: 0; }
`;

function xhtmlDocument(options: { lang: string; title: string; body: string; epubNamespace?: boolean }): string {
  return xmlSafe(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml"${
    options.epubNamespace ? ' xmlns:epub="http://www.idpf.org/2007/ops"' : ''
  } xml:lang="${options.lang}" lang="${options.lang}">
<head>
<meta charset="UTF-8"/>
<title>${escapeHtml(options.title)}</title>
<link rel="stylesheet" type="text/css" href="style.css"/>
</head>
<body>
${options.body}
</body>
</html>
`);
}

interface BookPlan {
  lang: EditionLanguage;
  /** Spine documents in reading order: file name, manifest id, and document. */
  documents: { file: string; id: string; content: string }[];
  photos: Map<string, { path: string; mime: string }>;
  /** The rare-character face's slices the book's text uses (fonts/), each in the manifest. */
  fonts: RareHanSlice[];
  /** The licence texts those slices' faces require with every copy (fonts/, in the manifest, not the spine). */
  licences: RareHanLicence[];
  nav: string;
  opf: string;
}

const pageFile = (number: number) => `page-${String(number).padStart(2, '0')}.xhtml`;

async function planBook(ctx: ExportContext): Promise<BookPlan> {
  const lang = editionLanguage(ctx);
  const labels = SITE_LABELS[lang];
  const photos = await availablePhotos(ctx);
  const available = new Set(photos.keys());
  const byId = new Map(ctx.stories.map((s) => [s.id, s]));
  const storyFiles = new Map(ctx.stories.map((s, i) => [s.id, storyFileName(i, s, 'xhtml')]));
  const { edition } = ctx;
  const meta = `${escapeHtml(labels.date(edition.date))} · ${escapeHtml(labels.issue(edition.issueNumber))}`;
  const bookTitle = `${edition.publication} ${labels.date(edition.date)}`;
  const pageStories = (storyIds: string[]) => storyIds.map((id) => byId.get(id)).filter((s): s is Story => !!s);

  const documents: BookPlan['documents'] = [];
  documents.push({
    file: 'title.xhtml',
    id: 'title',
    content: xhtmlDocument({
      lang,
      title: bookTitle,
      body: `<section class="masthead">
<h1>${escapeHtml(edition.publication)}</h1>
<p class="masthead__meta">${meta}</p>
</section>
<ol class="page-stories">
${ctx.pages
  .map(
    ({ page, number }) => `<li><a href="${pageFile(number)}">${escapeHtml(labels.page(number, page.section))}</a></li>`,
  )
  .join('\n')}
</ol>`,
    }),
  });
  for (const { page, number, storyIds } of ctx.pages) {
    const stories = pageStories(storyIds);
    const list = stories.length
      ? `<ol class="page-stories">\n${stories
          .map(
            (s) =>
              `<li xml:lang="${s.language}" lang="${s.language}"><a href="${storyFiles.get(s.id)!}">${escapeHtml(
                storyTitle(s),
              )}</a></li>`,
          )
          .join('\n')}\n</ol>`
      : `<p>${escapeHtml(labels.noStories)}</p>`;
    documents.push({
      file: pageFile(number),
      id: `page-${number}`,
      content: xhtmlDocument({
        lang,
        title: labels.page(number, page.section),
        body: `<section class="page">\n<h1 class="page-title">${escapeHtml(labels.page(number, page.section))}</h1>\n${list}\n</section>`,
      }),
    });
    for (const story of stories) {
      const body = withFollowableLinks(
        withoutMissingPhotos(story.body, available, SITE_LABELS[story.language].photoMissing),
        (href) => droppedLinksOf(ctx).push({ story: storyTitle(story), href }),
      );
      documents.push({
        file: storyFiles.get(story.id)!,
        id: `story-${storyFiles.get(story.id)!.replace(/\.xhtml$/, '')}`,
        content: xhtmlDocument({
          lang: story.language,
          title: storyTitle(story),
          body: `<article class="story">
<p class="story-page" xml:lang="${lang}" lang="${lang}">${escapeHtml(labels.onPage(number, page.section))}</p>
${renderHeadlineGroupHtml(story)}
${renderCreditLineHtml(story)}
<div class="story-body">
${renderStoryBodyHtml(body, { xhtml: true, assetUrl: (assetId) => `images/${assetId}` })}
</div>
</article>`,
        }),
      });
    }
  }

  const toc = ctx.pages
    .map(({ page, number, storyIds }) => {
      const stories = pageStories(storyIds);
      const inner = stories.length
        ? `\n<ol>\n${stories
            .map(
              (s) =>
                `<li xml:lang="${s.language}" lang="${s.language}"><a href="${storyFiles.get(s.id)!}">${escapeHtml(
                  storyTitle(s),
                )}</a></li>`,
            )
            .join('\n')}\n</ol>\n`
        : '';
      return `<li><a href="${pageFile(number)}">${escapeHtml(labels.page(number, page.section))}</a>${inner}</li>`;
    })
    .join('\n');
  const nav = xhtmlDocument({
    lang,
    title: labels.contents,
    epubNamespace: true,
    body: `<nav epub:type="toc" id="toc">
<h1>${labels.contents}</h1>
<ol>
${toc}
</ol>
</nav>
<nav epub:type="landmarks" id="landmarks" hidden="">
<ol>
<li><a epub:type="bodymatter" href="${documents[1]?.file ?? 'title.xhtml'}">${escapeHtml(
      documents[1] ? labels.page(1, ctx.pages[0]?.page.section ?? '') : bookTitle,
    )}</a></li>
</ol>
</nav>`,
  });

  const languages = [lang, ...new Set(ctx.stories.map((s) => s.language).filter((l) => l !== lang))];
  const modified = ctx.exportedAt.replace(/\.\d+Z$/, 'Z');
  const fonts = await rareHanSlicesFor(rareCodePoints([nav, ...documents.map((d) => d.content)]));
  const fontItems = fonts.map(
    (font, i) => `<item id="font-${i + 1}" href="fonts/${font.file}" media-type="font/woff2"/>`,
  );
  const licences = rareHanLicencesFor(fonts);
  // Plain text beside the fonts, listed in the manifest so the package declares all it holds;
  // not in the spine: a reader does not page through them, but they go wherever the book goes.
  const licenceItems = licences.map(
    (licence, i) => `<item id="font-licence-${i + 1}" href="fonts/${licence.file}" media-type="text/plain"/>`,
  );
  const photoItems = [...photos].map(
    ([assetId, photo], i) => `<item id="photo-${i + 1}" href="images/${assetId}" media-type="${photo.mime}"/>`,
  );
  const opf = xmlSafe(`<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="${lang}">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="book-id">urn:uuid:${editionUuid(edition.id)}</dc:identifier>
<dc:title>${escapeHtml(bookTitle)}</dc:title>
${languages.map((l) => `<dc:language>${l}</dc:language>`).join('\n')}
<dc:publisher>${escapeHtml(edition.publication)}</dc:publisher>
<dc:date>${edition.date}</dc:date>
<meta property="dcterms:modified">${modified}</meta>
</metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="css" href="style.css" media-type="text/css"/>
${documents.map((d) => `<item id="${d.id}" href="${d.file}" media-type="application/xhtml+xml"/>`).join('\n')}
${photoItems.join('\n')}
${fontItems.join('\n')}
${licenceItems.join('\n')}
</manifest>
<spine>
${documents.map((d) => `<itemref idref="${d.id}"/>`).join('\n')}
</spine>
</package>
`);
  return { lang, documents, photos, fonts, licences, nav, opf };
}

const CONTAINER = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="${ROOT}/package.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
`;

async function writeEpub(
  ctx: ExportContext,
  dir: string,
  signal: AbortSignal,
  progress: (done: number, total: number) => void,
): Promise<void> {
  const plan = await planBook(ctx);
  const total = plan.documents.length + plan.photos.size + plan.fonts.length + 2;
  let done = 0;
  const zip = new JSZip();
  // The mimetype first and stored: readers identify the file by its first bytes.
  zip.file('mimetype', 'application/epub+zip', { compression: 'STORE' });
  zip.file('META-INF/container.xml', CONTAINER);
  zip.file(`${ROOT}/package.opf`, plan.opf);
  zip.file(`${ROOT}/nav.xhtml`, plan.nav);
  zip.file(`${ROOT}/style.css`, EPUB_CSS + rareHanFontFaces(plan.fonts, 'fonts'));
  progress((done += 1), total);
  for (const document of plan.documents) {
    zip.file(`${ROOT}/${document.file}`, document.content);
    progress((done += 1), total);
  }
  for (const [assetId, photo] of plan.photos) {
    signal.throwIfAborted();
    zip.file(`${ROOT}/images/${assetId}`, await readFile(photo.path), { compression: 'STORE' });
    progress((done += 1), total);
  }
  for (const font of plan.fonts) {
    signal.throwIfAborted();
    // WOFF2 is compressed already.
    zip.file(`${ROOT}/fonts/${font.file}`, await readFile(font.path), { compression: 'STORE' });
    progress((done += 1), total);
  }
  for (const licence of plan.licences) zip.file(`${ROOT}/fonts/${licence.file}`, await readFile(licence.path));
  signal.throwIfAborted();
  const bytes = await zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
  });
  signal.throwIfAborted();
  await writeFile(join(dir, EPUB_FILE), bytes);
  progress(total, total);
}

/**
 * A link as the editor stored it may hold a space or a `"` (pasted from a mail, typed by
 * hand): one such href made the whole EPUB invalid. Valid links are written percent-encoded
 * (the URL standard's serialisation); a link that is no URL at all is dropped, its text kept,
 * and reported with the EPUB's validation, so one link never fails the format.
 */
export function followableHref(href: string): string | null {
  try {
    const url = new URL(href.trim());
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function withFollowableLinks(body: StoryBody, dropped: (href: string) => void): StoryBody {
  const walk = (node: DocNode): DocNode => {
    const marks = node.marks?.flatMap((mark) => {
      if (mark.type !== 'link') return [mark];
      const raw = typeof mark.attrs?.href === 'string' ? mark.attrs.href : '';
      const href = followableHref(raw);
      if (href) return [{ ...mark, attrs: { ...mark.attrs, href } }];
      dropped(raw);
      return [];
    });
    return { ...node, ...(marks ? { marks } : {}), ...(node.content ? { content: node.content.map(walk) } : {}) };
  };
  return { ...body, content: body.content?.map(walk) };
}

/** Links left out of each export's EPUB, reported with its validation. */
const droppedLinks = new WeakMap<ExportContext, { story: string; href: string }[]>();
const droppedLinksOf = (ctx: ExportContext): { story: string; href: string }[] => {
  let list = droppedLinks.get(ctx);
  if (!list) droppedLinks.set(ctx, (list = []));
  return list;
};

/** The EPUB exporter, with the EPUBCheck to validate with (found on this machine by default). */
export function createEpubExporter(options: { epubcheck?: EpubcheckCommand | null } = {}): FormatExporter {
  return {
    format: 'epub',
    write: writeEpub,
    validate: async (ctx, dir, started) => {
      const validation = await runEpubcheck(join(dir, EPUB_FILE), EPUB_FILE, { command: options.epubcheck, started });
      const dropped = (droppedLinks.get(ctx) ?? []).map(({ story, href }) => ({
        file: EPUB_FILE,
        message: `link left out of “${story}”: ${JSON.stringify(href.slice(0, 200))} is not a web or mail address (its text is kept)`,
      }));
      return { ...validation, problems: [...dropped, ...validation.problems] };
    },
    // EPUBCheck kept warm: the book is then checked in about a second instead of four or five.
    prepare: async () => {
      await prepareEpubcheck(options.epubcheck);
    },
  };
}

export const epubExporter: FormatExporter = createEpubExporter();
