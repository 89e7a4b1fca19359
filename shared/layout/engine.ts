import { hyphenateSync } from 'hyphen/en';
import type { StoryLanguage } from '../model/common';
import type { Edition, Page, PageTemplate, Placement } from '../model/edition';
import type { Story } from '../model/story';
import { builtInTemplates } from '../model/templates';
import { countText } from '../text/count';
import { headlineStyleFor } from '../compose/headline';
import { PX_PER_MM, PX_PER_PT, placementRect, templateMetrics, templateOf } from './grid';
import { type ChainLink, emptyBlockMeasure, jumpLinesFor, pageNumberAt, storyChains } from './jumps';
import { escapeHtml, renderHeadlineGroupHtml, renderPhoto, renderStoryBodyHtml } from './story-html';
import type { BlockMeasure, EditionLayout, EditionLayoutInput } from './types';

/**
 * The layout engine: sets each placed story in its blocks with the page stylesheet
 * (resources/typeset/page.css) in the browser's own layout engine, and reads back what
 * happened — lines used, lines over, where the text must jump. It runs in the renderer for
 * the screen and in Chromium (playwright-core) for preflight and PDF, so the desk sees the
 * figure that prints.
 *
 * Every block is laid out once in a hidden, unscaled measuring host at true size; pages on
 * screen and in print are clones of those blocks. Chains (a story and its jump blocks) whose
 * story and geometry haven't changed are reused, so re-measuring after one edit sets one story.
 */

/** Marks that may not start a line (clreq 行首禁则): closing punctuation, stops, commas, closing quotes. */
const NO_LINE_START = /[、。，．：；？！）］｝〕〗〙〛》」』】〉”’％‰…!),.:;?\]}]/u;
/** Of those, the ones the check reports: Western marks after a Latin word are the hyphenator's business. */
const REPORTED_LINE_START = /[、。，．：；？！）］｝〕〗〙〛》」』】〉”’]/u;

interface CachedChain {
  key: string;
  blocks: { placementId: string; element: HTMLElement; measure: BlockMeasure }[];
}

interface Geometry {
  template: PageTemplate;
  leadPx: number;
  columnPx: number;
  gutterPx: number;
}

const mm = (value: number) => `${value.toFixed(3)}mm`;

function geometry(template: PageTemplate): Geometry {
  const m = templateMetrics(template);
  return {
    template,
    leadPx: template.leadingPt * PX_PER_PT,
    columnPx: m.columnWidthMm * PX_PER_MM,
    gutterPx: template.gutterMm * PX_PER_MM,
  };
}

/** `lang` and the CSS variables a block's type depends on: nothing comes from its ancestors. */
function styleBlock(element: HTMLElement, template: PageTemplate, span: number, language: StoryLanguage): void {
  const m = templateMetrics(template);
  element.lang = language;
  const s = element.style;
  s.setProperty('--body-size', `${template.bodySizePt}pt`);
  s.setProperty('--lead', `${template.leadingPt}pt`);
  s.setProperty('--text-width', mm(m.textWidthMm));
  s.setProperty('--col-width', mm(m.columnWidthMm));
  s.setProperty('--gutter', mm(template.gutterMm));
  s.setProperty('--span', String(span));
  s.setProperty('--body-font', `'${template.bodyFont.replace(/'/g, '')}'`);
}

/** The headline group's sizes by the story's rank (as the composer and the PDF set them), not by the block's width. */
function styleHead(head: HTMLElement, template: PageTemplate, page: Page, placement: Placement): void {
  const { style } = headlineStyleFor(template, page, placement);
  const sizes = { kickerPt: style.kicker.sizePt, mainPt: style.main.sizePt, subPt: style.sub.sizePt };
  const lines = (pt: number, factor: number) =>
    `${Math.ceil((pt * factor) / template.leadingPt) * template.leadingPt}pt`;
  const s = head.style;
  s.setProperty('--kicker-size', `${sizes.kickerPt}pt`);
  s.setProperty('--kicker-lead', lines(sizes.kickerPt, 1.3));
  s.setProperty('--main-size', `${sizes.mainPt}pt`);
  s.setProperty('--main-lead', lines(sizes.mainPt, 1.2));
  s.setProperty('--sub-size', `${sizes.subPt}pt`);
  s.setProperty('--sub-lead', lines(sizes.subPt, 1.3));
}

