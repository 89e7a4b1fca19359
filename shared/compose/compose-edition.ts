import hyphenEn from 'hyphen/en';
import type { StoryLanguage } from '../model/common';
import type { Edition, HeadlineLineStyle, Page, PageTemplate, Placement } from '../model/edition';
import type { Story } from '../model/story';
import { builtInTemplates } from '../model/templates';
import { countText } from '../text/count';
import { MM_PER_PT, placementRect, templateMetrics, templateOf } from '../layout/grid';
import { type ChainLink, emptyBlockMeasure, jumpLinesFor, pageNumberAt, storyChains } from '../layout/jumps';
import type { BlockMeasure, EditionLayoutInput } from '../layout/types';
import { CLOSING, STOPS } from './cjk-classes';
import { type InlineSpan, type SetLine, setCjkParagraph } from './cjk-lines';
import { headlineStyleFor } from './headline';
import { type LatinWord, setLatinParagraph } from './latin-lines';
import {
  type FlowItem,
  type PhotoItem,
  type SpanRole,
  type TextItem,
  flowText,
  sliceItem,
  storyFlow,
} from './story-flow';
import type {
  ComposedBlock,
  ComposedLine,
  ComposedPage,
  Face,
  FaceRequest,
  FontSet,
  FrameBox,
  GlyphRun,
  LineKind,
} from './types';
import { composeFurniture, storyRules } from './furniture';

/**
 * The page composer: sets every placed story in its blocks — headline group by rank, body on
 * the template's grid (Chinese) or by total fit (English), jump lines, photos — and returns
 * one list of positioned glyph runs per block with the block's measure (lines used, over,
 * short). The screen, preflight and the print PDF all read this one result.
 *
 * Chains (a story and its jump blocks) whose story and geometry haven't changed are reused,
 * and set paragraphs are cached by text and measure, so re-measuring after an edit sets
 * only what changed.
 */

export interface EditionComposition {
  pages: ComposedPage[];
  blocks: Map<string, BlockMeasure>;
}

interface CachedChain {
  key: string;
  blocks: { placementId: string; block: ComposedBlock; measure: BlockMeasure }[];
}

const EPS = 1e-6;
/** Where the baseline sits in a body line: the em box centred in the leading. */
const CJK_ASCENT = 0.88;
const LATIN_ASCENT = 0.76;

export const baselineIn = (topMm: number, leadMm: number, sizeMm: number, cjk: boolean): number =>
  topMm + (leadMm - sizeMm) / 2 + sizeMm * (cjk ? CJK_ASCENT : LATIN_ASCENT);

/** The families a story's text is set in: Chinese faces for Chinese (their Latin is proportional), Noto for English. */
export function familiesFor(template: PageTemplate, language: StoryLanguage) {
  const cjkBody = /CJK|Song|Hei|Ming|Kai|Fang|宋|黑|楷|仿|明/i.test(template.bodyFont);
  return language === 'zh-Hans'
    ? { serif: cjkBody ? template.bodyFont : 'Noto Serif CJK SC', sans: 'Noto Sans CJK SC' }
    : { serif: cjkBody ? 'Noto Serif' : template.bodyFont, sans: 'Noto Sans' };
}

export class EditionComposer {
  private readonly chains = new Map<string, CachedChain>();
  private readonly paragraphs = new Map<string, SetLine[]>();

  constructor(private readonly fonts: FontSet) {}

  face(request: FaceRequest): Face {
    return this.fonts.face(request);
  }

