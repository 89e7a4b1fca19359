import { z } from 'zod';
import { Id } from './common';
import type { Edition } from './edition';

/** Where a placed story runs: the page its headline block is on, in the newest edition that places it. */
export const StoryPlace = z.object({
  storyId: Id,
  editionId: Id,
  /** The edition's publication date, YYYY-MM-DD. */
  date: z.iso.date(),
  pageNumber: z.number().int().positive(),
  /** The page's section (要闻, 经济 …), which may differ from the story's own. */
  section: z.string(),
});
export type StoryPlace = z.infer<typeof StoryPlace>;

/**
 * Each placed story's place, worked out in one pass over the editions (newest first: by date,
 * then by last change), so the library's list looks a row's place up instead of searching.
 * Within an edition, a story's place is its first block that is not a jump (转版) continuation,
 * on the lowest-numbered page; a story placed only as continuations is placed there.
 */
export function storyPlaces(editions: readonly Edition[]): StoryPlace[] {
  const newestFirst = [...editions].sort(
    (a, b) => b.date.localeCompare(a.date) || b.updatedAt.localeCompare(a.updatedAt),
  );
  const places = new Map<string, StoryPlace & { continuation: boolean }>();
  const settled = new Set<string>();
  for (const edition of newestFirst) {
    const inThisEdition = new Map<string, StoryPlace & { continuation: boolean }>();
    const pages = [...edition.pages].sort((a, b) => a.number - b.number);
    for (const page of pages) {
      for (const placement of page.placements) {
        const storyId = placement.kind === 'story' ? placement.storyId : null;
        if (!storyId || settled.has(storyId)) continue;
        const continuation = placement.continuation === true;
        const known = inThisEdition.get(storyId);
        if (known && !(known.continuation && !continuation)) continue;
        inThisEdition.set(storyId, {
          storyId,
          editionId: edition.id,
          date: edition.date,
          pageNumber: page.number,
          section: page.section,
          continuation,
        });
      }
    }
    for (const [storyId, place] of inThisEdition) {
      places.set(storyId, place);
      settled.add(storyId);
    }
  }
  return [...places.values()].map(({ continuation: _continuation, ...place }) => place);
}
