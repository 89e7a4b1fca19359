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
  /**
   * For each UTF-16 unit of norm: the original [start, end) of the grapheme it came from; null
   * when every unit of the text is a grapheme that normalises to one unit (most copy: Latin,
   * CJK and their punctuation), so norm's offsets are the text's own.
   */
  origStart: number[] | null;
  origEnd: number[] | null;
  /** Original offsets where a grapheme starts, and the text's length at the end; null as above. */
  boundaries: number[] | null;
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

/** By UTF-16 unit: 1 + the one unit it normalises to, or NOT_ONE_UNIT; 0 while not yet looked up. */
const oneUnitForms = new Int32Array(0x10000);
const NOT_ONE_UNIT = -1;

function oneUnitForm(code: number): number {
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? code + 32 : code;
  if (code >= 0x4e00 && code <= 0x9fff) return code;
  let form = oneUnitForms[code]!;
  if (form === 0) {
    const n = normaliseChar(String.fromCharCode(code));
    form = n.length === 1 ? n.charCodeAt(0) + 1 : NOT_ONE_UNIT;
    oneUnitForms[code] = form;
  }
  return form === NOT_ONE_UNIT ? NOT_ONE_UNIT : form - 1;
}

/**
 * The normalised text of text made of one-unit graphemes, when each of them normalises to one
 * unit too; null otherwise. The unit at an offset of the result is the normalised unit at the
 * same offset of the text: no map of offsets is needed.
 */
function normaliseUnitByUnit(text: string): string | null {
  let changed = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const form = oneUnitForm(code);
    if (form === NOT_ONE_UNIT) return null;
    if (form !== code && changed < 0) changed = i;
  }
  if (changed < 0) return text;
  const units = new Uint16Array(text.length - changed);
  for (let i = changed; i < text.length; i++) units[i - changed] = oneUnitForm(text.charCodeAt(i));
  let norm = text.slice(0, changed);
  for (let i = 0; i < units.length; i += 4096) {
    norm += String.fromCharCode.apply(null, units.subarray(i, i + 4096) as unknown as number[]);
  }
  return norm;
}

