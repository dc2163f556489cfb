import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MainHandlers } from '../../../shared/ipc/contract';
import { dispatchCall } from '../dispatch';
import { SecretBindings } from '../secrets/bindings';
import { FileSecretStore } from '../secrets/file-secret-store';
import { TestCipher } from '../secrets/testing/test-cipher';
import { createCredentialsHandlers } from './credentials';

const SERVERS = [{ host: 'pop.example.com', port: 995, security: 'tls', username: 'alice' }];

let dir: string;
let cipher: TestCipher;
let handlers: MainHandlers;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'heron-cred-'));
  cipher = new TestCipher();
  // Only the credentials calls are exercised here; dispatchCall looks handlers up by name.
  handlers = createCredentialsHandlers({
    store: new FileSecretStore({ cipher, file: path.join(dir, 'secrets.json') }),
    bindings: new SecretBindings(path.join(dir, 'secret-bindings.json')),
  }) as unknown as MainHandlers;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('credentials handlers', () => {
  it('set, ask, forget: answers carry status, never the password', async () => {
    expect(await dispatchCall(handlers, 'setPassword', { accountId: 'acct_1', slot: 'incoming', password: 'hunter2!', persist: true, servers: SERVERS })).toEqual({
      ok: true,
      value: { stored: true, persisted: true, readable: true },
    });
    expect(await dispatchCall(handlers, 'setPassword', { accountId: 'acct_1', slot: 'outgoing', password: 'smtp-pw', persist: false, servers: SERVERS })).toEqual({
      ok: true,
      value: { stored: true, persisted: false, readable: true },
    });
    expect(await dispatchCall(handlers, 'hasPassword', { accountId: 'acct_1', slot: 'incoming' })).toEqual({
      ok: true,
      value: { stored: true, persisted: true, readable: true },
    });
    expect(readFileSync(path.join(dir, 'secrets.json'), 'utf8')).not.toContain('hunter2!');
    expect(await dispatchCall(handlers, 'forgetAccountSecrets', { accountId: 'acct_1' })).toEqual({ ok: true, value: undefined });
    expect(await dispatchCall(handlers, 'hasPassword', { accountId: 'acct_1', slot: 'outgoing' })).toEqual({
      ok: true,
      value: { stored: false, persisted: false, readable: false },
    });
  });

  it('reports the storage backend so the UI can warn about basic_text', async () => {
    cipher.backendName = 'basic_text';
    expect(await dispatchCall(handlers, 'secretStorageStatus', undefined)).toEqual({
      ok: true,
      value: { backend: 'basic_text', encryptionAvailable: true },
    });
    cipher.available = false;
    expect(await dispatchCall(handlers, 'secretStorageStatus', undefined)).toEqual({
      ok: true,
      value: { backend: 'unavailable', encryptionAvailable: false },
    });
  });

  it('hasPassword says readable:false after a keyring reset', async () => {
    await dispatchCall(handlers, 'setPassword', { accountId: 'acct_1', slot: 'incoming', password: 'hunter2!', persist: true, servers: SERVERS });
    cipher.resetKeyring();
    expect(await dispatchCall(handlers, 'hasPassword', { accountId: 'acct_1', slot: 'incoming' })).toEqual({
      ok: true,
      value: { stored: true, persisted: true, readable: false },
    });
  });

  it.each([
    [{ accountId: 'acct_1', slot: 'incoming', password: 'pw\r\nDELE 1', persist: true, servers: SERVERS }, 'password', 'Invalid request to setPassword: password: must not contain line breaks'],
    [{ accountId: 'acct_1', slot: 'incoming', password: 'pw\0', persist: true, servers: SERVERS }, 'password', 'Invalid request to setPassword: password: must not contain NUL'],
    [{ accountId: 'acct_1', slot: 'incoming', password: '', persist: true, servers: SERVERS }, 'password', 'Invalid request to setPassword: password: must not be empty'],
    [{ accountId: 'acct_1', slot: 'incoming', password: 'p'.repeat(1025), persist: true, servers: SERVERS }, 'password', 'Invalid request to setPassword: password: must be at most 1024 characters'],
    [{ accountId: '../etc', slot: 'incoming', password: 'pw', persist: true, servers: SERVERS }, 'accountId', 'Invalid request to setPassword: accountId: has the wrong form'],
    [{ accountId: 'a'.repeat(65), slot: 'incoming', password: 'pw', persist: true }, 'accountId', 'Invalid request to setPassword: accountId: must be at most 64 characters'],
    [{ accountId: 'acct_1', slot: 'imap', password: 'pw', persist: true }, 'slot', 'Invalid request to setPassword: slot: must be one of incoming, outgoing'],
    [{ accountId: 'acct_1', slot: 'incoming', password: 'pw' }, 'persist', 'Invalid request to setPassword: persist: must be true or false'],
    [{ accountId: 'acct_1', slot: 'incoming', password: 'pw', persist: true, read: true }, 'read', 'Invalid request to setPassword: read: is not expected'],
  ])('rejects %j naming the field, never echoing the password', async (payload, field, message) => {
    expect(await dispatchCall(handlers, 'setPassword', payload)).toEqual({ ok: false, error: { code: 'EINVALID', message, retryable: false, detail: { field } } });
  });
});
