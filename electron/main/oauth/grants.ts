/**
 * Where main keeps each account's OAuth2 grant: the refresh token with the provider, token
 * endpoint and client it was issued to. Kept exactly like a password (secrets/): encrypted with
 * the OS keyring in `<userData>/oauth-grants.json` (or in memory until Heron quits), bound to the
 * servers it was signed in for (`oauth-grant-bindings.json`), never logged and never sent to the
 * window. A grant refreshes only at the token endpoint it was issued by, whatever the window asks.
 */
import path from 'node:path';
import type { SignInStatus } from '../../../shared/ipc/calls/sign-in';
import { HeronError } from '../../../shared/ipc/result';
import { SecretBindings, type SecretEndpoint } from '../secrets/bindings';
import { FileSecretStore } from '../secrets/file-secret-store';
import type { Cipher, SecretStore } from '../secrets/secret-store';

export interface StoredGrant {
  readonly v: 1;
  /** The provider's id and name ("google", "Google"). */
  readonly providerId: string;
  readonly providerName: string;
  readonly tokenEndpoint: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly refreshToken: string;
  readonly scope: string | null;
  readonly signedInAt: number;
}

/**
 * What stays of a grant the provider ended (revoked, expired): no token, only its words for the
 * person, so they are still told why after Heron restarts — until they sign in again.
 */
interface EndedGrant {
  readonly v: 1;
  readonly providerName: string;
  readonly ended: string;
}

/** A grant with a long refresh token (Microsoft's run past 1 KB) still fits. */
const MAX_GRANT_LENGTH = 16 * 1024;
/** The grant sits in the store's incoming slot; one grant per account opens both its servers. */
const SLOT = 'incoming';

export class OAuthGrants {
  constructor(
    private readonly store: SecretStore,
    private readonly bindings: SecretBindings,
  ) {}

  static inUserData(userDataDir: string, cipher: Cipher): OAuthGrants {
    return new OAuthGrants(
      new FileSecretStore({ cipher, file: path.join(userDataDir, 'oauth-grants.json'), maxSecretLength: MAX_GRANT_LENGTH }),
      new SecretBindings(path.join(userDataDir, 'oauth-grant-bindings.json')),
    );
  }

  /** Binding first, as for passwords: a grant is never usable for a server it was not signed in for. */
  async save(accountId: string, grant: StoredGrant, servers: readonly SecretEndpoint[], persist: boolean): Promise<void> {
    await this.bindings.set(accountId, SLOT, servers);
    await this.store.set(accountId, SLOT, JSON.stringify(grant), { persist });
  }

  /** A rotated refresh token replaces the old one where it was kept (disk or memory). */
  async update(accountId: string, grant: StoredGrant): Promise<void> {
    const { persisted } = await this.store.has(accountId, SLOT);
    await this.store.set(accountId, SLOT, JSON.stringify(grant), { persist: persisted });
  }

  /** The provider ended the grant: the refresh token goes, its words stay where the grant was kept. */
  async end(accountId: string, providerName: string, words: string): Promise<void> {
    const { persisted } = await this.store.has(accountId, SLOT);
    const ended: EndedGrant = { v: 1, providerName, ended: words };
    await this.store.set(accountId, SLOT, JSON.stringify(ended), { persist: persisted });
    await this.bindings.forget(accountId);
  }

  /** Why the provider ended this account's sign-in, or null (signed in, never signed in, or unreadable). */
  async endedWith(accountId: string): Promise<string | null> {
    const entry = await this.entry(accountId).catch(() => null);
    return entry !== null && 'ended' in entry ? entry.ended : null;
  }

  /**
   * The grant for a login to `endpoint`, or null when the account has none. ESIGNIN when it is
   * bound to other servers or can no longer be read: only signing in again mends either.
   */
  async read(accountId: string, endpoint: SecretEndpoint): Promise<StoredGrant | null> {
    const grant = await this.readAny(accountId);
    if (grant === null) return null;
    if (!(await this.bindings.allows(accountId, SLOT, endpoint))) {
      throw new HeronError(
        'ESIGNIN',
        `The sign-in with ${grant.providerName} was made for other servers than ${endpoint.username} on ${endpoint.host}:${endpoint.port}. Sign in again to use it with this server.`,
        { detail: { provider: grant.providerName, reason: 'servers-changed', accountId } },
      );
    }
    return grant;
  }

  async status(accountId: string): Promise<Omit<SignInStatus, 'problem'>> {
    const has = await this.store.has(accountId, SLOT);
    if (!has.stored || (await this.endedWith(accountId)) !== null) return { signedIn: false, provider: null, persisted: false, readable: false };
    const grant = has.readable ? await this.readAny(accountId).catch(() => null) : null;
    return { signedIn: grant !== null, provider: grant?.providerName ?? null, persisted: has.persisted, readable: grant !== null };
  }

  async forget(accountId: string): Promise<void> {
    await this.store.delete(accountId);
    await this.bindings.forget(accountId);
  }

  private async readAny(accountId: string): Promise<StoredGrant | null> {
    const entry = await this.entry(accountId);
    return entry === null || 'ended' in entry ? null : entry;
  }

  private async entry(accountId: string): Promise<StoredGrant | EndedGrant | null> {
    let text: string | null;
    try {
      text = await this.store.get(accountId, SLOT);
    } catch (error) {
      if (error instanceof HeronError && error.code === 'ENOSECRET') {
        throw new HeronError('ESIGNIN', 'Heron could not unlock the saved sign-in; the system keyring may have been reset or locked. Sign in again.', {
          detail: { reason: 'unreadable', accountId },
          cause: error,
        });
      }
      throw error;
    }
    if (text === null) return null;
    const grant = parseGrant(text) ?? parseEnded(text);
    if (grant === null) {
      throw new HeronError('ESIGNIN', 'The saved sign-in is damaged. Sign in again.', { detail: { reason: 'damaged', accountId } });
    }
    return grant;
  }
}

function parseGrant(text: string): StoredGrant | null {
  try {
    const g = JSON.parse(text) as Partial<Record<keyof StoredGrant, unknown>>;
    const strings = ['providerId', 'providerName', 'tokenEndpoint', 'clientId', 'refreshToken'] as const;
    if (g.v !== 1 || strings.some((k) => typeof g[k] !== 'string' || g[k] === '')) return null;
    if (g.clientSecret !== undefined && typeof g.clientSecret !== 'string') return null;
    return g as unknown as StoredGrant;
  } catch {
    return null;
  }
}

function parseEnded(text: string): EndedGrant | null {
  try {
    const g = JSON.parse(text) as Partial<Record<keyof EndedGrant, unknown>>;
    return g.v === 1 && typeof g.providerName === 'string' && typeof g.ended === 'string' && g.ended !== '' ? (g as EndedGrant) : null;
  } catch {
    return null;
  }
}
