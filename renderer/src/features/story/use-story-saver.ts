import { useCallback, useEffect, useRef, useState } from 'react';
import type { Story } from '../../../../shared/model';
import { api } from '../../api/client';
import type { EditableFields } from './editable-fields';
import { type FlushResult, SaveQueue, type SaveState } from './save-queue';

/** Long enough not to save mid-word, short enough that a crash loses a sentence at most. */
export const AUTOSAVE_DELAY_MS = 800;

export interface StorySaver {
  state: SaveState;
  /** The revision the next save is based on. */
  revision: number;
  changed: (field: keyof EditableFields) => void;
  saveNow: () => Promise<FlushResult>;
  isDirty: () => boolean;
  discard: () => void;
}

interface Options {
  story: Story;
  /** Reads the live values (from refs or the editor); only the first one given is used. */
  read: () => EditableFields;
  /** A save that fails after the view is gone still has to reach the user. */
  onBackgroundError: (error: unknown) => void;
}

/**
 * Wires a SaveQueue to the moments an editor expects a save: the Save button, Ctrl/Cmd+S,
 * a pause in typing, the window losing focus or being hidden, the page unloading, and the
 * view closing. The hook's component is keyed by story, so one queue serves one story.
 */
export function useStorySaver({ story, read, onBackgroundError }: Options): StorySaver {
  const backgroundErrorRef = useRef(onBackgroundError);
  useEffect(() => {
    backgroundErrorRef.current = onBackgroundError;
  });

  const [state, setState] = useState<SaveState>({ phase: 'saved', error: null });
  const [revision, setRevision] = useState(story.revision);
  const [queue] = useState(
    () =>
      new SaveQueue<EditableFields>(story.revision, {
        send: async (baseRevision, changes) => {
          const saved = await api.saveStory({ id: story.id, baseRevision, changes });
          setRevision(saved.revision);
          return saved.revision;
        },
        read,
        onChange: setState,
      }),
  );

  const timer = useRef<number | undefined>(undefined);

  const saveNow = useCallback(() => {
    window.clearTimeout(timer.current);
    return queue.flush();
  }, [queue]);

  const changed = useCallback(
    (field: keyof EditableFields) => {
      queue.markDirty(field);
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void queue.flush(), AUTOSAVE_DELAY_MS);
    },
    [queue],
  );

  useEffect(() => {
    const flush = () => {
      if (queue.isDirty) void saveNow();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 's') {
        // Also stops the browser's own "Save page as" dialog.
        event.preventDefault();
        void saveNow();
      }
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('blur', flush);
    window.addEventListener('beforeunload', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('blur', flush);
      window.removeEventListener('beforeunload', flush);
      document.removeEventListener('visibilitychange', onVisibility);
      window.clearTimeout(timer.current);
      // Also covers a save still in flight: flush() then hands back that save's outcome.
      if (!queue.isConflicted) {
        void queue.flush().then((result) => {
          if (!result.ok) backgroundErrorRef.current(result.error);
        });
      }
    };
  }, [queue, saveNow]);

  const isDirty = useCallback(() => queue.isDirty, [queue]);
  const discard = useCallback(() => {
    window.clearTimeout(timer.current);
    queue.discard();
  }, [queue]);

  return { state, revision, changed, saveNow, isDirty, discard };
}
