import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Cipher } from '../secret-store';

/**
 * A real authenticated cipher (AES-256-GCM) keyed by a word, for tests: another key fails to
 * decrypt, like safeStorage after a keyring reset. `backend` and `available` can be changed.
 */
export class TestCipher implements Cipher {
  private key: Buffer;
  available = true;
  backendName: 'os' | 'basic_text' = 'os';
  encryptCalls = 0;

  constructor(keyWord = 'keyring-1') {
    this.key = createHash('sha256').update(keyWord).digest();
  }

  /** Simulates a keyring reset: everything encrypted before no longer decrypts. */
  resetKeyring(keyWord = 'keyring-2'): void {
    this.key = createHash('sha256').update(keyWord).digest();
  }

  isAvailable(): boolean {
    return this.available;
  }

  backend(): 'os' | 'basic_text' | 'unavailable' {
    return this.available ? this.backendName : 'unavailable';
  }

  encrypt(plain: string): Buffer {
    if (!this.available) throw new Error('encryption is not available');
    this.encryptCalls += 1;
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([Buffer.from('v10'), iv, c.getAuthTag(), body]);
  }

  decrypt(cipher: Buffer): string {
    if (!this.available) throw new Error('encryption is not available');
    if (cipher.subarray(0, 3).toString() !== 'v10') throw new Error('unknown ciphertext version');
    const iv = cipher.subarray(3, 15);
    const tag = cipher.subarray(15, 31);
    const d = createDecipheriv('aes-256-gcm', this.key, iv);
    d.setAuthTag(tag);
    return Buffer.concat([d.update(cipher.subarray(31)), d.final()]).toString('utf8');
  }
}
