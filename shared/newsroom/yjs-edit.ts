import type * as Y from 'yjs';

/**
 * Small edits of Yjs types that change only what differs, so a JSON save applied to a shared
 * document touches the characters, items and keys the save changed and nothing else: two
 * people who changed different places of one document both keep their change when merged.
 */

/** Rewrites a Y.Text to `next` by replacing only the span between the common prefix and suffix. */
export function setTextMinimal(text: Y.Text, next: string): boolean {
  const current = text.toString();
  if (current === next) return false;
  let start = 0;
  const shorter = Math.min(current.length, next.length);
  while (start < shorter && current.charCodeAt(start) === next.charCodeAt(start)) start++;
  let end = 0;
  while (
    end < shorter - start &&
    current.charCodeAt(current.length - 1 - end) === next.charCodeAt(next.length - 1 - end)
  ) {
    end++;
  }
  // Never cut a surrogate pair in two: widen the span to whole characters.
  if (start > 0 && isHighSurrogate(current.charCodeAt(start - 1))) start--;
  if (end > 0 && isLowSurrogate(current.charCodeAt(current.length - end))) end--;
  const removed = current.length - start - end;
  if (removed > 0) text.delete(start, removed);
  const inserted = next.slice(start, next.length - end);
  if (inserted) text.insert(start, inserted);
  return true;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** Plain JSON values compared by content (key order of objects included, as JSON.stringify does). */
export const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Sets a map key only when its value changes; `undefined` removes the key. */
export function setPlain(map: Y.Map<unknown>, key: string, value: unknown): boolean {
  if (value === undefined) {
    if (!map.has(key)) return false;
    map.delete(key);
    return true;
  }
  if (map.has(key) && sameJson(map.get(key), value)) return false;
  map.set(key, value);
  return true;
}

/**
 * Rewrites a Y.Array of plain values to `next`: the items both share at the start and at the
 * end stay, the middle is replaced. An item added at the end by one person and another
 * removed by someone else both happen.
 */
export function setArrayMinimal<T>(array: Y.Array<T>, next: readonly T[]): boolean {
  const current = array.toArray();
  let start = 0;
  const shorter = Math.min(current.length, next.length);
  while (start < shorter && sameJson(current[start], next[start])) start++;
  let end = 0;
  while (end < shorter - start && sameJson(current[current.length - 1 - end], next[next.length - 1 - end])) end++;
  const removed = current.length - start - end;
  const inserted = next.slice(start, next.length - end);
  if (removed === 0 && inserted.length === 0) return false;
  if (removed > 0) array.delete(start, removed);
  if (inserted.length > 0) array.insert(start, [...inserted]);
  return true;
}
