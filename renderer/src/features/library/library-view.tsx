import { memo, useCallback, useDeferredValue, useEffect, useId, useLayoutEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoryRow } from '../../../../shared/model';
import type { StoryPlace } from '../../../../shared/model/story-place';
import { api } from '../../api/client';
import { settledFirstPage, takeFirstList, takeFirstPage } from '../../first-requests';
import { ErrorNotice } from '../../ui/error-notice';
import { FilterBar } from './filter-bar';
import {
  type IndexedStory,
  type LibraryFilter,
  type LibrarySort,
  defaultFilter,
  filterChoicesOf,
  filterStories,
  indexStories,
  sortStories,
  statusCounts,
} from './library-filter';
import { loadLibraryViewState, saveLibraryViewState } from './library-view-state';
import { StoryTable } from './story-table';
import { TrashPanel } from './trash-panel';
import { NewsroomStories } from '../newsroom/newsroom-stories';
import { useNewsroomStatus } from '../newsroom/newsroom-store';
import './library.css';

const NO_PLACES: ReadonlyMap<string, StoryPlace> = new Map();
const NO_ENTRIES: IndexedStory[] = [];

interface LibraryViewProps {
  onOpen: (id: string) => void;
  onLoaded: () => void;
  /** The story the user came back from: the list shows its row, focused. */
  returnTo?: string | null;
}

interface Loaded {
  stories: StoryRow[];
  /** When the list arrived: "today" and "last 7 days" are counted from here. */
  at: number;
  /** Set while only the first screenful is here: how many stories the library holds. */
  partialOf?: number;
}

/**
 * Memoised: its first render says the view has loaded (onLoaded), and the app's render that
 * follows in the same task, before the first frame, need not render the list again.
 */
