import { type QueryPart, TOKEN, hanGrams, longHanWords, normalize } from './search-text';
import {
  BODY,
  type DocumentTerms,
  FIELD_COUNT,
  FIELDS,
  type Segment,
  type TextField,
  Vocabulary,
  buildSegment,
  ensure,
  PostingBuffer,
  lowerBound,
  mergeSegments,
} from './postings';

/**
 * Masthead's own full-text index: compact postings in typed arrays instead of a JS object per
 * term and per document (MiniSearch held about 200 MB of heap at 10,000 stories).
 *
 * Terms are numbers. A pair of adjacent Han characters is `first × 2¹⁸ + second` (every Han
 * code point is below 2¹⁸), the last character of a Han run is `2³⁶ + character`, and a word
 * (a run of another script, or a long Han word the segmenter finds in a short field) is
 * `2³⁷ + its number in the vocabulary`. So the pairs a one-character query asks for (all that
 * start with it) are one range of the sorted keys, and no string is kept per pair.
 *
 * Documents get a number (`doc`) when they are added; a changed story is deleted and added
 * again under a new number, so numbers only grow and every segment holds higher numbers than
 * the ones before it. A segment is immutable: its sorted term keys, where each term's
 * postings start, how many there are, and the postings themselves as varints (the gap to the
 * previous doc, then the fields it occurs in and its count in the body). The build makes a
 * segment per batch of stories and merges them; a saved story becomes a segment of its own,
 * and small segments are merged together as they pile up, dropping deleted documents.
 *
 * Ranking is BM25 per field, weighted by field (the headline most), summed over the query's
 * terms; a Han query's longer words found whole in a short field add to it (names whole).
 */

/** The headline weighs most; the headline group and the slug the desk knows a story by, next. */
const BOOST: Record<TextField, number> = {
  headline: 4,
  kicker: 2,
  subheadline: 2,
  slug: 2,
  tags: 2,
  byline: 1.5,
  body: 1,
};
const BOOSTS = FIELDS.map((f) => BOOST[f]);
const K1 = 1.2;
const B = 0.7;
/** A word that only starts with the prefix being typed counts for less than the word itself. */
const PREFIX_WEIGHT = 0.5;
/** A query's long Han word found whole in a short field (a name, an organisation). */
const WHOLE_WORD_WEIGHT = 1;

/** The text of a story as it is indexed. */
export type IndexedText = Record<TextField, string>;
/** What a hit shows without reading the story. */
export interface StoredFields {
  headline: string;
  kicker: string;
  section: string;
  status: string;
  language: string;
}

const HAN = /\p{Script=Han}/u;
/** A segment below this many bytes of postings is merged with the others like it as they pile up. */
const SMALL_SEGMENT_BYTES = 1 << 20;
const PAIR = 2 ** 18;
const SINGLE_BASE = 2 ** 36;
const WORD_BASE = 2 ** 37;

/** A match: the document, its score and the fields the query matched in. */
export interface CompactMatch {
  doc: number;
  score: number;
  fields: TextField[];
}

/** A document's term occurrences as they are collected: each key and its field. */
class Occurrences {
  keys = new Float64Array(4096);
  fields = new Uint8Array(4096);
  length = 0;
  push(key: number, field: number): void {
    if (this.length === this.keys.length) {
      const keys = new Float64Array(this.keys.length * 2);
      keys.set(this.keys);
      this.keys = keys;
      const fields = new Uint8Array(this.keys.length);
      fields.set(this.fields);
      this.fields = fields;
    }
    this.keys[this.length] = key;
    this.fields[this.length++] = field;
  }
}

/** Number of the document for a story, and what the index knows of it. */
export interface DocumentTable {
  ids: string[];
  stored: StoredFields[];
  /** Opaque version of the story file indexed (for the check at start). */
  versions: string[];
}

