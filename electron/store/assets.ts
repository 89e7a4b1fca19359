import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureDirIn, writeFileDurably } from './durable-file';
import { ServiceError, describeIoError } from '../rpc/errors';
import { exists } from './json-file';
import type { PHOTO_TYPES } from '../../shared/file-types';
import { MAX_PHOTO_BYTES, inMegabytes } from '../../shared/limits';
import { type SvgProblem, svgProblem } from '../../shared/svg-artwork';

const SIGNATURES: { mime: (typeof PHOTO_TYPES)[number]; ext: string; test: (b: Buffer) => boolean }[] = [
  {
    mime: 'image/png',
    ext: 'png',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { mime: 'image/jpeg', ext: 'jpg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: 'image/gif', ext: 'gif', test: (b) => b.subarray(0, 6).toString('latin1').startsWith('GIF8') },
  {
    mime: 'image/webp',
    ext: 'webp',
    test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
];

/** An asset's id is its file name: the SHA-256 of its bytes and the extension of its real type. */
export const ASSET_ID = /^[0-9a-f]{64}\.(png|jpg|gif|webp|svg)$/;

export const SVG_MIME = 'image/svg+xml';

export const assetMime = (assetId: string): string | undefined =>
  assetId.endsWith('.svg') ? SVG_MIME : SIGNATURES.find((s) => assetId.endsWith(`.${s.ext}`))?.mime;

const SVG_REFUSALS: Record<SvgProblem, string> = {
  'not-svg': 'is not an SVG, PNG or JPEG image',
  script: 'carries script or event handlers; export it again as plain artwork',
  external: 'refers to files or addresses outside itself; export it again with everything embedded',
  entity: 'declares XML entities; export it again as plain artwork',
};

/**
 * Photos live once in `assets/`, named by content hash: the same photo inserted twice, or in
 * two stories, is one file. The type is read from the bytes, never from the file name, and
 * photos are raster images only; an SVG (which can carry script) is taken only as artwork,
 * and only once shared/svg-artwork.ts finds nothing in it but drawing.
 */
export class AssetStore {
  constructor(private readonly root: string) {}

  private path(assetId: string): string {
    if (!ASSET_ID.test(assetId)) throw new ServiceError('invalid-input', `${assetId.slice(0, 80)} is not an asset id.`);
    return join(this.root, 'assets', assetId);
  }

  /** Where an asset's file is, or null when the id is not an asset id or the file is gone. */
  async locate(assetId: string): Promise<string | null> {
    if (!ASSET_ID.test(assetId)) return null;
    const path = join(this.root, 'assets', assetId);
    return (await exists(path)) ? path : null;
  }

  /**
   * Takes an image into the library. Artwork (a masthead's name, `vector`) may also be an SVG,
   * once it is known to carry no script and to refer to nothing outside itself.
   */
  async add(
    bytes: Buffer,
    originalName: string,
    options: { vector?: boolean } = {},
  ): Promise<{ assetId: string; mime: string; bytes: number }> {
    if (bytes.length === 0) throw new ServiceError('invalid-input', `${originalName} is empty.`);
    if (bytes.length > MAX_PHOTO_BYTES) {
      throw new ServiceError('invalid-input', `${originalName} is larger than ${inMegabytes(MAX_PHOTO_BYTES)} MB.`);
    }
    let kind: { mime: string; ext: string } | undefined = SIGNATURES.find((s) => s.test(bytes));
    if (!kind && options.vector) {
      const problem = svgProblem(bytes.toString('utf8'));
      if (problem) throw new ServiceError('invalid-input', `${originalName} ${SVG_REFUSALS[problem]}.`);
      kind = { mime: SVG_MIME, ext: 'svg' };
    }
    if (!kind) {
      throw new ServiceError('invalid-input', `${originalName} is not a PNG, JPEG, GIF or WebP image.`);
    }
    const assetId = `${createHash('sha256').update(bytes).digest('hex')}.${kind.ext}`;
    const target = this.path(assetId);
    if (!(await exists(target))) {
      try {
        await ensureDirIn(this.root, 'assets');
        await writeFileDurably(target, bytes);
      } catch (error) {
        throw describeIoError(error, `save ${originalName.slice(0, 80)}`);
      }
    }
    return { assetId, mime: kind.mime, bytes: bytes.length };
  }

  async read(assetId: string): Promise<{ bytes: Buffer; mime: string }> {
    const path = this.path(assetId);
    if (!(await exists(path))) throw new ServiceError('not-found', `There is no asset ${assetId} in this library.`);
    return { bytes: await readFile(path), mime: assetMime(assetId) ?? 'application/octet-stream' };
  }
}
