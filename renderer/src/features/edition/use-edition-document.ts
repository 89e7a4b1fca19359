import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Edition } from '../../../../shared/model/edition';
import type { Story } from '../../../../shared/model/story';
import { mergeEditions } from '../../../../shared/newsroom/edition-merge';
import { api } from '../../api/client';
import { useNewsroomStatus } from '../newsroom/newsroom-store';
import { EditionHistory } from './edition-history';
import { placedStoryIds } from './edition-ops';
import { EditionSaver, type EditionSaveState } from './edition-saver';

export interface EditionDocument {
  edition: Edition | null;
  loadError: unknown;
  stories: ReadonlyMap<string, Story>;
  /** Placed stories not read yet (just placed, or the edition just opened). */
  pendingStories: ReadonlySet<string>;
  save: EditionSaveState;
  canUndo: boolean;
  canRedo: boolean;
  /** An edit: one undo step (or merged into the last one with the same coalesce key). */
  change: (next: (edition: Edition) => Edition, coalesce?: string) => void;
  undo: () => void;
  redo: () => void;
  /** Reads the edition again from the library, dropping local changes (after a conflict). */
  reload: () => void;
  /** Saves at once what is waiting. */
  flush: () => Promise<void>;
  /** Reads the placed stories again: they may have been edited elsewhere. */
  refreshStories: () => Promise<void>;
}

/** With a newsroom, a block moved or resized is saved this soon, so the other desks see it within a second. */
const LIVE_SAVE_DELAY_MS = 120;
/** How long one watch of the edition waits for a change from elsewhere before asking again. */
const WATCH_MS = 20_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An edition open for layout: the history of its states, a debounced autosave that names the
 * updatedAt it was based on, and the placed stories, read again when the window regains focus
 * (a story edited in another window changes its copyfit here).
 *
 * With a newsroom the layout is live (issue 20): each move is saved at once, so it goes
 * through the desk's edition document to the others; and the edition is watched, so a change
 * another desk chief made (written into this library by the sync) is merged into the open
 * edition — into every state of its history — keeping the edits made here and not saved yet.
 */
