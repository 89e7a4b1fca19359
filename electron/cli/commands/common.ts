import { join, resolve } from 'node:path';
import { ServiceError } from '../../rpc/errors';
import { Library } from '../../store/library';
import { desktopUserDataDir } from '../../store/paths';

/** Where a command writes: the terminal, or a test's buffers. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** One `masthead` command: its words (`library list`), its usage lines, and what it does. */
export interface Command {
  name: string;
  usage: string;
  /** Resolves to the exit code: 0 done, 1 failed. A wrong command line throws usageError. */
  run: (args: string[], io: CliIo, defaultLibrary: string) => Promise<number>;
}

export const defaultLibrary = (): string => join(desktopUserDataDir(), 'library');

/** A mistake on the command line: runCli prints the usage and exits 2 (as node's parseArgs errors do). */
export const usageError = (message: string): Error =>
  Object.assign(new Error(message), { code: 'ERR_PARSE_ARGS_USAGE' });

/** Opens an existing library for reading; never creates one where the user pointed by mistake. */
export async function openLibrary(
  path: string | undefined,
  fallback: string,
): Promise<{ root: string; library: Library }> {
  const root = resolve(path ?? fallback);
  const { library } = await Library.open(root, { mustExist: true }).catch((error: unknown) => {
    throw noLibraryHint(error, root);
  });
  return { root, library };
}

/** "There is no library here" with the one command that makes one: only `library init` creates. */
export const noLibraryHint = (error: unknown, root: string): unknown =>
  error instanceof ServiceError && error.code === 'not-found'
    ? new ServiceError(
        'not-found',
        `There is no Masthead library in ${root}. Check --library, or make one there with: masthead library init --library ${JSON.stringify(root)}`,
      )
    : error;

/** Pads or cuts `text` to `width` terminal columns; Han and full-width characters take two. */
export const pad = (text: string, width: number): string => {
  let cols = 0;
  let out = '';
  for (const ch of text) {
    const w =
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u.test(
        ch,
      )
        ? 2
        : 1;
    if (cols + w > width) break;
    out += ch;
    cols += w;
  }
  return out + ' '.repeat(width - cols);
};

/**
 * An edition named on the command line by id or by its date (YYYY-MM-DD: the newest edition
 * of that date). The services take ids; dates are a convenience of the command line.
 */
export async function findEdition(library: Library, idOrDate: string): Promise<string> {
  const editions = await library.listEditions();
  const byId = editions.find((e) => e.id === idOrDate);
  if (byId) return byId.id;
  const byDate = editions.filter((e) => e.date === idOrDate).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  if (byDate[0]) return byDate[0].id;
  throw new ServiceError('not-found', `There is no edition with the id or date ${idOrDate} in this library.`);
}
