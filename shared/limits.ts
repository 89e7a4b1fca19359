/**
 * Size limits the user meets, defined once: the service enforces them, the renderer checks
 * them first to say so at once, and the transports are sized from them.
 */

const MB = 1024 * 1024;

/** The largest photo a story takes (electron/store/assets.ts refuses more). */
export const MAX_PHOTO_BYTES = 30 * MB;

/** The largest file the import reads: Word, page text, HTML or Markdown (electron/import). */
export const MAX_IMPORT_BYTES = 30 * MB;

/** How long the base64 text of `bytes` bytes is. */
export const base64Length = (bytes: number): number => 4 * Math.ceil(bytes / 3);

/** The longest base64 file one call carries (a photo, an import file, a photo inside one). */
export const MAX_FILE_BASE64 = base64Length(Math.max(MAX_PHOTO_BYTES, MAX_IMPORT_BYTES));

/** What one call may weigh on the web host's wire: the largest file and room for its envelope. */
export const MAX_CALL_BYTES = MAX_FILE_BASE64 + MB;

/** Limits in whole megabytes, for messages. */
export const inMegabytes = (bytes: number): number => Math.round(bytes / MB);
