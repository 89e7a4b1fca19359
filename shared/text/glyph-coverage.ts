import { RARE_HAN_RANGES } from './rare-han-coverage';

/**
 * Whether the page's font stack can draw a character: Noto CJK (the system's) draws the Basic
 * Multilingual Plane's Han, Latin and punctuation; the bundled 'Masthead Rare Han'
 * (resources/fonts/rare-han) the rare characters of Extensions B–H it has. What neither draws
 * — the rest of the supplementary Han planes, private-use characters — prints as a box.
 */
export function isDrawable(cp: number): boolean {
  const privateUse = (cp >= 0xe000 && cp <= 0xf8ff) || cp >= 0xf0000;
  if (privateUse) return false;
  if (cp < 0x20000 || cp > 0x3ffff) return true;
  // Binary search over the sorted, disjoint ranges.
  let lo = 0;
  let hi = RARE_HAN_RANGES.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [first, last] = RARE_HAN_RANGES[mid]!;
    if (cp < first) hi = mid - 1;
    else if (cp > last) lo = mid + 1;
    else return true;
  }
  return false;
}

/** The distinct characters of `text` that no face can draw, in order of first appearance. */
export function undrawableCharacters(text: string): string[] {
  const found = new Set<string>();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    // Fast path: everything below the private-use area is drawable.
    if (cp < 0xe000) continue;
    if (!isDrawable(cp)) found.add(ch);
  }
  return [...found];
}
