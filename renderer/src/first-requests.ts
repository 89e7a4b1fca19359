import type { AppInfo } from '../../shared/ipc/contract';
import type { Settings, StoryRow } from '../../shared/model';
import { api } from './api/client';
import { isFiltered } from './features/library/library-filter';
import { loadLibraryViewState } from './features/library/library-view-state';

/**
 * What the window's first screen waits for, asked for as the bundle starts to run: main.tsx
 * imports this module before anything else, so the host answers while React, i18next and the
 * views are still being evaluated, rather than after. Each is taken once, by the first view
 * that needs it; later views ask afresh.
 */

/** Rows in the first screenful the window shows while the whole list is on its way. */
export const FIRST_PAGE = 60;

export interface Boot {
  appInfo: AppInfo;
  settings: Settings;
}

export const askForBoot = (): Promise<Boot> =>
  Promise.all([api.getAppInfo(), api.getSettings()]).then(([appInfo, settings]) => ({ appInfo, settings }));

const inWindow = typeof window !== 'undefined';
const atLibrary = inWindow && /^(#\/?(\?.*)?)?$/.test(window.location.hash);
/** The first screenful is the newest stories only when the view is unfiltered and sorted newest first. */
const atDefaultView =
  atLibrary &&
  (() => {
    const { filter, sort } = loadLibraryViewState();
    return !isFiltered(filter) && sort.key === 'updated' && sort.direction === 'desc';
  })();

// The library's list first: unfiltered, only the first screenful (a few kilobytes, answered at
// once), shown until the whole list, asked for by the view, has arrived. With a first screenful
// on its way the whole list waits for the view: asked for now, its 3 MB would hold the host's
// answer to the app's settings behind it.
let firstPage: Promise<{ rows: StoryRow[]; total: number }> | null = atDefaultView
  ? api.listRecentStories({ limit: FIRST_PAGE })
  : null;
let firstList: Promise<StoryRow[]> | null = atLibrary && !atDefaultView ? api.listStories() : null;
let firstBoot: Promise<Boot> | null = inWindow ? askForBoot() : null;
// Not unhandled while nothing has taken them yet: the view that takes them reports a failure.
firstPage?.catch(() => {});
firstList?.catch(() => {});
firstBoot?.catch(() => {});

// Kept as they arrive, for a first render that finds them here (settledBoot, settledFirstPage).
let bootValue: Boot | null = null;
let firstPageValue: { rows: StoryRow[]; total: number } | null = null;
firstBoot?.then(
  (boot) => (bootValue = boot),
  () => {},
);
firstPage?.then(
  (page) => (firstPageValue = page),
  () => {},
);

/**
 * Resolves once what the first screen shows is here (the app's settings and the library's
 * first rows), or failed, or after `limitMs`: main.tsx renders then, so the window draws its
 * first screen once, with its data, instead of a loading shell first and the rows in later
 * renders. A slow host gets the shell after `limitMs`, as before.
 */
export function firstScreenSettled(limitMs: number): Promise<void> {
  const waits = [firstBoot, firstPage ?? firstList].map((request) =>
    request?.then(
      () => undefined,
      () => undefined,
    ),
  );
  const limit = new Promise<void>((resolve) => setTimeout(resolve, limitMs));
  return Promise.race([Promise.all(waits).then(() => undefined), limit]);
}

/** The app's settings if they have arrived and nothing has taken them yet. */
export const settledBoot = (): Boot | null => (firstBoot ? bootValue : null);

/** The library's first screenful if it has arrived and no view has taken it yet. */
export const settledFirstPage = (): { rows: StoryRow[]; total: number } | null => (firstPage ? firstPageValue : null);

export function takeFirstPage(): Promise<{ rows: StoryRow[]; total: number }> | null {
  const page = firstPage;
  firstPage = null;
  return page;
}

export function takeFirstList(): Promise<StoryRow[]> | null {
  const list = firstList;
  firstList = null;
  return list;
}

/** The app's information and settings (the shell and every view wait for them). */
export function takeBoot(): Promise<Boot> {
  const boot = firstBoot ?? askForBoot();
  firstBoot = null;
  return boot;
}
