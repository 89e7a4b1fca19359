import { writeFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { type ZipPart, centralEntry, localHeader } from '../../electron/export/zip-writer';

/**
 * Writes a zip by hand, for hostile-backup tests: entries a real zip tool would take minutes
 * to make (a gigabyte of deflated zeros, a hundred thousand entries) in a second, with the
 * sizes the test chooses in the headers.
 */
export interface RawZipEntry {
  name: string;
  /** Stored as is, unless `deflated` is given. */
  data?: Buffer;
  /** Raw-deflated bytes and the size they unpack to. */
  deflated?: { bytes: Buffer; size: number };
}

export async function writeRawZip(path: string, entries: RawZipEntry[]): Promise<void> {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const body = entry.deflated?.bytes ?? entry.data ?? Buffer.alloc(0);
    const part: ZipPart = {
      name: Buffer.from(entry.name, 'utf8'),
      // A deflated entry's CRC is left 0: readers check it only at the end, if at all.
      crc: entry.deflated ? 0 : crc32(body),
      size: entry.deflated?.size ?? body.length,
      body,
      method: entry.deflated ? 8 : 0,
    };
    // Time and date 0, as before: nothing reads them.
    const local = localHeader(part, 0, 0);
    parts.push(local, part.name, body);
    central.push(centralEntry(part, 0, 0, offset), part.name);
    offset += local.length + part.name.length + body.length;
  }
  const centralBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  // Past 65,535 entries the count wraps, as writers without ZIP64 leave it; readers walk the directory.
  end.writeUInt16LE(entries.length & 0xffff, 8);
  end.writeUInt16LE(entries.length & 0xffff, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  await writeFile(path, Buffer.concat([...parts, centralBytes, end]));
}
