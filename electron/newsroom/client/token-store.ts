import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type DurableFs, nodeDurableFs, writeFileDurably } from '../../store/durable-file';

/** Durable writes whose files are created for their owner alone. */
const privateFs: DurableFs = { ...nodeDurableFs, open: (path, flags) => nodeDurableFs.open(path, flags, 0o600) };

/**
 * Where this machine keeps its newsroom session token: never in the settings or the library
 * (a library is copied, backed up and shared; a token is a key). The desktop app passes a
 * store over Electron's safeStorage (electron/main), the web host and CLI a 0600 file beside
 * the settings file.
 */
export interface SecretStore {
  read(): Promise<string | null>;
  /** null forgets the token. */
  write(token: string | null): Promise<void>;
}

/** The token file beside a settings file. */
export const tokenFileBeside = (settingsPath: string): string => join(dirname(settingsPath), 'newsroom-token');

/** A token in a file only its owner can read or write (0600), written durably. */
export function fileSecretStore(path: string): SecretStore {
  return {
    async read() {
      try {
        const token = (await readFile(path, 'utf8')).trim();
        return token || null;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async write(token) {
      if (token === null) {
        await rm(path, { force: true });
        return;
      }
      await mkdir(dirname(path), { recursive: true });
      await writeFileDurably(path, token, privateFs);
    },
  };
}
