import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import {
  escapeHtml,
  renderCreditLineHtml,
  renderHeadlineGroupHtml,
  renderStoryBodyHtml,
} from '../../shared/layout/story-html';
import type { Story } from '../../shared/model/story';
import { templateOf } from '../../shared/layout/grid';
import { builtInTemplates } from '../../shared/model/templates';
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
  RARE_HAN_LICENCES,
  rareCodePoints,
  rareHanFontFaces,
  rareHanSlicesFor,
} from './rare-han-fonts';
import { attributeOf, checkHtmlFolder } from './html-check';
import type { ExportContext, FormatExporter, FormatValidation } from './types';

/**
 * The static HTML edition: `index.html` (the edition by page and section), one document per
 * story under `stories/`, the photos under `photos/`, and one stylesheet. It opens from the
 * folder with no server and makes no request outside it: no script, no CDN, no web font but the
 * slices of the bundled rare-character face its text uses, copied under `fonts/`.
 */

export const HTML_STYLESHEET = 'style.css';
const STORIES_DIR = 'stories';
const PHOTOS_DIR = 'photos';
const FONTS_DIR = 'fonts';

/** The stylesheet of the HTML edition: responsive, Chinese body on a two-em indent, English hyphenated. */
export const SITE_CSS = `/* Masthead HTML edition. Fonts are the reader's own, but for rare characters (fonts/, in this folder): nothing is downloaded. */
:root {
  --ink: #1b1b1b;
  --muted: #5c5c5c;
  --rule: #d7d2c8;
  --paper: #fbfaf7;
  --accent: #9b1c1c;
  --measure: 38rem;
  color-scheme: light;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  background: var(--paper);
  color: var(--ink);
  font-family: "Noto Serif", "Source Serif Pro", Georgia, "Times New Roman", "${RARE_HAN_FAMILY}", serif;
  font-size: 1.0625rem;
  line-height: 1.7;
}
:lang(zh-Hans) {
  font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Noto Serif SC", "Songti SC", STSong, SimSun, "${RARE_HAN_FAMILY}", serif;
  line-break: strict;
  text-spacing-trim: normal;
  text-autospace: normal;
}
a { color: inherit; }
a:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.masthead {
  border-bottom: 3px double var(--ink);
  padding: 1.25rem 1rem 0.75rem;
  text-align: center;
}
.masthead__title { margin: 0; font-size: clamp(1.75rem, 6vw, 3rem); font-weight: 700; line-height: 1.2; letter-spacing: 0.04em; }
.masthead__title a { text-decoration: none; }
.masthead__meta { margin: 0.25rem 0 0; color: var(--muted); font-size: 0.9rem; }
main { max-width: 64rem; margin: 0 auto; padding: 1rem; }
.edition-pages { display: grid; gap: 1.5rem; grid-template-columns: repeat(auto-fill, minmax(min(100%, 18rem), 1fr)); }
.edition-page { border-top: 2px solid var(--ink); padding-top: 0.5rem; }
.edition-page__title { margin: 0 0 0.5rem; font-size: 1.05rem; }
.edition-page__stories { list-style: none; margin: 0; padding: 0; }
.edition-page__stories li { padding: 0.5rem 0; border-bottom: 1px solid var(--rule); }
.edition-page__stories a { display: block; text-decoration: none; }
.edition-page__stories a:hover .entry-headline { text-decoration: underline; }
.entry-kicker, .entry-subheadline { display: block; color: var(--muted); font-size: 0.9rem; }
.entry-headline { display: block; font-weight: 700; font-size: 1.1rem; line-height: 1.4; }
.edition-page__empty { color: var(--muted); font-style: italic; }
.story { max-width: var(--measure); margin: 0 auto; }
.story-page { margin: 0 0 1rem; color: var(--accent); font-size: 0.9rem; font-weight: 700; }
.headline-group { margin-bottom: 1rem; }
.headline-group .kicker, .headline-group .subheadline { margin: 0.25rem 0; font-size: 1.1rem; color: var(--muted); }
.headline-group .headline { margin: 0.25rem 0; font-size: clamp(1.6rem, 5vw, 2.3rem); line-height: 1.3; }
.credit-line { margin: 0 0 1rem; color: var(--muted); font-size: 0.95rem; }
.credit-line .dateline { font-weight: 700; }
.story-body p, .story-body li { overflow-wrap: break-word; }
.story-body p { margin: 0 0 0.9em; }
.story:lang(zh-Hans) .story-body p { text-indent: 2em; text-align: justify; text-justify: inter-character; }
.story:lang(en) .story-body p { hyphens: auto; -webkit-hyphens: auto; text-align: left; }
.story-body .cross-head { margin: 1.5em 0 0.75em; font-size: 1.1rem; }
.story:lang(zh-Hans) .story-body .cross-head { text-indent: 0; }
.story-body blockquote { margin: 1em 0; padding-left: 1em; border-left: 3px solid var(--rule); }
.story-body .pull-quote { font-size: 1.25rem; font-weight: 700; border-left-color: var(--accent); }
.story-body .editors-note { margin: 0 0 1.25em; padding: 0.75em 1em; background: #f1ede4; font-size: 0.95rem; }
.story-body .editors-note p { text-indent: 0; }
.story-body figure { margin: 1.25em 0; }
.story-body img { display: block; max-width: 100%; height: auto; }
.story-body figcaption { margin-top: 0.4em; color: var(--muted); font-size: 0.9rem; text-indent: 0; }
.story-body figcaption .credit { font-size: 0.85em; }
.story-nav { display: flex; justify-content: space-between; gap: 1rem; max-width: var(--measure); margin: 1.5rem auto; font-size: 0.95rem; }
.story-nav { border-top: 1px solid var(--rule); padding: 0.75rem 1rem 0; }
.story-nav a { text-decoration: none; }
.story-nav a:hover .story-nav__title, .story-nav a:hover .story-nav__label { text-decoration: underline; }
.story-nav__label { display: block; color: var(--accent); font-weight: 700; }
.story-nav__title { display: block; font-size: 0.9rem; line-height: 1.4; }
.story-nav__slot { flex: 1 1 0; }
.story-nav__slot--contents { text-align: center; }
.story-nav__slot--next { text-align: right; }
.colophon { margin: 2rem auto 1rem; text-align: center; color: var(--muted); font-size: 0.8rem; }
@media (max-width: 40rem) {
  body { font-size: 1rem; }
  main { padding: 0.75rem; }
  .story-nav { flex-direction: column; text-align: left; }
  .story-nav__slot--contents, .story-nav__slot--next { text-align: left; }
}
@media print {
  .story-nav { display: none; }
  body { background: #fff; }
}
`;

