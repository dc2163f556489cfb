/**
 * Where main keeps account passwords. The renderer never reads them (STYLE.md §5); protocol
 * engines get them from here just before they log in. Implementations: `MemorySecretStore`
 * (tests, session-only passwords) and `FileSecretStore` (ciphertext in userData via a `Cipher`).
 */
import {
  ACCOUNT_ID_PATTERN,
  MAX_PASSWORD_LENGTH,
  type PasswordStatus,
  type SecretStorageStatus,
} from '../../../shared/ipc/calls/credentials';
import { HeronError } from '../../../shared/ipc/result';
import type { SecretSlot } from '../../../shared/model/account';

export type { PasswordStatus, SecretStorageStatus } from '../../../shared/ipc/calls/credentials';
export type { SecretSlot } from '../../../shared/model/account';

export const SECRET_SLOTS: readonly SecretSlot[] = ['incoming', 'outgoing'];

export interface SecretStore {
  /**
   * The password, or null if none was ever stored. Throws HeronError ENOSECRET if one was stored
   * but cannot be read any more (keyring reset, damaged file): the caller asks the person again.
   */
  get(accountId: string, slot: SecretSlot): Promise<string | null>;
  /** `persist: false` keeps the password in memory for this session and removes any copy on disk. */
  set(accountId: string, slot: SecretSlot, secret: string, options: { persist: boolean }): Promise<void>;
  has(accountId: string, slot: SecretSlot): Promise<PasswordStatus>;
  /** Removes both slots of the account, on disk and in memory. */
  delete(accountId: string): Promise<void>;
  status(): Promise<SecretStorageStatus>;
}

/**
 * Encrypts and decrypts short strings; Electron's safeStorage in the app, a fake in tests.
 * `decrypt` throws when the ciphertext cannot be decrypted (another key, a reset keyring).
 */
export interface Cipher {
  isAvailable(): boolean;
  backend(): SecretStorageStatus['backend'];
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
}

export const NOT_STORED: PasswordStatus = { stored: false, persisted: false, readable: false };

/** The IPC boundary validates too; this guards main-internal callers (setup, tests). */
export function checkAccountId(accountId: string): void {
  if (!ACCOUNT_ID_PATTERN.test(accountId)) {
    throw new HeronError('EINVALID', 'The account id must be 1 to 64 letters, digits, "_" or "-".', {
      detail: { field: 'accountId' },
    });
  }
}

export function checkSlot(slot: string): asserts slot is SecretSlot {
  if (!(SECRET_SLOTS as readonly string[]).includes(slot)) {
    throw new HeronError('EINVALID', 'The password slot must be "incoming" or "outgoing".', { detail: { field: 'slot' } });
  }
}

/** Never echoes the value: the message names the rule that failed. */
export function checkSecret(secret: string, maxLength: number = MAX_PASSWORD_LENGTH): void {
  const bad = (message: string): never => {
    throw new HeronError('EINVALID', message, { detail: { field: 'password' } });
  };
  if (typeof secret !== 'string' || secret.length === 0) bad('The password must not be empty.');
  if (secret.length > maxLength) bad(`The password must be at most ${maxLength} characters.`);
  // A CR or LF would end the PASS/AUTH line early and let the rest run as a protocol command.
  if (/[\r\n]/.test(secret)) bad('The password must not contain line breaks.');
  if (secret.includes('\0')) bad('The password must not contain a NUL character.');
}
