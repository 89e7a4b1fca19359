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

/** The ZIP file of `parts`, in their order (an OOXML reader takes any order; EPUB wants mimetype first). */
export function zipFile(parts: readonly ZipPart[], modified: Date = new Date()): Buffer {
  const { time, date } = dosTime(modified);
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(part.method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(part.crc >>> 0, 14);
    local.writeUInt32LE(part.body.length, 18);
    local.writeUInt32LE(part.size, 22);
    local.writeUInt16LE(part.name.length, 26);
    local.writeUInt16LE(0, 28);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(UTF8_NAMES, 8);
    entry.writeUInt16LE(part.method, 10);
    entry.writeUInt16LE(time, 12);
    entry.writeUInt16LE(date, 14);
    entry.writeUInt32LE(part.crc >>> 0, 16);
    entry.writeUInt32LE(part.body.length, 20);
    entry.writeUInt32LE(part.size, 24);
    entry.writeUInt16LE(part.name.length, 28);
    // Extra field, comment, disk, internal and external attributes: none.
    entry.writeUInt32LE(offset, 42);
    chunks.push(local, part.name, part.body);
    central.push(entry, part.name);
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