function documentHtml(options: { lang: string; title: string; css: string; body: string }): string {
  return `<!DOCTYPE html>
<html lang="${options.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<link rel="stylesheet" href="${options.css}">
</head>
<body>
${options.body}
</body>
</html>
`;
}

function editionMeta(ctx: ExportContext, labels: (typeof SITE_LABELS)[EditionLanguage]): string {
  return `${escapeHtml(labels.date(ctx.edition.date))} · ${escapeHtml(labels.issue(ctx.edition.issueNumber))}`;
}

function indexEntry(story: Story, href: string): string {
  const kicker = story.kicker.trim() ? `<span class="entry-kicker">${escapeHtml(story.kicker)}</span>` : '';
  const sub = story.subheadline.trim() ? `<span class="entry-subheadline">${escapeHtml(story.subheadline)}</span>` : '';
  return `<li lang="${story.language}"><a href="${href}">${kicker}<span class="entry-headline">${escapeHtml(
    storyTitle(story),
  )}</span>${sub}</a></li>`;
}

/** The front page's masthead artwork (its template's), when its file is in the library: the index shows it as the title. */
async function mastheadArtwork(ctx: ExportContext): Promise<{ assetId: string; path: string; ratio: number } | null> {
  const front = ctx.edition.pages[0];
  const artwork = front ? templateOf(ctx.edition, front, builtInTemplates)?.masthead?.artwork : undefined;
  const path = artwork ? await ctx.assetPath(artwork.asset) : null;
  return artwork && path ? { assetId: artwork.asset, path, ratio: artwork.width / artwork.height } : null;
}

