import type { Editor } from '@tiptap/react';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { StoryBody, StoryLanguage } from '../../../../../shared/model';
import { type StoryCounts, type TextCounts, countStory, countText } from '../../../../../shared/text/count';
import { countDocument } from './doc-counts';
import { createIdleThrottle } from './idle-throttle';
import { readBody } from '../saving/read-body';

/** A count that trails typing by this much reads as live; computing per keystroke would not. */
export const MEASURE_INTERVAL_MS = 150;
/**
 * The body snapshot (copyfit, measured fit, tag suggestions) follows a pause in typing this
 * long, and at least this often while typing goes on: each snapshot re-renders the editor
 * view, too much for every count.
 */
export const SNAPSHOT_PAUSE_MS = 400;
export const SNAPSHOT_MAX_WAIT_MS = 1_500;

export interface StoryMeasures {
  /** The body as last measured: copyfit and tag suggestions work from this snapshot. */
  body: StoryBody;
  counts: StoryCounts;
  /** Counts of the selected text, or null when nothing is selected. */
  selection: TextCounts | null;
}

/** The counts as typing goes, for the count panel alone (useLiveCounts): no re-render of the editor view. */
export interface LiveCounts {
  get: () => Pick<StoryMeasures, 'counts' | 'selection'>;
  subscribe: (listener: () => void) => () => void;
}

export interface MeasureTriggers {
  bodyChanged: (editor: Editor) => void;
  selectionChanged: (editor: Editor) => void;
  /** Measures a body set from outside the editor's typing path (a recovered draft). */
  reset: (body: StoryBody) => void;
  live: LiveCounts;
}

function selectionCounts(editor: Editor): TextCounts | null {
  const { from, to, empty } = editor.state.selection;
  if (empty) return null;
  const text = editor.state.doc.textBetween(from, to, '\n', ' ');
  return text.trim() ? countText(text) : null;
}

/**
 * Two paths off the keystroke: counts (and the selection's) in idle time a moment after
 * typing, paragraph by paragraph (doc-counts.ts), published to the count panel only; the
 * body snapshot for copyfit and tag suggestions when typing pauses (or at most every
 * SNAPSHOT_MAX_WAIT_MS), which re-renders the editor view once.
 */
function createMeasurer(
  language: StoryLanguage,
  initial: Pick<StoryMeasures, 'counts' | 'selection'>,
  setMeasures: (update: (before: StoryMeasures) => StoryMeasures) => void,
) {
  let editor: Editor | null = null;
  let current = initial;
  const listeners = new Set<() => void>();
  const publish = (next: Pick<StoryMeasures, 'counts' | 'selection'>) => {
    if (next.counts === current.counts && next.selection === current.selection) return;
    current = next;
    for (const listener of listeners) listener();
  };
  let bodyDirty = false;
  let selectionDirty = false;
  const counts = createIdleThrottle(() => {
    if (!editor || editor.isDestroyed) return;
    const next = { ...current };
    if (bodyDirty) next.counts = countDocument(editor.state.doc, language);
    if (bodyDirty || selectionDirty) next.selection = selectionCounts(editor);
    bodyDirty = false;
    selectionDirty = false;
    publish(next);
  }, MEASURE_INTERVAL_MS);

  let pauseTimer: ReturnType<typeof setTimeout> | undefined;
  let dueFrame: number | undefined;
  let firstUnsnapped: number | null = null;
  const snapshot = () => {
    if (pauseTimer !== undefined) clearTimeout(pauseTimer);
    if (dueFrame !== undefined) window.cancelAnimationFrame(dueFrame);
    pauseTimer = undefined;
    dueFrame = undefined;
    firstUnsnapped = null;
    const run = () => {
      if (!editor || editor.isDestroyed) return;
      const body = readBody(editor);
      const measured = { counts: countDocument(editor.state.doc, language), selection: selectionCounts(editor) };
      publish(measured);
      setMeasures(() => ({ body, ...measured }));
    };
    if (typeof window.requestIdleCallback === 'function')
      window.requestIdleCallback(run, { timeout: SNAPSHOT_PAUSE_MS });
    else run();
  };
  const scheduleSnapshot = () => {
    if (dueFrame !== undefined) return;
    const now = Date.now();
    firstUnsnapped ??= now;
    if (pauseTimer !== undefined) clearTimeout(pauseTimer);
    pauseTimer = setTimeout(snapshot, SNAPSHOT_PAUSE_MS);
    // Typing goes on past the longest wait: the snapshot (a re-render of the whole view) is
    // taken just after this keystroke is painted, not on a timer that may fire as the next
    // key arrives. The pause timer stays as the fallback where no frame comes (hidden window).
    if (now - firstUnsnapped >= SNAPSHOT_MAX_WAIT_MS && typeof window.requestAnimationFrame === 'function')
      dueFrame = window.requestAnimationFrame(snapshot);
  };

  return {
    bodyChanged: (next: Editor) => {
      editor = next;
      bodyDirty = true;
      counts.schedule();
      scheduleSnapshot();
    },
    selectionChanged: (next: Editor) => {
      editor = next;
      selectionDirty = true;
      counts.schedule();
    },
    reset: (counted: Pick<StoryMeasures, 'counts' | 'selection'>) => publish(counted),
    live: {
      get: () => current,
      subscribe: (listener: () => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    } satisfies LiveCounts,
    cancel: () => {
      counts.cancel();
      if (pauseTimer !== undefined) clearTimeout(pauseTimer);
      if (dueFrame !== undefined) window.cancelAnimationFrame(dueFrame);
      editor = null;
    },
  };
}

/**
 * Live counts (shared/text/count, the same rules as the library index and exports) for the
 * whole story and for the selection, measured off the keystroke path in idle time.
 */
export function useStoryMeasures(initial: StoryBody, language: StoryLanguage): [StoryMeasures, MeasureTriggers] {
  const [measures, setMeasures] = useState<StoryMeasures>(() => ({
    body: initial,
    counts: countStory(initial, language),
    selection: null,
  }));
  const scheduler = useMemo(
    () => createMeasurer(language, { counts: countStory(initial, language), selection: null }, setMeasures),
    // The initial body is read once; the language is what a measurer is made for.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [language],
  );
  useEffect(() => () => scheduler.cancel(), [scheduler]);

  const reset = useCallback(
    (body: StoryBody) => {
      const measured = { counts: countStory(body, language), selection: null };
      scheduler.reset(measured);
      setMeasures({ body, ...measured });
    },
    [language, scheduler],
  );
  const triggers = useMemo(
    () => ({
      bodyChanged: scheduler.bodyChanged,
      selectionChanged: scheduler.selectionChanged,
      reset,
      live: scheduler.live,
    }),
    [scheduler, reset],
  );
  return [measures, triggers];
}

/** The latest counts, re-rendering only the component that shows them. */
export function useLiveCounts(live: LiveCounts): Pick<StoryMeasures, 'counts' | 'selection'> {
  return useSyncExternalStore(live.subscribe, live.get);
}
