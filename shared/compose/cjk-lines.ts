import { type CjkClass, cjkClass, compressible, isCjk, noLineStart } from './cjk-classes';
import type { Face } from './types';

/**
 * Chinese body text on the character grid (clreq, JIS X 4051). Every line of a paragraph but
 * the last is set to exactly the measure, a whole number of ems. A line that would break a
 * prohibition (a closing mark at its start, an opening one at its end, —— or …… parted) is
 * first kept full by compressing punctuation (标点挤压: a full-width mark loses its empty
 * half), by taking back the compression of consecutive marks, or by the spacing around Latin
 * words; only when none of that can do it is a character pushed to the next line and the
 * line spread (推出), which takes it off the grid. Breaks are chosen for the paragraph as a
 * whole, so a break that would spread a line is avoided where an earlier one keeps it whole.
 */

export interface InlineSpan {
  text: string;
  face: Face;
}

/** One unbreakable piece of a line: an ideograph, a mark, a Latin word, or a space. */
interface Unit {
  text: string;
  face: Face;
  kind: CjkClass | 'latin' | 'space';
  /** Natural width, and how far it may shrink or stretch, in ems. */
  width: number;
  shrink: number;
  stretch: number;
  /** The glyph's advance at full width (for a mark) or the word's own width (Latin). */
  advance: number;
  /** For a compressed mark: which side of the em box is empty (0 left, 0.5 both, 1 right). */
  emptySide: number;
  /** For a Latin word: spacing on its left and right next to Chinese text. */
  padLeft: number;
  padRight: number;
  /** May the line end after this unit? */
  breakAfter: boolean;
  /** Source offsets in the paragraph's text. */
  from: number;
  to: number;
}

export interface CjkLineOptions {
  /** The measure in ems (the grid's characters per line). */
  measure: number;
  /** First-line indent in ems (2 for a Chinese paragraph). */
  indent: number;
  /** Hanging punctuation (a template setting): 。，、 may hang past the measure instead of being pushed. */
  hang: boolean;
  /** Justify the last line too (a headline set to a full measure) — normally it is set flush. */
  justifyLast?: boolean;
}

/** A glyph of a set line, in ems from the line's start. */
export interface PlacedGlyph {
  text: string;
  face: Face;
  x: number;
  /** The glyph's own advance (what a PDF viewer or browser moves by after drawing it). */
  advance: number;
  /** The room it takes on the line as set: less than its advance when compressed. */
  setWidth?: number;
}

export interface SetLine {
  glyphs: PlacedGlyph[];
  /** Width as set, in ems (the measure unless last or hanging). */
  width: number;
  spread: boolean;
  /** Letter spacing added between units, in ems (spread lines only). */
  letterSpacing: number;
  hanging: boolean;
  from: number;
  to: number;
  last: boolean;
  indent: number;
}

const LATIN_PAD = 0.25;
const LATIN_PAD_MIN = 0.125;
const LATIN_PAD_MAX = 0.5;
/** Widths within a ten-thousandth of an em are equal (canvas and font units round differently). */
const EPS = 1e-4;

function isLatinChar(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return !isCjk(cp) && !/\s/.test(ch);
}

