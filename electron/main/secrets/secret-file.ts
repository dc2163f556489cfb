/**
 * The on-disk form of FileSecretStore: `{ version, entries: { [accountId]: { incoming?, outgoing? } } }`
 * with base64 ciphertext, written atomically (temp file, fsync, rename, fsync of the folder) with
 * mode 0600. The file system is an interface so tests can make it fail half-way through a write.
 */
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { ACCOUNT_ID_PATTERN } from '../../../shared/ipc/calls/credentials';
import type { SecretSlot } from '../../../shared/model/account';

export const SECRET_FILE_VERSION = 1;
/** A real file holds a few kilobytes; anything this large is not ours. */
export const MAX_SECRET_FILE_BYTES = 4 * 1024 * 1024;

/** Base64 ciphertext per slot. */
export type SlotCiphertexts = Partial<Record<SecretSlot, string>>;
export type SecretEntries = ReadonlyMap<string, SlotCiphertexts>;

export type ParsedSecretFile =
  | { readonly kind: 'ok'; readonly entries: Map<string, SlotCiphertexts> }
  | { readonly kind: 'corrupt'; readonly reason: string }
  | { readonly kind: 'newer'; readonly version: number };

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function parseSecretFile(bytes: Buffer): ParsedSecretFile {
  if (bytes.length > MAX_SECRET_FILE_BYTES) return { kind: 'corrupt', reason: `it is ${bytes.length} bytes long` };
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { kind: 'corrupt', reason: 'it is not valid JSON' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { kind: 'corrupt', reason: 'it is not an object' };
  const { version, entries } = data as { version?: unknown; entries?: unknown };
  if (typeof version === 'number' && Number.isInteger(version) && version > SECRET_FILE_VERSION) {
    return { kind: 'newer', version };
  }
  if (version !== SECRET_FILE_VERSION) return { kind: 'corrupt', reason: 'its version is missing or unknown' };
  if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
    return { kind: 'corrupt', reason: 'its entries are not an object' };
  }
  const out = new Map<string, SlotCiphertexts>();
  for (const [accountId, slots] of Object.entries(entries)) {
    if (!ACCOUNT_ID_PATTERN.test(accountId)) return { kind: 'corrupt', reason: 'it names an invalid account id' };
    if (typeof slots !== 'object' || slots === null || Array.isArray(slots)) return { kind: 'corrupt', reason: 'an entry is not an object' };
    const entry: SlotCiphertexts = {};
    for (const [slot, value] of Object.entries(slots as Record<string, unknown>)) {
      if (slot !== 'incoming' && slot !== 'outgoing') return { kind: 'corrupt', reason: 'an entry has an unknown slot' };
      if (typeof value !== 'string' || value.length === 0 || !BASE64.test(value)) {
        return { kind: 'corrupt', reason: 'an entry is not base64' };
      }
      entry[slot] = value;
    }
    if (entry.incoming !== undefined || entry.outgoing !== undefined) out.set(accountId, entry);
  }
  return { kind: 'ok', entries: out };
}

export function serializeSecretFile(entries: SecretEntries): Buffer {
  // fromEntries defines own properties, so an id like "__proto__" stays data, not a prototype.
  const body = { version: SECRET_FILE_VERSION, entries: Object.fromEntries(entries) };
  return Buffer.from(`${JSON.stringify(body, null, 2)}\n`, 'utf8');
}

/** The file operations FileSecretStore needs; `nodeSecretFs` in the app, a failing one in tests. */
export interface SecretFs {
  /** The file's bytes, or null if it does not exist. */
  readFile(file: string): Promise<Buffer | null>;
  /** Creates `file` (which must not exist) with `mode`, writes `data`, fsyncs and closes it. */
  writeNewFileSynced(file: string, data: Buffer, mode: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file; a missing file is not an error. */
  remove(file: string): Promise<void>;
  mkdirp(dir: string): Promise<void>;
  readdir(dir: string): Promise<string[]>;
  /** Makes a rename durable; best effort where folders cannot be fsynced. */
  syncDir(dir: string): Promise<void>;
}

export const nodeSecretFs: SecretFs = {
  async readFile(file) {
    try {
      return await fsp.readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  },
  async writeNewFileSynced(file, data, mode) {
    const handle = await fsp.open(file, 'wx', mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => fsp.rename(from, to),
  remove: (file) => fsp.rm(file, { force: true }),
  mkdirp: async (dir) => {
    await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  },
  readdir: (dir) => fsp.readdir(dir),
  async syncDir(dir) {
    let handle: fsp.FileHandle | undefined;
    try {
      handle = await fsp.open(dir, 'r');
      await handle.sync();
    } catch {
      // Windows cannot open or fsync a folder; the rename itself is still atomic there.
    } finally {
      await handle?.close();
    }
  },
};

export function tempPrefix(file: string): string {
  return `${path.basename(file)}.tmp-`;
}

/**
 * Replaces `file` with `data` so that a crash at any point leaves either the old file or the new
 * one, never a mix: write a fresh temp file in the same folder, fsync it, rename over, fsync the folder.
 */
export async function writeFileAtomically(fs: SecretFs, file: string, data: Buffer): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdirp(dir);
  const temp = path.join(dir, `${tempPrefix(file)}${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    await fs.writeNewFileSynced(temp, data, 0o600);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.remove(temp).catch(() => undefined);
    throw error;
  }
  await fs.syncDir(dir);
}

/** Temp files left by a crash mid-write hold ciphertext nobody will read; remove them. */
export async function removeStaleTempFiles(fs: SecretFs, file: string): Promise<void> {
  const dir = path.dirname(file);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  const prefix = tempPrefix(file);
  for (const name of names) {
    if (name.startsWith(prefix)) await fs.remove(path.join(dir, name)).catch(() => undefined);
  }
}

/**
 * A small JSON settings file beside the secrets (which servers a password is for, which app signs
 * in): its top-level object, or an empty one when the file is missing, unreadable or not an object.
 */
export async function readJsonObject(file: string): Promise<Readonly<Record<string, unknown>>> {
  try {
    const parsed = JSON.parse(await fsp.readFile(file, 'utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Missing or unreadable: the caller's defaults apply.
  }
  return {};
}

/**
 * Writes one after another (each atomically): a write that fails is reported to its caller and
 * does not stop the next one.
 */
export class SerialWriter {
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  write(data: Buffer): Promise<void> {
    const next = this.writing.then(() => writeFileAtomically(nodeSecretFs, this.file, data));
    this.writing = next.catch(() => undefined);
    return next;
  }
}
