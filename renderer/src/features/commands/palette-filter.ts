/** A command as the palette searches it: its title in every interface language. */
export interface PaletteEntry {
  id: string;
  /** The title in the current language first, then the others. */
  titles: readonly string[];
}

const fold = (text: string): string => text.normalize('NFKC').toLocaleLowerCase();

/**
 * The entries a query finds, best first. Every word of the query must appear in one title
 * (Chinese needs no spaces: 新建 finds 新建英文稿件); a title that starts with the query
 * ranks first, then a match in the current language, then one in another language or the id.
 */
export function filterPalette<T extends PaletteEntry>(entries: readonly T[], query: string): T[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (!words.length) return [...entries];
  const scored: { entry: T; score: number; index: number }[] = [];
  entries.forEach((entry, index) => {
    const titles = entry.titles.map(fold);
    const matching = titles.findIndex((title) => words.every((w) => title.includes(w)));
    let score: number;
    if (matching === 0) score = titles[0]!.startsWith(words[0]!) ? 0 : 1;
    else if (matching > 0) score = titles[matching]!.startsWith(words[0]!) ? 2 : 3;
    else if (words.every((w) => fold(entry.id).includes(w))) score = 4;
    else return;
    scored.push({ entry, score, index });
  });
  return scored.sort((a, b) => a.score - b.score || a.index - b.index).map((s) => s.entry);
}
