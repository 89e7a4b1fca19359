import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { zipFile, zipPart } from '../../../../electron/export/zip-writer';
import { tempDir } from '../../../helpers/temp';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir('masthead-zip-')));
afterEach(() => cleanup());

it('writes a ZIP that others read back whole: deflated and stored parts, UTF-8 names, a part shared by two files', async () => {
  const shared = zipPart('word/styles.xml', '<styles/>'.repeat(500));
  const photo = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
  const parts = (text: string) => [
    shared,
    zipPart('word/document.xml', text),
    zipPart('word/media/图片 1.jpg', photo, { store: true }),
  ];
  const first = zipFile(parts('<p>滨江图书馆</p>'), new Date(2026, 6, 23, 20, 15, 30));
  const second = zipFile(parts('<p>Harbour bridge</p>'));
  for (const [bytes, text] of [
    [first, '<p>滨江图书馆</p>'],
    [second, '<p>Harbour bridge</p>'],
  ] as const) {
    const zip = await JSZip.loadAsync(bytes, { checkCRC32: true });
    expect(Object.keys(zip.files).sort()).toEqual(['word/document.xml', 'word/media/图片 1.jpg', 'word/styles.xml']);
    expect(await zip.file('word/document.xml')!.async('string')).toBe(text);
    expect(await zip.file('word/styles.xml')!.async('string')).toBe('<styles/>'.repeat(500));
    expect(await zip.file('word/media/图片 1.jpg')!.async('nodebuffer')).toEqual(photo);
  }
  expect((await JSZip.loadAsync(first)).file('word/document.xml')!.date.getMinutes()).toBe(15);
  // Info-ZIP's own check of every entry's CRC, where it is installed.
  const file = join(dir, 'a.zip');
  await writeFile(file, first);
  const tested = await promisify(execFile)('unzip', ['-t', file]).catch((error: NodeJS.ErrnoException) =>
    error.code === 'ENOENT' ? null : Promise.reject(error),
  );
  if (tested) expect(tested.stdout).toMatch(/No errors detected/);
});