/** Normalises grapheme by grapheme, remembering where each normalised unit came from. */
function mapText(text: string): MappedText {
  const severalUnits = SEVERAL_UNIT_GRAPHEMES.test(text);
  if (!severalUnits) {
    const norm = normaliseUnitByUnit(text);
    if (norm !== null) return { norm, origStart: null, origEnd: null, boundaries: null };
  }
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
  if (!severalUnits) {
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

/** What a character is to TOKEN: a Han character, a character of a word of another script, or neither. */
const HAN_CHAR = 1;
const WORD_CHAR_CLASS = 2;
const NEITHER = 3;
const IS_HAN_CHAR = /^\p{Script=Han}$/u;
const IS_TOKEN_CHAR = /^[\p{L}\p{N}\p{M}]$/u;
/** By code point below 2¹⁶ (0 while not yet looked up); the others in a map. */
const bmpClasses = new Uint8Array(0x10000);
const astralClasses = new Map<number, number>();

function classOf(code: number): number {
  let kind = code < 0x10000 ? bmpClasses[code]! : (astralClasses.get(code) ?? 0);
  if (kind === 0) {
    const c = String.fromCodePoint(code);
    kind = IS_HAN_CHAR.test(c) ? HAN_CHAR : IS_TOKEN_CHAR.test(c) ? WORD_CHAR_CLASS : NEITHER;
    if (code < 0x10000) bmpClasses[code] = kind;
    else astralClasses.set(code, kind);
  }
  return kind;
}

/** The longest word TOKEN takes at once, in code points. */
const LONGEST_WORD = 256;

/**
 * The tokens of normalised text exactly as `text.matchAll(TOKEN)` finds them (a Han run, or
 * a word of at most 256 code points), by their [start, end) offsets: a scan by a table of
 * character classes instead of a Unicode regular expression, with no string or match
 * object per token. Snippets and highlights go through it for every hit of every keystroke.
 */
export function forEachToken(
  norm: string,
  onHanRun: (start: number, end: number) => void,
  onWord: (start: number, end: number) => void,
): void {
  const length = norm.length;
  let i = 0;
  while (i < length) {
    const code = norm.codePointAt(i)!;
    const kind = (code < 0x10000 && bmpClasses[code]) || classOf(code);
    const start = i;
    i += code > 0xffff ? 2 : 1;
    if (kind === NEITHER) continue;
    let count = 1;
    while (i < length && (kind === HAN_CHAR || count < LONGEST_WORD)) {
      const next = norm.codePointAt(i)!;
      if (((next < 0x10000 && bmpClasses[next]) || classOf(next)) !== kind) break;
      i += next > 0xffff ? 2 : 1;
      count++;
    }
    if (kind === HAN_CHAR) onHanRun(start, i);
    else onWord(start, i);
  }
}

interface QueryMatcher {
  words: { text: string; prefix: boolean }[];
  /** The query's Han pairs: the second characters (code points) after each first one. */
  pairs: Map<number, Set<number>>;
  /** The query's single Han characters (a one-character run), as code points. */
  singles: Set<number>;
}

const queryMatchers = new WeakMap<QueryPart[], QueryMatcher>();

/** What rangesIn looks for, once per query (its parts are the same array for every hit). */
function queryMatcher(parts: QueryPart[]): QueryMatcher {
  let matcher = queryMatchers.get(parts);
  if (!matcher) {
    const pairs = new Map<number, Set<number>>();
    const singles = new Set<number>();
    for (const part of parts) {
      if (part.kind !== 'han') continue;
      for (const gram of hanGrams(part.text)) {
        const [first, second] = Array.from(gram, (c) => c.codePointAt(0)!);
        if (second === undefined) singles.add(first!);
        else {
          let seconds = pairs.get(first!);
          if (!seconds) pairs.set(first!, (seconds = new Set()));
          seconds.add(second);
        }
      }
    }
    const words = parts.flatMap((p) => (p.kind === 'word' ? [{ text: p.text, prefix: p.prefix }] : []));
    matcher = { words, pairs, singles };
    queryMatchers.set(parts, matcher);
  }
  return matcher;
}

function rangesIn({ norm, origStart, origEnd }: MappedText, parts: QueryPart[]): Range[] {
  if (parts.length === 0) return [];
  const { words, pairs, singles } = queryMatcher(parts);
  const found: Range[] = [];
  const add = (from: number, to: number): void => {
    found.push(origStart ? [origStart[from]!, origEnd![to - 1]!] : [from, to]);
  };
  forEachToken(
    norm,
    (start, end) => {
      if (pairs.size === 0 && singles.size === 0) return;
      let code = norm.codePointAt(start)!;
      for (let at = start; at < end;) {
        const nextAt = at + (code > 0xffff ? 2 : 1);
        const next = nextAt < end ? norm.codePointAt(nextAt)! : -1;
        const seconds = pairs.get(code);
        if (seconds && next >= 0 && seconds.has(next)) add(at, nextAt + (next > 0xffff ? 2 : 1));
        else if (singles.has(code)) add(at, nextAt);
        at = nextAt;
        code = next;
      }
    },
    (start, end) => {
      const length = end - start;
      for (const word of words) {
        const size = word.text.length;
        if ((length === size || (word.prefix && length > size)) && norm.startsWith(word.text, start)) {
          add(start, end);
          return;
        }
      }
    },
  );
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
 * every hit of every keystroke; other copy goes through looseMatcher. A query of Han runs only
 * is looked for in the copy itself, as Han has neither case nor width.
 */
function firstMatch(text: string, parts: QueryPart[]): number {
  let best = -1;
  const better = (at: number): void => {
    if (at >= 0 && (best < 0 || at < best)) best = at;
  };
  if (parts.every((part) => part.kind === 'han')) {
    // Han has no case or width: the copy's own text, not a lower-cased copy of it.
    for (const part of parts) for (const gram of hanGrams(part.text)) better(text.indexOf(gram));
    return best;
  }
  if (FULL_WIDTH.test(text)) return text.search(looseMatcher(parts));
  const lower = text.toLowerCase();
  if (lower.length !== text.length) return text.search(looseMatcher(parts));
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

/** White space other than the plain space: a snippet is one line. */
const OTHER_WHITE_SPACE = /[^\S ]/u;
const OTHER_WHITE_SPACES = /[^\S ]/gu;

function cutSnippet(
  text: string,
  parts: QueryPart[],
  size: number,
  lead: number,
  moreBefore: boolean,
  moreAfter: boolean,
): Snippet {
  // Each white space unit a space (all are one unit), so offsets stay those of the text.
  const flat = OTHER_WHITE_SPACE.test(text) ? text.replace(OTHER_WHITE_SPACES, ' ') : text;
  const mapped = mapText(flat);
  const ranges = rangesIn(mapped, parts);
  const boundaries = mapped.boundaries;
  const count = boundaries ? boundaries.length - 1 : flat.length;
  const boundary = (grapheme: number): number => (boundaries ? boundaries[grapheme]! : grapheme);
  const graphemeAt = (offset: number): number => {
    if (!boundaries) return Math.min(offset, count);
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
  let start = boundary(from);
  let end = boundary(to);
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
