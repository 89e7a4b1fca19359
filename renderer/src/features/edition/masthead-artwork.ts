import type { MastheadApi } from '../../../../shared/ipc/contract';
import { MAX_PHOTO_BYTES } from '../../../../shared/limits';
import { type SvgProblem, svgProblem, svgSize } from '../../../../shared/svg-artwork';
import { naturalSize, readAsBase64 } from '../story/photos/photo-upload';

/** What the masthead's name may be drawn from. */
export const ARTWORK_ACCEPT = 'image/svg+xml,image/png,image/jpeg,.svg,.png,.jpg,.jpeg';

export type ArtworkProblem = 'not-image' | 'too-big' | 'empty' | 'broken' | 'no-size' | 'store' | SvgProblem;

export type ArtworkResult =
  { artwork: { asset: string; width: number; height: number } } | { problem: ArtworkProblem; reason?: string };

const isSvgFile = (file: File) => file.type === 'image/svg+xml' || /\.svg$/i.test(file.name);

/**
 * Reads a chosen artwork file, checks it as the library will (an SVG for script and outside
 * references), finds its own proportions (an SVG's viewBox, a picture's pixels) and stores it
 * in the library by content hash. Every refusal comes back with its reason, nothing half-saved.
 */
export async function storeArtwork(file: File, importAsset: MastheadApi['importAsset']): Promise<ArtworkResult> {
  const svg = isSvgFile(file);
  if (!svg && !['image/png', 'image/jpeg'].includes(file.type)) return { problem: 'not-image' };
  if (file.size === 0) return { problem: 'empty' };
  if (file.size > MAX_PHOTO_BYTES) return { problem: 'too-big' };
  let size: { width: number; height: number } | null;
  if (svg) {
    const text = await file.text();
    const problem = svgProblem(text);
    if (problem) return { problem };
    size = svgSize(text) ?? (await naturalSize(file));
    if (!size) return { problem: 'no-size' };
  } else {
    size = await naturalSize(file);
    if (!size) return { problem: 'broken' };
  }
  try {
    const data = await readAsBase64(file);
    const { assetId } = await importAsset({ name: file.name || 'masthead', data, artwork: true });
    return { artwork: { asset: assetId, width: size.width, height: size.height } };
  } catch (error) {
    return { problem: 'store', reason: error instanceof Error ? error.message : String(error) };
  }
}
