import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecretStore } from './create-secret-store';
import { TestCipher } from './testing/test-cipher';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'heron-create-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('createSecretStore', () => {
  it('stores encrypted passwords in <userData>/secrets.json', async () => {
    const store = createSecretStore({ userDataDir: dir, cipher: new TestCipher() });
    await store.set('a', 'incoming', 'pw', { persist: true });
    expect(readdirSync(dir)).toEqual(['secrets.json']);
  });

  it('without a cipher (the e2e stand-in): status unavailable, session-only passwords still work', async () => {
    const store = createSecretStore({ userDataDir: dir });
    expect(await store.status()).toEqual({ backend: 'unavailable', encryptionAvailable: false });
    await expect(store.set('a', 'incoming', 'pw', { persist: true })).rejects.toMatchObject({ code: 'ESTORAGE' });
    await store.set('a', 'incoming', 'pw', { persist: false });
    expect(await store.get('a', 'incoming')).toBe('pw');
    expect(readdirSync(dir)).toEqual([]);
  });
});
