import { describe, expect, it } from 'vitest';
import {
  cellAt,
  findFreeSpot,
  onGrid,
  overlaps,
  placementRect,
  snapPlacement,
  templateMetrics,
  validateTemplate,
  withDerivedCharsPerLine,
} from '../../../shared/layout/grid';
import { jumpLinesFor, renumberPages, storyChains } from '../../../shared/layout/jumps';
import type { Edition, Page, PageTemplate, Placement } from '../../../shared/model/edition';
import { builtInTemplates, findTemplate } from '../../../shared/model/templates';

const zh = findTemplate('zh-broadsheet')!;
const tabloid = findTemplate('zh-tabloid')!;

const block = (id: string, storyId: string | null, box: Partial<Placement> = {}): Placement => ({
  id,
  kind: storyId ? 'story' : 'ad',
  storyId,
  column: 0,
  span: 2,
  line: 0,
  lines: 20,
  label: id,
  ...box,
});
const page = (id: string, placements: Placement[]): Page => ({
  id,
  number: 0,
  section: 'x',
  templateId: zh.id,
  placements,
});

describe('the page grid', () => {
  it('gives the Chinese broadsheet 8 columns of 13 whole characters and the tabloid 6 of 11', () => {
    const b = templateMetrics(zh);
    expect(b.script).toBe('cjk');
    expect(b.charsPerLine).toBe(13);
    // Text sits on the character grid: exactly 13 ems, within the column.
    expect(b.textWidthMm).toBeCloseTo(13 * b.bodySizeMm, 6);
    expect(b.textWidthMm).toBeLessThanOrEqual(b.columnWidthMm);
    expect(b.linesPerColumn).toBe(Math.floor(500 / ((13 * 25.4) / 72)));
    expect(templateMetrics(tabloid).charsPerLine).toBe(11);
  });

  it('accepts every built-in template and derives characters per line for a custom one', () => {
    for (const t of builtInTemplates) expect(validateTemplate(t), t.id).toEqual([]);
    const custom: PageTemplate = { ...zh, id: 'custom', columns: 6, charsPerLine: 1 };
    expect(validateTemplate(custom)).toEqual(['chars-per-line-mismatch']);
    const derived = withDerivedCharsPerLine(custom);
    // (350 − 5 × 4) / 6 = 55 mm of column; 55 / 3.0868 mm = 17.8 → 17 whole characters.
    expect(derived.charsPerLine).toBe(17);
    expect(validateTemplate(derived)).toEqual([]);
  });

  it('rejects templates that cannot hold type', () => {
    expect(validateTemplate({ ...zh, margins: { ...zh.margins, leftMm: 200, rightMm: 200 } })).toEqual([
      'margins-exceed-paper',
    ]);
    expect(validateTemplate({ ...zh, columns: 20, gutterMm: 15 })).toContain('column-too-narrow');
    expect(validateTemplate({ ...zh, leadingPt: 6 })).toContain('leading-below-size');
    expect(validateTemplate({ ...zh, paper: { ...zh.paper, heightMm: 80 } })).toContain('too-few-lines');
  });

  it('places a block by columns and body lines, in millimetres on the paper', () => {
    const m = templateMetrics(zh);
    const rect = placementRect(zh, { column: 2, span: 3, line: 10, lines: 20 });
    expect(rect.leftMm).toBeCloseTo(20 + 2 * (m.columnWidthMm + 4), 6);
    expect(rect.widthMm).toBeCloseTo(3 * m.columnWidthMm + 2 * 4, 6);
    expect(rect.topMm).toBeCloseTo(25 + 10 * m.leadingMm, 6);
    expect(rect.heightMm).toBeCloseTo(20 * m.leadingMm, 6);
    // And back: a point inside the block's first cell is that cell.
    expect(cellAt(zh, rect.leftMm + 1, rect.topMm + 1)).toEqual({ column: 2, line: 10 });
  });

  it('snaps a dragged block to whole columns and lines and keeps it on the page', () => {
    expect(snapPlacement(zh, { column: 6.6, span: 3.2, line: -4, lines: 19.6 })).toEqual({
      column: 5,
      span: 3,
      line: 0,
      lines: 20,
    });
    const lines = templateMetrics(zh).linesPerColumn;
    expect(snapPlacement(zh, { column: 0, span: 12, line: 500, lines: 30 })).toEqual({
      column: 0,
      span: 8,
      line: lines - 30,
      lines: 30,
    });
    expect(onGrid(zh, { column: 7, span: 2, line: 0, lines: 10 })).toBe(false);
  });

  it('finds overlaps and the first free spot', () => {
    const taken = [block('a', null, { column: 0, span: 4, line: 0, lines: 30 })];
    expect(overlaps(taken[0]!, { column: 3, span: 2, line: 29, lines: 5 })).toBe(true);
    expect(overlaps(taken[0]!, { column: 4, span: 2, line: 0, lines: 5 })).toBe(false);
    expect(findFreeSpot(zh, { placements: taken }, 4, 30)).toEqual({ column: 4, span: 4, line: 0, lines: 30 });
    expect(findFreeSpot(zh, { placements: taken }, 8, 30)).toEqual({ column: 0, span: 8, line: 30, lines: 30 });
  });
});