/** The story's flow as HTML: byline, then the body with the dateline leading its first paragraph. */
function flowHtml(story: Story, assetUrl: ((id: string) => string) | undefined): string {
  const parts: string[] = [];
  if (story.byline.trim()) parts.push(`<p class="mh-byline">${escapeHtml(story.byline)}</p>`);
  let body = renderStoryBodyHtml(story.body, { assetUrl });
  const dateline = story.dateline.trim();
  if (dateline) {
    const lead =
      story.language === 'zh-Hans'
        ? `<span class="mh-dateline">${escapeHtml(dateline)}</span>`
        : `<span class="mh-dateline">${escapeHtml(dateline)}</span>${/[—–-]$/.test(dateline) ? ' ' : ' — '}`;
    body = body.startsWith('<p>') ? `<p>${lead}${body.slice(3)}` : `<p>${lead}</p>${body}`;
  }
  parts.push(body);
  return parts.join('');
}

/**
 * English body text gets soft hyphens from Liang's patterns (the TeX ones, via `hyphen`): the
 * browser breaks at them whether or not it has hyphenation dictionaries of its own (Debian's
 * Chromium and Electron on Linux have none), so a column of English justifies without rivers,
 * on screen and in the PDF alike. Bylines, datelines and headings are left whole.
 */
function hyphenateEnglish(fragment: DocumentFragment): void {
  const walker = fragment.ownerDocument.createTreeWalker(fragment, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    if (node.parentElement?.closest('.mh-byline, .mh-dateline, h3, figcaption, a')) continue;
    node.data = hyphenateSync(node.data, { minWordLength: 6 });
  }
}

/** Text nodes of an element in document order, skipping whitespace-only ones. */
function textNodes(root: Node): Text[] {
  const doc = root.ownerDocument!;
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  const out: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if ((node as Text).data.trim()) out.push(node as Text);
  }
  return out;
}

function charRect(range: Range, node: Text, offset: number): DOMRect | null {
  const end = Math.min(node.data.length, offset + (node.data.codePointAt(offset)! > 0xffff ? 2 : 1));
  range.setStart(node, offset);
  range.setEnd(node, end);
  const rects = range.getClientRects();
  const rect = rects[rects.length - 1];
  return rect && (rect.width > 0 || rect.height > 0) ? rect : null;
}

/**
 * Binds a closing mark that the line breaker left at the start of a line to the character
 * before it, so the pair moves to the next line together (推出). CSS `line-break: strict`
 * handles most cases; this catches what it leaves, e.g. after justification or at a span edge.
 */
function fixLineStartPunctuation(flow: HTMLElement, leadPx: number): void {
  const range = flow.ownerDocument.createRange();
  for (let pass = 0; pass < 3; pass++) {
    const fixes: { node: Text; offset: number }[] = [];
    let previous: DOMRect | null = null;
    for (const node of textNodes(flow)) {
      for (let i = 0; i < node.data.length; i++) {
        const ch = node.data[i]!;
        if (!NO_LINE_START.test(ch)) {
          // Only a rect per closing mark and the character before it: cheap on long stories.
          if (i + 1 < node.data.length && NO_LINE_START.test(node.data[i + 1]!) && !/\s/.test(ch))
            previous = charRect(range, node, i);
          else previous = null;
          continue;
        }
        const rect = charRect(range, node, i);
        if (rect && previous && Math.abs(rect.top - previous.top) > leadPx / 2 && i > 0)
          fixes.push({ node, offset: i - 1 });
        previous = rect;
      }
    }
    if (!fixes.length) return;
    // From the end backwards so earlier offsets stay valid.
    for (const { node, offset } of fixes.reverse()) {
      const pair = node.splitText(offset);
      const rest = pair.splitText(2);
      const span = flow.ownerDocument.createElement('span');
      span.className = 'mh-nobr';
      rest.parentNode!.insertBefore(span, rest);
      span.appendChild(pair);
    }
  }
}

