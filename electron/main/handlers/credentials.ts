import type { credentialsCalls } from '../../../shared/ipc/calls/credentials';
import type { HandlersOf } from '../../../shared/ipc/define';
import { HeronError } from '../../../shared/ipc/result';
import type { SecretBindings } from '../secrets/bindings';
import type { SecretStore } from '../secrets/secret-store';

export interface CredentialsDeps {
  readonly store: SecretStore;
  readonly bindings: SecretBindings;
  /** Forgets the account's OAuth2 sign-in too (oauth/sign-in.ts). */
  readonly forgetSignIn?: (accountId: string) => Promise<void>;
}

/**
 * The renderer's side of the password store (STYLE.md §5): set, ask, forget, and how safe the
 * storage is. No handler returns a password; payloads are validated by the contract (no CR/LF/NUL,
 * at most 1024 characters, ids `[A-Za-z0-9_-]{1,64}`) and again by the store.
 */
export function createCredentialsHandlers(deps: CredentialsDeps): HandlersOf<typeof credentialsCalls> {
  const { store, bindings } = deps;
  return {
    setPassword: async ({ accountId, slot, password, persist, servers }) => {
      if (servers.length === 0) {
        throw new HeronError('EINVALID', 'Heron needs to know which server this password is for.', { detail: { field: 'servers' } });
      }
      // Bound first: a password is never usable for a server the person did not store it for.
      await bindings.set(accountId, slot, servers);
      await store.set(accountId, slot, password, { persist });
      return store.has(accountId, slot);
    },
    hasPassword: ({ accountId, slot }) => store.has(accountId, slot),
    forgetAccountSecrets: async ({ accountId }) => {
      await store.delete(accountId);
      await bindings.forget(accountId);
      await deps.forgetSignIn?.(accountId);
    },
    secretStorageStatus: () => store.status(),
  };
}
