import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A ZIP file written in one go from parts in memory: what an OOXML package (DOCX) is. Parts
 * that every file of an export shares (styles, settings) are compressed once, as `ZipPart`s
 * made ahead, and only the story's own parts per file. Names are UTF-8 (flag bit 11).
 */

export interface ZipPart {
  name: Buffer;
  crc: number;
  size: number;
  /** Deflated, or the bytes themselves when stored. */
  body: Buffer;
  method: 0 | 8;
}

/** A part ready to zip; `store` leaves it uncompressed (for what is compressed already, as JPEG). */
export function zipPart(name: string, data: Buffer | string, options: { store?: boolean } = {}): ZipPart {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const store = options.store ?? false;
  return {
    name: Buffer.from(name, 'utf8'),
    crc: crc32(bytes),
    size: bytes.length,
    body: store ? bytes : deflateRawSync(bytes, { level: 6 }),
    method: store ? 0 : 8,
  };
}

/** MS-DOS time and date, as ZIP stores them (local time by convention; two-second steps). */
function dosTime(date: Date): { time: number; date: number } {
  const year = Math.min(Math.max(date.getFullYear(), 1980), 2107);
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

const UTF8_NAMES = 0x0800;

/**
 * The fields a local header (from its byte 4) and a central directory entry (from its byte 6)
 * share, in the same order: version needed, flags, method, time, date, CRC, sizes, name length
 * (the extra field's length after them stays 0).
 */
function writeEntryFields(header: Buffer, at: number, part: ZipPart, time: number, date: number): void {
  header.writeUInt16LE(20, at);
  header.writeUInt16LE(UTF8_NAMES, at + 2);
  header.writeUInt16LE(part.method, at + 4);
  header.writeUInt16LE(time, at + 6);
  header.writeUInt16LE(date, at + 8);
  header.writeUInt32LE(part.crc >>> 0, at + 10);
  header.writeUInt32LE(part.body.length, at + 14);
  header.writeUInt32LE(part.size, at + 18);
  header.writeUInt16LE(part.name.length, at + 22);
}

/** The local file header that goes before a part's name and body. */
export function localHeader(part: ZipPart, time: number, date: number): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  writeEntryFields(header, 4, part, time, date);
  return header;
}

/** A part's central directory entry (before its name), `offset` being where its local header starts. */
export function centralEntry(part: ZipPart, time: number, date: number, offset: number): Buffer {
  const entry = Buffer.alloc(46);
  entry.writeUInt32LE(0x02014b50, 0);
  entry.writeUInt16LE(20, 4);
  writeEntryFields(entry, 6, part, time, date);
  // Comment, disk, internal and external attributes: none.
  entry.writeUInt32LE(offset, 42);
  return entry;
}

/** The ZIP file of `parts`, in their order (an OOXML reader takes any order; EPUB wants mimetype first). */
export function zipFile(parts: readonly ZipPart[], modified: Date = new Date()): Buffer {
  const { time, date } = dosTime(modified);
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const local = localHeader(part, time, date);
    chunks.push(local, part.name, part.body);
    central.push(centralEntry(part, time, date, offset), part.name);
    offset += local.length + part.name.length + part.body.length;
  }
  const centralSize = central.reduce((sum, b) => sum + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}