  compose(input: EditionLayoutInput): EditionComposition {
    const { edition } = input;
    const blocks = new Map<string, BlockMeasure>();
    const composed = new Map<string, ComposedBlock>();
    const seen = new Set<string>();
    for (const [storyId, chain] of storyChains(edition)) {
      const story = input.stories.get(storyId);
      const key = this.chainKey(edition, chain, story);
      seen.add(storyId);
      let cached = this.chains.get(storyId);
      if (!cached || cached.key !== key) {
        cached = { key, blocks: this.composeChain(edition, chain, story) };
        this.chains.set(storyId, cached);
      }
      for (const b of cached.blocks) {
        blocks.set(b.placementId, b.measure);
        composed.set(b.placementId, b.block);
      }
    }
    for (const id of [...this.chains.keys()]) if (!seen.has(id)) this.chains.delete(id);
    if (this.paragraphs.size > 50_000) this.paragraphs.clear();

    const pages: ComposedPage[] = edition.pages.map((page, index) => {
      const template = templateOf(edition, page, builtInTemplates) ?? builtInTemplates[0]!;
      const pageBlocks: ComposedBlock[] = [];
      for (const placement of page.placements) {
        if (!(placement.kind === 'story' && placement.storyId)) {
          const other = this.otherBlock(page, index, template, placement);
          blocks.set(placement.id, other.measure);
          composed.set(placement.id, other.block);
        }
        const block = composed.get(placement.id);
        if (block) pageBlocks.push(block);
      }
      const headlines = page.placements
        .filter((p) => p.kind === 'story' && p.storyId && !p.continuation)
        .map((p) => input.stories.get(p.storyId!)?.headline ?? '')
        .filter(Boolean);
      return {
        pageId: page.id,
        index,
        templateId: template.id,
        widthMm: template.paper.widthMm,
        heightMm: template.paper.heightMm,
        bleedMm: template.bleedMm ?? 3,
        furniture: composeFurniture(this, edition, page, index, template),
        rules: template.columnRules ? storyRules(template, page) : [],
        blocks: pageBlocks,
        outline: { title: folioHeading(page, index, template), headlines },
      };
    });
    return { pages, blocks };
  }

  private chainKey(edition: Edition, chain: ChainLink[], story: Story | undefined): string {
    return JSON.stringify([
      story ? [story.id, story.revision, story.updatedAt] : null,
      chain.map(({ page, pageIndex, placement }) => {
        const template = templateOf(edition, page, builtInTemplates);
        return [
          pageIndex,
          page.id,
          template,
          placement,
          template ? headlineStyleFor(template, page, placement).rank : null,
          edition.pages.length,
        ];
      }),
    ]);
  }

  // ---- Setting text -------------------------------------------------------------------

  /** The face of a span role in a story's families. */
  private roleFace(role: SpanRole, families: { serif: string; sans: string }): Face {
    switch (role) {
      case 'bold':
        return this.fonts.face({ family: families.serif, bold: true });
      case 'italic':
        return this.fonts.face({ family: families.serif, italic: true });
      case 'sans':
        return this.fonts.face({ family: families.sans });
      case 'sansBold':
        return this.fonts.face({ family: families.sans, bold: true });
      default:
        return this.fonts.face({ family: families.serif });
    }
  }

  /** Lines of a text item at a measure in ems, cached by everything that decides them. */
  setItem(
    item: TextItem,
    measureEm: number,
    language: StoryLanguage,
    families: { serif: string; sans: string },
    hang: boolean,
  ): SetLine[] {
    const key = JSON.stringify([
      item.spans,
      item.indent,
      item.align,
      measureEm,
      language,
      families,
      hang,
      item.hyphenate,
    ]);
    const cached = this.paragraphs.get(key);
    if (cached) return cached;
    const zh = language === 'zh-Hans';
    const indent = item.indent ? (zh ? 2 : 1) : 0;
    let lines: SetLine[];
    if (zh) {
      const spans: InlineSpan[] = item.spans.map((s) => ({ text: s.text, face: this.roleFace(s.role, families) }));
      lines = setCjkParagraph(spans, { measure: measureEm, indent, hang: hang && item.align === 'justify' }, (cp) =>
        this.fonts.fallback(cp),
      );
    } else {
      lines = setLatinParagraph(this.latinWords(item, families), {
        measure: measureEm,
        indent,
        ragged: item.align !== 'justify',
      });
    }
    this.paragraphs.set(key, lines);
    return lines;
  }

