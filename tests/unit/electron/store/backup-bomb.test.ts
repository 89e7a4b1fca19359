import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createDeflateRaw } from 'node:zlib';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKUP_DIR, createBackup, restoreBackup } from '../../../../electron/store/backup';
import { Library } from '../../../../electron/store/library';
import { tempDir } from '../../../helpers/temp';
import { type RawZipEntry, writeRawZip } from '../../../helpers/zip-writer';

/**
 * Issue 13, item 6: a 1 MB backup zip restored a 1 GiB photo (2.4 GB of memory), a
 * 100,000-entry zip was accepted, and an over-long entry name failed with a raw
 * ENAMETOOLONG. Each is refused clearly, before the library is touched.
 */
let dir: string;
let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  root = join(dir, 'library');
  const { library } = await Library.open(root);
  await library.createStory({ language: 'en', headline: 'Still here' });
});
afterEach(() => cleanup());

/** The library's own backup, opened for tampering. */
async function ownBackup(): Promise<JSZip> {
  const made = await createBackup(root, { appVersion: 'x' });
  return JSZip.loadAsync(await readFile(join(root, BACKUP_DIR, made.name)));
}

/** The files of a real backup, to build a hostile one around. */
async function entriesOf(zip: JSZip): Promise<RawZipEntry[]> {
  const out: RawZipEntry[] = [];
  for (const entry of Object.values(zip.files)) {
    if (!entry.dir) out.push({ name: entry.name, data: await entry.async('nodebuffer') });
  }
  return out;
}

/** `size` zero bytes, raw-deflated by zlib as they stream (never all in memory). */
async function deflatedZeros(size: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const deflate = createDeflateRaw({ level: 9 });
  deflate.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let left = size; left > 0; left -= zeros.length) {
    if (!deflate.write(zeros)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return Buffer.concat(chunks);
}

const headlines = async () => (await Library.open(root)).library.listStories().map((s) => s.headline);

describe('hostile backup zips', () => {
  it('refuses a 1 GiB photo packed into about a megabyte, without unpacking it into memory', async () => {
    const zip = await ownBackup();
    const gib = 1024 * 1024 * 1024;
    const deflated = await deflatedZeros(gib);
    const bomb = join(dir, 'bomb.zip');
    await writeRawZip(bomb, [
      ...(await entriesOf(zip)),
      { name: `assets/${'a'.repeat(64)}.jpg`, deflated: { bytes: deflated, size: gib } },
    ]);
    expect((await readFile(bomb)).length).toBeLessThan(2 * 1024 * 1024);

    const before = process.memoryUsage().rss;
    await expect(restoreBackup(root, bomb, { appVersion: 'x', label: 'bomb.zip' })).rejects.toThrow(
      /bomb\.zip cannot be restored: its file assets\/a+\.jpg unpacks to more than 200 times its packed size \(a zip bomb, not a backup\)\. The library was not changed\./,
    );
    expect(process.memoryUsage().rss - before).toBeLessThan(300 * 1024 * 1024);
    expect(await headlines()).toEqual(['Still here']);
  }, 60_000);

  it('refuses a zip of 100,000 entries', async () => {
    const zip = await ownBackup();
    const many = join(dir, 'many.zip');
    const empties = Array.from({ length: 100_000 }, (_, i) => ({ name: `history/x/${i}.json`, data: Buffer.alloc(0) }));
    await writeRawZip(many, [...(await entriesOf(zip)), ...empties]);
    await expect(restoreBackup(root, many, { appVersion: 'x', label: 'many.zip' })).rejects.toThrow(
      /many\.zip cannot be restored: it holds 100,0\d\d files, more than the 80,000 a library's backup may hold/,
    );
    expect(await headlines()).toEqual(['Still here']);
  }, 60_000);

  it('refuses an entry name too long for the file system with a clear message, not ENAMETOOLONG', async () => {
    const zip = await ownBackup();
    zip.file(`assets/${'长'.repeat(100)}.jpg`, 'x');
    const long = join(dir, 'long.zip');
    await writeFile(long, await zip.generateAsync({ type: 'nodebuffer' }));
    await expect(restoreBackup(root, long, { appVersion: 'x', label: 'long.zip' })).rejects.toThrow(
      /long\.zip cannot be restored: it holds a file name too long for any library/,
    );
    expect(await headlines()).toEqual(['Still here']);
  });
});
