import type { Editor } from '@tiptap/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { type StoryBody } from '../../../../shared/model';
import { type TextCounts, bodyText, countText } from '../../../../shared/text/count';
import { readBody } from './read-body';

/** Counting a long story on every keystroke is wasted work; a short pause is imperceptible. */
const COUNT_DELAY_MS = 150;

/** Live counts by the same rules the library index and exports use (shared/text/count). */
export function useBodyCounts(initial: StoryBody): [TextCounts, (editor: Editor) => void] {
  const [counts, setCounts] = useState(() => countText(bodyText(initial)));
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const recount = useCallback((editor: Editor) => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      if (!editor.isDestroyed) setCounts(countText(bodyText(readBody(editor))));
    }, COUNT_DELAY_MS);
  }, []);
  return [counts, recount];
}
