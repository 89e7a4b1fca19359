import type { PhotoAttrs } from '../../../../../shared/editor/nodes';
import type { MastheadApi } from '../../../../../shared/ipc/contract';
import { PHOTO_TYPES } from '../../../../../shared/file-types';
import { MAX_PHOTO_BYTES } from '../../../../../shared/limits';

/** Offered in the file picker; the library checks the bytes again. */
export const PHOTO_ACCEPT = PHOTO_TYPES.join(',');

export type PhotoProblem = 'not-image' | 'too-big' | 'empty';

/** Checked before the bytes are read and sent: a wrong file fails at once, with a reason. */
export function photoProblem(file: Pick<File, 'type' | 'size'>): PhotoProblem | null {
  if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return 'not-image';
  if (file.size === 0) return 'empty';
  if (file.size > MAX_PHOTO_BYTES) return 'too-big';
  return null;
}

export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

/** The image's own pixel size, for the copyfit estimate of its depth; null if it will not decode. */
export function naturalSize(file: Blob): Promise<{ width: number; height: number } | null> {
  return new Promise((resolve) => {
    const url = URL.createObjectURL(file);
    const img = new Image();
    const done = (size: { width: number; height: number } | null) => {
      URL.revokeObjectURL(url);
      resolve(size);
    };
    img.onload = () => done(img.naturalWidth > 0 ? { width: img.naturalWidth, height: img.naturalHeight } : null);
    img.onerror = () => done(null);
    img.src = url;
  });
}

/** Stores the photo in the library (once, by content hash) and returns the node's attributes. */
export async function uploadPhoto(file: File, importAsset: MastheadApi['importAsset']): Promise<PhotoAttrs> {
  const [data, size] = await Promise.all([readAsBase64(file), naturalSize(file)]);
  const { assetId } = await importAsset({ name: file.name || 'photo', data });
  return { asset: assetId, alt: '', caption: '', credit: '', width: size?.width ?? null, height: size?.height ?? null };
}

/** Image files among dropped or pasted ones; other files are reported by the caller. */
export const filesOf = (list: FileList | null | undefined): File[] => (list ? [...list] : []);