  private latinWords(item: TextItem, families: { serif: string; sans: string }): LatinWord[] {
    const words: LatinWord[] = [];
    let offset = 0;
    for (const span of item.spans) {
      const face = this.roleFace(span.role, families);
      const re = /(\S+)(\s*)/g;
      const lead = /^\s*/.exec(span.text)![0].length;
      re.lastIndex = lead;
      if (lead && words.length) words[words.length - 1]!.spaceAfter = true;
      for (let m = re.exec(span.text); m; m = re.exec(span.text)) {
        const word = m[1]!;
        const from = offset + m.index;
        let pieces: string[];
        if (item.hyphenate && word.length >= 6 && !/\d/.test(word))
          pieces = hyphenEn.hyphenateSync(word, { minWordLength: 6 }).split('\u00ad');
        else pieces = [word];
        // An explicit hyphen is a break point too.
        pieces = pieces.flatMap((p) => p.split(/(?<=[-\u2013\u2014/])(?=.)/));
        words.push({ pieces, face, spaceAfter: m[2]!.length > 0, from, to: from + word.length });
      }
      offset += span.text.length;
    }
    return words;
  }

  /** A set line placed on the page: its glyphs as runs, in mm. */
  placeLine(
    set: SetLine,
    kind: LineKind,
    script: 'cjk' | 'latin',
    x: number,
    baseline: number,
    measureMm: number,
    sizePt: number,
    align: TextItem['align'],
    text: string,
  ): ComposedLine {
    const em = sizePt * MM_PER_PT;
    const widthMm = set.width * em;
    const indentMm = set.indent * em;
    const free = measureMm - indentMm - widthMm;
    const offset =
      indentMm + (align === 'center' ? free / 2 : align === 'right' ? free : align === 'justify' && set.last ? 0 : 0);
    const runs: GlyphRun[] = [];
    const ls = set.letterSpacing * em;
    // Where the last run's next glyph would be drawn at the glyphs' own advances.
    let naturalEnd = Number.NaN;
    for (const g of set.glyphs) {
      const gx = x + offset + g.x * em;
      // A compressed mark ends where its set width ends (its empty half trimmed), not at its advance.
      const room = (g.setWidth ?? g.advance) * em;
      const prev = runs[runs.length - 1];
      if (prev && !ls && prev.face === g.face.key && Math.abs(naturalEnd - gx) < 0.005 && !/\s$/.test(prev.text)) {
        prev.text += g.text;
        prev.width = gx - prev.x + room;
      } else
        runs.push({
          text: g.text,
          x: gx,
          y: baseline,
          face: g.face.key,
          sizePt,
          width: room,
          ...(ls ? { letterSpacing: ls } : {}),
        });
      naturalEnd = gx + g.advance * em;
    }
    return {
      kind,
      script,
      runs,
      x,
      measure: measureMm,
      y: baseline,
      last: set.last,
      spread: set.spread,
      text: text.slice(set.from, set.to),
    };
  }

  /** A single line of text (folio, labels, jump lines) set naturally, aligned in a measure. */
  singleLine(
    text: string,
    face: Face,
    sizePt: number,
    kind: LineKind,
    x: number,
    baseline: number,
    measureMm: number,
    align: TextItem['align'],
  ): ComposedLine {
    const em = sizePt * MM_PER_PT;
    // Characters the face lacks (滨江日报 in a Latin face) come from the fallback face.
    const pieces: { text: string; face: Face }[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      const use = face.has(cp) || /\s/.test(ch) ? face : (this.fonts.fallback(cp) ?? face);
      const last = pieces[pieces.length - 1];
      if (last && last.face === use) last.text += ch;
      else pieces.push({ text: ch, face: use });
    }
    const widths = pieces.map((p) => p.face.measure(p.text) * em);
    const width = widths.reduce((a, b) => a + b, 0);
    const free = measureMm - width;
    let left = x + (align === 'center' ? free / 2 : align === 'right' ? free : 0);
    const runs: GlyphRun[] = pieces.map((p, i) => {
      const run = { text: p.text, x: left, y: baseline, face: p.face.key, sizePt, width: widths[i]! };
      left += widths[i]!;
      return run;
    });
    return {
      kind,
      script: /[\u3000-\u9fff]/.test(text) ? 'cjk' : 'latin',
      runs,
      x,
      measure: measureMm,
      y: baseline,
      last: true,
      spread: false,
      text,
    };
  }

