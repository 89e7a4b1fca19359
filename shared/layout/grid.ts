import type { Edition, Page, PageTemplate, Placement } from '../model/edition';

/**
 * Grid arithmetic of a page template: the column measure, the character grid and the body
 * lines every block snaps to. Millimetres throughout; points only where type is sized.
 */

/** The units, defined once: an inch is 25.4 mm, 72 pt and 96 CSS pixels (pages are set in CSS mm at true size). */
export const MM_PER_PT = 25.4 / 72;
export const PT_PER_MM = 72 / 25.4;
export const PX_PER_MM = 96 / 25.4;
export const PX_PER_PT = 96 / 72;
/** Average width of a Latin body character in ems (Noto Serif set solid): for the English measure. */
export const LATIN_CHAR_EM = 0.46;

export type GridScript = 'cjk' | 'latin';

/** A template sets a character grid when its body face is a CJK face, or when it says so. */
export const templateScript = (t: Pick<PageTemplate, 'bodyFont'> & { script?: GridScript }): GridScript =>
  t.script ?? (/CJK|Song|Hei|Ming|Kai|Fang|宋|黑|楷|仿|明/i.test(t.bodyFont) ? 'cjk' : 'latin');

export interface TemplateMetrics {
  script: GridScript;
  typeWidthMm: number;
  typeHeightMm: number;
  /** The column as the geometry gives it. */
  columnWidthMm: number;
  /** Whole characters per column line: the Chinese grid, or the average English measure. */
  charsPerLine: number;
  /**
   * The width body text is set in: on a character grid exactly charsPerLine ems, so every
   * line holds whole characters; the rest of the column stays as gutter.
   */
  textWidthMm: number;
  bodySizeMm: number;
  leadingMm: number;
  /** Body lines from the top of the type area to its foot. */
  linesPerColumn: number;
}

export function templateMetrics(t: PageTemplate & { script?: GridScript }): TemplateMetrics {
  const script = templateScript(t);
  const typeWidthMm = t.paper.widthMm - t.margins.leftMm - t.margins.rightMm;
  const typeHeightMm = t.paper.heightMm - t.margins.topMm - t.margins.bottomMm;
  const columnWidthMm = (typeWidthMm - (t.columns - 1) * t.gutterMm) / t.columns;
  const bodySizeMm = t.bodySizePt * MM_PER_PT;
  const leadingMm = t.leadingPt * MM_PER_PT;
  // A hair of tolerance so 13 characters of 3.0 mm fit a 39 mm column despite float rounding.
  const charsPerLine =
    script === 'cjk'
      ? Math.floor(columnWidthMm / bodySizeMm + 1e-6)
      : Math.floor(columnWidthMm / (bodySizeMm * LATIN_CHAR_EM) + 1e-6);
  return {
    script,
    typeWidthMm,
    typeHeightMm,
    columnWidthMm,
    charsPerLine: Math.max(0, charsPerLine),
    textWidthMm: script === 'cjk' ? Math.max(0, charsPerLine) * bodySizeMm : columnWidthMm,
    bodySizeMm,
    leadingMm,
    linesPerColumn: Math.max(0, Math.floor(typeHeightMm / leadingMm + 1e-6)),
  };
}

export type TemplateProblem =
  'margins-exceed-paper' | 'column-too-narrow' | 'leading-below-size' | 'too-few-lines' | 'chars-per-line-mismatch';

/** What is wrong with a template a desk chief drew up, if anything. */
export function validateTemplate(t: PageTemplate): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const m = templateMetrics(t);
  if (m.typeWidthMm <= 0 || m.typeHeightMm <= 0) return ['margins-exceed-paper'];
  if (m.columnWidthMm <= 0 || m.charsPerLine < (m.script === 'cjk' ? 4 : 12)) problems.push('column-too-narrow');
  if (t.leadingPt < t.bodySizePt) problems.push('leading-below-size');
  if (m.linesPerColumn < 10) problems.push('too-few-lines');
  if (!problems.includes('column-too-narrow') && t.charsPerLine !== m.charsPerLine)
    problems.push('chars-per-line-mismatch');
  return problems;
}

/** A template with its characters per line derived from its geometry, as it is stored. */
export const withDerivedCharsPerLine = (t: PageTemplate): PageTemplate => ({
  ...t,
  charsPerLine: Math.max(1, templateMetrics(t).charsPerLine),
});

