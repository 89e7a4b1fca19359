import { crc32 } from 'node:zlib';
import { CompactIndex, type StoredFields } from './compact-index';
import { FIELDS, type Segment, Vocabulary } from './postings';

/**
 * The search index on disk (`<library>/search/index.bin`), so a restart reads it back instead
 * of indexing every story again; the search process then checks it against the story files
 * (search-index.ts) and indexes only what changed.
 *
 *   "MHSI" | format (u32) | body length (u32) | body | CRC-32 of the body (u32)
 *   body = JSON length (u32) | JSON (documents, stored fields, versions, vocabulary,
 *          segment sizes) | field lengths | per segment: keys, offsets, counts, postings
 *
 * A file that is short, of another format, or whose checksum does not match is not read
 * (null): the caller builds the index afresh. Nothing in it is trusted without the checksum.
 */

const MAGIC = 0x4953484d; // "MHSI" little-endian
export const INDEX_FORMAT = 1;

interface Header {
  ids: string[];
  stored: ([string, string, string, string, string] | null)[];
  versions: string[];
  words: string[];
  segments: { terms: number; bytes: number }[];
}

/** The index as bytes, its segments as they are (a deleted document's postings are skipped when read back). */
export function encodeIndex(index: CompactIndex): Uint8Array {
  const header: Header = {
    ids: index.ids.map((id, doc) => (index.alive[doc] ? id : '')),
    stored: index.stored.map((s) => (s ? [s.headline, s.kicker, s.section, s.status, s.language] : null)),
    versions: index.versions,
    words: index.vocabulary.words,
    segments: index.segments.map((s) => ({ terms: s.keys.length, bytes: s.data.length })),
  };
  const json = Buffer.from(JSON.stringify(header));
  const lengths = index.lengths.subarray(0, index.ids.length * FIELDS.length);
  const parts: Uint8Array[] = [u32(json.length), json, bytesOf(lengths)];
  for (const s of index.segments) parts.push(bytesOf(s.keys), bytesOf(s.offsets), bytesOf(s.counts), s.data);
  const body = Buffer.concat(parts);
  return Buffer.concat([u32(MAGIC), u32(INDEX_FORMAT), u32(body.length), body, u32(crc32(body))]);
}

/** The index read back, or null when the bytes are not a sound index file of this format. */
export function decodeIndex(file: Uint8Array): CompactIndex | null {
  try {
    const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
    if (bytes.length < 16 || bytes.readUInt32LE(0) !== MAGIC || bytes.readUInt32LE(4) !== INDEX_FORMAT) return null;
    const bodyLength = bytes.readUInt32LE(8);
    if (12 + bodyLength + 4 !== bytes.length) return null;
    const body = bytes.subarray(12, 12 + bodyLength);
    if (crc32(body) !== bytes.readUInt32LE(12 + bodyLength)) return null;
    const jsonLength = body.readUInt32LE(0);
    const header = JSON.parse(body.subarray(4, 4 + jsonLength).toString('utf8')) as Header;
    let at = 4 + jsonLength;
    const take = <T>(make: new (n: number) => T & { buffer: ArrayBufferLike }, count: number, width: number): T => {
      const out = new make(count);
      new Uint8Array(out.buffer).set(body.subarray(at, at + count * width));
      at += count * width;
      return out;
    };
    const index = new CompactIndex(new Vocabulary(header.words));
    const docs = header.ids.length;
    const lengths = take(Uint32Array, docs * FIELDS.length, 4);
    header.ids.forEach((id, doc) => {
      const s = header.stored[doc];
      const stored: StoredFields | null = s
        ? { headline: s[0], kicker: s[1], section: s[2], status: s[3], language: s[4] }
        : null;
      const docLengths = lengths.subarray(doc * FIELDS.length, (doc + 1) * FIELDS.length);
      if (id && stored) index.register(id, stored, header.versions[doc] ?? '', docLengths);
      else index.placeholder();
    });
    for (const { terms, bytes: size } of header.segments) {
      const segment: Segment = {
        keys: take(Float64Array, terms, 8),
        offsets: take(Uint32Array, terms + 1, 4),
        counts: take(Uint32Array, terms, 4),
        data: take(Uint8Array, size, 1),
      };
      index.segments.push(segment);
    }
    if (at !== body.length) return null;
    return index;
  } catch {
    return null;
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

const bytesOf = (a: Float64Array | Uint32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
