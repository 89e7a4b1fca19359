/**
 * The postings of the compact search index (see compact-index.ts): the fields a story is
 * indexed by, the vocabulary of words, and immutable segments of varint-coded postings with
 * their writer, lookup and merge.
 */
export const FIELDS = ['headline', 'kicker', 'subheadline', 'slug', 'tags', 'byline', 'body'] as const;
export type TextField = (typeof FIELDS)[number];
export const BODY = FIELDS.indexOf('body');
export const FIELD_COUNT = FIELDS.length;

/** A document's term occurrences, in text order: each key, and the field it occurs in. */
export interface DocumentTerms {
  keys: Float64Array;
  fields: Uint8Array;
  /** Terms per field, for length normalisation. */
  lengths: Uint32Array;
}

export interface Segment {
  keys: Float64Array;
  /** Where each term's postings start in `data` (one more entry than keys: the end). */
  offsets: Uint32Array;
  /** Postings per term (document frequency in this segment). */
  counts: Uint32Array;
  data: Uint8Array;
}

/** Words, and long Han words, by number. Prefix lookups use a sorted copy plus the words added since. */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  readonly words: string[] = [];
  private sorted: string[] = [];

  constructor(words: string[] = []) {
    for (const word of words) this.id(word);
  }

  id(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.words.push(word);
      this.ids.set(word, id);
    }
    return id;
  }

  find(word: string): number | undefined {
    return this.ids.get(word);
  }

  /** The numbers of the words starting with `prefix`. */
  withPrefix(prefix: string): number[] {
    // Words added since the last sort are looked at one by one; past a thousand, sort again.
    if (this.words.length - this.sorted.length > 1000) this.sorted = [...this.words].sort();
    const out: number[] = [];
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.sorted.length && this.sorted[i]!.startsWith(prefix); i++)
      out.push(this.ids.get(this.sorted[i]!)!);
    for (let i = this.sorted.length; i < this.words.length; i++) {
      // (this.sorted holds the first sorted.length words, in another order)
      if (this.words[i]!.startsWith(prefix)) out.push(i);
    }
    return out;
  }
}

