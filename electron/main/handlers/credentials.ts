import type { credentialsCalls } from '../../../shared/ipc/calls/credentials';
import type { HandlersOf } from '../../../shared/ipc/define';
import type { SecretStore } from '../secrets/secret-store';

export interface CredentialsDeps {
  readonly store: SecretStore;
}

/**
 * The renderer's side of the password store (STYLE.md §5): set, ask, forget, and how safe the
 * storage is. No handler returns a password; payloads are validated by the contract (no CR/LF/NUL,
 * at most 1024 characters, ids `[A-Za-z0-9_-]{1,64}`) and again by the store.
 */
export function createCredentialsHandlers(deps: CredentialsDeps): HandlersOf<typeof credentialsCalls> {
  const { store } = deps;
  return {
    setPassword: async ({ accountId, slot, password, persist }) => {
      await store.set(accountId, slot, password, { persist });
      return store.has(accountId, slot);
    },
    hasPassword: ({ accountId, slot }) => store.has(accountId, slot),
    forgetAccountSecrets: ({ accountId }) => store.delete(accountId),
    secretStorageStatus: () => store.status(),
  };
}
