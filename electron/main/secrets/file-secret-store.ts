import path from 'node:path';
import { HeronError } from '../../../shared/ipc/result';
import { MemorySecretStore } from './memory-secret-store';
import {
  nodeSecretFs,
  parseSecretFile,
  removeStaleTempFiles,
  serializeSecretFile,
  writeFileAtomically,
  type SecretFs,
  type SlotCiphertexts,
} from './secret-file';
import {
  checkAccountId,
  checkSecret,
  checkSlot,
  NOT_STORED,
  type Cipher,
  type PasswordStatus,
  type SecretSlot,
  type SecretStorageStatus,
  type SecretStore,
} from './secret-store';

export interface FileSecretStoreOptions {
  readonly cipher: Cipher;
  /** The secrets file, e.g. `<userData>/secrets.json`. */
  readonly file: string;
  readonly fs?: SecretFs;
  readonly now?: () => Date;
  /** Longer than a password's limit for what is not typed (an OAuth2 grant with its refresh token). */
  readonly maxSecretLength?: number;
}

const NOTHING_ELSE_LOST = 'Your mail, accounts and settings are not affected.';

/**
 * Passwords encrypted with a `Cipher` (Electron's safeStorage in the app) and stored as base64
 * ciphertext in one file. Session-only passwords live in a MemorySecretStore layered on top and
 * never reach the disk. A ciphertext that no longer decrypts is kept in the file (the keyring may
 * come back) and reported as ENOSECRET until the person enters the password again.
 */
