/**
 * The text side of story search: how text is split into terms (compact-index.ts turns them
 * into keys), how a query is parsed, and where a query matches a piece of text (for
 * highlighting and snippets).
 * Indexing and querying go through the same normalisation, so a full-width ＡＩ typed in a
 * Chinese input method finds the ai of the copy.
 *
 * Han text has no spaces, and a word segmenter alone splits names it does not know (黄红元
 * comes out as 黄 | 红 | 元), so a Han run is indexed three ways: every character, every
 * pair of adjacent characters, and (in the short fields) the segmenter's words of three or
 * more characters, which rank a story holding the query's words as words higher. A
 * query run of two or more characters asks for all of its pairs, so 数据交易所 finds the
 * stories that hold 数据, 据交, 交易 and 易所, not every story with a 数 in it.
 */

/** Full-width Latin and digits to half-width (NFKC), and lower case, for index and query alike. */
export const normalize = (text: string): string => text.normalize('NFKC').toLowerCase();

/**
 * A Han run, or a run of letters, digits and marks of any other script. The second run is
 * capped: each character of it costs the regex engine stack, and one unbroken run of a few
 * million characters (a pasted blob) overflowed it. No real word is 256 characters long.
 */
export const TOKEN = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}\p{M}]){1,256})/gu;
const zhWords = new Intl.Segmenter('zh', { granularity: 'word' });
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** Characters (code points, so an Extension B character is one) of a Han run. */
const codePoints = (run: string): string[] => Array.from(run);

/** Words of three or more Han characters the segmenter finds; shorter ones are n-grams already. */
export function longHanWords(text: string): string[] {
  const out: string[] = [];
  for (const { segment, isWordLike } of zhWords.segment(text)) {
    if (isWordLike && segment.length >= 3 && /^\p{Script=Han}+$/u.test(segment) && codePoints(segment).length >= 3) {
      out.push(segment);
    }
  }
  return out;
}

/** One part of a query: a Han run, or a word (the last one, still being typed, as a prefix). */
export type QueryPart = { kind: 'han'; text: string } | { kind: 'word'; text: string; prefix: boolean };

/**
 * Splits a query the way text is indexed. The last word is a prefix while the user is
 * still typing it (no space after it yet). A single letter being typed after other words
 * is left out until the next keystroke: as a prefix it would expand to a large part of the
 * vocabulary, and as a word it would empty the list for a moment.
 */
export function parseQuery(query: string): QueryPart[] {
  const norm = normalize(query);
  const parts: QueryPart[] = [];
  const seen = new Set<string>();
  for (const match of norm.matchAll(TOKEN)) {
    const atEnd = match.index + match[0].length === norm.length;
    if (match[1]) {
      if (!seen.has(`h:${match[1]}`)) parts.push({ kind: 'han', text: match[1] });
      seen.add(`h:${match[1]}`);
    } else if (match[2]) {
      const typing = atEnd;
      if (typing && match[2].length === 1 && parts.length > 0) continue;
      const prefix = typing && match[2].length >= 2;
      const key = `w:${match[2]}:${prefix}`;
      if (!seen.has(key)) parts.push({ kind: 'word', text: match[2], prefix });
      seen.add(key);
    }
  }
  return parts;
}

/** Adjacent pairs of a Han run, each once, or the single character of a one-character run. */
export function hanGrams(run: string): string[] {
  const chars = codePoints(run);
  if (chars.length === 1) return chars;
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  return [...grams];
}

export type Range = [start: number, end: number];

interface MappedText {
  /** The normalised text. */
  norm: string;
  /** For each UTF-16 unit of norm: the original [start, end) of the grapheme it came from. */
  origStart: number[];
  origEnd: number[];
  /** Original offsets where a grapheme starts, and the text's length at the end. */
  boundaries: number[];
}

/**
 * A unit that may belong to a grapheme of several UTF-16 units (combining marks, surrogate
 * pairs, emoji, CR LF, kana with its sound marks). Text without one (Latin, CJK and their
 * punctuation: most copy) is mapped unit by unit, without the grapheme segmenter. No u
 * flag, so that surrogates match.
 */
const SEVERAL_UNIT_GRAPHEMES =
  /[\r\u0250-\u200f\u2028-\u202f\u205f-\u2fff\u3040-\u30ff\u3100-\u33ff\u4dc0-\u4dff\ua000-\ufeff\uff9e-\uff9f\ufff0-\uffff]/;
const normalisedChars = new Map<string, string>();

function normaliseChar(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : c;
  if (code >= 0x4e00 && code <= 0x9fff) return c;
  let n = normalisedChars.get(c);
  if (n === undefined) {
    n = normalize(c);
    if (normalisedChars.size < 10_000) normalisedChars.set(c, n);
  }
  return n;
}