function indexHtml(
  ctx: ExportContext,
  files: Map<string, string>,
  lang: EditionLanguage,
  artwork: { assetId: string; ratio: number } | null = null,
): string {
  const labels = SITE_LABELS[lang];
  const byId = new Map(ctx.stories.map((s) => [s.id, s]));
  const pages = ctx.pages
    .map(({ page, number, storyIds }) => {
      const entries = storyIds
        .map((id) => byId.get(id))
        .filter((s): s is Story => Boolean(s))
        .map((s) => indexEntry(s, `${STORIES_DIR}/${files.get(s.id)!}`))
        .join('\n');
      return `<section class="edition-page" id="page-${number}" aria-labelledby="page-${number}-title">
<h2 class="edition-page__title" id="page-${number}-title">${escapeHtml(labels.page(number, page.section))}</h2>
${entries ? `<ol class="edition-page__stories">\n${entries}\n</ol>` : `<p class="edition-page__empty">${labels.noStories}</p>`}
</section>`;
    })
    .join('\n');
  return documentHtml({
    lang,
    title: `${ctx.edition.publication} ${labels.date(ctx.edition.date)}`,
    css: HTML_STYLESHEET,
    body: `<header class="masthead">
<h1 class="masthead__title">${
      artwork
        ? // The name as the paper prints it, 64 px high in its own proportions; the alt text is the name.
          `<img src="${PHOTOS_DIR}/${escapeHtml(artwork.assetId)}" alt="${escapeHtml(ctx.edition.publication)}" height="64" width="${Math.round(64 * artwork.ratio)}">`
        : escapeHtml(ctx.edition.publication)
    }</h1>
<p class="masthead__meta">${editionMeta(ctx, labels)}</p>
</header>
<main>
<nav class="edition-pages" aria-label="${labels.contents}">
${pages}
</nav>
</main>
<footer class="colophon">Masthead ${escapeHtml(ctx.appVersion)}</footer>`,
  });
}

interface NavTarget {
  href: string;
  title: string;
  lang: string;
}

/** Previous story, contents, next story: at the foot of every story, in reading order. */
function storyNav(lang: EditionLanguage, previous: NavTarget | null, next: NavTarget | null): string {
  const labels = SITE_LABELS[lang];
  const link = (target: NavTarget | null, label: string, rel: 'prev' | 'next') =>
    target
      ? `<a href="${target.href}" rel="${rel}"><span class="story-nav__label">${
          rel === 'prev' ? `← ${label}` : `${label} →`
        }</span><span class="story-nav__title" lang="${target.lang}">${escapeHtml(target.title)}</span></a>`
      : '';
  return `<nav class="story-nav" lang="${lang}" aria-label="${labels.previous} / ${labels.next}">
<span class="story-nav__slot story-nav__slot--previous">${link(previous, labels.previous, 'prev')}</span>
<span class="story-nav__slot story-nav__slot--contents"><a href="../index.html">${labels.contents}</a></span>
<span class="story-nav__slot story-nav__slot--next">${link(next, labels.next, 'next')}</span>
</nav>`;
}

function storyHtml(
  ctx: ExportContext,
  story: Story,
  pageOf: { number: number; section: string } | undefined,
  nav: string,
  lang: EditionLanguage,
  available: ReadonlySet<string>,
): string {
  const labels = SITE_LABELS[lang];
  const storyLabels = SITE_LABELS[story.language];
  const body = withoutMissingPhotos(story.body, available, storyLabels.photoMissing);
  const pageLine = pageOf
    ? `<p class="story-page" lang="${lang}">${escapeHtml(labels.onPage(pageOf.number, pageOf.section))}</p>\n`
    : '';
  return documentHtml({
    lang: story.language,
    title: `${storyTitle(story)} — ${ctx.edition.publication}`,
    css: `../${HTML_STYLESHEET}`,
    body: `<header class="masthead" lang="${lang}">
<p class="masthead__title"><a href="../index.html">${escapeHtml(ctx.edition.publication)}</a></p>
<p class="masthead__meta">${editionMeta(ctx, labels)}</p>
</header>
<main>
<article class="story" lang="${story.language}">
${pageLine}${renderHeadlineGroupHtml(story)}
${renderCreditLineHtml(story)}
<div class="story-body">
${renderStoryBodyHtml(body, { assetUrl: (assetId) => `../${PHOTOS_DIR}/${assetId}` })}
</div>
</article>
</main>
${nav}`,
  });
}