export class CompactIndex {
  readonly vocabulary: Vocabulary;
  segments: Segment[] = [];
  /** By document number. A deleted document keeps its number with empty fields. */
  ids: string[] = [];
  stored: (StoredFields | null)[] = [];
  versions: string[] = [];
  alive = new Uint8Array(1024);
  /** Terms per field, FIELD_COUNT entries per document. */
  lengths = new Uint32Array(1024 * FIELD_COUNT);
  private readonly byId = new Map<string, number>();
  private readonly lengthSums = new Float64Array(FIELD_COUNT);
  private aliveCount = 0;
  /** Reused by termsOf: one story's occurrences at a time. */
  private readonly occurrences = new Occurrences();
  /** Reused by search: what it has found per document so far, and the postings it reads. */
  private met = new Uint8Array(0);
  private scores = new Float64Array(0);
  private matchedFields = new Uint8Array(0);
  private readonly postings = new PostingBuffer();

  constructor(vocabulary = new Vocabulary()) {
    this.vocabulary = vocabulary;
  }

  get documentCount(): number {
    return this.aliveCount;
  }

  get nextDoc(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  docOf(id: string): number | undefined {
    return this.byId.get(id);
  }

  isAlive = (doc: number): boolean => this.alive[doc] === 1;

  /** The terms of a story's text (the work of indexing it, apart from the segment). */
  termsOf(text: IndexedText): DocumentTerms {
    const occurrences = this.occurrences;
    occurrences.length = 0;
    const lengths = new Uint32Array(FIELD_COUNT);
    for (let f = 0; f < FIELD_COUNT; f++) {
      const before = occurrences.length;
      this.collect(text[FIELDS[f]!], f, f !== BODY, occurrences);
      lengths[f] = occurrences.length - before;
    }
    return {
      keys: occurrences.keys.slice(0, occurrences.length),
      fields: occurrences.fields.slice(0, occurrences.length),
      lengths,
    };
  }

  private collect(raw: string, field: number, words: boolean, out: Occurrences): void {
    if (!raw) return;
    const text = normalize(raw);
    for (const match of text.matchAll(TOKEN)) {
      if (match[1]) {
        const run = match[1];
        let previous = -1;
        for (let i = 0; i < run.length;) {
          const code = run.codePointAt(i)!;
          i += code > 0xffff ? 2 : 1;
          if (previous >= 0) out.push(this.pairKey(previous, code, true)!, field);
          previous = code;
        }
        out.push(this.singleKey(previous, true)!, field);
      } else if (match[2]) {
        out.push(WORD_BASE + this.vocabulary.id(match[2]), field);
      }
    }
    if (words && HAN.test(text))
      for (const word of longHanWords(text)) out.push(WORD_BASE + this.vocabulary.id(word), field);
  }

  /** The key of a Han pair; undefined when asked (`add` false) for one the vocabulary has never seen. */
  private pairKey(first: number, second: number, add: boolean): number | undefined {
    if (first < PAIR && second < PAIR) return first * PAIR + second;
    return this.wordKey(String.fromCodePoint(first, second), add);
  }

  private singleKey(code: number, add: boolean): number | undefined {
    if (code < PAIR) return SINGLE_BASE + code;
    return this.wordKey(String.fromCodePoint(code), add);
  }

  private wordKey(word: string, add: boolean): number | undefined {
    const id = add ? this.vocabulary.id(word) : this.vocabulary.find(word);
    return id === undefined ? undefined : WORD_BASE + id;
  }

  /** Registers a document under the next number (its postings go in a segment: `addSegment`). */
  register(id: string, stored: StoredFields, version: string, lengths: Uint32Array): number {
    this.remove(id);
    const doc = this.ids.length;
    this.ids.push(id);
    this.stored.push(stored);
    this.versions.push(version);
    this.alive = ensure(this.alive, doc + 1);
    this.alive[doc] = 1;
    this.lengths = ensure(this.lengths, (doc + 1) * FIELD_COUNT);
    this.lengths.set(lengths, doc * FIELD_COUNT);
    for (let f = 0; f < FIELD_COUNT; f++) this.lengthSums[f]! += lengths[f]!;
    this.byId.set(id, doc);
    this.aliveCount++;
    return doc;
  }

  /** A number taken by a deleted document (an index read back from its file keeps the numbers). */
  placeholder(): void {
    const doc = this.ids.length;
    this.ids.push('');
    this.stored.push(null);
    this.versions.push('');
    this.alive = ensure(this.alive, doc + 1);
    this.lengths = ensure(this.lengths, (doc + 1) * FIELD_COUNT);
  }

  /** Forgets a story; its postings stay in their segment, skipped, until a merge drops them. */
  remove(id: string): void {
    const doc = this.byId.get(id);
    if (doc === undefined) return;
    this.byId.delete(id);
    this.alive[doc] = 0;
    this.stored[doc] = null;
    this.versions[doc] = '';
    for (let f = 0; f < FIELD_COUNT; f++) this.lengthSums[f]! -= this.lengths[doc * FIELD_COUNT + f]!;
    this.aliveCount--;
  }

  /** Adds one story at once: its own segment, merged with the other small ones as they pile up. */
  add(id: string, text: IndexedText, stored: StoredFields, version = ''): void {
    const terms = this.termsOf(text);
    const doc = this.register(id, stored, version, terms.lengths);
    this.addSegment(buildSegment([{ doc, terms }]));
  }

  addSegment(segment: Segment): void {
    this.segments.push(segment);
    this.compact();
  }

  /**
   * Keeps the number of segments small without rewriting the large ones: past 8 small
   * segments at the end (saved stories, the newest documents), those become one; when a
   * quarter of the documents are deleted, everything becomes one, dropping them.
   */
  private compact(): void {
    const dead = this.ids.length - this.aliveCount;
    if (dead > 64 && dead > this.aliveCount / 4) return this.mergeAll();
    let small = 0;
    const count = this.segments.length;
    while (small < count && this.segments[count - 1 - small]!.data.length < SMALL_SEGMENT_BYTES) small++;
    if (small > 8) {
      this.segments = [
        ...this.segments.slice(0, count - small),
        mergeSegments(this.segments.slice(count - small), this.isAlive),
      ];
    }
  }

  mergeAll(): void {
    if (this.segments.length === 1 && this.ids.length === this.aliveCount) return;
    this.segments = [mergeSegments(this.segments, this.isAlive)];
  }

  /**
   * The documents matching every part of the query, best first: `matched` in all, the first
   * `limit` of them with their scores and the fields they matched in.
   */
  search(parts: QueryPart[], limit: number): { matches: CompactMatch[]; matched: number } {
    const requirements: { terms: [Segment, number, number][]; frequency: number }[] = [];
    const bonus: [Segment, number, number][] = [];
    const termsFor = (keys: [number, number][], into: [Segment, number, number][]): number => {
      let frequency = 0;
      for (const [key, weight] of keys) {
        for (const segment of this.segments) {
          const t = lowerBound(segment.keys, key);
          if (segment.keys[t] === key) {
            into.push([segment, t, weight]);
            frequency += segment.counts[t]!;
          }
        }
      }
      return frequency;
    };
    const require = (keys: [number, number][]): void => {
      const terms: [Segment, number, number][] = [];
      requirements.push({ terms, frequency: termsFor(keys, terms) });
    };
    for (const part of parts) {
      if (part.kind === 'word') {
        if (part.prefix) {
          require(
            this.vocabulary
              .withPrefix(part.text)
              .map((id) => [WORD_BASE + id, this.vocabulary.words[id] === part.text ? 1 : PREFIX_WEIGHT]),
          );
        } else {
          const key = this.wordKey(part.text, false);
          require(key === undefined ? [] : [[key, 1]]);
        }
        continue;
      }
      const chars = Array.from(part.text, (c) => c.codePointAt(0)!);
      if (chars.length === 1) {
        // Any pair the character starts (one range of keys), or the character ending a run.
        const code = chars[0]!;
        const terms: [Segment, number, number][] = [];
        let frequency = 0;
        if (code < PAIR) {
          for (const segment of this.segments) {
            const end = lowerBound(segment.keys, (code + 1) * PAIR);
            for (let t = lowerBound(segment.keys, code * PAIR); t < end; t++) {
              terms.push([segment, t, 1]);
              frequency += segment.counts[t]!;
            }
          }
        }
        const single = this.singleKey(code, false);
        if (single !== undefined) frequency += termsFor([[single, 1]], terms);
        requirements.push({ terms, frequency });
        continue;
      }
      for (const gram of hanGrams(part.text)) {
        const [a, b] = Array.from(gram, (c) => c.codePointAt(0)!);
        const key = this.pairKey(a!, b!, false);
        require(key === undefined ? [] : [[key, 1]]);
      }
      if (chars.length >= 3) {
        const keys: [number, number][] = [];
        for (const word of longHanWords(part.text)) {
          const key = this.wordKey(word, false);
          if (key !== undefined) keys.push([key, WHOLE_WORD_WEIGHT]);
        }
        termsFor(keys, bonus);
      }
    }
    if (requirements.length === 0 || requirements.some((r) => r.terms.length === 0)) return { matches: [], matched: 0 };
    // The rarest requirement first: it sets the candidates, the others can only remove some.
    requirements.sort((a, b) => a.frequency - b.frequency);

    const size = this.ids.length;
    // Zero for every document between searches: each search puts back those it marked (its candidates).
    if (this.met.length < size) {
      this.met = new Uint8Array(size + 1024);
      this.scores = new Float64Array(size + 1024);
      this.matchedFields = new Uint8Array(size + 1024);
    }
    const { met, scores } = this;
    const fields = this.matchedFields;
    const candidates: number[] = [];
    try {
      return this.rank(requirements, bonus, limit, candidates);
    } finally {
      for (const doc of candidates) {
        met[doc] = 0;
        scores[doc] = 0;
        fields[doc] = 0;
      }
    }
  }

  /** search() once the query's terms are found: the candidates it marks are put back by the caller. */
  private rank(
    requirements: { terms: [Segment, number, number][] }[],
    bonus: [Segment, number, number][],
    limit: number,
    candidates: number[],
  ): { matches: CompactMatch[]; matched: number } {
    const { met, scores, postings } = this;
    const fields = this.matchedFields;
    const total = Math.max(1, this.aliveCount);
    const averages = Array.from(this.lengthSums, (sum) => Math.max(1, sum / total));
    const lengths = this.lengths;
    const alive = this.alive;
    const score = (doc: number, value: number, weight: number): number => {
      let s = 0;
      const mask = value & 0x7f;
      for (let f = 0; f < FIELD_COUNT; f++) {
        if (!(mask & (1 << f))) continue;
        const tf = f === BODY ? Math.max(1, value >>> 7) : 1;
        const norm = 1 - B + (B * lengths[doc * FIELD_COUNT + f]!) / averages[f]!;
        s += (BOOSTS[f]! * (tf * (K1 + 1))) / (tf + K1 * norm);
      }
      return s * weight;
    };
    const idf = (frequency: number): number => Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5));