/** Normalises grapheme by grapheme, remembering where each normalised unit came from. */
function mapText(text: string): MappedText {
  let norm = '';
  const origStart: number[] = [];
  const origEnd: number[] = [];
  const boundaries: number[] = [];
  const push = (segment: string, index: number, n: string): void => {
    boundaries.push(index);
    norm += n;
    for (let k = 0; k < n.length; k++) {
      origStart.push(index);
      origEnd.push(index + segment.length);
    }
  };
  if (!SEVERAL_UNIT_GRAPHEMES.test(text)) {
    for (let i = 0; i < text.length; i++) push(text[i]!, i, normaliseChar(text[i]!));
  } else {
    for (const { segment, index } of graphemes.segment(text)) push(segment, index, normalize(segment));
  }
  boundaries.push(text.length);
  return { norm, origStart, origEnd, boundaries };
}

/** Sorted, non-overlapping; touching ranges are joined so one name is one highlight. */
function mergeRanges(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/**
 * Where the query's parts occur in `text`, as [start, end) UTF-16 offsets into the original
 * text, on grapheme boundaries: whole words for words (the whole word for a prefix), and
 * every stretch covered by one of the query's Han pairs (or its single character).
 */
export function matchRanges(text: string, parts: QueryPart[]): Range[] {
  if (!text || parts.length === 0) return [];
  return rangesIn(mapText(text), parts);
}

function rangesIn({ norm, origStart, origEnd }: MappedText, parts: QueryPart[]): Range[] {
  if (parts.length === 0) return [];
  const words = parts.filter((p) => p.kind === 'word');
  const grams = new Set(parts.flatMap((p) => (p.kind === 'han' ? hanGrams(p.text) : [])));
  const found: Range[] = [];
  const add = (from: number, to: number): void => {
    found.push([origStart[from]!, origEnd[to - 1]!]);
  };
  for (const match of norm.matchAll(TOKEN)) {
    if (match[1] && grams.size) {
      const run = match[1];
      let offset = match.index;
      const chars = codePoints(run);
      for (let i = 0; i < chars.length; i++) {
        const one = chars[i]!;
        const two = i + 1 < chars.length ? one + chars[i + 1]! : null;
        if (two !== null && grams.has(two)) add(offset, offset + two.length);
        else if (grams.has(one)) add(offset, offset + one.length);
        offset += one.length;
      }
    } else if (match[2] && words.length) {
      const word = match[2];
      if (words.some((w) => w.text === word || (w.prefix && word.startsWith(w.text)))) {
        add(match.index, match.index + word.length);
      }
    }
  }
  return mergeRanges(found);
}

export interface Snippet {
  snippet: string;
  matches: Range[];
}

const ELLIPSIS = '…';
const WORD_CHAR = '(?:(?!\\p{Script=Han})[\\p{L}\\p{N}\\p{M}])';
const IS_WORD_CHAR = new RegExp(`^${WORD_CHAR}$`, 'u');
const escapeRegExp = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|/]/gu, '\\$&');

/** A normalised character as the copy may hold it: either case, half- or full-width. */
function looseChar(c: string): string {
  const forms = new Set([c, c.toUpperCase()]);
  for (const form of [...forms]) {
    const code = form.charCodeAt(0);
    if (form.length === 1 && code >= 0x21 && code <= 0x7e) forms.add(String.fromCharCode(code + 0xfee0));
  }
  const escaped = [...forms].map(escapeRegExp);
  return escaped.length === 1 ? escaped[0]! : `(?:${escaped.join('|')})`;
}

const looseMatchers = new WeakMap<QueryPart[], RegExp>();

/**
 * One regular expression that finds the first place the query matches the raw copy, without
 * normalising the whole text first: a body can be long, and a snippet needs one spot of it.
 * It misses only rare spellings (decomposed accents, ligatures); the precise path catches those.
 */
function looseMatcher(parts: QueryPart[]): RegExp {
  let re = looseMatchers.get(parts);
  if (!re) {
    const alternatives = parts.map((part) => {
      if (part.kind === 'han') return hanGrams(part.text).map(escapeRegExp).join('|');
      const word = Array.from(part.text).map(looseChar).join('');
      return `(?<!${WORD_CHAR})${word}${part.prefix ? '' : `(?!${WORD_CHAR})`}`;
    });
    re = new RegExp(alternatives.map((a) => `(?:${a})`).join('|'), 'u');
    looseMatchers.set(parts, re);
  }
  return re;
}

/** Full-width Latin, digits and punctuation: copy holding any goes the way of looseMatcher. */
const FULL_WIDTH = /[\uff01-\uff5e]/u;

/**
 * Where the query first matches `text` (an offset), or -1. Most copy has no full-width Latin
 * and lower-cases to the same length: then plain indexOf on the lower-cased text finds the
 * same places looseMatcher would, without compiling and running a regular expression for
 * every hit of every keystroke; other copy goes through looseMatcher.
 */
