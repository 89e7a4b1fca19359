/**
 * What the import dialog sends to the host: every source, a file or a paste, travels as a
 * named "file" whose bytes are base64. The host picks the parser by the extension.
 */

import { IMPORT_EXTENSIONS } from '../../../../shared/file-types';

export const IMPORT_ACCEPT = IMPORT_EXTENSIONS.join(',');

/**
 * Bytes to base64 without `btoa` on a whole string of text (which throws on anything
 * outside Latin-1) and without spreading megabytes into one call (which overflows the
 * stack). Chunks are a multiple of 3 bytes, so their encodings concatenate cleanly.
 */
export function bytesToBase64(bytes: Uint8Array): string {
  const CHUNK = 3 * 16_384;
  const out: string[] = [];
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const slice = bytes.subarray(start, start + CHUNK);
    let binary = '';
    for (let i = 0; i < slice.length; i++) binary += String.fromCharCode(slice[i]!);
    out.push(btoa(binary));
  }
  return out.join('');
}

export const textToBase64 = (text: string): string => bytesToBase64(new TextEncoder().encode(text));

/** One thing to read: a chosen or dropped file, or the pasted text. */
export interface ReadItem {
  /** The name the host sees (its extension picks the parser). */
  name: string;
  /** What the stories record as their source: the file's name, or "paste". */
  source: string;
  data: () => Promise<string>;
}

export const fileItem = (file: File): ReadItem => ({
  name: file.name,
  source: file.name,
  data: async () => bytesToBase64(new Uint8Array(await file.arrayBuffer())),
});

/** A paste keeps its formatting when the clipboard had HTML; otherwise it is page text. */
export const pasteItem = (text: string, html: string | null): ReadItem =>
  html
    ? { name: 'paste.html', source: 'paste', data: async () => textToBase64(html) }
    : { name: 'paste.txt', source: 'paste', data: async () => textToBase64(text) };

/** Same file chosen twice (by menu and by drop): keep one. */
export const sameFile = (a: File, b: File): boolean =>
  a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;