export function useEditionDocument(id: string, reportError: (error: unknown) => void): EditionDocument {
  const historyRef = useRef<EditionHistory<Edition> | null>(null);
  const saverRef = useRef<EditionSaver | null>(null);
  const [edition, setEdition] = useState<Edition | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [stories, setStories] = useState<ReadonlyMap<string, Story>>(new Map());
  const [received, setReceived] = useState<ReadonlySet<string>>(new Set());
  const [save, setSave] = useState<EditionSaveState>({ phase: 'saved', error: null });
  const [loadVersion, setLoadVersion] = useState(0);
  const [steps, setSteps] = useState({ undo: false, redo: false });
  const newsroom = useNewsroomStatus();
  const live = newsroom !== null && newsroom.state !== 'off';
  const liveRef = useRef(live);
  useEffect(() => {
    liveRef.current = live;
  }, [live]);

  /**
   * Brings the library's edition into the open one when it changed elsewhere since the last
   * save: merged with what was edited here (shared/newsroom/edition-merge.ts); what was
   * edited here is then saved on top of it. False when it could not be done.
   */
  const catchUp = useCallback(async (): Promise<boolean> => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const saver = saverRef.current;
      const history = historyRef.current;
      if (!saver || !history) return false;
      await saver.idle();
      const latest = await api.getEdition({ id });
      if (saverRef.current !== saver) return false;
      // A save began meanwhile: its outcome first.
      if (saver.busy) continue;
      if (latest.updatedAt === saver.baseUpdatedAt) return true;
      const known = saver.lastSaved;
      const present = history.rewrite((state) => mergeEditions(known, state, latest));
      saver.rebase(latest);
      setEdition(present);
      setSteps({ undo: history.canUndo, redo: history.canRedo });
      if (present !== latest) saver.schedule(LIVE_SAVE_DELAY_MS);
      return true;
    }
    return false;
  }, [id]);

  useEffect(() => {
    let live = true;
    api.getEdition({ id }).then(
      (loaded) => {
        if (!live) return;
        const history = new EditionHistory(loaded);
        historyRef.current = history;
        saverRef.current?.dispose();
        saverRef.current = new EditionSaver(loaded.updatedAt, loaded, {
          send: (next, baseUpdatedAt) => api.saveEdition({ edition: next, baseUpdatedAt }),
          read: () => history.present,
          onChange: (state) => {
            if (live) setSave(state);
          },
          // With a newsroom another desk's change may have landed just before a save: merged, not refused.
          resolveConflict: () => (liveRef.current ? catchUp() : Promise.resolve(false)),
        });
        setEdition(loaded);
        setSteps({ undo: false, redo: false });
        setSave({ phase: 'saved', error: null });
        setLoadError(null);
      },
      (error: unknown) => {
        if (live) setLoadError(error);
      },
    );
    return () => {
      live = false;
      // Whatever waits is saved when the screen closes.
      void saverRef.current?.flush();
    };
  }, [id, loadVersion, catchUp]);

  // With a newsroom: a change from another desk, written into the library, comes into the open edition.
  useEffect(() => {
    if (!live) return;
    let stopped = false;
    void (async () => {
      while (!stopped) {
        const saver = saverRef.current;
        if (!saver) {
          await pause(300);
          continue;
        }
        try {
          const { edition: changed } = await api.watchEdition({
            id,
            since: saver.baseUpdatedAt,
            timeoutMs: WATCH_MS,
          });
          if (!stopped && changed && changed.updatedAt !== saverRef.current?.baseUpdatedAt) await catchUp();
        } catch {
          // The host is busy or the edition is gone for now: asked again a moment later.
          if (!stopped) await pause(2000);
        }
      }
    })();
    return () => {
      stopped = true;
    };
  }, [id, live, catchUp]);

  useEffect(() => {
    const flushNow = () => void saverRef.current?.flush();
    window.addEventListener('pagehide', flushNow);
    return () => window.removeEventListener('pagehide', flushNow);
  }, []);

  /** `discrete`: a move, a resize, an undo (not typing in a field), saved at once with a newsroom. */
  const apply = useCallback((next: Edition, discrete: boolean) => {
    setEdition(next);
    const history = historyRef.current;
    setSteps({ undo: Boolean(history?.canUndo), redo: Boolean(history?.canRedo) });
    saverRef.current?.schedule(liveRef.current && discrete ? LIVE_SAVE_DELAY_MS : undefined);
  }, []);

  const change = useCallback(
    (update: (edition: Edition) => Edition, coalesce?: string) => {
      const history = historyRef.current;
      if (!history) return;
      const next = update(history.present);
      if (next === history.present) return;
      apply(history.push(next, coalesce), coalesce === undefined);
    },
    [apply],
  );

  const undo = useCallback(() => {
    const history = historyRef.current;
    if (history?.canUndo) apply(history.undo(), true);
  }, [apply]);
  const redo = useCallback(() => {
    const history = historyRef.current;
    if (history?.canRedo) apply(history.redo(), true);
  }, [apply]);

  const reload = useCallback(() => {
    saverRef.current?.dispose();
    saverRef.current = null;
    setEdition(null);
    setLoadVersion((v) => v + 1);
  }, []);

  const flush = useCallback(() => saverRef.current?.flush() ?? Promise.resolve(), []);

  // The placed stories: those not asked for yet, whenever the edition places new ones.
  const placed = useMemo(() => (edition ? placedStoryIds(edition) : []), [edition]);
  const askedRef = useRef(new Set<string>());

  const fetchStories = useCallback(
    (ids: string[], replaceAll: boolean): Promise<void> => {
      if (ids.length === 0) return Promise.resolve();
      for (const storyId of ids) askedRef.current.add(storyId);
      return api.getStories({ ids }).then(
        (fetched) => {
          setStories((before) => {
            const next = new Map(replaceAll ? [] : before);
            if (replaceAll) for (const [k, v] of before) if (!ids.includes(k)) next.set(k, v);
            for (const story of fetched) {
              const old = before.get(story.id);
              // Unchanged stories keep their object, so the engine's cache of their chain holds.
              next.set(
                story.id,
                old && old.revision === story.revision && old.updatedAt === story.updatedAt ? old : story,
              );
            }
            const changed = next.size !== before.size || [...next].some(([k, v]) => before.get(k) !== v);
            return changed ? next : before;
          });
          setReceived((before) => (ids.every((i) => before.has(i)) ? before : new Set([...before, ...ids])));
        },
        (error: unknown) => {
          for (const storyId of ids) askedRef.current.delete(storyId);
          setReceived((before) => new Set([...before, ...ids]));
          reportError(error);
        },
      );
    },
    [reportError],
  );

  useEffect(() => {
    fetchStories(
      placed.filter((storyId) => !askedRef.current.has(storyId)),
      false,
    );
  }, [placed, fetchStories]);

  const placedRef = useRef(placed);
  useEffect(() => {
    placedRef.current = placed;
  }, [placed]);
  const pendingStories = useMemo(() => new Set(placed.filter((storyId) => !received.has(storyId))), [placed, received]);

  const refreshStories = useCallback(() => fetchStories(placedRef.current, true), [fetchStories]);

  useEffect(() => {
    const onFocus = () => void refreshStories();
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refreshStories();
    };
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refreshStories]);

  return {
    edition,
    loadError,
    stories,
    pendingStories,
    save,
    canUndo: steps.undo,
    canRedo: steps.redo,
    change,
    undo,
    redo,
    reload,
    flush,
    refreshStories,
  };
}
