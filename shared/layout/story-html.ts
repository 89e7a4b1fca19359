import type { DocNode, Story, StoryBody } from '../model/story';

/**
 * A story as HTML: the one rendering of the body that the page layout, the PDF, the HTML
 * edition, EPUB, ninjs and DOCX all start from. Pure string building over the saved JSON, so
 * it runs the same in the renderer, the main process and the CLI. Everything from the story
 * is escaped; only the body schema's own elements are produced.
 */

export interface StoryHtmlOptions {
  /** The URL of a photo asset; by default the asset id itself (exports map it to a file). */
  assetUrl?: (assetId: string) => string;
  /** XHTML (EPUB) needs self-closed void elements. */
  xhtml?: boolean;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Only links a reader can follow safely survive into print and export. */
const safeHref = (href: string): string | null => (/^(https?:|mailto:)/i.test(href.trim()) ? href.trim() : null);

function renderText(node: DocNode): string {
  let html = escapeHtml(node.text ?? '');
  for (const mark of node.marks ?? []) {
    if (mark.type === 'bold') html = `<strong>${html}</strong>`;
    else if (mark.type === 'italic') html = `<em>${html}</em>`;
    else if (mark.type === 'link') {
      const href = safeHref(str(mark.attrs?.href));
      if (href) html = `<a href="${escapeHtml(href)}">${html}</a>`;
    }
  }
  return html;
}

function renderInline(nodes: DocNode[] | undefined, options: StoryHtmlOptions): string {
  let html = '';
  for (const node of nodes ?? []) {
    if (node.type === 'text') html += renderText(node);
    else if (node.type === 'hardBreak') html += options.xhtml ? '<br/>' : '<br>';
  }
  return html;
}

export function renderPhoto(attrs: Record<string, unknown> | undefined, options: StoryHtmlOptions = {}): string {
  const asset = str(attrs?.asset);
  const caption = str(attrs?.caption);
  const credit = str(attrs?.credit);
  const alt = str(attrs?.alt) || caption;
  const src = options.assetUrl ? options.assetUrl(asset) : asset;
  const width = typeof attrs?.width === 'number' ? ` width="${attrs.width}"` : '';
  const height = typeof attrs?.height === 'number' ? ` height="${attrs.height}"` : '';
  const close = options.xhtml ? '/>' : '>';
  const captionHtml =
    caption || credit
      ? `<figcaption>${caption ? `<span class="caption">${escapeHtml(caption)}</span>` : ''}${
          caption && credit ? ' ' : ''
        }${credit ? `<span class="credit">${escapeHtml(credit)}</span>` : ''}</figcaption>`
      : '';
  return `<figure class="photo" data-asset="${escapeHtml(asset)}"><img src="${escapeHtml(src)}" alt="${escapeHtml(
    alt,
  )}"${width}${height}${close}${captionHtml}</figure>`;
}

function renderBlock(node: DocNode, options: StoryHtmlOptions): string {
  const inner = () => renderInline(node.content, options);
  const blocks = () => (node.content ?? []).map((child) => renderBlock(child, options)).join('');
  switch (node.type) {
    case 'paragraph':
      return `<p>${inner()}</p>`;
    case 'crossHead':
      return `<h3 class="cross-head">${inner()}</h3>`;
    case 'pullQuote':
      return `<blockquote class="pull-quote">${inner()}</blockquote>`;
    case 'blockquote':
      return `<blockquote>${blocks()}</blockquote>`;
    case 'editorsNote':
      return `<aside class="editors-note">${blocks()}</aside>`;
    case 'bulletList':
      return `<ul>${blocks()}</ul>`;
    case 'orderedList':
      return `<ol>${blocks()}</ol>`;
    case 'listItem':
      return `<li>${blocks()}</li>`;
    case 'photoFigure':
      return renderPhoto(node.attrs, options);
    default:
      // A node from a newer schema: its text still prints.
      return node.content ? `<p>${renderInline(node.content, options)}${blocks()}</p>` : '';
  }
}

/** The body: paragraphs, cross-heads, quotes, lists, editor's notes and photos. Empty paragraphs are dropped. */
export function renderStoryBodyHtml(body: StoryBody, options: StoryHtmlOptions = {}): string {
  return (body.content ?? [])
    .filter((node) => !(node.type === 'paragraph' && !(node.content ?? []).some((c) => c.text?.trim())))
    .map((node) => renderBlock(node, options))
    .join('');
}

export type HeadlineFields = Pick<Story, 'kicker' | 'headline' | 'subheadline'>;

/** 引题 / 主题 / 副题 as the page sets them: kicker above, main headline, subheadline below. */
export function renderHeadlineGroupHtml(story: HeadlineFields): string {
  const parts: string[] = [];
  if (story.kicker.trim()) parts.push(`<p class="kicker">${escapeHtml(story.kicker)}</p>`);
  parts.push(`<h2 class="headline">${escapeHtml(story.headline)}</h2>`);
  if (story.subheadline.trim()) parts.push(`<p class="subheadline">${escapeHtml(story.subheadline)}</p>`);
  return `<header class="headline-group">${parts.join('')}</header>`;
}

/** 电头 and 署名: the dateline leads the first paragraph's line in Chinese papers; both sit above the body. */
export function renderCreditLineHtml(story: Pick<Story, 'dateline' | 'byline'>): string {
  const parts: string[] = [];
  if (story.byline.trim()) parts.push(`<span class="byline">${escapeHtml(story.byline)}</span>`);
  if (story.dateline.trim()) parts.push(`<span class="dateline">${escapeHtml(story.dateline)}</span>`);
  return parts.length ? `<p class="credit-line">${parts.join(' ')}</p>` : '';
}

/** The plain text of a body, paragraph by paragraph (for text export and counting). */
export function storyBodyParagraphs(body: StoryBody): { kind: string; text: string }[] {
  const out: { kind: string; text: string }[] = [];
  const walk = (node: DocNode) => {
    if (node.type === 'photoFigure') {
      const caption = str(node.attrs?.caption);
      if (caption) out.push({ kind: 'caption', text: caption });
      return;
    }
    if (['paragraph', 'crossHead', 'pullQuote'].includes(node.type)) {
      const text = (node.content ?? []).map((c) => (c.type === 'hardBreak' ? '\n' : (c.text ?? ''))).join('');
      if (text.trim()) out.push({ kind: node.type, text });
      return;
    }
    for (const child of node.content ?? []) walk(child);
  };
  for (const node of body.content ?? []) walk(node);
  return out;
}
