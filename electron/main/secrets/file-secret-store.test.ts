import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HeronError } from '../../../shared/ipc/result';
import { containsSecret } from '../../core/log/scrub';
import { FileSecretStore } from './file-secret-store';
import { nodeSecretFs, type SecretFs } from './secret-file';
import { TestCipher } from './testing/test-cipher';

const SECRET = 'correct horse battery staple';
const OTHER = 'Tr0ub4dor&3';

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'heron-secrets-'));
  file = path.join(dir, 'secrets.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** nodeSecretFs with every call recorded, and chosen calls made to fail. */
function recordingFs(fail: { writeHalfThenThrow?: boolean; rename?: boolean } = {}) {
  const calls: string[] = [];
  const fs: SecretFs = {
    ...nodeSecretFs,
    readFile: (f) => (calls.push(`read ${path.basename(f)}`), nodeSecretFs.readFile(f)),
    async writeNewFileSynced(f, data, mode) {
      calls.push(`write ${path.basename(f).replace(/tmp-.*/, 'tmp-*')}`);
      if (fail.writeHalfThenThrow) {
        // The process "dies" after half the bytes reached the temp file.
        writeFileSync(f, data.subarray(0, data.length >> 1), { mode });
        throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
      }
      return nodeSecretFs.writeNewFileSynced(f, data, mode);
    },
    async rename(from, to) {
      calls.push(`rename ${path.basename(to)}`);
      if (fail.rename) throw Object.assign(new Error('ENOSPC: no space left on device, rename'), { code: 'ENOSPC' });
      return nodeSecretFs.rename(from, to);
    },
  };
  return { fs, calls };
}

function errorOf(promise: Promise<unknown>): Promise<HeronError> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(HeronError);
      return error as HeronError;
    },
  );
}

