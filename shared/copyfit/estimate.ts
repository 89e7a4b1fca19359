import type { PageTemplate } from '../model/edition';
import type { StoryLanguage } from '../model/common';
import type { DocNode, StoryBody } from '../model/story';
import { MM_PER_PT } from '../layout/grid';

/**
 * Copyfit while writing: how many column lines the body needs in a block of N columns × L
 * lines on a page template's grid, against what the block holds. It is arithmetic on the
 * character grid, the fast estimate the layout later replaces with the measured figure.
 *
 * Widths are in ems of body type: a Han character or full-width mark is one em, Latin
 * letters, digits and half-width marks half an em. A Chinese column line holds
 * `charsPerLine` ems. English measures are in average characters per line, and lines wrap
 * at spaces.
 */

export type FitState = 'short' | 'fits' | 'over';

export interface FitBreakdown {
  paragraphs: number;
  crossHeads: number;
  pullQuotes: number;
  photos: number;
  other: number;
}

export interface FitEstimate {
  state: FitState;
  /** Column lines the block holds: columns × lines. */
  capacityLines: number;
  /** Column lines the body needs. */
  neededLines: number;
  /** needed − capacity: positive is over, negative is short. */
  delta: number;
  charsPerLine: number;
  /** Over: about this many characters (Chinese) or words (English) to cut. Short: to add. */
  amount: number;
  amountUnit: 'chars' | 'words';
  /** Column lines per kind of block, to show where the space goes. */
  breakdown: FitBreakdown;
}

export interface FitOptions {
  /** Ems of first-line indent: two for Chinese (两字缩进), one-ish for English. */
  indent?: number;
  /** A body this many lines short or less still counts as fitting. */
  tolerance?: number;
}

/** Han, kana, Hangul, full-width forms and CJK punctuation take a full em. */
const FULL_WIDTH =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u2014\u2026\u201c\u201d\u2018\u2019]|[\u{20000}-\u{3fffd}]/u;
const AVERAGE_WORD = 6; // letters and a space, for turning English lines into words

/** Width of a string in ems of body type. */
export function emWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += FULL_WIDTH.test(ch) ? 1 : 0.5;
  return width;
}

/** Lines a Chinese paragraph needs: characters on the grid after the indent. */
function zhLines(text: string, perLine: number, indent: number): number {
  const width = emWidth(text);
  if (width === 0) return 0;
  return Math.ceil((Math.ceil(width) + indent) / perLine);
}

/** Lines an English paragraph needs: greedy wrap at spaces; a word longer than a line is broken. */
function enLines(text: string, perLine: number, indent: number): number {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length === 0) return 0;
  let lines = 1;
  let used = indent;
  let lineHasWord = false;
  for (const word of words) {
    let length = [...word].length;
    const needed = lineHasWord ? length + 1 : length;
    if (used + needed <= perLine) {
      used += needed;
      lineHasWord = true;
      continue;
    }
    if (lineHasWord) {
      lines++;
      used = 0;
    }
    while (used + length > perLine) {
      length -= perLine - used;
      lines++;
      used = 0;
    }
    used += length;
    lineHasWord = true;
  }
  return lines;
}

const inlineText = (node: DocNode): string =>
  (node.content ?? []).map((c) => (c.type === 'text' ? (c.text ?? '') : c.type === 'hardBreak' ? '\n' : '')).join('');

export interface FitBlock {
  columns: number;
  lines: number;
}

export function estimateFit(
  body: StoryBody,
  language: StoryLanguage,
  template: PageTemplate,
  block: FitBlock,
  options: FitOptions = {},
): FitEstimate {
  const perLine = template.charsPerLine;
  const zh = language === 'zh-Hans';
  const indent = options.indent ?? 2;
  const tolerance = options.tolerance ?? 1;
  const textLines = (text: string, width: number, indentEms: number): number =>
    text
      .split('\n')
      .reduce((sum, part) => sum + (zh ? zhLines(part, width, indentEms) : enLines(part, width, indentEms)), 0);

  // A photo spans the block: its height in body lines, times the columns it covers.
  const columnWidthMm =
    (template.paper.widthMm -
      template.margins.leftMm -
      template.margins.rightMm -
      template.gutterMm * (template.columns - 1)) /
    template.columns;
  const blockWidthMm = columnWidthMm * block.columns + template.gutterMm * (block.columns - 1);
  const linePitchMm = template.leadingPt * MM_PER_PT;

  const breakdown: FitBreakdown = { paragraphs: 0, crossHeads: 0, pullQuotes: 0, photos: 0, other: 0 };
  const walk = (node: DocNode, inset: number): void => {
    switch (node.type) {
      case 'paragraph':
        breakdown.paragraphs += textLines(inlineText(node), perLine - inset, indent);
        return;
      case 'crossHead': {
        // Set a size up with a line of space above it: 小标题 usually take two lines.
        const text = inlineText(node);
        if (text.trim()) breakdown.crossHeads += 1 + textLines(text, Math.max(1, Math.floor(perLine / 1.2)), 0);
        return;
      }
      case 'pullQuote': {
        const text = inlineText(node);
        if (!text.trim()) return;
        // Larger type on larger leading, a line of space above and below; spans the block.
        const lines = textLines(text, Math.max(1, Math.floor((perLine * block.columns) / 1.6)), 0);
        breakdown.pullQuotes += (Math.ceil(lines * 1.6) + 2) * block.columns;
        return;
      }
      case 'photoFigure': {
        const w = Number(node.attrs?.width) || 3;
        const h = Number(node.attrs?.height) || 2;
        const photoLines = Math.ceil((blockWidthMm * (h / w)) / linePitchMm);
        const caption = [node.attrs?.caption, node.attrs?.credit].filter(Boolean).join(' ');
        const captionLines = caption ? textLines(String(caption), perLine * block.columns, 0) : 0;
        breakdown.photos += (photoLines + captionLines + 1) * block.columns;
        return;
      }
      case 'blockquote':
      case 'editorsNote':
        node.content?.forEach((child) => walk(child, inset + 2));
        return;
      case 'bulletList':
      case 'orderedList':
        node.content?.forEach((item) => item.content?.forEach((child) => walk(child, inset + 2)));
        return;
      default:
        if (node.content?.some((c) => c.type === 'text')) breakdown.other += textLines(inlineText(node), perLine, 0);
        else node.content?.forEach((child) => walk(child, inset));
    }
  };
  body.content?.forEach((node) => walk(node, 0));

  const neededLines =
    breakdown.paragraphs + breakdown.crossHeads + breakdown.pullQuotes + breakdown.photos + breakdown.other;
  const capacityLines = block.columns * block.lines;
  const delta = neededLines - capacityLines;
  const state: FitState = delta > 0 ? 'over' : delta < -tolerance ? 'short' : 'fits';
  const lines = Math.abs(delta);
  return {
    state,
    capacityLines,
    neededLines,
    delta,
    charsPerLine: perLine,
    amount: state === 'fits' ? 0 : zh ? lines * perLine : Math.round((lines * perLine) / AVERAGE_WORD),
    amountUnit: zh ? 'chars' : 'words',
    breakdown,
  };
}
