import { describe, expect, it } from 'vitest';
import {
  addPage,
  addPlacement,
  defaultStorySize,
  dropBox,
  jumpStory,
  movePage,
  movedBox,
  overlappingBlocks,
  pageTemplate,
  removePage,
  resizedBox,
  updatePage,
  updatePlacement,
} from '../../../../renderer/src/features/edition/edition-ops';
import { onGrid, placementRect, templateMetrics } from '../../../../shared/layout/grid';
import { jumpLinesFor, storyChains } from '../../../../shared/layout/jumps';
import type { Edition, Page, Placement } from '../../../../shared/model/edition';
import { builtInTemplates } from '../../../../shared/model/templates';

const broadsheet = builtInTemplates.find((t) => t.id === 'zh-broadsheet')!;
const m = templateMetrics(broadsheet);

const block = (over: Partial<Placement> & Pick<Placement, 'id'>): Placement => ({
  kind: 'story',
  storyId: null,
  column: 0,
  span: 3,
  line: 0,
  lines: 40,
  label: over.id,
  ...over,
});

const page = (id: string, section: string, placements: Placement[] = []): Page => ({
  id,
  number: 0,
  section,
  templateId: 'zh-broadsheet',
  placements,
});

const edition = (pages: Page[]): Edition => ({
  schemaVersion: 1,
  id: 'ed',
  publication: '滨江日报',
  date: '2026-07-23',
  issueNumber: 1,
  templates: [broadsheet],
  pages: pages.map((p, i) => ({ ...p, number: i + 1 })),
  createdAt: '2026-07-22T10:00:00.000Z',
  updatedAt: '2026-07-22T10:00:00.000Z',
});

const numbers = (e: Edition) => e.pages.map((p) => `${p.number}:${p.section}`);

describe('reordering pages', () => {
  const four = edition([page('p1', '要闻'), page('p2', '经济'), page('p3', '国际'), page('p4', '体育')]);

  it('keeps the page numbers in order, whichever page moves where', () => {
    expect(numbers(movePage(four, 0, 2))).toEqual(['1:经济', '2:国际', '3:要闻', '4:体育']);
    expect(numbers(movePage(four, 3, 0))).toEqual(['1:体育', '2:要闻', '3:经济', '4:国际']);
    expect(numbers(movePage(four, 1, 2))).toEqual(['1:要闻', '2:国际', '3:经济', '4:体育']);
    // Out of range or onto itself: the same edition, no undo step.
    expect(movePage(four, 1, 1)).toBe(four);
    expect(movePage(four, 0, 9)).toBe(four);
    expect(four.pages.map((p) => p.number)).toEqual([1, 2, 3, 4]);
  });

  it('numbers pages after an insert or a removal', () => {
    const added = addPage(four, { templateId: 'zh-broadsheet', section: ' 副刊 ', at: 1, id: 'p5' });
    expect(numbers(added)).toEqual(['1:要闻', '2:副刊', '3:经济', '4:国际', '5:体育']);
    expect(numbers(removePage(added, 'p1'))).toEqual(['1:副刊', '2:经济', '3:国际', '4:体育']);
  });

  it('makes the jump lines follow the pages', () => {
    const jumped = edition([
      page('p1', '要闻', [block({ id: 'a', storyId: 's' })]),
      page('p2', '经济', [block({ id: 'b', storyId: 's' })]),
    ]);
    const lines = (e: Edition, id: string) => jumpLinesFor(storyChains(e).get('s')!, id, 'zh-Hans');
    expect(lines(jumped, 'a').to).toBe('（下转第2版）');
    const swapped = movePage(jumped, 1, 0);
    // The story now starts on page 1 in block b and continues to page 2.
    expect(lines(swapped, 'b').to).toBe('（下转第2版）');
    expect(lines(swapped, 'a').from).toBe('（上接第1版）');
  });

  it('copies a built-in template into the edition when a page takes it, and snaps blocks onto the new grid', () => {
    const one = edition([page('p1', '要闻', [block({ id: 'a', column: 5, span: 3, line: 100, lines: 20 })])]);
    const changed = updatePage(one, 'p1', { templateId: 'zh-tabloid' });
    expect(changed.templates.map((t) => t.id)).toEqual(['zh-broadsheet', 'zh-tabloid']);
    const tabloid = pageTemplate(changed, changed.pages[0]!);
    expect(tabloid.id).toBe('zh-tabloid');
    expect(onGrid(tabloid, changed.pages[0]!.placements[0]!)).toBe(true);
  });
});

