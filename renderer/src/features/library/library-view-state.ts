import type { StoryRow } from '../../../../shared/model';
import {
  type LibraryFilter,
  type LibrarySort,
  defaultFilter,
  defaultSort,
  filterStories,
  fromQuery,
  indexStories,
  sortStories,
  toQuery,
} from './library-filter';

/**
 * The library's filters outlive the library view: opening a story and coming back (or a
 * reload) shows the same list, and "next story" in the story view walks that same list.
 * The URL hash carries them while the library is shown (`#/?status=draft&sort=length:desc`);
 * the tab's sessionStorage keeps them while a story is open.
 */

export interface LibraryViewState {
  filter: LibraryFilter;
  sort: LibrarySort;
}

const STORAGE_KEY = 'masthead.libraryView';

let current: LibraryViewState | null = null;

const queryOfHash = (hash: string): string | null => {
  const match = /^#\/?\?(.*)$/.exec(hash);
  return match ? (match[1] ?? '') : null;
};

function readStored(): LibraryViewState | null {
  try {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    return stored === null ? null : fromQuery(stored);
  } catch {
    return null; // storage disabled: the filters just do not survive a reload
  }
}

/** What the library should show now: the address wins, then what this tab last showed. */
export function loadLibraryViewState(hash = window.location.hash): LibraryViewState {
  const query = queryOfHash(hash);
  if (query !== null) current = fromQuery(query);
  else current ??= readStored() ?? { filter: defaultFilter(), sort: defaultSort() };
  return current;
}

export function libraryHash(state: LibraryViewState): string {
  const query = toQuery(state.filter, state.sort);
  return query ? `#/?${query}` : '#/';
}

/** Remembers the state and puts it in the address without a history entry per click. */
export function saveLibraryViewState(state: LibraryViewState): void {
  current = state;
  try {
    sessionStorage.setItem(STORAGE_KEY, toQuery(state.filter, state.sort));
  } catch {
    // Only the reload case loses the filters.
  }
  const hash = libraryHash(state);
  if (window.location.hash !== hash && !/^#\/story\//.test(window.location.hash)) {
    window.history.replaceState(window.history.state, '', hash);
  }
}

/** The library's list in the order the table shows it under the remembered filters. */
export function libraryOrder(stories: readonly StoryRow[], now = Date.now()): StoryRow[] {
  const { filter, sort } = current ?? loadLibraryViewState('');
  return sortStories(filterStories(indexStories(stories), filter, now), sort).map((entry) => entry.story);
}

/**
 * The story `step` places after (1) or before (-1) `id` in the library's order, or null at
 * either end. A story the filters hide (opened from search, say) steps into the list from
 * its start or end.
 */
export function neighbourStory(order: readonly StoryRow[], id: string, step: 1 | -1): StoryRow | null {
  const index = order.findIndex((story) => story.id === id);
  if (index < 0) return (step === 1 ? order[0] : order[order.length - 1]) ?? null;
  return order[index + step] ?? null;
}

/** For tests: forget what the module remembers. */
export function resetLibraryViewState(): void {
  current = null;
}
