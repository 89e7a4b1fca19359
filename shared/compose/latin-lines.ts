import type { Face } from './types';
import type { PlacedGlyph, SetLine } from './cjk-lines';

/**
 * English paragraphs by total fit (Knuth and Plass, "Breaking Paragraphs into Lines", 1981):
 * the breaks are chosen for the paragraph as a whole so that word spacing stays even from
 * line to line, instead of filling each line greedily and leaving the last ones loose. Words
 * break only at the hyphenation points the caller gives (TeX's patterns), at a cost.
 */

export interface LatinWord {
  /** The word's pieces between hyphenation points: "elec", "tric", "ity". */
  pieces: string[];
  face: Face;
  /** Whether a space follows (the last word of a paragraph, or a word before a style change, may have none). */
  spaceAfter: boolean;
  from: number;
  to: number;
}

export interface LatinLineOptions {
  measure: number;
  indent: number;
  /** Justify the last line (never in body text). */
  justifyLast?: boolean;
  /** Set ragged (headlines): no stretching, breaks still total-fit. */
  ragged?: boolean;
}

type Item =
  | { type: 'box'; width: number; text: string; face: Face; word: number; piece: number }
  | { type: 'glue'; width: number; stretch: number; shrink: number; word: number }
  | { type: 'penalty'; width: number; penalty: number; flagged: boolean; word: number; piece: number };

const INFINITY = 10000;
const HYPHEN_PENALTY = 100;
/** TeX's \\doublehyphendemerits: two hyphenated lines in a row cost dearly. */
const FLAGGED_DEMERITS = 10000;
const FITNESS_DEMERITS = 100;
const LINE_PENALTY = 10;

interface Node {
  position: number;
  line: number;
  fitness: number;
  width: number;
  stretch: number;
  shrink: number;
  demerits: number;
  previous: Node | null;
  ratio: number;
}

function itemsOf(words: LatinWord[], options: LatinLineOptions): Item[] {
  const items: Item[] = [];
  words.forEach((word, w) => {
    word.pieces.forEach((piece, p) => {
      items.push({ type: 'box', width: word.face.measure(piece), text: piece, face: word.face, word: w, piece: p });
      if (p < word.pieces.length - 1) {
        const explicit = piece.endsWith('-');
        items.push({
          type: 'penalty',
          width: explicit ? 0 : word.face.measure('-'),
          penalty: explicit ? 0 : HYPHEN_PENALTY,
          flagged: true,
          word: w,
          piece: p,
        });
      }
    });
    if (word.spaceAfter && w < words.length - 1) {
      const space = word.face.measure(' ');
      items.push(
        options.ragged
          ? { type: 'glue', width: space, stretch: space * 3, shrink: 0, word: w }
          : { type: 'glue', width: space, stretch: space / 2, shrink: space / 3, word: w },
      );
    }
  });
  // The paragraph ends with a fill and a forced break.
  items.push({ type: 'glue', width: 0, stretch: options.justifyLast ? 0 : INFINITY, shrink: 0, word: -1 });
  items.push({ type: 'penalty', width: 0, penalty: -INFINITY, flagged: true, word: -1, piece: -1 });
  return items;
}

