/**
 * A steady colour per person for presence: their caret in a shared story, their name on a
 * page or a block of the page layout. The desk's sync service announces it with the name and
 * the window colours by it, both from this one formula, so a person has one colour everywhere.
 */
export function presenceColour(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return `hsl(${hash % 360} 60% 45%)`;
}