async function writeSite(
  ctx: ExportContext,
  dir: string,
  signal: AbortSignal,
  progress: (done: number, total: number) => void,
): Promise<void> {
  const lang = editionLanguage(ctx);
  const photos = await availablePhotos(ctx);
  const artwork = await mastheadArtwork(ctx);
  const total = ctx.stories.length + photos.size + 3;
  let done = 0;
  const step = () => progress(++done, total);
  const files = new Map(ctx.stories.map((s, i) => [s.id, storyFileName(i, s, 'html')]));
  const rare = new Set<number>();
  const pageOf = new Map<string, { number: number; section: string }>();
  for (const { page, number, storyIds } of ctx.pages) {
    for (const id of storyIds) pageOf.set(id, { number, section: page.section });
  }

  await mkdir(join(dir, STORIES_DIR), { recursive: true });
  if (photos.size || artwork) await mkdir(join(dir, PHOTOS_DIR), { recursive: true });
  if (artwork) await copyFile(artwork.path, join(dir, PHOTOS_DIR, artwork.assetId));
  for (const [assetId, photo] of photos) {
    signal.throwIfAborted();
    await copyFile(photo.path, join(dir, PHOTOS_DIR, assetId));
    step();
  }
  for (const [i, story] of ctx.stories.entries()) {
    signal.throwIfAborted();
    const link = (s: Story | undefined): NavTarget | null =>
      s ? { href: files.get(s.id)!, title: storyTitle(s), lang: s.language } : null;
    const nav = storyNav(lang, link(ctx.stories[i - 1]), link(ctx.stories[i + 1]));
    const html = storyHtml(ctx, story, pageOf.get(story.id), nav, lang, new Set(photos.keys()));
    for (const cp of rareCodePoints([html])) rare.add(cp);
    await writeFile(join(dir, STORIES_DIR, files.get(story.id)!), html);
    step();
  }
  signal.throwIfAborted();
  const index = indexHtml(ctx, files, lang, artwork);
  for (const cp of rareCodePoints([index])) rare.add(cp);
  await writeFile(join(dir, 'index.html'), index);
  step();
  // The stylesheet last: it names the slices of the rare-character face the pages use, copied
  // into fonts/ so they draw 𠀀 on a reader's device without a request outside the folder.
  const fonts = await rareHanSlicesFor(rare);
  if (fonts.length) await mkdir(join(dir, FONTS_DIR), { recursive: true });
  for (const font of fonts) {
    signal.throwIfAborted();
    await copyFile(font.path, join(dir, FONTS_DIR, font.file));
  }
  if (fonts.length) {
    for (const licence of RARE_HAN_LICENCES) await copyFile(licence.path, join(dir, FONTS_DIR, licence.file));
  }
  step();
  await writeFile(join(dir, HTML_STYLESHEET), SITE_CSS + rareHanFontFaces(fonts, FONTS_DIR));
  step();
}

async function validateSite(ctx: ExportContext, dir: string): Promise<FormatValidation> {
  const { problems, documents } = await checkHtmlFolder(dir);
  const index = documents.get('index.html');
  if (!index) problems.push({ file: 'index.html', message: 'is missing' });
  const linked = new Set(
    (index?.elements ?? [])
      .filter((e) => e.tagName === 'a')
      .map((a) => attributeOf(a, 'href'))
      .filter((href): href is string => href !== null)
      .map((href) => posix.normalize(href)),
  );
  for (const [i, story] of ctx.stories.entries()) {
    const file = posix.join(STORIES_DIR, storyFileName(i, story, 'html'));
    const document = documents.get(file);
    if (!document) {
      problems.push({ file, message: `is missing (story ${story.id})` });
      continue;
    }
    const article = document.elements.find(
      (e) => e.tagName === 'article' && (attributeOf(e, 'class') ?? '').split(/\s+/).includes('story'),
    );
    if ((article && attributeOf(article, 'lang')) !== story.language) {
      problems.push({ file, message: `does not mark the story as lang="${story.language}"` });
    }
    if (index && !linked.has(file)) problems.push({ file: 'index.html', message: `does not link to ${file}` });
  }
  return { ok: problems.length === 0, validator: 'parse5 HTML parse, local references, no external loads', problems };
}

export const htmlExporter: FormatExporter = {
  format: 'html',
  write: writeSite,
  validate: validateSite,
};
