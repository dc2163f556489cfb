/**
 * What a login presents: the stored password, or — for an XOAUTH2 server — a fresh access token
 * from the account's OAuth2 grant (access-tokens.ts). Fetching, sending and connection tests ask
 * here for each session, so main hands the servers a token that is current, and never a password
 * to a server that wants a token.
 */
import { HeronError } from '../../../shared/ipc/result';
import type { SecretSlot } from '../../../shared/model/account';
import type { BoundSecretReader, SecretEndpoint } from '../secrets/bindings';
import type { AccessTokens } from './access-tokens';
import type { SignInClients } from './clients';

/** A server as a login sees it: where, as whom, and with which method. */
export interface LoginServer extends SecretEndpoint {
  readonly auth: string;
}

export interface LoginSecrets {
  /** The password, or a fresh access token for XOAUTH2; null when nothing is stored. */
  get(accountId: string, slot: SecretSlot, server: LoginServer): Promise<string | null>;
  /**
   * The server refused `refused`: a new access token for one more try, or null when there is none
   * to get (a password, a token typed in by hand). ESIGNIN when the provider ended the sign-in.
   */
  renew(accountId: string, server: LoginServer, refused: string): Promise<string | null>;
}

export function loginSecrets(passwords: BoundSecretReader, tokens: AccessTokens, clients: Pick<SignInClients, 'providerForHost'>): LoginSecrets {
  return {
    async get(accountId, slot, server) {
      if (server.auth !== 'xoauth2') return passwords.get(accountId, slot, server);
      const token = await tokens.get(accountId, server);
      if (token !== null) return token;
      const provider = clients.providerForHost(server.host);
      // A token entered by hand works for a server Heron cannot sign in to itself; for a provider's
      // server the slot may hold the password from before the account signed in, never a token.
      if (!provider) return passwords.get(accountId, slot, server);
      // The provider's own words when it ended the sign-in, until the person signs in again.
      throw new HeronError('ESIGNIN', (await tokens.ended(accountId)) ?? `Heron is not signed in to ${provider.name} for ${server.username}. Sign in to go on.`, {
        detail: { provider: provider.name, reason: 'not-signed-in', accountId, slot },
      });
    },
    renew: (accountId, server, refused) => (server.auth === 'xoauth2' ? tokens.renew(accountId, server, refused) : Promise.resolve(null)),
  };
}

/**
 * One login, and at most one more: when the server refused the first secret and a fresh token is
 * at hand, the attempt runs once again with it — never a third time. `renewFailed` turns a failed
 * renewal (ESIGNIN: the provider ended the sign-in) into the attempt's kind of result.
 */
export async function withRenewal<R>(
  secrets: Pick<LoginSecrets, 'renew'>,
  login: { readonly accountId: string; readonly server: LoginServer; readonly first: string },
  attempt: (secret: string) => Promise<R>,
  refused: (result: R) => boolean,
  renewFailed: (error: unknown) => R,
): Promise<R> {
  const result = await attempt(login.first);
  if (!refused(result)) return result;
  let next: string | null;
  try {
    next = await secrets.renew(login.accountId, login.server, login.first);
  } catch (error) {
    return renewFailed(error);
  }
  if (next === null || next === login.first) return result;
  return attempt(next);
}