/** Closing marks still found at the start of a line (what preflight reports). */
function lineStartPunctuation(flow: HTMLElement, leadPx: number): string[] {
  const range = flow.ownerDocument.createRange();
  const found: string[] = [];
  let previous: DOMRect | null = null;
  for (const node of textNodes(flow)) {
    for (let i = 0; i < node.data.length; i++) {
      const ch = node.data[i]!;
      const check = REPORTED_LINE_START.test(ch);
      const before = i + 1 < node.data.length && REPORTED_LINE_START.test(node.data[i + 1]!);
      if (!check && !before) {
        previous = null;
        continue;
      }
      const rect = charRect(range, node, i);
      if (check && rect && previous && Math.abs(rect.top - previous.top) > leadPx / 2) {
        const context = node.data.slice(Math.max(0, i - 6), i + 4);
        found.push(context);
      }
      previous = rect;
    }
  }
  return found;
}

/** Photos in the flow: whole body lines tall, so the grid below them holds. */
function snapFigures(flow: HTMLElement, geo: Geometry): void {
  for (const figure of Array.from(flow.querySelectorAll<HTMLElement>('figure.photo'))) {
    const img = figure.querySelector('img');
    if (!img) continue;
    const w = Number(img.getAttribute('width')) || 3;
    const h = Number(img.getAttribute('height')) || 2;
    const widthPx = geo.columnPx;
    const lines = Math.max(3, Math.round((widthPx * h) / w / geo.leadPx));
    img.style.height = `${lines * geo.leadPx}px`;
    img.removeAttribute('width');
    img.removeAttribute('height');
  }
}

interface FlowFrame {
  left: number;
  top: number;
  span: number;
  bodyLines: number;
  geo: Geometry;
}

/** Column (0-based) and line (1-based, bottom edge) of a rect in the flow. */
function cellOf(rect: DOMRect, f: FlowFrame): { column: number; line: number } {
  const column = Math.floor((rect.left - f.left + f.geo.gutterPx / 2) / (f.geo.columnPx + f.geo.gutterPx));
  const line = Math.ceil((rect.bottom - f.top) / f.geo.leadPx - 0.05);
  return { column, line };
}

/**
 * Where the text stops fitting: the first character that lies in an overflow column (the
 * multicol box makes one to the right when its columns are full), or, when the block must keep
 * its last line for a jump line, on the last line of the last column.
 */
function findSplit(flow: HTMLElement, f: FlowFrame, reserveLastLine: boolean): { node: Text; offset: number } | null {
  const range = flow.ownerDocument.createRange();
  const beyond = (rect: DOMRect | null): boolean => {
    if (!rect) return false;
    const { column, line } = cellOf(rect, f);
    if (column >= f.span) return true;
    return reserveLastLine && column === f.span - 1 && line >= f.bodyLines;
  };
  const firstVisible = (node: Text, from: number, step: 1 | -1): number => {
    for (let i = from; i >= 0 && i < node.data.length; i += step) if (!/\s/.test(node.data[i]!)) return i;
    return -1;
  };
  const nodes = textNodes(flow);
  for (const node of nodes) {
    const last = firstVisible(node, node.data.length - 1, -1);
    if (last < 0 || !beyond(charRect(range, node, last))) continue;
    // The first character of this node beyond the block: binary search (position is monotonic).
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const probe = firstVisible(node, mid, 1);
      if (probe >= 0 && probe <= hi && beyond(charRect(range, node, probe))) hi = mid;
      else lo = mid + 1;
    }
    return { node, offset: lo };
  }
  // A photo (no text of its own) may be what overflows.
  for (const img of Array.from(flow.querySelectorAll('img'))) {
    if (beyond(img.getBoundingClientRect())) {
      const text = flow.ownerDocument.createTextNode('');
      img.parentNode!.insertBefore(text, img);
      return { node: text, offset: 0 };
    }
  }
  return null;
}

/** Cuts the flow at a text position; returns what comes after it, split paragraphs marked as continued. */
function splitFlow(flow: HTMLElement, at: { node: Text; offset: number }): DocumentFragment {
  const doc = flow.ownerDocument;
  const range = doc.createRange();
  // At the very start of a block (or a figure), cut before the block instead of leaving an empty copy.
  let start: Node = at.node;
  const atStart = at.offset === 0 || !at.node.data.slice(0, at.offset).trim();
  const figure = (at.node.parentElement?.closest('figure') ?? null) as Element | null;
  if (figure && flow.contains(figure)) start = figure;
  else if (atStart) {
    while (start.parentNode && start.parentNode !== flow && start.parentNode.firstChild === start)
      start = start.parentNode;
    if (start.parentNode !== flow && start !== at.node) start = at.node;
  }
  if (start !== at.node || (atStart && start.parentNode === flow)) range.setStartBefore(start);
  else range.setStart(at.node, at.offset);
  range.setEndAfter(flow.lastChild!);
  const rest = range.extractContents();
  const first = rest.firstElementChild;
  if (first && first.tagName === 'P' && !atStart) first.classList.add('mh-continued');
  // Nothing empty stays behind at the foot of the block.
  const lastKept = flow.lastElementChild;
  if (lastKept && !lastKept.textContent?.trim() && !lastKept.querySelector('img')) lastKept.remove();
  return rest;
}