describe('dropping and moving blocks on the grid', () => {
  it('puts a dropped block with its top left corner in the cell under the pointer', () => {
    // The middle of column 3 (0-based 2), line 10.
    const x = broadsheet.margins.leftMm + 2 * (m.columnWidthMm + broadsheet.gutterMm) + m.columnWidthMm / 2;
    const y = broadsheet.margins.topMm + 10.5 * m.leadingMm;
    expect(dropBox(broadsheet, x, y, { span: 3, lines: 40 })).toEqual({ column: 2, line: 10, span: 3, lines: 40 });
  });

  it('pulls a block dropped near the edge back onto the page', () => {
    const right = broadsheet.paper.widthMm - 1;
    const bottom = broadsheet.paper.heightMm - 1;
    const box = dropBox(broadsheet, right, bottom, { span: 3, lines: 40 });
    expect(box).toEqual({ column: broadsheet.columns - 3, line: m.linesPerColumn - 40, span: 3, lines: 40 });
    // In the margin above and left of the type area: the first cell.
    expect(dropBox(broadsheet, 2, 2, { span: 2, lines: 10 })).toMatchObject({ column: 0, line: 0 });
  });

  it('round-trips: a block dropped at its own corner lands where placementRect drew it', () => {
    for (const b of [
      { column: 0, span: 2, line: 0, lines: 10 },
      { column: 4, span: 4, line: 57, lines: 30 },
      { column: 7, span: 1, line: 3, lines: 1 },
    ]) {
      const r = placementRect(broadsheet, b);
      expect(dropBox(broadsheet, r.leftMm + 0.5, r.topMm + 0.5, b)).toEqual(b);
    }
  });

  it('sizes a new story block from the story’s copyfit block, else 3 columns × 40 lines', () => {
    expect(defaultStorySize(broadsheet, null)).toEqual({ span: 3, lines: 40 });
    expect(defaultStorySize(broadsheet, { templateId: 'zh-broadsheet', columns: 4, lines: 60 })).toEqual({
      span: 4,
      lines: 60,
    });
    expect(defaultStorySize(broadsheet, { templateId: 'x', columns: 12, lines: 5000 })).toEqual({
      span: 8,
      lines: m.linesPerColumn,
    });
  });

  it('moves by whole columns and lines and resizes from any edge, keeping the far edge', () => {
    const start = { column: 2, span: 3, line: 20, lines: 40 };
    const col = m.columnWidthMm + broadsheet.gutterMm;
    expect(movedBox(broadsheet, start, col * 1.4, m.leadingMm * 5.2)).toEqual({ ...start, column: 3, line: 25 });
    expect(movedBox(broadsheet, start, -col * 10, -1000)).toEqual({ ...start, column: 0, line: 0 });
    expect(resizedBox(broadsheet, start, 'se', col, m.leadingMm * -10)).toEqual({ ...start, span: 4, lines: 30 });
    expect(resizedBox(broadsheet, start, 'w', -col * 2, 0)).toEqual({ ...start, column: 0, span: 5 });
    expect(resizedBox(broadsheet, start, 'n', 0, m.leadingMm * 100)).toEqual({ ...start, line: 59, lines: 1 });
  });

  it('snaps typed numbers and flags overlapping blocks', () => {
    const e = edition([
      page('p1', '要闻', [block({ id: 'a' }), block({ id: 'b', column: 3 }), block({ id: 'c', column: 6, span: 2 })]),
    ]);
    const moved = updatePlacement(e, 'p1', 'b', { column: 2, lines: 9999 });
    expect(moved.pages[0]!.placements[1]).toMatchObject({ column: 2, lines: m.linesPerColumn });
    expect([...overlappingBlocks(moved.pages[0]!)].sort()).toEqual(['a', 'b']);
    expect(overlappingBlocks(e.pages[0]!).size).toBe(0);
    const added = addPlacement(e, 'p1', block({ id: 'd', column: 7, span: 3 }));
    expect(added.pages[0]!.placements[3]).toMatchObject({ column: 5, span: 3 });
  });
});

describe('jumping a story', () => {
  it('adds a continuation of the same story at the first free spot of the chosen page', () => {
    const e = edition([
      page('p1', '要闻', [block({ id: 'a', storyId: 's', span: 2, lines: 30 })]),
      page('p2', '经济', [block({ id: 'ad', kind: 'ad', column: 0, span: 8, line: 0, lines: 20 })]),
    ]);
    const result = jumpStory(e, 'p1', 'a', 'p2', { overLines: 60, id: 'cont' })!;
    expect(result.placement).toMatchObject({ id: 'cont', kind: 'story', storyId: 's', column: 0, line: 20, span: 2 });
    expect(result.placement.lines).toBeGreaterThanOrEqual(30);
    const chain = storyChains(result.edition).get('s')!;
    expect(jumpLinesFor(chain, 'a', 'zh-Hans').to).toBe('（下转第2版）');
    expect(jumpLinesFor(chain, 'cont', 'zh-Hans').from).toBe('（上接第1版）');
  });

  it('refuses a block that is not a story, and says so when the page is full', () => {
    const full = edition([
      page('p1', '要闻', [block({ id: 'a', storyId: 's' }), block({ id: 'ad', kind: 'ad', column: 3 })]),
      page('p2', '经济', [block({ id: 'x', kind: 'ad', span: 8, lines: m.linesPerColumn })]),
    ]);
    expect(jumpStory(full, 'p1', 'ad', 'p2', { overLines: 10 })).toBeNull();
    expect(jumpStory(full, 'p1', 'a', 'p2', { overLines: 10 })).toBeNull();
  });
});
