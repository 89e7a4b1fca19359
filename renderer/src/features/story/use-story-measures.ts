import type { Editor } from '@tiptap/react';
import { type Dispatch, type SetStateAction, useCallback, useEffect, useMemo, useState } from 'react';
import type { StoryBody, StoryLanguage } from '../../../../shared/model';
import { type StoryCounts, type TextCounts, countStory, countText } from '../../../../shared/text/count';
import { createIdleThrottle } from './idle-throttle';
import { readBody } from './read-body';

/** A count that trails typing by this much reads as live; computing per keystroke would not. */
export const MEASURE_INTERVAL_MS = 150;

export interface StoryMeasures {
  /** The body as last measured: copyfit and tag suggestions work from this snapshot. */
  body: StoryBody;
  counts: StoryCounts;
  /** Counts of the selected text, or null when nothing is selected. */
  selection: TextCounts | null;
}

export interface MeasureTriggers {
  bodyChanged: (editor: Editor) => void;
  selectionChanged: (editor: Editor) => void;
  /** Measures a body set from outside the editor's typing path (a recovered draft). */
  reset: (body: StoryBody) => void;
}

function selectionCounts(editor: Editor): TextCounts | null {
  const { from, to, empty } = editor.state.selection;
  if (empty) return null;
  const text = editor.state.doc.textBetween(from, to, '\n', ' ');
  return text.trim() ? countText(text) : null;
}

/** Collects what changed (body, selection) and measures it once per interval, in idle time. */
function createMeasurer(language: StoryLanguage, setMeasures: Dispatch<SetStateAction<StoryMeasures>>) {
  // What changed since the last measurement; the editor is the latest one reported.
  let pending: { editor: Editor | null; body: boolean; selection: boolean } = {
    editor: null,
    body: false,
    selection: false,
  };
  const throttle = createIdleThrottle(() => {
    const { editor, body, selection } = pending;
    pending = { editor, body: false, selection: false };
    if (!editor || editor.isDestroyed) return;
    setMeasures((before) => {
      const nextBody = body ? readBody(editor) : before.body;
      return {
        body: nextBody,
        counts: body ? countStory(nextBody, language) : before.counts,
        selection: selection || body ? selectionCounts(editor) : before.selection,
      };
    });
  }, MEASURE_INTERVAL_MS);
  return {
    bodyChanged: (editor: Editor) => {
      pending = { ...pending, editor, body: true };
      throttle.schedule();
    },
    selectionChanged: (editor: Editor) => {
      pending = { ...pending, editor, selection: true };
      throttle.schedule();
    },
    cancel: throttle.cancel,
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
  const scheduler = useMemo(() => createMeasurer(language, setMeasures), [language]);
  useEffect(() => () => scheduler.cancel(), [scheduler]);

  const reset = useCallback(
    (body: StoryBody) => setMeasures({ body, counts: countStory(body, language), selection: null }),
    [language],
  );
  const triggers = useMemo(
    () => ({ bodyChanged: scheduler.bodyChanged, selectionChanged: scheduler.selectionChanged, reset }),
    [scheduler, reset],
  );
  return [measures, triggers];
}
