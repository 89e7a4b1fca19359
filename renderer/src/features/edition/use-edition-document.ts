import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Edition } from '../../../../shared/model/edition';
import type { Story } from '../../../../shared/model/story';
import { api } from '../../api/client';
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
  refreshStories: () => void;
}

/**
 * An edition open for layout: the history of its states, a debounced autosave that names the
 * updatedAt it was based on, and the placed stories, read again when the window regains focus
 * (a story edited in another window changes its copyfit here).
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
  }, [id, loadVersion]);

  useEffect(() => {
    const flushNow = () => void saverRef.current?.flush();
    window.addEventListener('pagehide', flushNow);
    return () => window.removeEventListener('pagehide', flushNow);
  }, []);

  const apply = useCallback((next: Edition) => {
    setEdition(next);
    const history = historyRef.current;
    setSteps({ undo: Boolean(history?.canUndo), redo: Boolean(history?.canRedo) });
    saverRef.current?.schedule();
  }, []);

  const change = useCallback(
    (update: (edition: Edition) => Edition, coalesce?: string) => {
      const history = historyRef.current;
      if (!history) return;
      const next = update(history.present);
      if (next === history.present) return;
      apply(history.push(next, coalesce));
    },
    [apply],
  );

  const undo = useCallback(() => {
    const history = historyRef.current;
    if (history?.canUndo) apply(history.undo());
  }, [apply]);
  const redo = useCallback(() => {
    const history = historyRef.current;
    if (history?.canRedo) apply(history.redo());
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
    (ids: string[], replaceAll: boolean) => {
      if (ids.length === 0) return;
      for (const storyId of ids) askedRef.current.add(storyId);
      api.getStories({ ids }).then(
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
    const onFocus = () => refreshStories();
    const onVisible = () => {
      if (document.visibilityState === 'visible') refreshStories();
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