/** Splits styled text into units, measuring each with its face (the requested one, or the fallback). */
function unitsOf(spans: InlineSpan[], fallback: (cp: number) => Face | null): Unit[] {
  const units: Unit[] = [];
  let offset = 0;
  for (const span of spans) {
    const chars = Array.from(span.text);
    let i = 0;
    while (i < chars.length) {
      const ch = chars[i]!;
      const from = offset;
      if (/\s/.test(ch) && ch !== '\u3000') {
        const w = span.face.measure(' ');
        units.push(unit(' ', span.face, 'space', w, w * 0.3, w * 0.5, from, from + ch.length));
        offset += ch.length;
        i++;
        continue;
      }
      if (isLatinChar(ch)) {
        // A Latin word or a number, with trailing Western punctuation: one unbreakable unit.
        let word = '';
        while (i < chars.length && isLatinChar(chars[i]!)) word += chars[i++]!;
        offset += word.length;
        const w = span.face.measure(word);
        units.push(unit(word, span.face, 'latin', w, 0, 0, from, offset));
        continue;
      }
      const cp = ch.codePointAt(0)!;
      const face = span.face.has(cp) ? span.face : (fallback(cp) ?? span.face);
      const cls = cjkClass(ch);
      const advance = face.measure(ch);
      let emptySide = 0;
      let shrink = 0;
      if (compressible(ch, cls) && advance > 0.9) {
        const ink = face.ink(cp);
        const inkCentre = (ink.left + ink.right) / 2;
        // The empty half is where the ink isn't: right of 。，, left of “（, both sides of ：·.
        emptySide = inkCentre < 0.4 * advance ? 0 : inkCentre > 0.6 * advance ? 1 : 0.5;
        shrink = advance / 2;
      }
      const u = unit(ch, face, cls, advance, shrink, 0, from, from + ch.length);
      u.emptySide = emptySide;
      units.push(u);
      offset += ch.length;
      i++;
    }
  }
  // Spacing between Chinese and Latin (clreq: about a quarter em), flexible so lines stay full.
  for (let k = 0; k < units.length; k++) {
    const u = units[k]!;
    if (u.kind !== 'latin') continue;
    const before = units[k - 1];
    const after = units[k + 1];
    if (before && before.kind === 'han') u.padLeft = LATIN_PAD;
    if (after && after.kind === 'han') u.padRight = LATIN_PAD;
    const pads = (u.padLeft ? 1 : 0) + (u.padRight ? 1 : 0);
    u.width = u.advance + u.padLeft + u.padRight;
    u.shrink = pads * (LATIN_PAD - LATIN_PAD_MIN);
    u.stretch = pads * (LATIN_PAD_MAX - LATIN_PAD);
  }
  // Consecutive marks (标点挤压): a closing mark or stop followed by another mark, and an
  // opening mark after another mark, are set in half width; they may take it back to fill a line.
  for (let k = 0; k + 1 < units.length; k++) {
    const a = units[k]!;
    const b = units[k + 1]!;
    const aMark = a.shrink > 0 && a.kind !== 'latin' && a.kind !== 'space';
    const bMark = b.shrink > 0 && b.kind !== 'latin' && b.kind !== 'space';
    if (!aMark || !bMark) continue;
    if (a.kind === 'close' || a.kind === 'stop' || a.kind === 'middle') halve(a);
    else if (b.kind === 'open') halve(b);
  }
  // Where a line may end.
  for (let k = 0; k < units.length; k++) {
    const a = units[k]!;
    const b = units[k + 1];
    if (!b) {
      a.breakAfter = true;
      continue;
    }
    let ok = true;
    if (a.kind === 'open') ok = false;
    if (b.kind !== 'latin' && b.kind !== 'space' && noLineStart(b.kind as CjkClass)) ok = false;
    if (a.kind === 'dash' && b.kind === 'dash' && a.text === b.text) ok = false;
    if (b.kind === 'space') ok = false; // break after the space, not before it
    if (a.kind === 'latin' && b.kind === 'latin') ok = false;
    a.breakAfter = ok;
  }
  return units;
}

function halve(u: Unit): void {
  u.width = u.advance / 2;
  u.stretch = u.advance / 2;
  u.shrink = 0;
}

function unit(
  text: string,
  face: Face,
  kind: Unit['kind'],
  width: number,
  shrink: number,
  stretch: number,
  from: number,
  to: number,
): Unit {
  return {
    text,
    face,
    kind,
    width,
    shrink,
    stretch,
    advance: width,
    emptySide: 0,
    padLeft: 0,
    padRight: 0,
    breakAfter: false,
    from,
    to,
  };
}

interface Totals {
  natural: number;
  shrink: number;
  stretch: number;
}

/** Running sums of the units' widths, so a line's totals cost O(1). */
interface Sums {
  natural: Float64Array;
  shrink: Float64Array;
  stretch: Float64Array;
}

function sumsOf(units: Unit[]): Sums {
  const n = units.length;
  const sums = { natural: new Float64Array(n + 1), shrink: new Float64Array(n + 1), stretch: new Float64Array(n + 1) };
  units.forEach((u, k) => {
    sums.natural[k + 1] = sums.natural[k]! + u.width;
    sums.shrink[k + 1] = sums.shrink[k]! + u.shrink;
    sums.stretch[k + 1] = sums.stretch[k]! + u.stretch;
  });
  return sums;
}