export const LibraryView = memo(function LibraryView({ onOpen, onLoaded, returnTo = null }: LibraryViewProps) {
  const { t } = useTranslation();
  const trashId = useId();
  const titleId = useId();
  // The first screenful, when it arrived before the first render (main.tsx waits for it): the
  // view's first render already shows the rows.
  const [settled] = useState(settledFirstPage);
  const [loaded, setLoaded] = useState<Loaded | null>(() =>
    settled ? { stories: settled.rows, at: Date.now(), partialOf: settled.total } : null,
  );
  const [tagNames, setTagNames] = useState<string[]>([]);
  const [places, setPlaces] = useState<ReadonlyMap<string, StoryPlace>>(NO_PLACES);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  // A story the newsroom wrote into the library (another desk's, or one opened on demand) is listed at once.
  const newsroomWrites = useNewsroomStatus()?.libraryWrites ?? 0;
  const [trashOpen, setTrashOpen] = useState(false);
  const [view, setView] = useState(() => loadLibraryViewState());
  const { filter, sort } = view;

  useEffect(() => {
    let live = true;
    let whole = false;
    takeFirstPage()?.then(
      ({ rows, total }) => {
        if (!live || whole || rows === settled?.rows) return;
        setLoaded({ stories: rows, at: Date.now(), partialOf: total });
        onLoaded();
      },
      () => {}, // the whole list says what went wrong
    );
    // Where placed stories run, looked up once per list load; without it the column shows sections.
    // Only autocomplete depends on the tags: without them the tag filter still matches text.
    // Both are asked for once the list is in, so the host and the page spend the opening on the rows.
    const askForPlacesAndTags = () => {
      if (!live) return;
      api.listStoryPlaces().then(
        (list) => {
          if (live) setPlaces(new Map(list.map((place) => [place.storyId, place])));
        },
        () => {},
      );
      api.listTags().then(
        (tags) => {
          if (live) setTagNames([...new Set(tags.map((tag) => tag.name))]);
        },
        () => {},
      );
    };
    (takeFirstList() ?? api.listStories())
      .then(
        (stories) => {
          whole = true;
          if (!live) return;
          setLoaded({ stories, at: Date.now() });
          setError(null);
        },
        (failure: unknown) => {
          if (live) setError(failure);
        },
      )
      .finally(() => {
        if (live) onLoaded();
        askForPlacesAndTags();
      });
    return () => {
      live = false;
    };
  }, [version, onLoaded, newsroomWrites, settled]);

  // Shown from the first render: loaded before the frame that paints it (the app's ready mark too).
  useLayoutEffect(() => {
    if (settled) onLoaded();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, for the first screenful the view opened with
  }, []);

  useEffect(() => saveLibraryViewState(view), [view]);
  // The header's "Library" link sets a bare `#/`; the filters stay, so the address shows them again.
  useEffect(() => {
    const restore = () => {
      if (window.location.hash === '#/' || window.location.hash === '') saveLibraryViewState(view);
    };
    window.addEventListener('hashchange', restore);
    return () => window.removeEventListener('hashchange', restore);
  }, [view]);

  const setFilter = useCallback((next: LibraryFilter) => setView((v) => ({ ...v, filter: next })), []);
  const setSort = useCallback((next: LibrarySort) => setView((v) => ({ ...v, sort: next })), []);

  // Each step is memoised on its own inputs: typing in the tag box re-filters the indexed list
  // but does not re-index it, and sorting does not re-filter.
  const stories = loaded?.stories;
  const now = loaded?.at ?? 0;
  const partial = loaded?.partialOf !== undefined;
  const total = loaded?.partialOf ?? stories?.length ?? 0;
  const indexed = useMemo(() => (stories ? indexStories(stories) : []), [stories]);
  // The filter bar's choices (sorted with a pinyin collator, costly to create) follow in a render
  // of their own after the rows are on screen: the first render too (React defers from the
  // initial value only when there is one) has none yet.
  const choiceSource = useDeferredValue(indexed, NO_ENTRIES);
  const choices = useMemo(() => filterChoicesOf(choiceSource), [choiceSource]);
  const filtered = useMemo(() => filterStories(indexed, filter, now), [indexed, filter, now]);
  const counts = useMemo(() => statusCounts(indexed, filter, now), [indexed, filter, now]);
  const rows = useMemo(() => sortStories(filtered, sort).map((entry) => entry.story), [filtered, sort]);

  return (
    <div className="library-view">
      {error !== null && (
        <ErrorNotice error={error}>
          <button type="button" className="button" onClick={() => setVersion((v) => v + 1)}>
            {t('library.retry')}
          </button>
        </ErrorNotice>
      )}
      <div className="library-view__title">
        <h1 id={titleId}>{t('library.caption')}</h1>
        {stories && (
          <span className="library-view__count" aria-live="polite">
            {partial || rows.length === stories.length
              ? t('library.storyCount', { count: total })
              : t('library.filteredCount', { count: total, shown: rows.length })}
          </span>
        )}
      </div>
      {stories && stories.length === 0 && <p className="empty-message">{t('library.empty')}</p>}
      {stories && stories.length > 0 && (
        <>
          <FilterBar
            filter={filter}
            choices={choices}
            tagNames={tagNames}
            counts={partial ? null : counts}
            onChange={setFilter}
          />
          {rows.length > 0 ? (
            // Windowed: only the rows in view are in the DOM, however long the list.
            <StoryTable
              stories={rows}
              places={places}
              labelledBy={titleId}
              onOpen={onOpen}
              sort={sort}
              onSort={setSort}
              returnTo={returnTo}
            />
          ) : (
            <div className="empty-message library-view__no-match">
              <p>{t('library.noMatch')}</p>
              <button type="button" className="button button--small" onClick={() => setFilter(defaultFilter())}>
                {t('filters.clear')}
              </button>
            </div>
          )}
        </>
      )}
      {stories === undefined && error === null && (
        <p className="view-loading" role="status">
          {t('app.loading')}
        </p>
      )}

      <NewsroomStories onOpened={() => setVersion((v) => v + 1)} />

      <div className="library-view__trash">
        <button
          type="button"
          className="button button--quiet trash-toggle"
          aria-expanded={trashOpen}
          aria-controls={trashOpen ? trashId : undefined}
          onClick={() => setTrashOpen((open) => !open)}
        >
          <span aria-hidden="true" className="trash-toggle__chevron">
            {trashOpen ? '▾' : '▸'}
          </span>
          {t('library.showTrash')}
        </button>
        {trashOpen && <TrashPanel id={trashId} version={version} onRestored={() => setVersion((v) => v + 1)} />}
      </div>
    </div>
  );
});
