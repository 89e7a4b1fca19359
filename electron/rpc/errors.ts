import type { ErrorCode } from '../../shared/ipc/contract';

/** A failure a service expects and the user can act on; it crosses the boundary with its code. */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The system's error code (ENOSPC, EROFS…) behind a file-system failure, for callers that act on it. */
    readonly systemCode?: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

const IO_CODES = new Set(['ENOSPC', 'EACCES', 'EPERM', 'EROFS', 'ENOENT', 'EISDIR', 'ENOTDIR', 'EMFILE', 'EIO']);

/** Turns a Node file-system error into a message an editor can read. */
export function describeIoError(error: unknown, what: string): ServiceError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && IO_CODES.has(code)) {
    const reason =
      code === 'ENOSPC'
        ? 'the disk is full'
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'the folder is not writable'
          : code === 'ENOENT'
            ? 'the file or folder does not exist'
            : `the system reported ${code}`;
    return new ServiceError('io', `Could not ${what}: ${reason}.`, code);
  }
  return new ServiceError('io', `Could not ${what}: ${(error as Error)?.message ?? String(error)}`);
}

/**
 * Why a write failed when the cause is the disk, not the data: full, or not writable (a
 * read-only mount, a folder without write permission). Such a library can still be read.
 */
export function writeRefusal(error: unknown): 'disk-full' | 'not-writable' | null {
  const code = error instanceof ServiceError ? error.systemCode : (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'disk-full';
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return 'not-writable';
  return null;
}