/** Width totals of units s..e into `t`, leaving out spaces at either end (they vanish at a break). */
function totals(
  units: Unit[],
  sums: Sums,
  s: number,
  e: number,
  t: Totals = { natural: 0, shrink: 0, stretch: 0 },
): Totals {
  while (s <= e && units[s]!.kind === 'space') s++;
  while (e >= s && units[e]!.kind === 'space') e--;
  if (e < s) {
    t.natural = t.shrink = t.stretch = 0;
    return t;
  }
  t.natural = sums.natural[e + 1]! - sums.natural[s]!;
  t.shrink = sums.shrink[e + 1]! - sums.shrink[s]!;
  t.stretch = sums.stretch[e + 1]! - sums.stretch[s]!;
  // A Latin word's spacing toward the line's edge disappears.
  const first = units[s]!;
  const final = units[e]!;
  if (first.kind === 'latin' && first.padLeft) {
    t.natural -= first.padLeft;
    t.shrink -= LATIN_PAD - LATIN_PAD_MIN;
    t.stretch -= LATIN_PAD_MAX - LATIN_PAD;
  }
  if (final.kind === 'latin' && final.padRight) {
    t.natural -= final.padRight;
    t.shrink -= LATIN_PAD - LATIN_PAD_MIN;
    t.stretch -= LATIN_PAD_MAX - LATIN_PAD;
  }
  return t;
}

interface Candidate {
  cost: number;
  prev: number;
  hang: boolean;
}

/** Keeps the cheaper way to reach a break; returns true (a candidate was found). */
function relax(best: (Candidate | null)[], from: number, end: number, total: number, hang: boolean): true {
  const current = best[end];
  if (!current || total < current.cost - EPS) best[end] = { cost: total, prev: from, hang };
  return true;
}

const OFF_GRID = 1000;
/** The most a line may be tightened by letter spacing, in ems. */
const SQUEEZE = 0.5;
const OVERFULL = 100000;

/** Lines of a Chinese paragraph, chosen for the whole paragraph (fewest lines off the grid, then fewest lines). */
export function setCjkParagraph(
  spans: InlineSpan[],
  options: CjkLineOptions,
  fallback: (cp: number) => Face | null = () => null,
): SetLine[] {
  const units = unitsOf(spans, fallback);
  const sums = sumsOf(units);
  const n = units.length;
  if (!n) return [];
  const best: (Candidate | null)[] = new Array(n + 1).fill(null);
  best[0] = { cost: 0, prev: -1, hang: false };
  const t: Totals = { natural: 0, shrink: 0, stretch: 0 };
  const rest: Totals = { natural: 0, shrink: 0, stretch: 0 };
  for (let s = 0; s < n; s++) {
    const here = best[s];
    if (!here) continue;
    const lineWidth = options.measure - (s === 0 ? options.indent : 0);
    let found = false;
    for (let e = s; e < n; e++) {
      const u = units[e]!;
      const last = e === n - 1;
      totals(units, sums, s, e, t);
      // Hanging: a stop hangs past the measure when the rest of the line fills it.
      if (options.hang && u.kind === 'stop' && u.breakAfter && e > s) {
        totals(units, sums, s, e - 1, rest);
        if (rest.natural - rest.shrink <= lineWidth + EPS && rest.natural + rest.stretch >= lineWidth - EPS)
          found = relax(best, s, e + 1, here.cost + 1.5 + 0.1 * Math.abs(rest.natural - lineWidth), true);
      }
      if (t.natural - t.shrink > lineWidth + EPS) {
        // Squeezing the whole line by up to half an em (a hair between characters) reads
        // better than spreading the line before it; both leave the grid.
        const over = t.natural - t.shrink - lineWidth;
        if (u.breakAfter && over <= SQUEEZE + EPS && e > s)
          found = relax(best, s, e + 1, here.cost + 1 + OFF_GRID / 2 + over, false);
        if (!found) relax(best, s, e === s ? e + 1 : e, here.cost + OVERFULL, false);
        break;
      }
      if (!u.breakAfter) continue;
      let cost: number;
      if (last && !options.justifyLast) cost = 1 + 0.1 * Math.max(0, t.natural - lineWidth);
      else if (t.natural + t.stretch >= lineWidth - EPS) cost = 1 + 0.1 * Math.abs(t.natural - lineWidth);
      else cost = 1 + OFF_GRID + (lineWidth - t.natural - t.stretch);
      found = relax(best, s, e + 1, here.cost + cost, false);
    }
  }
  // Walk back from the end.
  const breaks: { s: number; e: number; hang: boolean }[] = [];
  for (let end = n; end > 0;) {
    const c = best[end]!;
    breaks.push({ s: c.prev, e: end - 1, hang: c.hang });
    end = c.prev;
  }
  breaks.reverse();
  return breaks.map((b, i) =>
    justify(units, sums, b.s, b.e, b.hang, options, i === 0 ? options.indent : 0, i === breaks.length - 1),
  );
}

