/**
 * What a search hit was opened for: the story view scrolls to the first match of it and
 * highlights it. Handed over in memory (the route holds only the story's id), and taken once.
 */
let pending: { storyId: string; query: string } | null = null;

export function setPendingHighlight(storyId: string, query: string): void {
  pending = query.trim() ? { storyId, query: query.trim() } : null;
}

export function takePendingHighlight(storyId: string): string | null {
  if (pending?.storyId !== storyId) return null;
  const { query } = pending;
  pending = null;
  return query;
}
