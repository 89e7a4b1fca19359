/**
 * Character classes of Chinese composition, after clreq (W3C, Requirements for Chinese Text
 * Layout) and JIS X 4051: which marks may not start or end a line, which may be compressed
 * to half their width, which pairs may not be parted.
 */

/** Opening brackets and quotes: never at a line's end (行尾禁则). */
export const OPENING = new Set('（〔［｛《〈「『【〖〘〚“‘｟'.split(''));
/** Closing brackets and quotes: never at a line's start (行首禁则). */
export const CLOSING = new Set('）〕］｝》〉」』】〗〙〛”’｠'.split(''));
/** Pause and stop marks (点号): never at a line's start. */
export const STOPS = new Set('。，、．：；！？'.split(''));
/** Middle dots: never at a line's start; compressible on both sides. */
export const MIDDLE = new Set('·・'.split(''));
/** Marks set half width at most: ！？ keep their full width (their ink fills it in a Chinese face). */
export const NOT_COMPRESSIBLE = new Set('！？'.split(''));
/** Also never at a line's start: iteration marks, small kana, units that follow a number. */
export const OTHER_NO_START = new Set('々〻ゝゞヽヾーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ％‰℃°′″'.split(''));
/** Marks set in pairs that may not be parted: —— and …… */
export const INSEPARABLE = new Set('—…⋯'.split(''));

/** Han ideographs (incl. Ext A–H and compatibility), kana, Hangul, CJK symbols and full-width forms. */
export const isCjk = (cp: number): boolean =>
  (cp >= 0x2e80 && cp <= 0x2fdf) || // radicals
  (cp >= 0x3000 && cp <= 0x303f) || // CJK symbols and punctuation
  (cp >= 0x3040 && cp <= 0x30ff) || // kana
  (cp >= 0x3100 && cp <= 0x31ff) || // bopomofo, kana ext
  (cp >= 0x3200 && cp <= 0x33ff) || // enclosed, compatibility
  (cp >= 0x3400 && cp <= 0x4dbf) || // Ext A
  (cp >= 0x4e00 && cp <= 0x9fff) || // URO
  (cp >= 0xac00 && cp <= 0xd7af) || // Hangul
  (cp >= 0xf900 && cp <= 0xfaff) || // compatibility ideographs
  (cp >= 0xfe30 && cp <= 0xfe4f) || // compatibility forms
  (cp >= 0xff00 && cp <= 0xff60) || // full-width forms
  (cp >= 0xffe0 && cp <= 0xffe6) ||
  (cp >= 0x20000 && cp <= 0x3134f) || // Ext B–H
  (cp >= 0x2f800 && cp <= 0x2fa1f) ||
  '“”‘’—…·'.includes(String.fromCodePoint(cp));

export type CjkClass = 'han' | 'open' | 'close' | 'stop' | 'middle' | 'dash' | 'nostart';

export function cjkClass(ch: string): CjkClass {
  if (OPENING.has(ch)) return 'open';
  if (CLOSING.has(ch)) return 'close';
  if (STOPS.has(ch)) return 'stop';
  if (MIDDLE.has(ch)) return 'middle';
  if (INSEPARABLE.has(ch)) return 'dash';
  if (OTHER_NO_START.has(ch)) return 'nostart';
  return 'han';
}

/** Marks that may not begin a line. */
export const noLineStart = (cls: CjkClass): boolean =>
  cls === 'close' || cls === 'stop' || cls === 'middle' || cls === 'nostart';

/** Full-width marks a composer may set in half their width (标点挤压). */
export const compressible = (ch: string, cls: CjkClass): boolean =>
  (cls === 'open' || cls === 'close' || cls === 'stop' || cls === 'middle') && !NOT_COMPRESSIBLE.has(ch);
