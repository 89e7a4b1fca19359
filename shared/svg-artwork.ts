/**
 * SVG artwork (a masthead's name) as the library takes it. An SVG is a document that can carry
 * script, event handlers and references to other files or addresses; artwork needs none of
 * them, so a file with any is refused with the reason, and the designer can export it again
 * as plain artwork. Pictures embedded in the file itself (data: PNG/JPEG) are fine.
 */

export type SvgProblem = 'not-svg' | 'script' | 'external' | 'entity';

export const looksLikeSvg = (text: string): boolean =>
  /^\uFEFF?\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>[]*>\s*)*<svg[\s>]/i.test(text);

export function svgProblem(text: string): SvgProblem | null {
  if (/<!ENTITY/i.test(text) || /<!DOCTYPE[^>]*\[/i.test(text)) return 'entity';
  if (!looksLikeSvg(text)) return 'not-svg';
  if (/<\s*(script|foreignObject|iframe|embed|object|handler)\b/i.test(text)) return 'script';
  if (/\son[a-z]+\s*=/i.test(text) || /javascript:/i.test(text)) return 'script';
  if (/<\s*(set|animate)\b[^>]*attributeName\s*=\s*["']?(xlink:)?href/i.test(text)) return 'script';
  // Every reference stays inside the file: #id, or a picture embedded as data.
  for (const match of text.matchAll(/\bhref\s*=\s*("([^"]*)"|'([^']*)')/gi)) {
    const target = (match[2] ?? match[3] ?? '').trim();
    if (!target.startsWith('#') && !/^data:image\/(png|jpeg);base64,/i.test(target)) return 'external';
  }
  if (/@import/i.test(text)) return 'external';
  for (const match of text.matchAll(/url\(\s*["']?([^"')]*)/gi))
    if (!match[1]!.trim().startsWith('#')) return 'external';
  return null;
}

/** The artwork's own proportions: viewBox, else width and height in user units; null when it has neither. */
export function svgSize(text: string): { width: number; height: number } | null {
  const root = /<svg\b[^>]*>/i.exec(text)?.[0] ?? '';
  const attr = (name: string) => new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(root)?.[1];
  const box = attr('viewBox')
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  if (box && box.length === 4 && box[2]! > 0 && box[3]! > 0) return { width: box[2]!, height: box[3]! };
  const width = parseFloat(attr('width') ?? '');
  const height = parseFloat(attr('height') ?? '');
  return width > 0 && height > 0 && !/%/.test(attr('width')! + attr('height')!) ? { width, height } : null;
}

/** An SVG asset served as a document of its own (opened by itself): no script, nothing fetched, sandboxed. */
export const ARTWORK_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'none'";
