import type { StoryLanguage } from '../model/common';
import type { DocNode, Story } from '../model/story';
import type { LineKind } from './types';

/**
 * A story as the composer reads it: the byline, the body's paragraphs (the dateline leading
 * the first), cross-heads and photos, in order. Plain data from the saved JSON, so the page,
 * the copyfit and the PDF start from the same text.
 */

export type SpanRole = 'body' | 'bold' | 'italic' | 'sans' | 'sansBold';

export interface TextSpan {
  text: string;
  role: SpanRole;
}

export interface TextItem {
  type: 'text';
  kind: LineKind;
  spans: TextSpan[];
  indent: boolean;
  align: 'justify' | 'left' | 'center' | 'right';
  /** An empty body line before it (a cross-head), unless it starts a column. */
  spaceBefore: boolean;
  /** Body text gets hyphenated (English); bylines and headings stay whole. */
  hyphenate: boolean;
}

export interface PhotoItem {
  type: 'photo';
  asset: string;
  /** Height over width of the picture. */
  ratio: number;
  caption: string;
  credit: string;
}

export type FlowItem = TextItem | PhotoItem;

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Typographer's quotes for English: "x" → “x”, it's → it’s. */
export function curlQuotes(text: string): string {
  return text
    .replace(/(^|[\s([{\u2014\u2013-])"/g, '$1\u201c')
    .replace(/"/g, '\u201d')
    .replace(/(^|[\s([{\u2014\u2013-])'/g, '$1\u2018')
    .replace(/'/g, '\u2019');
}

/** Chinese datelines that end in 讯 or 电 are followed by an ideographic space (U+3000), as typeset. */
export function datelineLead(dateline: string, language: StoryLanguage): string {
  const d = dateline.trim();
  if (!d) return '';
  if (language === 'zh-Hans') return /[讯电]$/.test(d) ? `${d}\u3000` : d;
  return /[—–-]$/.test(d) ? `${d} ` : `${d} \u2014 `;
}

function inlineSpans(nodes: DocNode[] | undefined, language: StoryLanguage, base: SpanRole): TextSpan[][] {
  // A hard break starts a new line: the paragraph is split there.
  const parts: TextSpan[][] = [[]];
  for (const node of nodes ?? []) {
    if (node.type === 'hardBreak') {
      parts.push([]);
      continue;
    }
    if (node.type !== 'text' || !node.text) continue;
    const marks = new Set((node.marks ?? []).map((m) => m.type));
    const role: SpanRole = marks.has('bold')
      ? base === 'sans'
        ? 'sansBold'
        : 'bold'
      : marks.has('italic') && language === 'en'
        ? 'italic'
        : base;
    const text = language === 'en' ? curlQuotes(node.text) : node.text;
    parts[parts.length - 1]!.push({ text, role });
  }
  return parts.filter((p) => p.some((s) => s.text.trim()));
}

export function storyFlow(story: Story): FlowItem[] {
  const lang = story.language;
  const zh = lang === 'zh-Hans';
  const items: FlowItem[] = [];
  if (story.byline.trim())
    items.push({
      type: 'text',
      kind: 'byline',
      spans: [{ text: story.byline.trim(), role: 'sans' }],
      indent: false,
      align: 'left',
      spaceBefore: false,
      hyphenate: false,
    });
  let dateline = datelineLead(story.dateline, lang);
  const paragraph = (spans: TextSpan[], kind: LineKind, indent: boolean, align: TextItem['align']) => {
    if (dateline && kind === 'body') {
      spans = [{ text: dateline, role: zh ? 'sansBold' : 'bold' }, ...spans];
      dateline = '';
    }
    items.push({ type: 'text', kind, spans, indent, align, spaceBefore: false, hyphenate: !zh && kind === 'body' });
  };
  const walk = (node: DocNode, prefix: string) => {
    switch (node.type) {
      case 'paragraph':
      case 'pullQuote': {
        const parts = inlineSpans(node.content, lang, node.type === 'pullQuote' ? 'bold' : 'body');
        parts.forEach((spans, i) => {
          if (i === 0 && prefix) spans = [{ text: prefix, role: 'body' }, ...spans];
          paragraph(spans, 'body', i === 0 && !prefix && node.type === 'paragraph', 'justify');
        });
        return;
      }
      case 'crossHead':
        for (const spans of inlineSpans(node.content, lang, 'sansBold'))
          items.push({
            type: 'text',
            kind: 'cross-head',
            spans,
            indent: false,
            align: zh ? 'center' : 'left',
            spaceBefore: true,
            hyphenate: false,
          });
        return;
      case 'photoFigure': {
        const w = Number(node.attrs?.width) || 3;
        const h = Number(node.attrs?.height) || 2;
        items.push({
          type: 'photo',
          asset: str(node.attrs?.asset),
          ratio: h / w,
          caption: str(node.attrs?.caption),
          credit: str(node.attrs?.credit),
        });
        return;
      }
      case 'bulletList':
        for (const child of node.content ?? []) walk(child, zh ? '・' : '\u2022 ');
        return;
      case 'orderedList':
        (node.content ?? []).forEach((child, i) => walk(child, zh ? `${i + 1}．` : `${i + 1}. `));
        return;
      case 'listItem':
        (node.content ?? []).forEach((child, i) => walk(child, i === 0 ? prefix : ''));
        return;
      default:
        if (node.content?.some((c) => c.type === 'text')) {
          const p: DocNode = { type: 'paragraph', content: node.content };
          walk(p, prefix);
        } else for (const child of node.content ?? []) walk(child, prefix);
    }
  };
  for (const node of story.body.content ?? []) walk(node, '');
  if (dateline) paragraph([], 'body', false, 'justify');
  // First English paragraph is set without indent, as English papers do.
  if (!zh) {
    const first = items.find((i): i is TextItem => i.type === 'text' && i.kind === 'body');
    if (first) first.indent = false;
  }
  return items;
}

/** The plain text of flow items (for counting what is over or short). */
export const flowText = (items: readonly FlowItem[]): string =>
  items.map((i) => (i.type === 'text' ? i.spans.map((s) => s.text).join('') : i.caption)).join('\n');

/** The item's text from a source offset on (a paragraph continued in a block of another width). */
export function sliceItem(item: TextItem, offset: number): TextItem {
  const spans: TextSpan[] = [];
  let at = 0;
  for (const span of item.spans) {
    const end = at + span.text.length;
    if (end > offset) spans.push({ ...span, text: span.text.slice(Math.max(0, offset - at)) });
    at = end;
  }
  return { ...item, spans, indent: false, spaceBefore: false };
}
