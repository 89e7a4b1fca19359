import { ruleSvg } from './rules';
import type { ComposedBlock, ComposedLine, ComposedPage } from './types';

/**
 * A composed page as SVG, for the screen: every glyph run at the position the composer gave
 * it (SVG's y is the baseline), so the page on screen breaks its lines exactly where the
 * print PDF does. Millimetres are the user units. Everything from a story is escaped.
 */

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const MM_PER_PT = 25.4 / 72;
const n = (v: number) => Number(v.toFixed(3));

/** A face key ("Noto Serif CJK SC Bold") as CSS font properties. */
export function faceCss(key: string): { family: string; weight: number; italic: boolean } {
  let family = key.replace(/^fallback:/, '');
  const italic = / Italic$/.test(family);
  family = family.replace(/ Italic$/, '');
  const bold = / Bold$/.test(family);
  family = family.replace(/ Bold$/, '');
  return { family, weight: bold ? 700 : 400, italic };
}

function blockSvg(block: ComposedBlock, assetUrl: ((id: string) => string) | undefined): string {
  const out: string[] = [];
  for (const image of block.images) {
    const href = assetUrl && image.assetId ? assetUrl(image.assetId) : '';
    out.push(
      href
        ? `<image href="${esc(href)}" x="${n(image.x)}" y="${n(image.y)}" width="${n(image.width)}" height="${n(image.height)}" preserveAspectRatio="xMidYMid slice"/>`
        : `<rect x="${n(image.x)}" y="${n(image.y)}" width="${n(image.width)}" height="${n(image.height)}" fill="#eee" stroke="#888" stroke-width="0.2"/>`,
    );
  }
  for (const f of block.frames)
    out.push(
      `<rect x="${n(f.x)}" y="${n(f.y)}" width="${n(f.width)}" height="${n(f.height)}" fill="${f.tint ? `rgba(0,0,0,${f.tint / 100})` : 'none'}" stroke="#111" stroke-width="${n(f.weightPt * MM_PER_PT)}"${f.dashed ? ' stroke-dasharray="1 0.7"' : ''}/>`,
    );
  for (const r of block.rules ?? []) out.push(ruleSvg(r, r.weightPt * MM_PER_PT));
  if (block.artwork) {
    // The name as artwork, and as set type hidden beneath it: the page's renderer shows the
    // type instead when the image will not load (composer-engine.ts), and without a way to
    // reach the library's files the type is all there is.
    const art = block.artwork;
    const href = assetUrl ? assetUrl(art.assetId) : '';
    if (href)
      out.push(
        `<image class="mh-masthead-artwork" data-artwork="${esc(art.assetId)}" href="${esc(href)}" x="${n(art.x)}" y="${n(art.y)}" width="${n(art.width)}" height="${n(art.height)}" preserveAspectRatio="xMinYMid meet"/>`,
      );
    out.push(`<g class="mh-masthead-fallback"${href ? ' display="none"' : ''}>${linesSvg(art.fallback)}</g>`);
  }
  out.push(linesSvg(block.lines));
  return out.join('');
}

function linesSvg(lines: readonly ComposedLine[]): string {
  const out: string[] = [];
  for (const line of lines)
    for (const run of line.runs) {
      const css = faceCss(run.face);
      // Between Latin words and lines a space, so the page's text reads as words (search, copy).
      if (line.script === 'latin') out.push(' ');
      out.push(
        `<text x="${n(run.x)}" y="${n(run.y)}" font-family="'${esc(css.family)}'" font-size="${n(run.sizePt * MM_PER_PT)}" font-weight="${css.weight}"${css.italic ? ' font-style="italic"' : ''}${run.letterSpacing ? ` letter-spacing="${n(run.letterSpacing)}"` : ''}>${esc(run.text)}</text>`,
      );
    }
  return out.join('');
}

export interface PageSvgOptions {
  assetUrl?: (assetId: string) => string;
  /** Column rectangles to tint (the grid shown while laying out). */
  gridColumns?: { x: number; y: number; width: number; height: number }[];
}

export function composedPageSvg(page: ComposedPage, options: PageSvgOptions = {}): string {
  const parts: string[] = [];
  for (const c of options.gridColumns ?? [])
    parts.push(
      `<rect x="${n(c.x)}" y="${n(c.y)}" width="${n(c.width)}" height="${n(c.height)}" fill="rgba(60,110,200,0.08)"/>`,
    );
  parts.push(blockSvg(page.furniture, options.assetUrl));
  for (const r of page.rules) parts.push(ruleSvg(r, r.weightPt * MM_PER_PT));
  for (const b of page.blocks)
    parts.push(`<g data-placement-id="${esc(b.placementId)}">${blockSvg(b, options.assetUrl)}</g>`);
  return `<svg class="mh-page" xmlns="http://www.w3.org/2000/svg" data-page-id="${esc(page.pageId)}" width="${page.widthMm}mm" height="${page.heightMm}mm" viewBox="0 0 ${page.widthMm} ${page.heightMm}" xml:space="preserve" fill="#111"><rect width="${page.widthMm}" height="${page.heightMm}" fill="#fff"/>${parts.join('')}</svg>`;
}
