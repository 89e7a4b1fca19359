import { useEffect, useState } from 'react';
import type { SearchResult } from '../../../../shared/ipc/contract';
import { api } from '../../api/client';

/** Typing pauses shorter than this do not send a query. */
export const SEARCH_DEBOUNCE_MS = 120;
/** While the library is still being indexed, the query is asked again this often. */
const REFRESH_WHILE_INDEXING_MS = 500;
export const SEARCH_LIMIT = 20;

interface Answer {
  /** The query this answers. */
  query: string;
  result: SearchResult | null;
  error: unknown;
}

export interface StorySearchState extends Answer {
  /** A newer query is on its way; the answer shown is for an earlier one. */
  pending: boolean;
}

/**
 * Searches as the user types: one request per pause, and an answer to an older query never
 * replaces a newer one. While the host is still building its index, the search is repeated
 * until it is complete, so the list fills in by itself.
 */
export function useStorySearch(query: string): StorySearchState {
  const trimmed = query.trim();
  const [answer, setAnswer] = useState<Answer | null>(null);

  useEffect(() => {
    if (!trimmed) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const ask = async (): Promise<void> => {
      try {
        const result = await api.searchStories({ query: trimmed, limit: SEARCH_LIMIT });
        if (!live) return;
        setAnswer({ query: trimmed, result, error: null });
        if (result.indexed < result.total) timer = setTimeout(() => void ask(), REFRESH_WHILE_INDEXING_MS);
      } catch (error) {
        if (live) setAnswer({ query: trimmed, result: null, error });
      }
    };
    timer = setTimeout(() => void ask(), SEARCH_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [trimmed]);

  if (!trimmed) return { query: '', result: null, error: null, pending: false };
  return {
    query: answer?.query ?? '',
    result: answer?.result ?? null,
    error: answer?.error ?? null,
    pending: answer?.query !== trimmed,
  };
}
