import type { TagCount } from '../../../../../shared/ipc/contract';
import { type Tag, type TagKind, TagKind as TagKinds } from '../../../../../shared/model';

export const TAG_KINDS: readonly TagKind[] = TagKinds.options;

/** One identity per kind and name; case is ignored so "Harbour Authority" is not added twice. */
export const tagKey = (tag: Tag): string => `${tag.kind}\u0000${tag.name.trim().toLocaleLowerCase()}`;

export const hasTag = (tags: readonly Tag[], tag: Tag): boolean => tags.some((t) => tagKey(t) === tagKey(tag));

/** The list with the tag appended, or the same list if it is empty or already there. */
export function addTag(tags: readonly Tag[], tag: Tag): Tag[] {
  const name = tag.name.trim().replace(/\s+/g, ' ');
  if (!name || hasTag(tags, { ...tag, name })) return [...tags];
  return [...tags, { kind: tag.kind, name: name.slice(0, 120) }];
}

export const removeTag = (tags: readonly Tag[], tag: Tag): Tag[] => tags.filter((t) => tagKey(t) !== tagKey(tag));

/** Tags in kind order (people, organisations, places, topics, keywords), each kind in story order. */
export function groupTags(tags: readonly Tag[]): { kind: TagKind; tags: Tag[] }[] {
  return TAG_KINDS.map((kind) => ({ kind, tags: tags.filter((t) => t.kind === kind) })).filter(
    (g) => g.tags.length > 0,
  );
}

/**
 * Library tags matching what is typed: names starting with it first, then names containing
 * it, the most used first within each; tags the story already has are left out.
 */
export function matchKnownTags(
  known: readonly TagCount[],
  query: string,
  existing: readonly Tag[],
  limit = 8,
): TagCount[] {
  const q = query.trim().toLocaleLowerCase();
  if (!q) return [];
  const fresh = known.filter((t) => !hasTag(existing, t));
  const starts = fresh.filter((t) => t.name.toLocaleLowerCase().startsWith(q));
  const contains = fresh.filter(
    (t) => !t.name.toLocaleLowerCase().startsWith(q) && t.name.toLocaleLowerCase().includes(q),
  );
  return [...starts, ...contains].slice(0, limit);
}
