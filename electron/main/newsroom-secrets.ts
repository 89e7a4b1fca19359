import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { safeStorage } from 'electron';
import { type SecretStore, fileSecretStore, tokenFileBeside } from '../newsroom/client/token-store';
import { type DurableFs, nodeDurableFs, writeFileDurably } from '../store/durable-file';

/** Durable writes whose files are created for their owner alone. */
const privateFs: DurableFs = { ...nodeDurableFs, open: (path, flags) => nodeDurableFs.open(path, flags, 0o600) };

/**
 * The desktop app's newsroom session token, encrypted with Electron's safeStorage (the
 * system keychain, DPAPI or libsecret) in a 0600 file beside the settings. Where the system
 * offers no encryption (a Linux desktop without a keyring), the plain 0600 file of the web
 * host is used instead, as the CLI does.
 */
export function safeStorageSecretStore(settingsPath: string): SecretStore {
  const path = join(dirname(settingsPath), 'newsroom-token.enc');
  const plain = fileSecretStore(tokenFileBeside(settingsPath));
  const encrypted = () => safeStorage.isEncryptionAvailable();
  return {
    async read() {
      if (!encrypted()) return plain.read();
      try {
        return safeStorage.decryptString(await readFile(path)) || null;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return plain.read();
        // Unreadable with this machine's key (copied from elsewhere): as good as signed out.
        return null;
      }
    },
    async write(token) {
      if (!encrypted()) return plain.write(token);
      if (token === null) {
        await rm(path, { force: true });
        await plain.write(null);
        return;
      }
      await mkdir(dirname(path), { recursive: true });
      await writeFileDurably(path, safeStorage.encryptString(token), privateFs);
      // A plain token from before encryption was available is not left behind.
      await plain.write(null);
    },
  };
}
