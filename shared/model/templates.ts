import type { PageTemplate } from './edition';

/** The Chinese broadsheet: the grid the front page shares. */
const zhBroadsheet: PageTemplate = {
  id: 'zh-broadsheet',
  name: '中文对开 8栏 · Chinese broadsheet, 8 columns',
  paper: { widthMm: 390, heightMm: 545 },
  margins: { topMm: 25, rightMm: 20, bottomMm: 20, leftMm: 20 },
  columns: 8,
  gutterMm: 4,
  bodyFont: 'Noto Serif CJK SC',
  bodySizePt: 8.75,
  leadingPt: 13,
  charsPerLine: 13,
};

/**
 * The built-in page templates. Characters per line are whole numbers so Chinese text sits
 * on a character grid; English measures are in average characters of body type.
 */
export const builtInTemplates: readonly PageTemplate[] = [
  zhBroadsheet,
  {
    id: 'zh-tabloid',
    name: '中文四开 6栏 · Chinese tabloid, 6 columns',
    paper: { widthMm: 272, heightMm: 390 },
    margins: { topMm: 20, rightMm: 16, bottomMm: 16, leftMm: 16 },
    columns: 6,
    gutterMm: 3.5,
    bodyFont: 'Noto Serif CJK SC',
    bodySizePt: 9.5,
    leadingPt: 14,
    charsPerLine: 11,
  },
  {
    id: 'en-broadsheet',
    name: 'English broadsheet, 6 columns',
    paper: { widthMm: 380, heightMm: 578 },
    margins: { topMm: 22, rightMm: 14, bottomMm: 18, leftMm: 14 },
    columns: 6,
    gutterMm: 4,
    bodyFont: 'Noto Serif',
    bodySizePt: 9,
    leadingPt: 11,
    charsPerLine: 37,
  },
  {
    id: 'en-tabloid',
    name: 'English tabloid, 5 columns',
    paper: { widthMm: 280, heightMm: 430 },
    margins: { topMm: 18, rightMm: 12, bottomMm: 15, leftMm: 12 },
    columns: 5,
    gutterMm: 4,
    bodyFont: 'Noto Serif',
    bodySizePt: 9,
    leadingPt: 11,
    charsPerLine: 32,
  },
  {
    // A front page: the broadsheet's grid with the masthead area (报头, date, 期, weekday, 报眼)
    // in a deep top margin, rules between stories (栏线), 3 mm bleed.
    ...zhBroadsheet,
    id: 'zh-broadsheet-front',
    name: '中文对开 8栏 头版 · Chinese broadsheet front page',
    margins: { ...zhBroadsheet.margins, topMm: 80 },
    bleedMm: 3,
    columnRules: true,
    masthead: { lunarDate: true },
  },
];

export const findTemplate = (id: string, extra: readonly PageTemplate[] = []): PageTemplate | undefined =>
  [...extra, ...builtInTemplates].find((t) => t.id === id);