/** Growable byte buffer with varint writes. */
class ByteWriter {
  bytes: Uint8Array;
  length = 0;
  constructor(capacity = 1024) {
    this.bytes = new Uint8Array(capacity);
  }
  varint(n: number): void {
    if (this.length + 5 > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + 5));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    while (n >= 0x80) {
      this.bytes[this.length++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    this.bytes[this.length++] = n;
  }
  done(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

/** Growable arrays of numbers for a segment being written. */
class SegmentWriter {
  private keys = new Float64Array(1024);
  private offsets = new Uint32Array(1025);
  private counts = new Uint32Array(1024);
  private terms = 0;
  readonly data = new ByteWriter(1 << 16);
  private lastDoc = 0;
  private open = false;

  startTerm(key: number): void {
    this.endTerm();
    if (this.terms === this.keys.length) {
      const grow = <T extends Float64Array | Uint32Array>(a: T, size: number): T => {
        const b = new (a.constructor as new (n: number) => T)(size);
        b.set(a);
        return b;
      };
      this.keys = grow(this.keys, this.keys.length * 2);
      this.counts = grow(this.counts, this.counts.length * 2);
      this.offsets = grow(this.offsets, this.keys.length + 1);
    }
    this.keys[this.terms] = key;
    this.offsets[this.terms] = this.data.length;
    this.counts[this.terms] = 0;
    this.lastDoc = 0;
    this.open = true;
  }

  posting(doc: number, value: number): void {
    this.data.varint(doc - this.lastDoc);
    this.data.varint(value);
    this.lastDoc = doc;
    this.counts[this.terms]!++;
  }

  private endTerm(): void {
    if (!this.open) return;
    this.open = false;
    // A term whose every posting was dropped (deleted documents) is not kept.
    if (this.counts[this.terms] === 0) this.data.length = this.offsets[this.terms]!;
    else this.terms++;
  }

  finish(): Segment {
    this.endTerm();
    const offsets = this.offsets.slice(0, this.terms + 1);
    offsets[this.terms] = this.data.length;
    return {
      keys: this.keys.slice(0, this.terms),
      offsets,
      counts: this.counts.slice(0, this.terms),
      data: this.data.done(),
    };
  }
}

/** First index of `keys` not below `key`. */
export function lowerBound(keys: Float64Array, key: number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Calls `visit(doc, value)` for each posting of term `t` of `segment`. */
export function forEachPosting(segment: Segment, t: number, visit: (doc: number, value: number) => void): void {
  const data = segment.data;
  let at = segment.offsets[t]!;
  const end = segment.offsets[t + 1]!;
  let doc = 0;
  while (at < end) {
    let gap = 0;
    let scale = 1;
    let byte: number;
    do {
      byte = data[at++]!;
      gap += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    let value = 0;
    scale = 1;
    do {
      byte = data[at++]!;
      value += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    doc += gap;
    visit(doc, value);
  }
}

/** Postings decoded for a search: documents and values side by side, reused from term to term. */
export class PostingBuffer {
  docs = new Uint32Array(1024);
  values = new Uint32Array(1024);

  /**
   * Decodes the postings of term `t` of `segment` into `docs` and `values` (grown as needed)
   * and returns how many there are: one tight loop, where forEachPosting calls a function per
   * posting (a search reads tens of thousands of them).
   */
  read(segment: Segment, t: number): number {
    const count = segment.counts[t]!;
    if (this.docs.length < count) {
      this.docs = new Uint32Array(count);
      this.values = new Uint32Array(count);
    }
    const { docs, values } = this;
    const data = segment.data;
    let at = segment.offsets[t]!;
    let doc = 0;
    for (let n = 0; n < count; n++) {
      let byte = data[at++]!;
      let gap = byte & 0x7f;
      for (let scale = 128; byte & 0x80; scale *= 128) {
        byte = data[at++]!;
        gap += (byte & 0x7f) * scale;
      }
      byte = data[at++]!;
      let value = byte & 0x7f;
      for (let scale = 128; byte & 0x80; scale *= 128) {
        byte = data[at++]!;
        value += (byte & 0x7f) * scale;
      }
      doc += gap;
      docs[n] = doc;
      values[n] = value;
    }
    return count;
  }
}

/**
 * The segment of documents (ascending numbers) given with their term occurrences. Every
 * occurrence is put in key order by a stable radix sort of its key (three passes over its 38
 * bits), so one key's occurrences stay in document order and a document's occurrences of a
 * key are side by side: they become one posting (the fields, and the count in the body). No
 * comparison sort, no map of keys.
 */
export function buildSegment(docs: { doc: number; terms: DocumentTerms }[]): Segment {
  let total = 0;
  for (const { terms } of docs) total += terms.keys.length;
  const low = new Uint32Array(total);
  const high = new Uint32Array(total);
  const occurrenceDocs = new Uint32Array(total);
  const occurrenceFields = new Uint8Array(total);
  let n = 0;
  for (const { doc, terms } of docs) {
    const { keys, fields } = terms;
    for (let i = 0; i < keys.length; i++, n++) {
      const key = keys[i]!;
      const hi = Math.floor(key / 4294967296);
      high[n] = hi;
      low[n] = key - hi * 4294967296;
      occurrenceDocs[n] = doc;
      occurrenceFields[n] = fields[i]!;
    }
  }
  const order = new Uint32Array(total);
  const spare = new Uint32Array(total);
  const counts = new Uint32Array(65537);
  // Pass 1 reads the occurrences in their own order; passes 2 and 3 in the order so far.
  for (let i = 0; i < total; i++) counts[(low[i]! & 0x7ff) + 1]!++;
  for (let d = 1; d <= 0x800; d++) counts[d]! += counts[d - 1]!;
  for (let i = 0; i < total; i++) order[counts[low[i]! & 0x7ff]!++] = i;
  counts.fill(0);
  for (let i = 0; i < total; i++) counts[((low[order[i]!]! >>> 11) & 0x7ff) + 1]!++;
  for (let d = 1; d <= 0x800; d++) counts[d]! += counts[d - 1]!;
  for (let i = 0; i < total; i++) {
    const p = order[i]!;
    spare[counts[(low[p]! >>> 11) & 0x7ff]!++] = p;
  }
  counts.fill(0);
  for (let i = 0; i < total; i++) {
    const p = spare[i]!;
    counts[((low[p]! >>> 22) | (high[p]! << 10)) + 1]!++;
  }
  for (let d = 1; d < counts.length; d++) counts[d]! += counts[d - 1]!;
  for (let i = 0; i < total; i++) {
    const p = spare[i]!;
    order[counts[(low[p]! >>> 22) | (high[p]! << 10)]!++] = p;
  }

  const writer = new SegmentWriter();
  let currentKey = -1;
  let currentDoc = -1;
  let value = 0;
  for (let i = 0; i < total; i++) {
    const p = order[i]!;
    const key = high[p]! * 4294967296 + low[p]!;
    const doc = occurrenceDocs[p]!;
    if (key !== currentKey) {
      if (currentDoc >= 0) writer.posting(currentDoc, value);
      writer.startTerm(key);
      currentKey = key;
      currentDoc = -1;
    }
    if (doc !== currentDoc) {
      if (currentDoc >= 0) writer.posting(currentDoc, value);
      currentDoc = doc;
      value = 0;
    }
    const field = occurrenceFields[p]!;
    value |= 1 << field;
    // The body count, kept below 2²⁰ so the value stays a small positive integer.
    if (field === BODY && value >>> 7 < 0xfffff) value += 128;
  }
  if (currentDoc >= 0) writer.posting(currentDoc, value);
  return writer.finish();
}

/** One segment from several (in the order of their documents), without the documents `alive` says are gone. */
export function mergeSegments(segments: Segment[], alive: (doc: number) => boolean): Segment {
  const writer = new SegmentWriter();
  const heads = new Uint32Array(segments.length);
  for (;;) {
    let key = Infinity;
    for (let s = 0; s < segments.length; s++) {
      const k = segments[s]!.keys[heads[s]!];
      if (k !== undefined && k < key) key = k;
    }
    if (key === Infinity) break;
    writer.startTerm(key);
    for (let s = 0; s < segments.length; s++) {
      const segment = segments[s]!;
      if (segment.keys[heads[s]!] !== key) continue;
      forEachPosting(segment, heads[s]!, (doc, value) => {
        if (alive(doc)) writer.posting(doc, value);
      });
      heads[s]!++;
    }
  }
  return writer.finish();
}

/** Grows a typed array to at least `size` entries. */
export function ensure<T extends Uint32Array | Uint8Array>(a: T, size: number): T {
  if (a.length >= size) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}
