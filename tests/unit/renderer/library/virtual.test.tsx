// @vitest-environment jsdom
import { act } from 'react';
import { type Root, createRoot } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StorySummary } from '../../../../shared/model';
import type { LibrarySort } from '../../../../renderer/src/features/library/library-filter';
import { rowAfterKey, rowWindow, scrollTopFor } from '../../../../renderer/src/features/library/virtual-window';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean;
}

describe('the windowing arithmetic', () => {
  const base = { count: 10_000, rowHeight: 64, viewport: 640, overscan: 5 };

  it('renders the visible rows plus the overscan, and spacers for the rest', () => {
    expect(rowWindow({ ...base, offset: 0 })).toEqual({ start: 0, end: 15, before: 0, after: (10_000 - 15) * 64 });
    const middle = rowWindow({ ...base, offset: 64 * 5000 + 10 });
    expect(middle.start).toBe(4995);
    expect(middle.end).toBe(5000 + 11 + 5);
    expect(middle.before + (middle.end - middle.start) * 64 + middle.after).toBe(10_000 * 64);
  });

  it('clamps at the end, past the end and for tiny or empty lists', () => {
    const end = rowWindow({ ...base, offset: 64 * 10_000 - 640 });
    expect(end.end).toBe(10_000);
    expect(end.after).toBe(0);
    expect(rowWindow({ ...base, offset: 64 * 20_000 }).end).toBe(10_000);
    expect(rowWindow({ ...base, count: 3, offset: 0 })).toEqual({ start: 0, end: 3, before: 0, after: 0 });
    expect(rowWindow({ ...base, count: 0, offset: 0 })).toEqual({ start: 0, end: 0, before: 0, after: 0 });
    expect(rowWindow({ ...base, offset: -50 }).start).toBe(0);
  });

  it('scrolls as little as brings a row into view below the sticky header', () => {
    const at = { rowHeight: 64, viewport: 640, header: 36, lead: 36 };
    expect(scrollTopFor(3, { ...at, scrollTop: 0 })).toBe(0);
    expect(scrollTopFor(20, { ...at, scrollTop: 0 })).toBe(36 + 21 * 64 - 640);
    expect(scrollTopFor(10, { ...at, scrollTop: 64 * 50 })).toBe(10 * 64);
  });

  it('moves by row, by page and to either end', () => {
    expect(rowAfterKey('ArrowDown', 4, 100, 10)).toBe(5);
    expect(rowAfterKey('ArrowUp', 0, 100, 10)).toBe(0);
    expect(rowAfterKey('PageDown', 4, 100, 10)).toBe(13);
    expect(rowAfterKey('PageUp', 4, 100, 10)).toBe(0);
    expect(rowAfterKey('End', 4, 100, 10)).toBe(99);
    expect(rowAfterKey('Home', 40, 100, 10)).toBe(0);
    expect(rowAfterKey('ArrowDown', 99, 100, 10)).toBe(99);
  });
});

const summary = (i: number): StorySummary => ({
  id: `s${i}`,
  slug: '',
  section: '要闻',
  status: 'draft',
  kicker: '',
  headline: `第${i}号稿件`,
  language: 'zh-Hans',
  charCount: 100 + i,
  wordCount: 0,
  updatedAt: '2026-07-22T10:00:00.000Z',
  revision: 1,
  byline: '',
  tags: [],
  createdBy: '',
  updatedBy: '',
});

let StoryTable: typeof import('../../../../renderer/src/features/library/story-table').StoryTable;
let container: HTMLElement;
let root: Root;
const many = Array.from({ length: 10_000 }, (_, i) => summary(i));
const sort: LibrarySort = { key: 'updated', direction: 'desc' };

beforeAll(async () => {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  const i18n = (await import('../../../../renderer/src/i18n')).default;
  await i18n.changeLanguage('en');
  ({ StoryTable } = await import('../../../../renderer/src/features/library/story-table'));
});

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root.render(<StoryTable stories={many} labelledBy="t" onOpen={() => {}} sort={sort} onSort={() => {}} />));
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

const rows = () => [...container.querySelectorAll<HTMLTableRowElement>('tbody tr')];
const indexes = () => rows().map((r) => Number(r.getAttribute('aria-rowindex')) - 2);
const press = (target: Element, key: string) =>
  act(() => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });

describe('the story table with 10,000 stories', () => {
  it('puts a bounded number of rows in the DOM and tells assistive technology the real size', () => {
    expect(rows().length).toBeGreaterThan(5);
    expect(rows().length).toBeLessThan(50);
    expect(container.querySelector('table')!.getAttribute('aria-rowcount')).toBe('10001');
    expect(container.querySelector('thead tr')!.getAttribute('aria-rowindex')).toBe('1');
    expect(indexes()[0]).toBe(0);
    expect(rows()[0]!.textContent).toContain('第0号稿件');
    // The spacers stand for the other rows, so the scrollbar is as long as the list.
    const spacers = [...container.querySelectorAll<HTMLElement>('.story-table__spacer')];
    expect(spacers.map((s) => s.style.height)).toEqual(['0px', `${(10_000 - rows().length) * 64}px`]);
  });

  it('renders the rows at the scroll position', () => {
    const scroller = container.querySelector<HTMLElement>('.story-table__scroller')!;
    Object.defineProperty(scroller, 'clientHeight', { configurable: true, value: 676 });
    Object.defineProperty(scroller, 'scrollTop', { configurable: true, writable: true, value: 64 * 6000 });
    act(() => {
      scroller.dispatchEvent(new Event('scroll'));
    });
    expect(indexes()).toContain(6000);
    expect(indexes()).toContain(6009);
    expect(indexes()).not.toContain(0);
    expect(rows().length).toBeLessThan(50);
    expect(container.querySelector('.story-table__spacer')!.getAttribute('style')).toContain(`${indexes()[0]! * 64}px`);
  });

  it('moves the focus through the rows with the keyboard, rendering the rows it reaches', () => {
    const first = container.querySelector<HTMLElement>('tbody tr a')!;
    first.focus();
    press(first, 'ArrowDown');
    expect(document.activeElement?.textContent).toBe('第1号稿件');
    press(document.activeElement!, 'End');
    expect(document.activeElement?.textContent).toBe('第9999号稿件');
    expect(document.activeElement?.closest('tr')?.getAttribute('aria-rowindex')).toBe('10001');
    expect(rows().length).toBeLessThan(50);
    press(document.activeElement!, 'Home');
    expect(document.activeElement?.textContent).toBe('第0号稿件');
    press(document.activeElement!, 'PageDown');
    expect(Number(document.activeElement?.closest('tr')?.getAttribute('aria-rowindex')) - 2).toBeGreaterThan(1);
  });
});