    for (let r = 0; r < requirements.length && (r === 0 || candidates.length > 0); r++) {
      const level = r + 1;
      for (const [segment, t, weight] of requirements[r]!.terms) {
        const w = weight * idf(segment.counts[t]!);
        const count = postings.read(segment, t);
        const { docs, values } = postings;
        for (let n = 0; n < count; n++) {
          const doc = docs[n]!;
          if (!alive[doc]) continue;
          const m = met[doc]!;
          if (m === r) {
            met[doc] = level;
            if (r === 0) candidates.push(doc);
          } else if (m !== level) continue;
          const value = values[n]!;
          scores[doc]! += score(doc, value, w);
          fields[doc]! |= value & 0x7f;
        }
      }
    }
    const all = requirements.length;
    for (const [segment, t, weight] of bonus) {
      const w = weight * idf(segment.counts[t]!);
      const count = postings.read(segment, t);
      const { docs, values } = postings;
      for (let n = 0; n < count; n++) {
        const doc = docs[n]!;
        if (met[doc] === all) scores[doc]! += score(doc, values[n]!, w);
      }
    }
    // The best `limit`, kept in order as the candidates go by: no sort of every match.
    const better = (a: number, b: number): boolean => scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b);
    const top: number[] = [];
    let matched = 0;
    for (const doc of candidates) {
      if (met[doc] !== all) continue;
      matched++;
      if (top.length === limit && !better(doc, top[top.length - 1]!)) continue;
      let at = top.length;
      while (at > 0 && better(doc, top[at - 1]!)) at--;
      top.splice(at, 0, doc);
      if (top.length > limit) top.pop();
    }
    const matches = top.map((doc): CompactMatch => ({
      doc,
      score: scores[doc]!,
      fields: FIELDS.filter((_, f) => fields[doc]! & (1 << f)),
    }));
    return { matches, matched };
  }
}
