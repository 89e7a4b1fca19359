/**
 * The arithmetic of a windowed list of fixed-height rows: which rows a scroll position shows,
 * and where to scroll so a row is in view. Pure, so it is tested without a layout engine.
 */

export interface RowWindow {
  /** First row rendered (inclusive). */
  start: number;
  /** One past the last row rendered. */
  end: number;
  /** Height of the space standing for the rows before `start`, in pixels. */
  before: number;
  /** Height of the space standing for the rows after `end`, in pixels. */
  after: number;
}

export interface WindowInput {
  count: number;
  rowHeight: number;
  /** Scroll offset of the rows' top edge: the scroller's scrollTop minus what sits above the first row. */
  offset: number;
  /** Height of the visible part of the scroller. */
  viewport: number;
  /** Rows rendered beyond each edge, so a fast scroll or a key press does not show blank space. */
  overscan: number;
}

export function rowWindow({ count, rowHeight, offset, viewport, overscan }: WindowInput): RowWindow {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, before: 0, after: 0 };
  const top = Math.max(0, offset);
  const firstVisible = Math.min(count - 1, Math.floor(top / rowHeight));
  const lastVisible = Math.min(count - 1, Math.floor((top + Math.max(0, viewport) - 1) / rowHeight));
  const start = Math.max(0, firstVisible - overscan);
  const end = Math.min(count, Math.max(firstVisible, lastVisible) + 1 + overscan);
  return { start, end, before: start * rowHeight, after: (count - end) * rowHeight };
}

/**
 * The scrollTop that brings row `index` fully into view, moving as little as possible;
 * `header` is the height of what covers the top of the scroller (a sticky table header),
 * `lead` the distance from the scroller's top to row 0.
 */
export function scrollTopFor(
  index: number,
  {
    rowHeight,
    scrollTop,
    viewport,
    header,
    lead,
  }: {
    rowHeight: number;
    scrollTop: number;
    viewport: number;
    header: number;
    lead: number;
  },
): number {
  const rowTop = lead + index * rowHeight;
  const rowBottom = rowTop + rowHeight;
  if (rowTop - header < scrollTop) return Math.max(0, rowTop - header);
  if (rowBottom > scrollTop + viewport) return rowBottom - viewport;
  return scrollTop;
}

export type RowKey = 'ArrowDown' | 'ArrowUp' | 'PageDown' | 'PageUp' | 'Home' | 'End';

/** The row a navigation key moves to from `index`; a page is the rows that fit the viewport. */
export function rowAfterKey(key: RowKey, index: number, count: number, pageRows: number): number {
  const page = Math.max(1, pageRows - 1);
  const target =
    key === 'ArrowDown'
      ? index + 1
      : key === 'ArrowUp'
        ? index - 1
        : key === 'PageDown'
          ? index + page
          : key === 'PageUp'
            ? index - page
            : key === 'Home'
              ? 0
              : count - 1;
  return Math.max(0, Math.min(count - 1, target));
}

export const isRowKey = (key: string): key is RowKey =>
  key === 'ArrowDown' || key === 'ArrowUp' || key === 'PageDown' || key === 'PageUp' || key === 'Home' || key === 'End';
