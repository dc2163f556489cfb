import { afterEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => ({
  available: true,
  backend: 'gnome_libsecret' as string,
  isEncryptionAvailable() {
    return this.available;
  },
  getSelectedStorageBackend() {
    return this.backend;
  },
  encryptString: (plain: string) => Buffer.from(`enc:${plain}`),
  decryptString: (cipher: Buffer) => {
    const text = cipher.toString();
    if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return text.slice(4);
  },
}));
vi.mock('electron', () => ({ safeStorage: fake }));

const { safeStorageCipher } = await import('./safe-storage-cipher');
const platform = process.platform;

afterEach(() => {
  fake.available = true;
  fake.backend = 'gnome_libsecret';
  Object.defineProperty(process, 'platform', { value: platform });
});

describe('safeStorageCipher', () => {
  it('maps a Linux keyring to os, basic_text and an undecided backend to basic_text', () => {
    Object.defineProperty(process, 'platform', { value: 'linux' });
    expect(safeStorageCipher.backend()).toBe('os');
    fake.backend = 'kwallet6';
    expect(safeStorageCipher.backend()).toBe('os');
    fake.backend = 'basic_text';
    expect(safeStorageCipher.backend()).toBe('basic_text');
    // Pessimistic on purpose: warn rather than falsely reassure.
    fake.backend = 'unknown';
    expect(safeStorageCipher.backend()).toBe('basic_text');
  });

  it('is unavailable when safeStorage cannot encrypt, and os on macOS/Windows', () => {
    fake.available = false;
    expect(safeStorageCipher.isAvailable()).toBe(false);
    expect(safeStorageCipher.backend()).toBe('unavailable');
    fake.available = true;
    Object.defineProperty(process, 'platform', { value: 'darwin' });
    expect(safeStorageCipher.backend()).toBe('os');
  });

  it('passes strings through encryptString/decryptString and lets a decrypt failure throw', () => {
    expect(safeStorageCipher.decrypt(safeStorageCipher.encrypt('pw'))).toBe('pw');
    expect(() => safeStorageCipher.decrypt(Buffer.from('garbage'))).toThrow(/decrypting/);
  });
});