  // ---- Headlines ------------------------------------------------------------------------

  /**
   * A headline set in balanced lines within its width: breaks only between words (the
   * segmenter's words for Chinese, so 增长 is never parted; never inside a Latin word or a
   * number), manual breaks (newlines) kept, and the size stepped down when it won't fit its lines.
   */
  headlineLines(
    text: string,
    style: HeadlineLineStyle,
    families: { serif: string; sans: string },
    widthMm: number,
    language: StoryLanguage,
  ): { lines: string[]; face: Face; sizePt: number } {
    const family = style.face === 'serif' ? families.serif : style.face === 'sans' ? families.sans : style.face;
    const face = this.fonts.face({ family, bold: style.bold });
    const manual = text
      .split(/\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    for (let sizePt = style.sizePt; ; sizePt -= 0.5) {
      const widthEm = widthMm / (sizePt * MM_PER_PT);
      const lines = manual.flatMap((part) => balancedBreak(headlineAtoms(part, language), face, widthEm, language));
      const fits =
        lines.every((l) => face.measure(l) <= widthEm + EPS) && lines.length <= Math.max(style.maxLines, manual.length);
      if (fits || sizePt <= style.sizePt * 0.6) return { lines, face, sizePt };
    }
  }

  // ---- Chains ---------------------------------------------------------------------------

  private composeChain(edition: Edition, chain: ChainLink[], story: Story | undefined): CachedChain['blocks'] {
    const out: CachedChain['blocks'] = [];
    const language: StoryLanguage = story?.language ?? 'zh-Hans';
    const zh = language === 'zh-Hans';
    const items = story ? storyFlow(story) : [];
    const text = flowText(items);
    // The flow cursor: the item, and within a text item the line (at the measure it was set in) or a re-set remainder.
    let itemIndex = 0;
    let pending: { item: TextItem; lines: SetLine[]; next: number; measureEm: number } | null = null;

    chain.forEach((link, index) => {
      const template = templateOf(edition, link.page, builtInTemplates) ?? builtInTemplates[0]!;
      const m = templateMetrics(template);
      const families = familiesFor(template, language);
      const { placement } = link;
      const measure = emptyBlockMeasure(link.page, link.pageIndex, placement);
      measure.chainIndex = index;
      measure.amountUnit = zh ? 'chars' : 'words';
      const block: ComposedBlock = { placementId: placement.id, lines: [], images: [], frames: [] };
      out.push({ placementId: placement.id, block, measure });
      const rect = placementRect(template, placement);
      if (!story) {
        measure.fit = 'missing';
        block.frames.push({
          x: rect.leftMm,
          y: rect.topMm,
          width: rect.widthMm,
          height: rect.heightMm,
          weightPt: 0.6,
          dashed: true,
        });
        const face = this.fonts.face({ family: families.sans });
        block.lines.push(
          this.singleLine(
            placement.label,
            face,
            12,
            'label',
            rect.leftMm,
            rect.topMm + rect.heightMm / 2,
            rect.widthMm,
            'center',
          ),
        );
        return;
      }
      const jumps = jumpLinesFor(chain, placement.id, language);
      measure.jumpTo = jumps.to;
      measure.jumpFrom = jumps.from;
      const lead = m.leadingMm;
      const bodyPt = template.bodySizePt;
      const bodyMm = m.bodySizeMm;
      // Hanging punctuation unless the template turns it off: the one way a paragraph's first line
      // (indent + 11 characters + a comma) stays on a 13-character grid.
      const hang = template.hangingPunctuation ?? true;

      // The headline group (first block) or the continuation headline (接题, jump blocks).
      let headLines = 0;
      if (index === 0) headLines = this.headGroup(block, story, template, link.page, placement, families, rect, lead);
      else if (jumps.from) headLines = this.continuationHead(block, story, placement, families, rect, lead, template);
      measure.headLines = headLines;
      const bodyLines = Math.max(0, placement.lines - headLines);
      measure.capacityLines = bodyLines * placement.span;

      // Slots: column by column, line by line, under the head.
      const capacity = bodyLines * placement.span;
      const lastSlot = jumps.to ? capacity - 1 : capacity;
      let slot = 0;
      let used = 0;
      const slotXY = (s: number) => {
        const column = Math.floor(s / Math.max(1, bodyLines));
        const line = s % Math.max(1, bodyLines);
        return {
          column,
          line,
          x: rect.leftMm + column * (m.columnWidthMm + template.gutterMm),
          top: rect.topMm + (headLines + line) * lead,
        };
      };
      const textMeasureMm = zh ? m.textWidthMm : m.columnWidthMm;
      const measureEm = textMeasureMm / bodyMm;
      const jumpFace = this.fonts.face({ family: families.sans });
      if (jumps.from && slot < lastSlot) {
        const { x, top } = slotXY(slot++);
        block.lines.push(
          this.singleLine(
            jumps.from,
            jumpFace,
            bodyPt * 0.9,
            'jump',
            x,
            baselineIn(top, lead, bodyMm * 0.9, zh),
            textMeasureMm,
            'left',
          ),
        );
        used = slot;
      }
      let spacedItem: TextItem | null = null;
      const placeText = (): boolean => {
        // Returns false when the block is full.
        while (pending && pending.next < pending.lines.length) {
          if (slot >= lastSlot) return false;
          const { x, top, line } = slotXY(slot);
          // One empty line before a cross-head (none at a column's top): skipped once, not on
          // every pass, or the cross-head was pushed to the next column and a block's last
          // column lost the rest of the story as overset.
          if (pending.next === 0 && pending.item.spaceBefore && line > 0 && spacedItem !== pending.item) {
            spacedItem = pending.item;
            slot++;
            continue;
          }
          const set = pending.lines[pending.next]!;
          const kind = pending.item.kind;
          const sizePt = bodyPt;
          const itemText = pending.item.spans.map((s) => s.text).join('');
          const placed = this.placeLine(
            set,
            kind,
            zh ? 'cjk' : 'latin',
            x,
            baselineIn(top, lead, bodyMm, zh),
            textMeasureMm,
            sizePt,
            pending.item.align,
            itemText,
          );
          block.lines.push(placed);
          const first = set.glyphs[0]?.text[0] ?? '';
          if (zh && pending.next > 0 && (CLOSING.has(first) || STOPS.has(first)))
            measure.lineStartPunctuation.push(placed.text.slice(0, 8));
          pending.next++;
          slot++;
          used = slot;
        }
        pending = null;
        return true;
      };
      const placePhoto = (photo: PhotoItem): boolean => {
        const captionPt = Math.round(bodyPt * 0.85 * 4) / 4;
        const captionText = [photo.caption, photo.credit].filter(Boolean).join(zh ? '　' : ' ');
        const captionLines = captionText
          ? this.setItem(
              {
                type: 'text',
                kind: 'caption',
                spans: [{ text: captionText, role: 'sans' }],
                indent: false,
                align: 'left',
                spaceBefore: false,
                hyphenate: false,
              },
              m.columnWidthMm / (captionPt * MM_PER_PT),
              language,
              families,
              false,
            )
          : [];
        const imageLines = Math.min(
          bodyLines - captionLines.length,
          Math.max(3, Math.round((m.columnWidthMm * photo.ratio) / lead)),
        );
        const need = Math.max(1, imageLines) + captionLines.length;
        const { line } = slotXY(slot);
        if (line > 0 && line + need > bodyLines) slot += bodyLines - line;
        if (slot + need > lastSlot) return false;
        const { x, top } = slotXY(slot);
        block.images.push({
          assetId: photo.asset,
          x,
          y: top + lead * 0.15,
          width: m.columnWidthMm,
          height: imageLines * lead - lead * 0.3,
        });
        slot += imageLines;
        for (const set of captionLines) {
          const p = slotXY(slot++);
          block.lines.push(
            this.placeLine(
              set,
              'caption',
              zh ? 'cjk' : 'latin',
              p.x,
              baselineIn(p.top, lead, captionPt * MM_PER_PT, zh),
              m.columnWidthMm,
              captionPt,
              'left',
              captionText,
            ),
          );
        }
        if (!photo.caption.trim()) measure.photosWithoutCaption++;
        if (!photo.asset) measure.photosMissing++;
        used = slot;
        return true;
      };

      for (;;) {
        if (pending && pending.measureEm !== measureEm) {
          // Continued in a block of another measure: the rest of the paragraph is set again.
          const from = pending.lines[pending.next]?.from ?? 0;
          const item = sliceItem(pending.item, from);
          pending = { item, lines: this.setItem(item, measureEm, language, families, hang), next: 0, measureEm };
        }
        if (pending) {
          if (!placeText()) break;
          continue;
        }
        const item = items[itemIndex];
        if (!item) break;
        if (item.type === 'photo') {
          if (!placePhoto(item)) break;
          itemIndex++;
          continue;
        }
        pending = { item, lines: this.setItem(item, measureEm, language, families, hang), next: 0, measureEm };
        itemIndex++;
      }
      if (jumps.to) {
        const { x, top } = slotXY(Math.max(0, capacity - 1));
        block.lines.push(
          this.singleLine(
            jumps.to,
            jumpFace,
            bodyPt * 0.9,
            'jump',
            x,
            baselineIn(top, lead, bodyMm * 0.9, zh),
            textMeasureMm,
            'right',
          ),
        );
      }
      const isLast = index === chain.length - 1;
      const leftover = pending !== null || itemIndex < items.length;
      measure.usedLines = Math.min(measure.capacityLines, used);
      if (isLast && leftover) {
        // Overset: what is left, set on in one more column of the same measure.
        let lines = 0;
        const rest: FlowItem[] = [];
        const p = pending as { item: TextItem; lines: SetLine[]; next: number } | null;
        if (p && p.next < p.lines.length) {
          lines += p.lines.length - p.next;
          rest.push(sliceItem(p.item, p.lines[p.next]!.from));
        }
        for (const item of items.slice(itemIndex)) {
          rest.push(item);
          lines +=
            item.type === 'photo'
              ? Math.max(3, Math.round((m.columnWidthMm * item.ratio) / lead)) + (item.caption ? 1 : 0)
              : this.setItem(item, measureEm, language, families, hang).length;
        }
        measure.fit = 'over';
        measure.overLines = Math.max(1, lines);
        const counts = countText(flowText(rest));
        measure.amount = zh ? counts.characters : counts.words;
      } else if (isLast) {
        measure.shortLines = Math.max(0, measure.capacityLines - measure.usedLines);
        measure.fit = measure.usedLines === 0 ? 'empty' : measure.shortLines > 0 ? 'short' : 'fits';
        measure.amount = zh
          ? measure.shortLines * m.charsPerLine
          : Math.round((measure.shortLines * m.charsPerLine) / 6);
      } else if (used === 0) measure.fit = 'empty';
      void text;
    });
    return out;
  }

  /** 引题, 主题, 副题 over the block's full width; returns the body lines they take (with one line of space under). */
  private headGroup(
    block: ComposedBlock,
    story: Story,
    template: PageTemplate,
    page: Page,
    placement: Placement,
    families: { serif: string; sans: string },
    rect: { leftMm: number; topMm: number; widthMm: number },
    lead: number,
  ): number {
    const { style, mainText } = headlineStyleFor(template, page, placement);
    const zh = story.language === 'zh-Hans';
    // The group is stacked at the headline's own leading and only its whole is rounded up to
    // body lines, so the body below stays on the grid. Snapping every headline line to the grid
    // set a 31 pt 主题 on 44 pt (four 11 pt lines) and cost a block three lines of body.
    let heightMm = 0;
    const part = (text: string, s: HeadlineLineStyle, kind: LineKind, factor: number) => {
      if (!text.trim()) return;
      const set = this.headlineLines(text, s, families, rect.widthMm, story.language);
      const sizeMm = set.sizePt * MM_PER_PT;
      const bandMm = sizeMm * factor;
      for (const l of set.lines) {
        const baseline = baselineIn(rect.topMm + heightMm, bandMm, sizeMm, zh);
        block.lines.push(this.singleLine(l, set.face, set.sizePt, kind, rect.leftMm, baseline, rect.widthMm, s.align));
        heightMm += bandMm;
      }
    };
    part(story.kicker, style.kicker, 'kicker', 1.25);
    part(mainText ?? story.headline, style.main, 'headline', 1.15);
    part(story.subheadline, style.sub, 'subheadline', 1.25);
    return heightMm ? Math.max(1, Math.ceil(heightMm / lead - 0.05)) + 1 : 0;
  }

  private continuationHead(
    block: ComposedBlock,
    story: Story,
    placement: Placement,
    families: { serif: string; sans: string },
    rect: { leftMm: number; topMm: number; widthMm: number },
    lead: number,
    template: PageTemplate,
  ): number {
    const text = placement.continuationHead ?? story.headline;
    if (!text.trim()) return 0;
    const zh = story.language === 'zh-Hans';
    const style: HeadlineLineStyle = {
      face: 'serif',
      sizePt: Math.round(template.bodySizePt * 2 * 2) / 2,
      bold: true,
      maxLines: 2,
      align: zh ? 'center' : 'left',
    };
    const set = this.headlineLines(text, style, families, rect.widthMm, story.language);
    const band = Math.max(1, Math.ceil((set.sizePt * MM_PER_PT * 1.2) / lead - 0.05));
    let line = 0;
    for (const l of set.lines) {
      const top = rect.topMm + line * lead;
      block.lines.push(
        this.singleLine(
          l,
          set.face,
          set.sizePt,
          'continuation-head',
          rect.leftMm,
          baselineIn(top, band * lead, set.sizePt * MM_PER_PT, zh),
          rect.widthMm,
          style.align,
        ),
      );
      line += band;
    }
    return line + 1;
  }

  /** Ads, placeholders and photo blocks. */
  private otherBlock(page: Page, pageIndex: number, template: PageTemplate, placement: Placement) {
    const measure = emptyBlockMeasure(page, pageIndex, placement);
    const block: ComposedBlock = { placementId: placement.id, lines: [], images: [], frames: [] };
    const rect = placementRect(template, placement);
    const m = templateMetrics(template);
    const zh = m.script === 'cjk';
    const families = familiesFor(template, zh ? 'zh-Hans' : 'en');
    const sans = this.fonts.face({ family: families.sans });
    if (placement.kind === 'photo') {
      const captionText = [placement.caption ?? '', placement.credit ?? '']
        .filter((s) => s.trim())
        .join(zh ? '　' : ' ');
      const captionPt = Math.round(template.bodySizePt * 0.85 * 4) / 4;
      const lines = captionText
        ? this.setItem(
            {
              type: 'text',
              kind: 'caption',
              spans: [{ text: captionText, role: 'sans' }],
              indent: false,
              align: 'left',
              spaceBefore: false,
              hyphenate: false,
            },
            rect.widthMm / (captionPt * MM_PER_PT),
            zh ? 'zh-Hans' : 'en',
            families,
            false,
          )
        : [];
      const imageHeight = rect.heightMm - lines.length * m.leadingMm;
      if (placement.asset)
        block.images.push({
          assetId: placement.asset,
          x: rect.leftMm,
          y: rect.topMm,
          width: rect.widthMm,
          height: Math.max(0, imageHeight - 0.5),
        });
      else {
        block.frames.push({
          x: rect.leftMm,
          y: rect.topMm,
          width: rect.widthMm,
          height: imageHeight,
          weightPt: 0.5,
          dashed: true,
          tint: 8,
        });
        measure.photosMissing = 1;
      }
      lines.forEach((set, i) => {
        const top = rect.topMm + imageHeight + i * m.leadingMm;
        block.lines.push(
          this.placeLine(
            set,
            'caption',
            zh ? 'cjk' : 'latin',
            rect.leftMm,
            baselineIn(top, m.leadingMm, captionPt * MM_PER_PT, zh),
            rect.widthMm,
            captionPt,
            'left',
            captionText,
          ),
        );
      });
      if (!placement.caption?.trim()) measure.photosWithoutCaption = 1;
    } else {
      const frame: FrameBox = {
        x: rect.leftMm,
        y: rect.topMm,
        width: rect.widthMm,
        height: rect.heightMm,
        weightPt: 0.6,
        dashed: placement.kind !== 'ad',
        tint: placement.kind === 'ad' ? 6 : 3,
      };
      block.frames.push(frame);
      block.lines.push(
        this.singleLine(
          placement.label,
          sans,
          12,
          'label',
          rect.leftMm,
          rect.topMm + rect.heightMm / 2 + 1.5,
          rect.widthMm,
          'center',
        ),
      );
    }
    return { block, measure };
  }
}

export const folioHeading = (page: Page, index: number, template: PageTemplate): string => {
  const zh = templateMetrics(template).script === 'cjk';
  return `${zh ? `第${pageNumberAt(index)}版` : `Page ${pageNumberAt(index)}`} ${page.section}`.trim();
};

let zhWords: Intl.Segmenter | null = null;

/** Words a headline may break between. */
export function headlineAtoms(text: string, language: StoryLanguage): string[] {
  let atoms: string[];
  if (language === 'zh-Hans' && typeof Intl.Segmenter === 'function') {
    zhWords ??= new Intl.Segmenter('zh', { granularity: 'word' });
    atoms = Array.from(zhWords.segment(text), (s) => s.segment);
  } else atoms = text.split(/(?<=\s)/);
  // Closing marks and stops stay with the word before; opening marks with the word after.
  const out: string[] = [];
  let carry = '';
  for (const a of atoms) {
    const first = a[0] ?? '';
    if (out.length && (CLOSING.has(first) || STOPS.has(first) || /^[\s,.;:!?)\]%]/.test(a))) out[out.length - 1] += a;
    else out.push(carry + a);
    carry = '';
    if (/^[（《“‘「『【(]+$/.test(out[out.length - 1]!)) carry = out.pop()!;
  }
  if (carry) out.push(carry);
  return out;
}

