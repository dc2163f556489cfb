import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from './memory-secret-store';

describe('MemorySecretStore', () => {
  it('keeps slots and accounts apart, records persist as given, and deletes both slots', async () => {
    const store = new MemorySecretStore();
    await store.set('a', 'incoming', 'in-a', { persist: true });
    await store.set('a', 'outgoing', 'out-a', { persist: false });
    await store.set('b', 'incoming', 'in-b', { persist: false });
    expect(await store.get('a', 'incoming')).toBe('in-a');
    expect(await store.get('a', 'outgoing')).toBe('out-a');
    expect(await store.has('a', 'incoming')).toEqual({ stored: true, persisted: true, readable: true });
    expect(await store.has('a', 'outgoing')).toEqual({ stored: true, persisted: false, readable: true });
    await store.delete('a');
    expect(await store.get('a', 'incoming')).toBeNull();
    expect(await store.has('a', 'outgoing')).toEqual({ stored: false, persisted: false, readable: false });
    expect(await store.get('b', 'incoming')).toBe('in-b');
  });

  it('validates ids, slots and passwords like the file store', async () => {
    const store = new MemorySecretStore({ status: { backend: 'basic_text', encryptionAvailable: true } });
    await expect(store.get('a/b', 'incoming')).rejects.toMatchObject({ code: 'EINVALID', detail: { field: 'accountId' } });
    await expect(store.get('a', 'imap' as 'incoming')).rejects.toMatchObject({ code: 'EINVALID', detail: { field: 'slot' } });
    await expect(store.set('a', 'incoming', 'x\ny', { persist: false })).rejects.toMatchObject({ code: 'EINVALID', detail: { field: 'password' } });
    expect(await store.status()).toEqual({ backend: 'basic_text', encryptionAvailable: true });
  });
});