describe('jumps', () => {
  const edition = (pages: Page[]): Pick<Edition, 'pages'> => ({ pages });

  it('orders a story’s blocks by page, then top to bottom, and numbers the jump lines by page position', () => {
    const e = edition([
      page('p1', [block('head', 's1', { line: 40 }), block('other', 's2')]),
      page('p2', []),
      page('p3', [block('cont', 's1')]),
    ]);
    const chain = storyChains(e).get('s1')!;
    expect(chain.map((l) => l.placement.id)).toEqual(['head', 'cont']);
    expect(jumpLinesFor(chain, 'head', 'zh-Hans')).toMatchObject({ to: '（下转第3版）', from: null, index: 0 });
    expect(jumpLinesFor(chain, 'cont', 'zh-Hans')).toMatchObject({ to: null, from: '（上接第1版）', index: 1 });
    expect(jumpLinesFor(chain, 'head', 'en').to).toBe('Continued on Page 3');
    expect(jumpLinesFor(chain, 'cont', 'en').from).toBe('Continued from Page 1');
    expect(jumpLinesFor(storyChains(e).get('s2')!, 'other', 'zh-Hans')).toMatchObject({ to: null, from: null });
  });

  it('follows the pages when they are reordered, the headline block leading wherever its page goes', () => {
    const p1 = page('p1', [block('head', 's1')]);
    const p3 = page('p3', [block('cont', 's1', { continuation: true })]);
    const reordered = edition([p3, page('p2', []), p1]);
    // The jump page now prints first: the story still starts on the old page 1 (now 3) and runs on to page 1.
    const chain = storyChains(reordered).get('s1')!;
    expect(chain.map((l) => l.placement.id)).toEqual(['head', 'cont']);
    expect(jumpLinesFor(chain, 'head', 'zh-Hans').to).toBe('（下转第1版）');
    expect(jumpLinesFor(chain, 'cont', 'zh-Hans').from).toBe('（上接第3版）');
    expect(renumberPages(reordered.pages).map((p) => [p.id, p.number])).toEqual([
      ['p3', 1],
      ['p2', 2],
      ['p1', 3],
    ]);
    // Without the continuation mark (two blocks placed by hand), page order decides.
    const unmarked = storyChains(edition([page('p3', [block('cont', 's1')]), p1])).get('s1')!;
    expect(unmarked.map((l) => l.placement.id)).toEqual(['cont', 'head']);
  });

  it('prints no jump line between two blocks on the same page', () => {
    const chain = storyChains(edition([page('p1', [block('a', 's1'), block('b', 's1', { column: 4 })])])).get('s1')!;
    expect(jumpLinesFor(chain, 'a', 'zh-Hans')).toMatchObject({ to: null, from: null });
  });
});