/** Body lines the flow's content takes, over all its columns. */
function usedLines(flow: HTMLElement, f: FlowFrame): number {
  const range = flow.ownerDocument.createRange();
  range.selectNodeContents(flow);
  let used = 0;
  const rects = [...Array.from(range.getClientRects())];
  for (const img of Array.from(flow.querySelectorAll('img'))) rects.push(img.getBoundingClientRect());
  for (const rect of rects) {
    if (rect.width <= 0 || rect.height <= 0) continue;
    const { column, line } = cellOf(rect, f);
    used = Math.max(used, Math.min(column, f.span - 1) * f.bodyLines + Math.max(0, line));
  }
  return used;
}

const amountOf = (text: string, language: StoryLanguage): number => {
  // Soft hyphens are break points, not characters: "inter­national" is one word.
  const counts = countText(text.replace(/\u00ad/g, ''));
  return language === 'zh-Hans' ? counts.characters : counts.words;
};

export class LayoutEngine {
  private readonly host: HTMLElement;
  private readonly chains = new Map<string, CachedChain>();
  /** The laid-out block of each placement, from the latest layout. */
  private elements = new Map<string, HTMLElement>();

  private readonly outer: HTMLElement;
  private sheet: CSSStyleSheet | null = null;

  /**
   * With `stylesheet` (the text of resources/typeset/page.css), the measuring host and every
   * rendered page live in shadow roots holding only that stylesheet, so an app's own styles
   * (the renderer's) can't change what is measured or shown: the screen sets type exactly as
   * print does. Without it the document's own stylesheet must be page.css (print, the CLI).
   */
  constructor(
    private readonly doc: Document,
    private readonly options: { stylesheet?: string } = {},
  ) {
    this.outer = doc.createElement('div');
    this.outer.className = 'mh-measure-host';
    this.outer.setAttribute('aria-hidden', 'true');
    Object.assign(this.outer.style, {
      position: 'absolute',
      left: '-200000px',
      top: '0',
      visibility: 'hidden',
      pointerEvents: 'none',
    });
    this.host = this.isolated(this.outer);
    doc.body.appendChild(this.outer);
  }

  /** Where content goes inside `element`: its shadow root with the page stylesheet, when isolating. */
  private isolated(element: HTMLElement): HTMLElement {
    if (this.options.stylesheet === undefined) return element;
    const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    let inner = root.querySelector<HTMLElement>(':scope > .mh-root');
    if (!inner) {
      // A constructed stylesheet: a <style> element would be inline style, which the app's CSP refuses.
      this.sheet ??= (() => {
        const View = this.doc.defaultView as unknown as { CSSStyleSheet: typeof CSSStyleSheet };
        const sheet = new View.CSSStyleSheet();
        // Nothing inherits from the app around the host.
        sheet.replaceSync(`:host { all: initial; display: block; }\n${this.options.stylesheet}`);
        return sheet;
      })();
      root.adoptedStyleSheets = [this.sheet];
      inner = this.doc.createElement('div');
      inner.className = 'mh-root';
      root.replaceChildren(inner);
    }
    return inner;
  }

  dispose(): void {
    this.outer.remove();
    this.chains.clear();
    this.elements.clear();
  }

