import { safeStorage } from 'electron';
import type { Cipher } from '../secrets/secret-store';

/**
 * Electron's safeStorage as a `Cipher` for FileSecretStore. Call after `app.whenReady()`: before
 * that, Linux has not chosen a backend yet. A Linux backend other than a real keyring counts as
 * 'basic_text' ('unknown' included), so the person is warned rather than falsely reassured.
 */
export const safeStorageCipher: Cipher = {
  isAvailable: () => safeStorage.isEncryptionAvailable(),
  backend() {
    if (!safeStorage.isEncryptionAvailable()) return 'unavailable';
    if (process.platform !== 'linux') return 'os';
    const backend = safeStorage.getSelectedStorageBackend();
    return backend === 'basic_text' || backend === 'unknown' ? 'basic_text' : 'os';
  },
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (cipher) => safeStorage.decryptString(cipher),
};