function firstMatch(text: string, parts: QueryPart[]): number {
  const lower = text.toLowerCase();
  if (lower.length !== text.length || FULL_WIDTH.test(text)) return text.search(looseMatcher(parts));
  let best = -1;
  const better = (at: number): void => {
    if (at >= 0 && (best < 0 || at < best)) best = at;
  };
  for (const part of parts) {
    if (part.kind === 'han') {
      for (const gram of hanGrams(part.text)) better(lower.indexOf(gram));
      continue;
    }
    const word = part.text;
    for (let at = lower.indexOf(word); at >= 0 && (best < 0 || at < best); at = lower.indexOf(word, at + 1)) {
      const previous = at >= 2 && /[\udc00-\udfff]/.test(lower[at - 1]!) ? at - 2 : at - 1;
      const before = at > 0 ? String.fromCodePoint(lower.codePointAt(previous)!) : '';
      const afterAt = at + word.length;
      const after = afterAt < lower.length ? String.fromCodePoint(lower.codePointAt(afterAt)!) : '';
      if (!IS_WORD_CHAR.test(before) && (part.prefix || !IS_WORD_CHAR.test(after))) {
        better(at);
        break;
      }
    }
  }
  return best;
}

/** Moves a cut so it splits no word, surrogate pair or combining sequence (within reason). */
function safeCut(text: string, at: number, direction: -1 | 1): number {
  const splits = (i: number): boolean => {
    if (i <= 0 || i >= text.length) return false;
    const code = text.charCodeAt(i);
    if (code >= 0xdc00 && code <= 0xdfff) return true;
    const next = String.fromCodePoint(text.codePointAt(i)!);
    if (/^\p{M}$/u.test(next)) return true;
    const prev = text.slice(i >= 2 && /[\udc00-\udfff]/u.test(text[i - 1]!) ? i - 2 : i - 1, i);
    return IS_WORD_CHAR.test(next) && IS_WORD_CHAR.test(prev);
  };
  let i = at;
  for (let steps = 0; steps < 64 && splits(i); steps++) i += direction;
  return splits(i) ? at : i;
}

/**
 * A passage of about `size` graphemes of `text` around its first match, cut on grapheme
 * boundaries (on a space, in spaced scripts, when one is near), with the matches inside it.
 * Line breaks become spaces: a snippet is one line. Only a window around the first match is
 * examined closely, so a long body costs little more than a short one.
 */
export function snippetOf(text: string, parts: QueryPart[], size = 90, lead = 28, expectMatch = true): Snippet {
  const found = parts.length ? firstMatch(text, parts) : -1;
  if (found < 0 && expectMatch) return cutSnippet(text, parts, size, lead, false, false);
  const anchor = Math.max(0, found);
  const from = safeCut(text, Math.max(0, anchor - lead * 2), -1);
  const to = safeCut(text, Math.min(text.length, anchor + size * 2), 1);
  return cutSnippet(text.slice(from, to), parts, size, lead, from > 0, to < text.length);
}

function cutSnippet(
  text: string,
  parts: QueryPart[],
  size: number,
  lead: number,
  moreBefore: boolean,
  moreAfter: boolean,
): Snippet {
  const flat = text.replace(/\s+/gu, (s) => ' '.repeat(s.length));
  const mapped = mapText(flat);
  const ranges = rangesIn(mapped, parts);
  const { boundaries } = mapped;
  const count = boundaries.length - 1;
  const graphemeAt = (offset: number): number => {
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (boundaries[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const first = ranges[0];
  let from = first ? Math.max(0, graphemeAt(first[0]) - lead) : 0;
  const to = Math.min(count, from + size);
  from = Math.max(0, Math.min(from, to - size));
  let start = boundaries[from]!;
  let end = boundaries[to]!;
  // Start at the beginning of a clause or a word when one is close: after a space or a
  // Chinese stop or comma, rather than in the middle of 本报讯 or of a word.
  if (start > 0 && !/[\s\p{P}]/u.test(flat[start - 1]!)) {
    const lookahead = flat.slice(start, Math.min(first ? first[0] : end, start + lead));
    const boundary = lookahead.search(/[\s。！？；，、：…]/u);
    if (boundary >= 0) start += boundary + 1;
  }
  if (end < flat.length && /[\p{L}\p{N}]/u.test(flat[end]!) && !/\p{Script=Han}/u.test(flat[end]!)) {
    const tail = flat.slice(Math.max(start, end - 16), end);
    const space = tail.search(/\s\S*$/u);
    if (space >= 0) end = end - tail.length + space;
  }
  const body = flat.slice(start, end).trim();
  const trimmedStart = start + (flat.slice(start, end).length - flat.slice(start, end).trimStart().length);
  const bodyEnd = trimmedStart + body.length;
  const before = moreBefore || flat.slice(0, trimmedStart).trim() ? ELLIPSIS : '';
  const after = moreAfter || flat.slice(bodyEnd).trim() ? ELLIPSIS : '';
  const shift = before.length - trimmedStart;
  const matches = ranges
    .filter(([a, b]) => b > trimmedStart && a < bodyEnd)
    .map(([a, b]): Range => [Math.max(a, trimmedStart) + shift, Math.min(b, bodyEnd) + shift]);
  return { snippet: before + body + after, matches };
}