  /** Sets every placed story in its blocks and measures them. Unchanged chains are reused. */
  layout(input: EditionLayoutInput): EditionLayout {
    const { edition } = input;
    const blocks = new Map<string, BlockMeasure>();
    const elements = new Map<string, HTMLElement>();
    const chains = storyChains(edition);
    const seen = new Set<string>();
    for (const [storyId, chain] of chains) {
      const story = input.stories.get(storyId);
      const key = this.chainKey(edition, chain, story);
      seen.add(storyId);
      let cached = this.chains.get(storyId);
      if (!cached || cached.key !== key) {
        cached = { key, blocks: this.layoutChain(edition, chain, story, input.assetUrl) };
        this.chains.set(storyId, cached);
      }
      for (const block of cached.blocks) {
        blocks.set(block.placementId, block.measure);
        elements.set(block.placementId, block.element);
      }
    }
    for (const id of [...this.chains.keys()]) if (!seen.has(id)) this.chains.delete(id);
    edition.pages.forEach((page, index) => {
      const template = templateOf(edition, page, builtInTemplates);
      for (const placement of page.placements) {
        if (placement.kind === 'story' && placement.storyId) continue;
        if (!template) continue;
        const { element, measure } = this.otherBlock(page, index, template, placement, input.assetUrl);
        blocks.set(placement.id, measure);
        elements.set(placement.id, element);
      }
    });
    this.elements = elements;
    return { blocks };
  }

  private chainKey(edition: Edition, chain: ChainLink[], story: Story | undefined): string {
    return JSON.stringify([
      story ? [story.id, story.revision, story.updatedAt] : null,
      chain.map(({ page, pageIndex, placement }) => [
        pageIndex,
        page.id,
        templateOf(edition, page, builtInTemplates),
        placement.id,
        placement.column,
        placement.span,
        placement.line,
        placement.lines,
        placement.rank,
        placement.headline,
        placement.continuationHead,
      ]),
    ]);
  }

  private blockShell(template: PageTemplate, placement: Placement, language: StoryLanguage, kind: string): HTMLElement {
    const element = this.doc.createElement('div');
    element.className = `mh-block mh-block--${kind}`;
    element.dataset.placementId = placement.id;
    styleBlock(element, template, placement.span, language);
    const rect = placementRect(template, placement);
    Object.assign(element.style, {
      left: mm(rect.leftMm),
      top: mm(rect.topMm),
      width: mm(rect.widthMm),
      height: mm(rect.heightMm),
    });
    return element;
  }

  /** Ads, placeholders and photo blocks: boxes with a label, or a picture over its caption. */
  private otherBlock(
    page: Page,
    pageIndex: number,
    template: PageTemplate,
    placement: Placement,
    assetUrl: ((id: string) => string) | undefined,
  ): { element: HTMLElement; measure: BlockMeasure } {
    const language: StoryLanguage = templateMetrics(template).script === 'cjk' ? 'zh-Hans' : 'en';
    const kind = placement.kind === 'story' ? 'placeholder' : placement.kind;
    const element = this.blockShell(template, placement, language, kind);
    const measure = emptyBlockMeasure(page, pageIndex, placement);
    if (placement.kind === 'photo') {
      if (placement.asset) {
        const html = renderPhoto(
          { asset: placement.asset, caption: placement.caption ?? '', credit: placement.credit ?? '' },
          { assetUrl },
        );
        element.innerHTML = html.replace(/^<figure[^>]*>|<\/figure>$/g, '');
        element.querySelector('img')?.classList.add('mh-photo__image');
      } else {
        element.innerHTML = `<div class="mh-photo__empty"></div>`;
        measure.photosMissing = 1;
      }
      if (!placement.caption?.trim()) measure.photosWithoutCaption = 1;
    } else {
      element.textContent = placement.label;
    }
    return { element, measure };
  }

