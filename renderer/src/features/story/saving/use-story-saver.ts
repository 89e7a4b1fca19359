import { useCallback, useEffect, useRef, useState } from 'react';
import type { Story } from '../../../../../shared/model';
import { api } from '../../../api/client';
import { type JournalStorage, browserJournalStorage } from './draft-journal';
import type { EditableField, EditableFields } from '../fields/editable-fields';
import { JournalWriter } from './journal-writer';
import { type FlushResult, SaveQueue, type SaveState } from './save-queue';

/** Long enough not to save mid-word, short enough that a crash loses a sentence at most. */
export const AUTOSAVE_DELAY_MS = 800;

export interface StorySaver {
  state: SaveState;
  /** The revision the next save is based on. */
  revision: number;
  /** The story as the host last stored it (with what the host adds: status history), or null. */
  lastSaved: Story | null;
  changed: (field: EditableField) => void;
  saveNow: () => Promise<FlushResult>;
  /** An explicit save (Ctrl/⌘+S, the Save button): saves, then keeps the story as a version, named or not. */
  keepVersion: (name: string | null) => Promise<FlushResult>;
  isDirty: () => boolean;
  /** Drops unsaved edits and their draft journal: the user chose to, or the story is gone. */
  discard: () => void;
}

interface Options {
  story: Story;
  /** Reads the live values (from refs or the editor); only the first one given is used. */
  read: () => EditableFields;
  /** A save that fails after the view is gone still has to reach the user. */
  onBackgroundError: (error: unknown) => void;
  /** Where the draft journal lives; the browser's localStorage unless a test says otherwise. */
  journalStorage?: JournalStorage | null;
  /** Ctrl/⌘+Shift+S: the view asks for a name, then calls keepVersion with it. */
  onNameVersion?: () => void;
  /**
   * Live co-editing: the core also saves the story (the live fields), so a save of the other
   * fields is based on the revision on disk now rather than the one this editor last saw.
   */
  currentRevision?: () => Promise<number>;
}

/**
 * Wires a SaveQueue to the moments an editor expects a save: the Save button, Ctrl/Cmd+S,
 * a pause in typing, the window losing focus or being hidden, the page unloading, and the
 * view closing. Beside it a draft journal keeps every unsaved change in localStorage, so
 * closing or crashing between a keystroke and its save loses nothing. The hook's component
 * is keyed by story, so one queue serves one story.
 */
export function useStorySaver({
  story,
  read,
  onBackgroundError,
  journalStorage,
  onNameVersion,
  currentRevision,
}: Options): StorySaver {
  const backgroundErrorRef = useRef(onBackgroundError);
  const nameVersionRef = useRef(onNameVersion);
  useEffect(() => {
    backgroundErrorRef.current = onBackgroundError;
    nameVersionRef.current = onNameVersion;
  });

  const [state, setState] = useState<SaveState>({ phase: 'saved', error: null });
  const [revision, setRevision] = useState(story.revision);
  const [lastSaved, setLastSaved] = useState<Story | null>(null);
  const [{ queue, journal }] = useState(() => {
    // The journal reads the queue's revision and the queue reports saves to the journal.
    const holder: { queue?: SaveQueue<EditableFields> } = {};
    const writer = new JournalWriter({
      storyId: story.id,
      storage: journalStorage === undefined ? browserJournalStorage() : journalStorage,
      read,
      revision: () => holder.queue?.revision ?? story.revision,
    });
    const saveQueue = new SaveQueue<EditableFields>(story.revision, {
      send: async (baseRevision, changes) => {
        const base = currentRevision ? await currentRevision() : baseRevision;
        const saved = await api.saveStory({ id: story.id, baseRevision: base, changes });
        setRevision(saved.revision);
        setLastSaved(saved);
        return saved.revision;
      },
      read,
      onChange: setState,
      onSaved: () => writer.saved(saveQueue.dirtyFields),
    });
    holder.queue = saveQueue;
    return { queue: saveQueue, journal: writer };
  });

  const timer = useRef<number | undefined>(undefined);

  const saveNow = useCallback(() => {
    window.clearTimeout(timer.current);
    return queue.flush();
  }, [queue]);

  const keepVersion = useCallback(
    async (name: string | null): Promise<FlushResult> => {
      const result = await saveNow();
      if (!result.ok) return result;
      try {
        await api.markRevision({ id: story.id, name });
        return result;
      } catch (error) {
        backgroundErrorRef.current(error);
        return { ok: false, error };
      }
    },
    [saveNow, story.id],
  );

  const changed = useCallback(
    (field: EditableField) => {
      queue.markDirty(field);
      journal.changed(field);
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void queue.flush(), AUTOSAVE_DELAY_MS);
    },
    [queue, journal],
  );

  useEffect(() => {
    const flush = () => {
      if (queue.isDirty) void saveNow();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
        // Also stops the browser's own "Save page as" dialog.
        event.preventDefault();
        if (event.shiftKey && nameVersionRef.current) nameVersionRef.current();
        else if (!event.shiftKey) void keepVersion(null);
      }
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') {
        journal.writeNow();
        flush();
      }
    };
    // The journal first: it is synchronous and certain, the save may not finish in time.
    const onUnload = () => {
      journal.writeNow();
      flush();
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('blur', flush);
    window.addEventListener('beforeunload', onUnload);
    window.addEventListener('pagehide', onUnload);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('blur', flush);
      window.removeEventListener('beforeunload', onUnload);
      window.removeEventListener('pagehide', onUnload);
      document.removeEventListener('visibilitychange', onVisibility);
      window.clearTimeout(timer.current);
      journal.writeNow();
      // Also covers a save still in flight: flush() then hands back that save's outcome.
      if (!queue.isConflicted) {
        void queue.flush().then((result) => {
          if (!result.ok) backgroundErrorRef.current(result.error);
        });
      }
    };
  }, [queue, journal, saveNow, keepVersion]);

  const isDirty = useCallback(() => queue.isDirty, [queue]);
  const discard = useCallback(() => {
    window.clearTimeout(timer.current);
    queue.discard();
    journal.discard();
  }, [queue, journal]);

  return { state, revision, lastSaved, changed, saveNow, keepVersion, isDirty, discard };
}