/** The fewest lines the atoms fit in, broken so the lines are as even as possible. */
export function balancedBreak(atoms: string[], face: Face, widthEm: number, language: StoryLanguage): string[] {
  const n = atoms.length;
  if (!n) return [];
  const join = (a: number, b: number) => atoms.slice(a, b).join('').trim();
  // A line's width: its words' widths summed (each measured once), less a trailing space.
  const widths = atoms.map((a) => face.measure(a));
  const prefix = [0];
  for (const x of widths) prefix.push(prefix[prefix.length - 1]! + x);
  const w = (a: number, b: number) =>
    prefix[b]! - prefix[a]! - (/\s$/.test(atoms[b - 1] ?? '') ? face.measure(' ') : 0);
  if (w(0, n) <= widthEm + EPS) return [join(0, n)];
  // For k lines: minimise the widest line (dynamic programming over break positions).
  for (let k = 2; k <= Math.min(n, 6); k++) {
    const best: number[][] = Array.from({ length: k + 1 }, () => new Array(n + 1).fill(Infinity));
    const from: number[][] = Array.from({ length: k + 1 }, () => new Array(n + 1).fill(-1));
    best[0]![0] = 0;
    for (let l = 1; l <= k; l++)
      for (let e = 1; e <= n; e++)
        for (let s = l - 1; s < e; s++) {
          const prev = best[l - 1]![s]!;
          if (prev === Infinity) continue;
          const width = w(s, e);
          const cost = Math.max(prev, width);
          if (cost < best[l]![e]!) {
            best[l]![e] = cost;
            from[l]![e] = s;
          }
        }
    if (best[k]![n]! <= widthEm + EPS || k === Math.min(n, 6)) {
      const lines: string[] = [];
      for (let l = k, e = n; l > 0; l--) {
        const s = from[l]![e]!;
        lines.unshift(join(s, e));
        e = s;
      }
      void language;
      return lines.filter(Boolean);
    }
  }
  return [join(0, n)];
}