describe('FileSecretStore', () => {
  it('round-trips through the cipher; the file holds neither the password nor its base64 or hex', async () => {
    const cipher = new TestCipher();
    const store = new FileSecretStore({ cipher, file });
    await store.set('acct_1', 'incoming', SECRET, { persist: true });
    await store.set('acct_1', 'outgoing', OTHER, { persist: true });

    const raw = readFileSync(file, 'utf8');
    expect(containsSecret(raw, [SECRET, OTHER])).toBe(false);
    expect(raw).not.toContain(SECRET);
    expect(raw).not.toContain(Buffer.from(SECRET).toString('base64'));
    const parsed = JSON.parse(raw) as { version: number; entries: Record<string, Record<string, string>> };
    expect(parsed.version).toBe(1);
    expect(Object.keys(parsed.entries)).toEqual(['acct_1']);
    expect(Object.keys(parsed.entries.acct_1 ?? {}).sort()).toEqual(['incoming', 'outgoing']);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    // A new store (Heron restarted) reads it back.
    const reopened = new FileSecretStore({ cipher, file });
    expect(await reopened.get('acct_1', 'incoming')).toBe(SECRET);
    expect(await reopened.get('acct_1', 'outgoing')).toBe(OTHER);
    expect(await reopened.has('acct_1', 'incoming')).toEqual({ stored: true, persisted: true, readable: true });
    expect(await reopened.get('acct_2', 'incoming')).toBeNull();
    expect(await reopened.has('acct_2', 'incoming')).toEqual({ stored: false, persisted: false, readable: false });
  });

  it('replaces the file atomically: a write that dies half-way leaves the old file byte for byte', async () => {
    const cipher = new TestCipher();
    await new FileSecretStore({ cipher, file }).set('acct_1', 'incoming', SECRET, { persist: true });
    const before = readFileSync(file);

    const { fs, calls } = recordingFs({ writeHalfThenThrow: true });
    const store = new FileSecretStore({ cipher, file, fs });
    const error = await errorOf(store.set('acct_1', 'incoming', OTHER, { persist: true }));
    expect(error.code).toBe('ESTORAGE');
    expect(error.message).toBe('Heron could not save the password file (EIO); the previous passwords are unchanged.');
    expect(error.retryable).toBe(true);
    expect(calls).toEqual(['read secrets.json', 'write secrets.json.tmp-*']);

    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(['secrets.json']);
    // Memory was not updated either: the old password is still the one in use.
    expect(await store.get('acct_1', 'incoming')).toBe(SECRET);
  });

  it('a failed rename leaves the old file and removes the temp file', async () => {
    const cipher = new TestCipher();
    await new FileSecretStore({ cipher, file }).set('acct_1', 'incoming', SECRET, { persist: true });
    const before = readFileSync(file);
    const store = new FileSecretStore({ cipher, file, fs: recordingFs({ rename: true }).fs });
    expect((await errorOf(store.delete('acct_1'))).message).toContain('(ENOSPC)');
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual(['secrets.json']);
    expect(await store.get('acct_1', 'incoming')).toBe(SECRET);
  });

  it('removes temp files a crash left behind', async () => {
    writeFileSync(path.join(dir, 'secrets.json.tmp-123-abcdef'), '{"version":1,"entr');
    writeFileSync(path.join(dir, 'other.json'), '{}');
    await new FileSecretStore({ cipher: new TestCipher(), file }).has('acct_1', 'incoming');
    expect(readdirSync(dir)).toEqual(['other.json']);
  });

  it('sets a damaged file aside as .corrupt-<time>, says so, and works again', async () => {
    writeFileSync(file, '{"version":1,"entries":{"acct_1":{"incoming":"not base64!"}}}');
    const now = () => new Date('2026-11-22T03:04:05.678Z');
    const store = new FileSecretStore({ cipher: new TestCipher(), file, now });

    const error = await errorOf(store.get('acct_1', 'incoming'));
    expect(error.code).toBe('ENOSECRET');
    expect(error.message).toBe(
      "Heron's file of saved passwords was damaged, so it was set aside as secrets.json.corrupt-2026-11-22T03-04-05-678Z. " +
        'Please enter the incoming mail (POP3) password again. Your mail, accounts and settings are not affected.',
    );
    expect(error.detail).toEqual({ accountId: 'acct_1', slot: 'incoming', reason: 'corrupt-file', keptAs: 'secrets.json.corrupt-2026-11-22T03-04-05-678Z' });
    expect(readdirSync(dir)).toEqual(['secrets.json.corrupt-2026-11-22T03-04-05-678Z']);
    expect(readFileSync(path.join(dir, 'secrets.json.corrupt-2026-11-22T03-04-05-678Z'), 'utf8')).toContain('not base64!');

    await store.set('acct_1', 'incoming', SECRET, { persist: true });
    expect(await store.get('acct_1', 'incoming')).toBe(SECRET);
    expect(await new FileSecretStore({ cipher: new TestCipher(), file }).get('acct_1', 'incoming')).toBe(SECRET);
  });

  it.each([
    ['truncated JSON', '{"version":1,"entr'],
    ['not an object', '[1,2]'],
    ['no version', '{"entries":{}}'],
    ['bad account id', '{"version":1,"entries":{"a b":{"incoming":"AAAA"}}}'],
    ['unknown slot', '{"version":1,"entries":{"a":{"imap":"AAAA"}}}'],
  ])('treats %s as damaged, never as a crash', async (_what, content) => {
    writeFileSync(file, content);
    const store = new FileSecretStore({ cipher: new TestCipher(), file });
    expect(await store.has('a', 'incoming')).toEqual({ stored: false, persisted: false, readable: false });
    expect(readdirSync(dir).filter((n) => n.startsWith('secrets.json.corrupt-'))).toHaveLength(1);
  });

  it('leaves a file from a newer Heron untouched and refuses to overwrite it', async () => {
    writeFileSync(file, '{"version":2,"entries":{}}');
    const store = new FileSecretStore({ cipher: new TestCipher(), file });
    const error = await errorOf(store.set('acct_1', 'incoming', SECRET, { persist: true }));
    expect(error.code).toBe('ESTORAGE');
    expect(error.message).toBe('The file of saved passwords was written by a newer version of Heron (format 2); please update Heron to use it.');
    expect(readFileSync(file, 'utf8')).toBe('{"version":2,"entries":{}}');
  });

  it('after a keyring reset: ENOSECRET asking for the password again, entry kept until replaced', async () => {
    const cipher = new TestCipher();
    const store = new FileSecretStore({ cipher, file });
    await store.set('acct_1', 'incoming', SECRET, { persist: true });
    await store.set('acct_1', 'outgoing', OTHER, { persist: true });
    cipher.resetKeyring();
    const kept = readFileSync(file, 'utf8');

    const error = await errorOf(store.get('acct_1', 'incoming'));
    expect(error.code).toBe('ENOSECRET');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      'Heron could not unlock the saved incoming mail (POP3) password; the system keyring may have been reset or locked. ' +
        'Please enter the password again. Your mail, accounts and settings are not affected.',
    );
    expect(error.detail).toEqual({ accountId: 'acct_1', slot: 'incoming', reason: 'decrypt-failed' });
    expect(await store.has('acct_1', 'incoming')).toEqual({ stored: true, persisted: true, readable: false });
    expect(readFileSync(file, 'utf8')).toBe(kept);

    await store.set('acct_1', 'incoming', 'new-password', { persist: true });
    expect(await store.get('acct_1', 'incoming')).toBe('new-password');
    // The other slot is still the old, unreadable ciphertext: kept, not silently dropped.
    expect(await store.has('acct_1', 'outgoing')).toEqual({ stored: true, persisted: true, readable: false });
    const entries = (JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, Record<string, string>> }).entries;
    expect(entries.acct_1?.outgoing).toBe((JSON.parse(kept) as { entries: Record<string, Record<string, string>> }).entries.acct_1?.outgoing);
  });

  it('reports basic_text so the UI can warn, and stores anyway when the person chooses to', async () => {
    const cipher = new TestCipher();
    cipher.backendName = 'basic_text';
    const store = new FileSecretStore({ cipher, file });
    expect(await store.status()).toEqual({ backend: 'basic_text', encryptionAvailable: true });
    await store.set('acct_1', 'incoming', SECRET, { persist: true });
    expect(await store.has('acct_1', 'incoming')).toEqual({ stored: true, persisted: true, readable: true });
  });

  it('without encryption: status says unavailable and only session passwords are accepted', async () => {
    const cipher = new TestCipher();
    cipher.available = false;
    const store = new FileSecretStore({ cipher, file });
    expect(await store.status()).toEqual({ backend: 'unavailable', encryptionAvailable: false });
    const error = await errorOf(store.set('acct_1', 'incoming', SECRET, { persist: true }));
    expect(error.code).toBe('ESTORAGE');
    expect(error.detail).toEqual({ accountId: 'acct_1', slot: 'incoming', reason: 'encryption-unavailable' });
    await store.set('acct_1', 'incoming', SECRET, { persist: false });
    expect(await store.get('acct_1', 'incoming')).toBe(SECRET);
  });

  it('a session-only password never touches the disk and is gone after a restart', async () => {
    const cipher = new TestCipher();
    const { fs, calls } = recordingFs();
    const store = new FileSecretStore({ cipher, file, fs });
    await store.set('acct_1', 'incoming', SECRET, { persist: false });
    expect(calls).toEqual(['read secrets.json']);
    expect(cipher.encryptCalls).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
    expect(await store.get('acct_1', 'incoming')).toBe(SECRET);
    expect(await store.has('acct_1', 'incoming')).toEqual({ stored: true, persisted: false, readable: true });
    expect(await new FileSecretStore({ cipher, file }).get('acct_1', 'incoming')).toBeNull();
  });

  it('switching to session-only removes the copy on disk; switching back drops the session copy', async () => {
    const cipher = new TestCipher();
    const store = new FileSecretStore({ cipher, file });
    await store.set('acct_1', 'incoming', SECRET, { persist: true });
    await store.set('acct_1', 'incoming', OTHER, { persist: false });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, entries: {} });
    expect(await store.get('acct_1', 'incoming')).toBe(OTHER);
    await store.set('acct_1', 'incoming', SECRET, { persist: true });
    expect(await store.has('acct_1', 'incoming')).toEqual({ stored: true, persisted: true, readable: true });
  });

  it('delete removes both slots on disk and in memory; other accounts stay', async () => {
    const cipher = new TestCipher();
    const store = new FileSecretStore({ cipher, file });
    await store.set('acct_1', 'incoming', SECRET, { persist: true });
    await store.set('acct_1', 'outgoing', OTHER, { persist: false });
    await store.set('acct_2', 'incoming', OTHER, { persist: true });
    await store.delete('acct_1');
    expect(await store.get('acct_1', 'incoming')).toBeNull();
    expect(await store.get('acct_1', 'outgoing')).toBeNull();
    expect(Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { entries: object }).entries)).toEqual(['acct_2']);
  });

  it('concurrent sets for many accounts all land (writes are serialized)', async () => {
    const cipher = new TestCipher();
    const store = new FileSecretStore({ cipher, file });
    const ids = Array.from({ length: 20 }, (_, i) => `acct_${i}`);
    await Promise.all(ids.map((id) => store.set(id, 'incoming', `pw-${id}`, { persist: true })));
    const reopened = new FileSecretStore({ cipher, file });
    for (const id of ids) expect(await reopened.get(id, 'incoming')).toBe(`pw-${id}`);
  });

  it('an account id like "__proto__" is stored as data', async () => {
    const cipher = new TestCipher();
    await new FileSecretStore({ cipher, file }).set('__proto__', 'incoming', SECRET, { persist: true });
    expect(await new FileSecretStore({ cipher, file }).get('__proto__', 'incoming')).toBe(SECRET);
  });

  it.each([
    ['', 'The password must not be empty.'],
    ['a\r\nQUIT', 'The password must not contain line breaks.'],
    ['a\0b', 'The password must not contain a NUL character.'],
    ['x'.repeat(1025), 'The password must be at most 1024 characters.'],
  ])('rejects a bad password %j without echoing it', async (bad, message) => {
    const error = await errorOf(new FileSecretStore({ cipher: new TestCipher(), file }).set('acct_1', 'incoming', bad, { persist: true }));
    expect(error.code).toBe('EINVALID');
    expect(error.message).toBe(message);
    expect(readdirSync(dir)).toEqual([]);
  });
});