  private layoutChain(
    edition: Edition,
    chain: ChainLink[],
    story: Story | undefined,
    assetUrl: ((id: string) => string) | undefined,
  ): CachedChain['blocks'] {
    const out: CachedChain['blocks'] = [];
    const language: StoryLanguage = story?.language ?? 'zh-Hans';
    let remaining: DocumentFragment | null = null;
    chain.forEach((link, index) => {
      const template = templateOf(edition, link.page, builtInTemplates) ?? builtInTemplates[0]!;
      const geo = geometry(template);
      const { placement } = link;
      const measure = emptyBlockMeasure(link.page, link.pageIndex, placement);
      measure.chainIndex = index;
      measure.amountUnit = language === 'zh-Hans' ? 'chars' : 'words';
      const element = this.blockShell(template, placement, language, 'story');
      out.push({ placementId: placement.id, element, measure });
      if (!story) {
        measure.fit = 'missing';
        element.classList.add('mh-block--missing');
        element.textContent = placement.label;
        return;
      }
      const jumps = jumpLinesFor(chain, placement.id, language);
      measure.jumpTo = jumps.to;
      measure.jumpFrom = jumps.from;
      this.host.appendChild(element);

      if (index === 0) {
        const head = this.doc.createElement('div');
        head.innerHTML = renderHeadlineGroupHtml(story);
        const group = head.firstElementChild as HTMLElement;
        group.classList.add('mh-head');
        styleHead(group, template, link.page, placement);
        element.appendChild(group);
        measure.headLines = Math.round(group.getBoundingClientRect().height / geo.leadPx);
        remaining = this.fragment(flowHtml(story, assetUrl));
        if (language === 'en') hyphenateEnglish(remaining);
      }
      const bodyLines = Math.max(0, placement.lines - measure.headLines);
      measure.capacityLines = bodyLines * placement.span;
      const flow = this.doc.createElement('div');
      flow.className = 'mh-flow';
      flow.style.height = `${bodyLines * geo.leadPx + geo.leadPx / 3}px`;
      element.appendChild(flow);
      if (jumps.from) flow.appendChild(this.jumpLine(jumps.from, 'from'));
      if (remaining) flow.appendChild(remaining);
      remaining = null;
      snapFigures(flow, geo);
      fixLineStartPunctuation(flow, geo.leadPx);

      const box = flow.getBoundingClientRect();
      const frame: FlowFrame = { left: box.left, top: box.top, span: placement.span, bodyLines, geo };
      const isLast = index === chain.length - 1;
      const split = findSplit(flow, frame, Boolean(jumps.to));
      if (split) {
        const rest = splitFlow(flow, split);
        if (!isLast) {
          remaining = rest;
        } else {
          measure.amount = amountOf(rest.textContent ?? '', language);
          measure.overLines = this.overLines(rest, template, language, geo);
          measure.fit = 'over';
        }
      }
      if (jumps.to) flow.appendChild(this.jumpLine(jumps.to, 'to'));
      measure.usedLines = Math.min(measure.capacityLines, usedLines(flow, frame));
      if (!split && isLast) {
        measure.shortLines = Math.max(0, measure.capacityLines - measure.usedLines);
        measure.fit = measure.usedLines === 0 ? 'empty' : measure.shortLines > 0 ? 'short' : 'fits';
        const perLine = templateMetrics(template).charsPerLine;
        measure.amount =
          language === 'zh-Hans' ? measure.shortLines * perLine : Math.round((measure.shortLines * perLine) / 6);
      } else if (!split && !isLast && !flow.textContent?.trim()) {
        measure.fit = 'empty';
      }
      measure.lineStartPunctuation = lineStartPunctuation(flow, geo.leadPx);
      for (const figure of Array.from(flow.querySelectorAll('figure.photo'))) {
        if (!figure.querySelector('.caption')?.textContent?.trim()) measure.photosWithoutCaption++;
        const img = figure.querySelector('img');
        if (!img?.getAttribute('src') || !figure.getAttribute('data-asset')) measure.photosMissing++;
      }
      element.remove();
    });
    return out;
  }

  private fragment(html: string): DocumentFragment {
    const template = this.doc.createElement('template');
    template.innerHTML = html;
    return template.content;
  }

  private jumpLine(text: string, direction: 'to' | 'from'): HTMLElement {
    const line = this.doc.createElement('p');
    line.className = `mh-jump mh-jump--${direction}`;
    line.textContent = text;
    return line;
  }

  /** Lines the overset takes when set on in one more column of the same measure (the fragment is used up). */
  private overLines(rest: DocumentFragment, template: PageTemplate, language: StoryLanguage, geo: Geometry): number {
    const probe = this.doc.createElement('div');
    probe.className = 'mh-block mh-block--story';
    styleBlock(probe, template, 1, language);
    probe.style.width = `${geo.columnPx}px`;
    probe.style.position = 'absolute';
    const flow = this.doc.createElement('div');
    flow.className = 'mh-flow';
    flow.appendChild(rest);
    probe.appendChild(flow);
    this.host.appendChild(probe);
    const lines = Math.ceil(flow.getBoundingClientRect().height / geo.leadPx - 0.05);
    probe.remove();
    return Math.max(1, lines);
  }

