import type { TFunction } from 'i18next';
import {
  type KeyboardEvent,
  type MouseEvent,
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { StoryRow as ListRow } from '../../../../shared/model';
import type { StoryPlace } from '../../../../shared/model/story-place';
import { type UiLocale } from '../../i18n';
import { useUiLocale } from '../../i18n/use-ui-locale';
import { formatDateTime } from '../../ui/format';
import { routeHash } from '../../ui/use-hash-route';
import { type LibrarySort, type SortKey, firstDirection } from './library-filter';
import { storyLength } from './story-length';
import { isRowKey, rowAfterKey, rowWindow, scrollTopFor } from './virtual-window';

interface StoryTableProps {
  stories: readonly ListRow[];
  /** Where placed stories run (by story id), shown in the page/section column. */
  places?: ReadonlyMap<string, StoryPlace>;
  /** The heading that names the table ("Stories"), so its accessible name is exactly that. */
  labelledBy: string;
  onOpen: (id: string) => void;
  sort: LibrarySort;
  onSort: (sort: LibrarySort) => void;
  /** The story the user just left: its row is scrolled into view and takes the focus, once. */
  returnTo?: string | null;
}

const COLUMNS: {
  key: SortKey;
  label: 'headline' | 'section' | 'status' | 'length' | 'updated';
  className?: string;
  width: string;
}[] = [
  { key: 'headline', label: 'headline', className: 'story-table__headline', width: '46%' },
  { key: 'section', label: 'section', width: '13%' },
  { key: 'status', label: 'status', width: '12%' },
  { key: 'length', label: 'length', className: 'numeric', width: '11%' },
  { key: 'updated', label: 'updated', width: '18%' },
];

/** The row height the stylesheet sets (4rem at 16px); the rendered height replaces it once measured. */
export const ROW_HEIGHT = 64;
/** Rows rendered above and below the visible ones. */
export const OVERSCAN = 8;
/** Until the scroller has been laid out (or where there is no layout, as in jsdom): a tall window. */
const FALLBACK_VIEWPORT = 900;
const FALLBACK_HEADER = 36;

interface ScrollerView {
  scrollTop: number;
  viewport: number;
  header: number;
  rowHeight: number;
}

const INITIAL_VIEW: ScrollerView = {
  scrollTop: 0,
  viewport: FALLBACK_VIEWPORT,
  header: FALLBACK_HEADER,
  rowHeight: ROW_HEIGHT,
};

const sameView = (a: ScrollerView, b: ScrollerView) =>
  a.scrollTop === b.scrollTop &&
  a.viewport === b.viewport &&
  a.header === b.header &&
  Math.abs(a.rowHeight - b.rowHeight) < 0.5;

/**
 * The library's stories as a windowed table: ten thousand summaries cost a few dozen rows in
 * the DOM. Rows have one fixed height; the rows out of view are stood for by two spacers, the
 * header stays on top of the scroller, and aria-rowcount / aria-rowindex tell assistive
 * technology how long the table really is. Arrow keys, Page Up/Down, Home and End move the
 * focus from headline link to headline link, scrolling rows into view and into the DOM.
 */
export function StoryTable({ stories, places, labelledBy, onOpen, sort, onSort, returnTo = null }: StoryTableProps) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const scrollerRef = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLTableSectionElement>(null);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const count = stories.length;
  /** What the scroller shows, read from the DOM on scroll and resize (and after a navigation key). */
  const [view, setView] = useState<ScrollerView>(INITIAL_VIEW);
  /** A row rendered whatever the scroll position: the target of a navigation key, until the next scroll. */
  const [pinned, setPinned] = useState<number | null>(null);
  /** Row whose headline link takes the focus once it is rendered (after a navigation key). */
  const pendingFocus = useRef<number | null>(null);

  const readView = useCallback((): ScrollerView => {
    const scroller = scrollerRef.current;
    // Rows are as tall as the stylesheet makes them at this zoom and font size: measure one.
    const row = bodyRef.current?.querySelector<HTMLElement>('tr[data-index]');
    return {
      scrollTop: scroller?.scrollTop ?? 0,
      viewport: scroller?.clientHeight || FALLBACK_VIEWPORT,
      header: headRef.current?.offsetHeight || FALLBACK_HEADER,
      rowHeight: row?.getBoundingClientRect().height || ROW_HEIGHT,
    };
  }, []);

  const refresh = useCallback(() => {
    const next = readView();
    setView((current) => (sameView(current, next) ? current : next));
  }, [readView]);

  const onScroll = useCallback(() => {
    setPinned(null);
    refresh();
  }, [refresh]);

  useEffect(() => {
    const scroller = scrollerRef.current;
    if (!scroller || typeof ResizeObserver === 'undefined') return;
    // Also called once as observing starts: the first real measure.
    const observer = new ResizeObserver(() => refresh());
    observer.observe(scroller);
    return () => observer.disconnect();
  }, [refresh]);

  // A new filter, sort or list starts at the top (the scroll event then updates the window).
  useLayoutEffect(() => {
    if (scrollerRef.current) scrollerRef.current.scrollTop = 0;
  }, [stories]);

  // Back from a story: its row, wherever the list has it (the full list may arrive after the first rows).
  const returned = useRef(false);
  useLayoutEffect(() => {
    if (returned.current || !returnTo) return;
    const index = stories.findIndex((row) => row.id === returnTo);
    const scroller = scrollerRef.current;
    if (index < 0 || !scroller) return;
    returned.current = true;
    const { scrollTop, viewport, header } = readView();
    scroller.scrollTop = scrollTopFor(index, { rowHeight: view.rowHeight, scrollTop, viewport, header, lead: header });
    pendingFocus.current = index;
    setPinned(index);
    refresh();
  }, [stories, returnTo, readView, refresh, view.rowHeight]);

  useLayoutEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const link = bodyRef.current?.querySelector<HTMLElement>(`tr[data-index="${index}"] a`);
    if (link) {
      pendingFocus.current = null;
      link.focus({ preventScroll: true });
    }
  });

  const { rowHeight } = view;
  const win = rowWindow({
    count,
    rowHeight,
    offset: view.scrollTop,
    viewport: view.viewport - view.header,
    overscan: OVERSCAN,
  });
  // The pinned row is rendered even where scrolling is not laid out (no layout, as in jsdom).
  const start = pinned !== null && pinned < count ? Math.min(win.start, pinned) : win.start;
  const end = pinned !== null && pinned < count ? Math.max(win.end, pinned + 1) : win.end;
  const visible = stories.slice(start, end);

  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (!isRowKey(event.key) || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const row = event.target instanceof Element ? event.target.closest<HTMLElement>('tr[data-index]') : null;
    const scroller = scrollerRef.current;
    if (!row || !scroller) return;
    event.preventDefault();
    const { scrollTop, viewport, header } = readView();
    const page = Math.floor((viewport - header) / rowHeight);
    const target = rowAfterKey(event.key, Number(row.dataset.index), count, page);
    scroller.scrollTop = scrollTopFor(target, { rowHeight, scrollTop, viewport, header, lead: header });
    const link = bodyRef.current?.querySelector<HTMLElement>(`tr[data-index="${target}"] a`);
    if (link) link.focus({ preventScroll: true });
    else pendingFocus.current = target;
    setPinned(target);
    refresh();
  };

  return (
    <div className="story-table__scroller" ref={scrollerRef} onScroll={onScroll}>
      <div className="story-table__spacer" style={{ height: start * rowHeight }} aria-hidden="true" />
      <table className="story-table story-table--virtual" aria-labelledby={labelledBy} aria-rowcount={count + 1}>
        <colgroup>
          {COLUMNS.map((column) => (
            <col key={column.key} style={{ width: column.width }} />
          ))}
        </colgroup>
        <thead ref={headRef}>
          <tr aria-rowindex={1}>
            {COLUMNS.map((column) => {
              const active = sort.key === column.key;
              return (
                <th
                  key={column.key}
                  scope="col"
                  className={column.className}
                  aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  <button
                    type="button"
                    className="sort-button"
                    onClick={() =>
                      onSort({
                        key: column.key,
                        direction: active ? (sort.direction === 'asc' ? 'desc' : 'asc') : firstDirection(column.key),
                      })
                    }
                  >
                    {t(`library.${column.label}`)}
                    <span className="sort-button__arrow" aria-hidden="true">
                      {active ? (sort.direction === 'asc' ? '▲' : '▼') : '↕'}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody ref={bodyRef} onKeyDown={onKeyDown}>
          {visible.map((story, i) => (
            <StoryRow
              key={story.id}
              index={start + i}
              story={story}
              place={places?.get(story.id)}
              t={t}
              locale={locale}
              onOpen={onOpen}
            />
          ))}
        </tbody>
      </table>
      <div className="story-table__spacer" style={{ height: (count - end) * rowHeight }} aria-hidden="true" />
    </div>
  );
}

interface StoryRowProps {
  story: ListRow;
  /** The page the story runs on in the newest edition placing it; absent when it is not placed. */
  place?: StoryPlace;
  /** Position in the whole (filtered, sorted) list, not in the rendered window. */
  index: number;
  /** Passed in, not read per row, so the rendered rows do not each listen for a language switch. */
  t: TFunction;
  locale: UiLocale;
  onOpen: (id: string) => void;
}

/**
 * One row, memoised on the summary object and its position: scrolling renders only the rows
 * that come into view, the others are kept.
 */
const StoryRow = memo(function StoryRow({ story, place, index, t, locale, onOpen }: StoryRowProps) {
  // The whole row is a mouse target; keyboard and screen reader users get the headline link.
  const openFromRow = (event: MouseEvent<HTMLTableRowElement>) => {
    if (event.target instanceof Element && event.target.closest('a, button, input, select, textarea')) return;
    if (window.getSelection()?.toString()) return;
    if (story.unreadable) return;
    onOpen(story.id);
  };
  const headline = story.headline || t('library.untitled');
  return (
    <tr
      className={index % 2 ? 'story-table__row story-table__row--even' : 'story-table__row'}
      data-index={index}
      aria-rowindex={index + 2}
      onClick={openFromRow}
    >
      <td className="story-table__headline" lang={story.language}>
        {story.unreadable ? (
          // A newer Masthead's file: shown and focusable like the others, never opened.
          <a className="story-link story-link--unreadable" role="link" aria-disabled="true" tabIndex={0}>
            <span className="story-link__unreadable" lang={locale}>
              {t('library.newerVersion')}
            </span>
            <span className="story-link__headline">{headline}</span>
          </a>
        ) : (
          <a className="story-link" href={routeHash({ view: 'story', id: story.id })}>
            {story.kicker && <span className="story-link__kicker">{story.kicker}</span>}
            <span
              className={
                story.headline ? 'story-link__headline' : 'story-link__headline story-link__headline--untitled'
              }
            >
              {headline}
            </span>
          </a>
        )}
      </td>
      {place ? (
        <td
          className="story-table__place"
          title={t('library.placedIn', {
            number: place.pageNumber,
            section: place.section,
            date: place.date,
            own: story.section || t('library.noSection'),
          })}
        >
          <span className="story-table__place-text">
            {t('library.placedOn', { number: place.pageNumber, section: place.section })}
          </span>
        </td>
      ) : (
        <td lang={story.language}>{story.section || t('library.noSection')}</td>
      )}
      <td>
        {story.unreadable ? (
          <span className="status-badge status-badge--unreadable">{t('library.unreadable')}</span>
        ) : (
          <span className={`status-badge status-badge--${story.status}`}>{t(`status.${story.status}`)}</span>
        )}
      </td>
      <td className="numeric">{storyLength(t, story)}</td>
      <td className="story-table__changed">
        <time dateTime={story.updatedAt}>{formatDateTime(story.updatedAt, locale)}</time>
        {story.updatedBy && (
          <span className="story-table__by">
            <span className="visually-hidden">{t('library.changedBy')} </span>
            {story.updatedBy}
          </span>
        )}
      </td>
    </tr>
  );
});