function justify(
  units: Unit[],
  sums: Sums,
  s: number,
  e: number,
  hang: boolean,
  options: CjkLineOptions,
  indent: number,
  last: boolean,
): SetLine {
  const lineWidth = options.measure - indent;
  let first = s;
  let end = hang ? e - 1 : e;
  while (first <= end && units[first]!.kind === 'space') first++;
  while (end >= first && units[end]!.kind === 'space') end--;
  const t = totals(units, sums, first, end);
  let delta = lineWidth - t.natural;
  if (last && !options.justifyLast && delta > 0) delta = 0;
  // Shrink or stretch every flexible unit in proportion; what stretching can't fill is letter spacing.
  const shrinkRatio = delta < 0 && t.shrink > 0 ? Math.min(1, -delta / t.shrink) : 0;
  const stretchRatio = delta > 0 && t.stretch > 0 ? Math.min(1, delta / t.stretch) : 0;
  const leftover = delta > 0 ? Math.max(0, delta - t.stretch) : delta < 0 ? Math.min(0, delta + t.shrink) : 0;
  const gaps = Math.max(1, end - first);
  const letterSpacing = Math.abs(leftover) > EPS && end > first ? leftover / gaps : 0;
  const glyphs: PlacedGlyph[] = [];
  let x = 0;
  for (let k = first; k <= end; k++) {
    const u = units[k]!;
    const atStart = k === first;
    const atEnd = k === end;
    if (u.kind === 'latin') {
      const padLeft = atStart ? 0 : u.padLeft;
      const padRight = atEnd ? 0 : u.padRight;
      const pads = (padLeft ? 1 : 0) + (padRight ? 1 : 0);
      const adjust = pads
        ? shrinkRatio
          ? -shrinkRatio * (LATIN_PAD - LATIN_PAD_MIN)
          : stretchRatio * (LATIN_PAD_MAX - LATIN_PAD)
        : 0;
      const left = padLeft ? padLeft + adjust : 0;
      const right = padRight ? padRight + adjust : 0;
      glyphs.push({ text: u.text, face: u.face, x: x + left, advance: u.advance });
      x += left + u.advance + right;
    } else if (u.kind === 'space') {
      const w = u.width + (shrinkRatio ? -shrinkRatio * u.shrink : stretchRatio * u.stretch);
      x += w;
    } else {
      const width = u.width - shrinkRatio * u.shrink + stretchRatio * u.stretch;
      // A compressed mark loses its empty side: its glyph moves left by what it lost on the left.
      const trimmed = u.advance - width;
      glyphs.push({ text: u.text, face: u.face, x: x - trimmed * u.emptySide, advance: u.advance, setWidth: width });
      x += width;
    }
    if (!atEnd) x += letterSpacing;
  }
  if (hang) {
    const u = units[e]!;
    glyphs.push({ text: u.text, face: u.face, x, advance: u.advance });
  }
  return {
    glyphs,
    width: x,
    spread: Math.abs(letterSpacing) > EPS,
    letterSpacing,
    hanging: hang,
    from: units[s]!.from,
    to: units[e]!.to,
    last,
    indent,
  };
}
