import {
  checkAccountId,
  checkSecret,
  checkSlot,
  NOT_STORED,
  type PasswordStatus,
  type SecretSlot,
  type SecretStorageStatus,
  type SecretStore,
} from './secret-store';

interface Entry {
  readonly secret: string;
  readonly persisted: boolean;
}

/**
 * Secrets in main's memory only. FileSecretStore layers one of these for session-only passwords;
 * tests use it as the whole store. It records `persist` as given, so a test can stand it in for a
 * store that persists, but nothing ever leaves memory.
 */
export class MemorySecretStore implements SecretStore {
  private readonly entries = new Map<string, Entry>();
  private readonly storageStatus: SecretStorageStatus;
  private readonly maxSecretLength: number | undefined;

  /** `maxSecretLength`: longer than a password's limit for what is not typed (an OAuth2 grant). */
  constructor(options: { status?: SecretStorageStatus; maxSecretLength?: number } = {}) {
    this.storageStatus = options.status ?? { backend: 'os', encryptionAvailable: true };
    this.maxSecretLength = options.maxSecretLength;
  }

  async get(accountId: string, slot: SecretSlot): Promise<string | null> {
    checkAccountId(accountId);
    checkSlot(slot);
    return this.entries.get(key(accountId, slot))?.secret ?? null;
  }

  async set(accountId: string, slot: SecretSlot, secret: string, options: { persist: boolean }): Promise<void> {
    checkAccountId(accountId);
    checkSlot(slot);
    checkSecret(secret, this.maxSecretLength);
    this.entries.set(key(accountId, slot), { secret, persisted: options.persist });
  }

  async has(accountId: string, slot: SecretSlot): Promise<PasswordStatus> {
    checkAccountId(accountId);
    checkSlot(slot);
    const entry = this.entries.get(key(accountId, slot));
    return entry === undefined ? NOT_STORED : { stored: true, persisted: entry.persisted, readable: true };
  }

  async delete(accountId: string): Promise<void> {
    checkAccountId(accountId);
    this.entries.delete(key(accountId, 'incoming'));
    this.entries.delete(key(accountId, 'outgoing'));
  }

  /** Removes one slot (FileSecretStore drops the session copy when a password is persisted). */
  deleteSlot(accountId: string, slot: SecretSlot): void {
    this.entries.delete(key(accountId, slot));
  }

  async status(): Promise<SecretStorageStatus> {
    return this.storageStatus;
  }
}

function key(accountId: string, slot: SecretSlot): string {
  // Ids cannot contain '/', so the key is unambiguous.
  return `${accountId}/${slot}`;
}