function breakpoints(items: Item[], options: LatinLineOptions, tolerance: number): Node[] | null {
  const lineWidth = (line: number) => options.measure - (line === 0 ? options.indent : 0);
  let active: Node[] = [
    { position: 0, line: 0, fitness: 1, width: 0, stretch: 0, shrink: 0, demerits: 0, previous: null, ratio: 0 },
  ];
  let width = 0;
  let stretch = 0;
  let shrink = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const legal =
      (item.type === 'penalty' && item.penalty < INFINITY) || (item.type === 'glue' && items[i - 1]?.type === 'box');
    if (legal) {
      const candidates: Node[] = [];
      const next: Node[] = [];
      for (const node of active) {
        const w = width - node.width + (item.type === 'penalty' ? item.width : 0);
        const target = lineWidth(node.line);
        let ratio: number;
        const st = stretch - node.stretch;
        const sh = shrink - node.shrink;
        if (w < target) ratio = st > 0 ? (target - w) / st : INFINITY;
        else if (w > target) ratio = sh > 0 ? (target - w) / sh : -INFINITY;
        else ratio = 0;
        const forced = item.type === 'penalty' && item.penalty <= -INFINITY;
        if (ratio < -1 || forced) {
          // This node can no longer start a line that reaches here.
        } else next.push(node);
        if (ratio >= -1 && ratio <= tolerance) {
          const badness = 100 * Math.abs(ratio) ** 3;
          const penalty = item.type === 'penalty' ? item.penalty : 0;
          let demerits =
            penalty >= 0
              ? (LINE_PENALTY + badness) ** 2 + penalty ** 2
              : penalty > -INFINITY
                ? (LINE_PENALTY + badness) ** 2 - penalty ** 2
                : (LINE_PENALTY + badness) ** 2;
          const previousItem = items[node.position];
          if (item.type === 'penalty' && item.flagged && previousItem?.type === 'penalty' && previousItem.flagged)
            demerits += FLAGGED_DEMERITS;
          const fitness = ratio < -0.5 ? 0 : ratio <= 0.5 ? 1 : ratio <= 1 ? 2 : 3;
          if (Math.abs(fitness - node.fitness) > 1) demerits += FITNESS_DEMERITS;
          candidates.push({
            position: i,
            line: node.line + 1,
            fitness,
            width: 0,
            stretch: 0,
            shrink: 0,
            demerits: node.demerits + demerits,
            previous: node,
            ratio,
          });
        }
      }
      active = next;
      if (candidates.length) {
        // Widths after the break: from the next box on, skipping the glue and penalties a break discards.
        let bw = width;
        let bst = stretch;
        let bsh = shrink;
        for (let j = i; j < items.length; j++) {
          const it = items[j]!;
          if (it.type === 'box') break;
          if (it.type === 'glue') {
            bw += it.width;
            bst += it.stretch;
            bsh += it.shrink;
          } else if (it.penalty <= -INFINITY && j > i) break;
        }
        // Keep the best node per fitness class.
        const bestByFitness = new Map<number, Node>();
        for (const c of candidates) {
          const current = bestByFitness.get(c.fitness);
          if (!current || c.demerits < current.demerits) bestByFitness.set(c.fitness, c);
        }
        for (const c of bestByFitness.values()) {
          c.width = bw;
          c.stretch = bst;
          c.shrink = bsh;
          active.push(c);
        }
      }
      if (!active.length) return null;
    }
    if (item.type === 'box') width += item.width;
    else if (item.type === 'glue') {
      width += item.width;
      stretch += item.stretch;
      shrink += item.shrink;
    }
  }
  const last = items.length - 1;
  const ends = active.filter((n) => n.position === last);
  if (!ends.length) return null;
  let best = ends[0]!;
  for (const n of ends) if (n.demerits < best.demerits) best = n;
  const out: Node[] = [];
  for (let n: Node | null = best; n && n.previous; n = n.previous) out.push(n);
  return out.reverse();
}

/**
 * Breaks and justifies an English paragraph. Looser tolerances are tried when no set of
 * breaks keeps every line within the tighter one; as a last resort a word is allowed to
 * overrun (it is then broken between any two letters).
 */
export function setLatinParagraph(words: LatinWord[], options: LatinLineOptions): SetLine[] {
  if (!words.length) return [];
  // As TeX does: first without hyphenation at a tight tolerance, then with it.
  const whole = words.map((w) => ({ ...w, pieces: [w.pieces.join('')] }));
  let items = itemsOf(whole, options);
  let nodes = options.ragged ? null : breakpoints(items, options, 1);
  if (nodes) words = whole;
  else {
    items = itemsOf(words, options);
    nodes = breakpoints(items, options, options.ragged ? 100 : 2) ?? breakpoints(items, options, 10);
  }
  if (!nodes) {
    // A word wider than the column (a URL): let it break anywhere.
    const split = words.flatMap((w) => {
      const pieces = w.pieces.flatMap((p) => (w.face.measure(p) > options.measure * 0.8 ? Array.from(p) : [p]));
      return [{ ...w, pieces }];
    });
    items = itemsOf(split, options);
    nodes = breakpoints(items, options, INFINITY) ?? [];
    words = split;
  }
  const lines: SetLine[] = [];
  let start = 0;
  nodes.forEach((node, index) => {
    const indent = index === 0 ? options.indent : 0;
    const last = index === nodes!.length - 1;
    const end = node.position;
    // Skip discardable items at the line's start.
    while (start < end && items[start]!.type !== 'box') start++;
    const breakItem = items[end]!;
    const ratio = last && !options.justifyLast ? Math.min(0, node.ratio) : options.ragged ? 0 : node.ratio;
    const glyphs: PlacedGlyph[] = [];
    let x = 0;
    let from = -1;
    let to = 0;
    let current: PlacedGlyph | null = null;
    for (let k = start; k < end; k++) {
      const it = items[k]!;
      if (it.type === 'box') {
        const word = words[it.word]!;
        if (from < 0) from = word.from;
        to = word.to;
        // Pieces of one word join into one run (whole words in the PDF's text).
        if (current && items[k - 1]?.type === 'penalty') {
          current.text += it.text;
          current.advance += it.width;
        } else {
          current = { text: it.text, face: it.face, x, advance: it.width };
          glyphs.push(current);
        }
        x += it.width;
      } else if (it.type === 'glue') {
        x += it.width + (ratio >= 0 ? ratio * it.stretch : ratio * it.shrink);
        current = null;
      }
    }
    if (breakItem.type === 'penalty' && breakItem.width > 0 && current) {
      current.text += '-';
      current.advance += breakItem.width;
      x += breakItem.width;
    }
    lines.push({
      glyphs,
      width: x,
      spread: false,
      letterSpacing: 0,
      hanging: false,
      from: Math.max(0, from),
      to,
      last,
      indent,
    });
    start = end + 1;
  });
  return lines;
}