export interface BlockRect {
  leftMm: number;
  topMm: number;
  widthMm: number;
  heightMm: number;
}

/** Where a block sits on the paper. */
export function placementRect(t: PageTemplate, p: Pick<Placement, 'column' | 'span' | 'line' | 'lines'>): BlockRect {
  const m = templateMetrics(t);
  return {
    leftMm: t.margins.leftMm + p.column * (m.columnWidthMm + t.gutterMm),
    topMm: t.margins.topMm + p.line * m.leadingMm,
    widthMm: p.span * m.columnWidthMm + (p.span - 1) * t.gutterMm,
    heightMm: p.lines * m.leadingMm,
  };
}

/** A block moved or resized by the mouse, snapped to whole columns and body lines and kept on the page. */
export function snapPlacement(
  t: PageTemplate,
  p: Pick<Placement, 'column' | 'span' | 'line' | 'lines'>,
): Pick<Placement, 'column' | 'span' | 'line' | 'lines'> {
  const m = templateMetrics(t);
  const span = Math.min(t.columns, Math.max(1, Math.round(p.span)));
  const lines = Math.min(m.linesPerColumn, Math.max(1, Math.round(p.lines)));
  return {
    span,
    lines,
    column: Math.min(t.columns - span, Math.max(0, Math.round(p.column))),
    line: Math.min(m.linesPerColumn - lines, Math.max(0, Math.round(p.line))),
  };
}

/** Grid cell coordinates of a point on the page, in millimetres from the paper's top left. */
export function cellAt(t: PageTemplate, xMm: number, yMm: number): { column: number; line: number } {
  const m = templateMetrics(t);
  const column = Math.floor((xMm - t.margins.leftMm + t.gutterMm / 2) / (m.columnWidthMm + t.gutterMm));
  const line = Math.floor((yMm - t.margins.topMm) / m.leadingMm);
  return {
    column: Math.min(t.columns - 1, Math.max(0, column)),
    line: Math.min(m.linesPerColumn - 1, Math.max(0, line)),
  };
}

type Box = Pick<Placement, 'column' | 'span' | 'line' | 'lines'>;

export const overlaps = (a: Box, b: Box): boolean =>
  a.column < b.column + b.span &&
  b.column < a.column + a.span &&
  a.line < b.line + b.lines &&
  b.line < a.line + a.lines;

/** Whether a block lies wholly on the type area. */
export function onGrid(t: PageTemplate, p: Box): boolean {
  const m = templateMetrics(t);
  return p.column >= 0 && p.line >= 0 && p.column + p.span <= t.columns && p.line + p.lines <= m.linesPerColumn;
}

/** The first free spot for a block of span × lines, scanning top to bottom, left to right. */
export function findFreeSpot(t: PageTemplate, page: Pick<Page, 'placements'>, span: number, lines: number): Box | null {
  const m = templateMetrics(t);
  const s = Math.min(span, t.columns);
  const l = Math.min(lines, m.linesPerColumn);
  for (let line = 0; line + l <= m.linesPerColumn; line++)
    for (let column = 0; column + s <= t.columns; column++) {
      const box = { column, span: s, line, lines: l };
      if (!page.placements.some((p) => overlaps(p, box))) return box;
    }
  return null;
}

export const templateOf = (
  edition: Pick<Edition, 'templates'>,
  page: Pick<Page, 'templateId'>,
  builtIn: readonly PageTemplate[],
) => edition.templates.find((t) => t.id === page.templateId) ?? builtIn.find((t) => t.id === page.templateId);

/**
 * Headline sizes as Chinese papers set them: the wider the headline spans, the larger the
 * 主题; 引题 and 副题 are about half of it. Every size is in points; each line of headline
 * takes whole body lines, so the body under it stays on the grid.
 */
export function headlineStyle(t: PageTemplate, span: number): { kickerPt: number; mainPt: number; subPt: number } {
  const factors = [2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5];
  const factor = factors[Math.min(factors.length, Math.max(1, span)) - 1]!;
  const mainPt = Math.round(t.bodySizePt * factor * 2) / 2;
  const half = Math.max(t.bodySizePt * 1.2, Math.round(mainPt * 0.45 * 2) / 2);
  return { kickerPt: half, mainPt, subPt: half };
}
