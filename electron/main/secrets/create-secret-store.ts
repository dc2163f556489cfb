import path from 'node:path';
import { FileSecretStore } from './file-secret-store';
import type { Cipher, SecretStore } from './secret-store';

/** The file in userData that holds the encrypted passwords. */
export const SECRETS_FILE_NAME = 'secrets.json';

/**
 * A cipher for runtimes without safeStorage (the e2e stand-in): nothing can be encrypted, so
 * only session-only passwords work and `secretStorageStatus` says 'unavailable'.
 */
export const unavailableCipher: Cipher = {
  isAvailable: () => false,
  backend: () => 'unavailable',
  encrypt: () => {
    throw new Error('encryption is not available');
  },
  decrypt: () => {
    throw new Error('encryption is not available');
  },
};

/**
 * The store main uses: `<userDataDir>/secrets.json` encrypted with `cipher` (safeStorageCipher in
 * the app, created after `app.whenReady()`), session-only passwords in memory.
 */
export function createSecretStore(options: { userDataDir: string; cipher?: Cipher }): SecretStore {
  return new FileSecretStore({
    cipher: options.cipher ?? unavailableCipher,
    file: path.join(options.userDataDir, SECRETS_FILE_NAME),
  });
}