  /** One page at true size: paper, folio, optionally the column grid, and every block. */
  renderPage(
    target: HTMLElement,
    input: EditionLayoutInput,
    _layout: EditionLayout,
    pageId: string,
    options: { grid?: boolean } = {},
  ): void {
    const into = this.isolated(target);
    into.replaceChildren();
    const index = input.edition.pages.findIndex((p) => p.id === pageId);
    const page = input.edition.pages[index];
    if (!page) return;
    into.appendChild(this.pageElement(input.edition, page, index, options));
  }

  /** Every page of the edition, in order, for print. */
  renderEdition(target: HTMLElement, input: EditionLayoutInput): void {
    this.isolated(target).replaceChildren(
      ...input.edition.pages.map((page, index) => this.pageElement(input.edition, page, index, {})),
    );
  }

  private pageElement(edition: Edition, page: Page, index: number, options: { grid?: boolean }): HTMLElement {
    const template = templateOf(edition, page, builtInTemplates) ?? builtInTemplates[0]!;
    const m = templateMetrics(template);
    const element = this.doc.createElement('section');
    element.className = 'mh-page';
    element.dataset.pageId = page.id;
    element.dataset.template = template.id;
    element.style.width = mm(template.paper.widthMm);
    element.style.height = mm(template.paper.heightMm);
    element.style.setProperty('page', `mh-${template.id}`);
    const language: StoryLanguage = m.script === 'cjk' ? 'zh-Hans' : 'en';
    element.lang = language;
    if (options.grid) {
      for (let c = 0; c < template.columns; c++) {
        const rect = placementRect(template, { column: c, span: 1, line: 0, lines: m.linesPerColumn });
        const line = this.doc.createElement('div');
        line.className = 'mh-gridline';
        Object.assign(line.style, {
          left: mm(rect.leftMm),
          top: mm(rect.topMm),
          width: mm(rect.widthMm),
          height: mm(rect.heightMm),
        });
        element.appendChild(line);
      }
    }
    element.appendChild(this.folio(edition, page, index, template, language));
    for (const placement of page.placements) {
      const block = this.elements.get(placement.id);
      if (block) element.appendChild(block.cloneNode(true));
    }
    return element;
  }

  private folio(
    edition: Edition,
    page: Page,
    index: number,
    template: PageTemplate,
    language: StoryLanguage,
  ): HTMLElement {
    const folio = this.doc.createElement('header');
    folio.className = 'mh-folio';
    const number = pageNumberAt(index);
    Object.assign(folio.style, {
      left: mm(template.margins.leftMm),
      width: mm(template.paper.widthMm - template.margins.leftMm - template.margins.rightMm),
      top: mm(Math.max(2, template.margins.topMm - 10)),
      height: mm(7),
    });
    const date = new Date(`${edition.date}T00:00:00Z`);
    const dateText = new Intl.DateTimeFormat(language === 'zh-Hans' ? 'zh-CN' : 'en-GB', {
      timeZone: 'UTC',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      weekday: 'long',
    }).format(date);
    const pageText = language === 'zh-Hans' ? `第${number}版` : `Page ${number}`;
    const cells: [string, string][] = [
      ['page', pageText],
      ['section', page.section],
      ['publication', edition.publication],
      ['date', dateText],
    ];
    // The page number sits on the outer edge: left on even pages, right on odd ones.
    if (number % 2 === 1) cells.reverse();
    for (const [name, text] of cells) {
      // The page number is the page's heading: the PDF's outline gets one entry per page.
      const cell = this.doc.createElement(name === 'page' ? 'h1' : 'span');
      cell.className = `mh-folio__${name}`;
      if (name !== 'page') cell.textContent = text;
      else cell.innerHTML = `${escapeHtml(text)}<span class="mh-folio__hidden"> ${escapeHtml(page.section)}</span>`;
      folio.appendChild(cell);
    }
    folio.dataset.complete = String(Boolean(page.section.trim() && edition.publication.trim()));
    return folio;
  }
}

/** `@page` rules for every template of the edition: each page prints at its template's true size. */
export function printPageRules(edition: Edition): string {
  const templates = new Map<string, PageTemplate>();
  for (const page of edition.pages) {
    const t = templateOf(edition, page, builtInTemplates);
    if (t) templates.set(t.id, t);
  }
  return [...templates.values()]
    .map((t) => `@page mh-${t.id} { size: ${t.paper.widthMm}mm ${t.paper.heightMm}mm; margin: 0; }`)
    .join('\n');
}