export class FileSecretStore implements SecretStore {
  private readonly cipher: Cipher;
  private readonly file: string;
  private readonly fs: SecretFs;
  private readonly now: () => Date;
  private readonly session: MemorySecretStore;
  private readonly maxSecretLength: number | undefined;
  private entries: Map<string, SlotCiphertexts> | null = null;
  private loading: Promise<Map<string, SlotCiphertexts>> | null = null;
  /** Set when this session found the file damaged and set it aside under this name. */
  private corruptKeptAs: string | null = null;
  /** Mutations run one at a time: each reads the entries, writes the file, then commits. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: FileSecretStoreOptions) {
    this.cipher = options.cipher;
    this.file = options.file;
    this.fs = options.fs ?? nodeSecretFs;
    this.now = options.now ?? (() => new Date());
    this.maxSecretLength = options.maxSecretLength;
    this.session = new MemorySecretStore(options.maxSecretLength === undefined ? {} : { maxSecretLength: options.maxSecretLength });
  }

  async get(accountId: string, slot: SecretSlot): Promise<string | null> {
    checkAccountId(accountId);
    checkSlot(slot);
    const inSession = await this.session.get(accountId, slot);
    if (inSession !== null) return inSession;
    const ciphertext = (await this.load()).get(accountId)?.[slot];
    if (ciphertext === undefined) {
      if (this.corruptKeptAs !== null) {
        throw new HeronError(
          'ENOSECRET',
          `Heron's file of saved passwords was damaged, so it was set aside as ${this.corruptKeptAs}. Please enter the ${slotWords(slot)} password again. ${NOTHING_ELSE_LOST}`,
          { detail: { accountId, slot, reason: 'corrupt-file', keptAs: this.corruptKeptAs } },
        );
      }
      return null;
    }
    return this.decrypt(accountId, slot, ciphertext);
  }

  async set(accountId: string, slot: SecretSlot, secret: string, options: { persist: boolean }): Promise<void> {
    checkAccountId(accountId);
    checkSlot(slot);
    checkSecret(secret, this.maxSecretLength);
    if (!options.persist) {
      // "Ask me every session": no copy may stay on disk, including an unreadable old one. The
      // session copy is set first so the password works this session even if the disk is failing.
      await this.session.set(accountId, slot, secret, { persist: false });
      await this.mutate((entries) => withoutSlot(entries, accountId, slot));
      return;
    }
    if (!this.cipher.isAvailable()) {
      throw new HeronError(
        'ESTORAGE',
        'This system offers no way to encrypt saved passwords, so Heron cannot remember this password. It can keep it until Heron quits instead.',
        { detail: { accountId, slot, reason: 'encryption-unavailable' } },
      );
    }
    let ciphertext: string;
    try {
      ciphertext = this.cipher.encrypt(secret).toString('base64');
    } catch (error) {
      throw new HeronError('ESTORAGE', 'Heron could not encrypt the password with the system keyring, so it was not saved.', {
        detail: { accountId, slot, reason: 'encrypt-failed' },
        cause: error,
      });
    }
    await this.mutate((entries) => {
      const next = new Map(entries);
      next.set(accountId, { ...entries.get(accountId), [slot]: ciphertext });
      return next;
    });
    this.session.deleteSlot(accountId, slot);
  }

  async has(accountId: string, slot: SecretSlot): Promise<PasswordStatus> {
    checkAccountId(accountId);
    checkSlot(slot);
    const inSession = await this.session.has(accountId, slot);
    if (inSession.stored) return inSession;
    const ciphertext = (await this.load()).get(accountId)?.[slot];
    if (ciphertext === undefined) return NOT_STORED;
    let readable = false;
    try {
      readable = this.cipher.isAvailable() && typeof this.cipher.decrypt(Buffer.from(ciphertext, 'base64')) === 'string';
    } catch {
      readable = false;
    }
    return { stored: true, persisted: true, readable };
  }

  async delete(accountId: string): Promise<void> {
    checkAccountId(accountId);
    await this.mutate((entries) => {
      if (!entries.has(accountId)) return entries;
      const next = new Map(entries);
      next.delete(accountId);
      return next;
    });
    await this.session.delete(accountId);
  }

  async status(): Promise<SecretStorageStatus> {
    const encryptionAvailable = this.cipher.isAvailable();
    return { backend: encryptionAvailable ? this.cipher.backend() : 'unavailable', encryptionAvailable };
  }

  private decrypt(accountId: string, slot: SecretSlot, ciphertext: string): string {
    try {
      if (!this.cipher.isAvailable()) throw new Error('encryption is not available');
      return this.cipher.decrypt(Buffer.from(ciphertext, 'base64'));
    } catch (error) {
      // The ciphertext stays in the file: if the keyring was only locked, it will decrypt again.
      throw new HeronError(
        'ENOSECRET',
        `Heron could not unlock the saved ${slotWords(slot)} password; the system keyring may have been reset or locked. Please enter the password again. ${NOTHING_ELSE_LOST}`,
        { detail: { accountId, slot, reason: 'decrypt-failed' }, cause: error },
      );
    }
  }

  /** Runs `change` on the current entries; writes and commits only if it returned a new map. */
  private mutate(change: (entries: Map<string, SlotCiphertexts>) => Map<string, SlotCiphertexts>): Promise<void> {
    const run = this.queue.then(async () => {
      const current = await this.load();
      const next = change(current);
      if (next === current) return;
      try {
        await writeFileAtomically(this.fs, this.file, serializeSecretFile(next));
      } catch (error) {
        throw new HeronError('ESTORAGE', `Heron could not save the password file (${describeFsError(error)}); the previous passwords are unchanged.`, {
          retryable: true,
          detail: { file: path.basename(this.file), reason: 'write-failed' },
          cause: error,
        });
      }
      this.entries = next;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private load(): Promise<Map<string, SlotCiphertexts>> {
    if (this.entries !== null) return Promise.resolve(this.entries);
    this.loading ??= this.readFile().then(
      (entries) => {
        this.entries = entries;
        this.loading = null;
        return entries;
      },
      (error: unknown) => {
        // Not cached: a file that could not be read (permissions, a newer Heron) may be fixed and retried.
        this.loading = null;
        throw error;
      },
    );
    return this.loading;
  }

  private async readFile(): Promise<Map<string, SlotCiphertexts>> {
    await removeStaleTempFiles(this.fs, this.file);
    let bytes: Buffer | null;
    try {
      bytes = await this.fs.readFile(this.file);
    } catch (error) {
      throw new HeronError('ESTORAGE', `Heron could not read its file of saved passwords (${describeFsError(error)}).`, {
        retryable: true,
        detail: { file: path.basename(this.file), reason: 'read-failed' },
        cause: error,
      });
    }
    if (bytes === null) return new Map();
    const parsed = parseSecretFile(bytes);
    if (parsed.kind === 'ok') return parsed.entries;
    if (parsed.kind === 'newer') {
      // Overwriting would destroy passwords a newer Heron saved; leave the file alone.
      throw new HeronError(
        'ESTORAGE',
        `The file of saved passwords was written by a newer version of Heron (format ${parsed.version}); please update Heron to use it.`,
        { detail: { file: path.basename(this.file), reason: 'newer-format', version: parsed.version } },
      );
    }
    const keptAs = `${path.basename(this.file)}.corrupt-${this.now().toISOString().replace(/[:.]/g, '-')}`;
    try {
      await this.fs.rename(this.file, path.join(path.dirname(this.file), keptAs));
    } catch (error) {
      throw new HeronError('ESTORAGE', `Heron's file of saved passwords is damaged (${parsed.reason}) and could not be set aside (${describeFsError(error)}).`, {
        detail: { file: path.basename(this.file), reason: 'corrupt-file' },
        cause: error,
      });
    }
    this.corruptKeptAs = keptAs;
    return new Map();
  }
}

function withoutSlot(entries: Map<string, SlotCiphertexts>, accountId: string, slot: SecretSlot): Map<string, SlotCiphertexts> {
  const entry = entries.get(accountId);
  if (entry?.[slot] === undefined) return entries;
  const next = new Map(entries);
  const rest: SlotCiphertexts = { ...entry };
  delete rest[slot];
  if (rest.incoming === undefined && rest.outgoing === undefined) next.delete(accountId);
  else next.set(accountId, rest);
  return next;
}

function slotWords(slot: SecretSlot): string {
  return slot === 'incoming' ? 'incoming mail (POP3)' : 'outgoing mail (SMTP)';
}

function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return typeof e?.code === 'string' ? e.code : 'unknown error';
}
