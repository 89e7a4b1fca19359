import { describe, expect, it } from 'vitest';
import { parseImportFile } from '../../../electron/import/import';
import { AssetStore } from '../../../electron/store/assets';
import { contract } from '../../../shared/ipc/contract';
import { MAX_CALL_BYTES, MAX_IMPORT_BYTES, MAX_PHOTO_BYTES, base64Length } from '../../../shared/limits';
import { tempDir } from '../../helpers/temp';

const envelope = (data: string) => JSON.stringify({ name: 'photo.jpg', data });

describe('one set of size limits, the transports sized from them', () => {
  it('carries the largest photo and import file the service takes, through the contract and the web host', () => {
    for (const bytes of [MAX_PHOTO_BYTES, MAX_IMPORT_BYTES]) {
      const data = 'A'.repeat(base64Length(bytes));
      expect(contract.importAsset.input.safeParse({ name: 'photo.jpg', data }).success).toBe(true);
      expect(contract.parseImport.input.safeParse({ name: 'page.docx', data }).success).toBe(true);
      // The web host's body cap (was 32 MiB: a 30 MiB photo, 40 MiB as base64, was refused there).
      expect(Buffer.byteLength(envelope(data))).toBeLessThanOrEqual(MAX_CALL_BYTES);
    }
  });

  it('refuses a photo or an import file over the limit in the service, saying the limit', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const tooBig = Buffer.alloc(MAX_PHOTO_BYTES + 1);
      tooBig.set([0xff, 0xd8, 0xff]);
      await expect(new AssetStore(dir).add(tooBig, 'huge.jpg')).rejects.toThrow('huge.jpg is larger than 30 MB.');
      await expect(parseImportFile('huge.txt', Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x41))).rejects.toThrow(
        'huge.txt is larger than 30 MB.',
      );
    } finally {
      await cleanup();
    }
  });
});
