/**
 * The kinds of file the app takes, defined once for the service that reads them and the
 * renderer that offers them in its file pickers and drop zones.
 */

/** What the import reads: page text, Word, HTML and Markdown (electron/import/import.ts). */
export const IMPORT_EXTENSIONS = ['.txt', '.text', '.docx', '.html', '.htm', '.md', '.markdown'] as const;

/** Photos: raster images, never SVG; the library checks the bytes, not the name (electron/store/assets.ts). */
export const PHOTO_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

/** A file name's extension, lower case with its dot ('' when it has none). */
export const extensionOf = (name: string): string => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
};

export const isImportable = (name: string): boolean =>
  (IMPORT_EXTENSIONS as readonly string[]).includes(extensionOf(name));
