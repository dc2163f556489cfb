/**
 * OAuth2 sign-in, wired: the providers (bundled, plus a test's own), the client choices, the
 * grants and access tokens, the sign-in service, and what logins ask for their secret.
 */
import path from 'node:path';
import { OAUTH_PROVIDERS } from '../../core/autoconfig/providers/oauth';
import type { OAuthProvider } from '../../core/oauth/types';
import type { BoundSecretReader } from '../secrets/bindings';
import type { Cipher } from '../secrets/secret-store';
import { AccessTokens } from './access-tokens';
import { SignInClients } from './clients';
import { OAuthGrants } from './grants';
import { loginSecrets, type LoginSecrets } from './login-secrets';
import { SignInService } from './sign-in';

export { withRenewal, type LoginSecrets, type LoginServer } from './login-secrets';

export interface OAuthWiring {
  readonly userDataDir: string;
  readonly cipher: Cipher;
  readonly passwords: BoundSecretReader;
  readonly openExternal: (url: string) => Promise<void>;
  /** The scrubber's note: every token main holds is masked in whatever main sends or logs. */
  readonly note: (secret: string) => void;
  readonly ca?: ReadonlyArray<string | Buffer>;
  /** Test-only: providers on loopback, beside the bundled ones. */
  readonly extraProviders?: readonly OAuthProvider[];
  /** Test-only: how long a sign-in waits for the browser. */
  readonly signInTimeoutMs?: number;
}

export interface OAuth {
  readonly clients: SignInClients;
  readonly grants: OAuthGrants;
  readonly tokens: AccessTokens;
  readonly service: SignInService;
  /** Passwords, or fresh access tokens for XOAUTH2 servers: what fetching, sending and tests log in with. */
  readonly secrets: LoginSecrets;
}

export function createOAuth(wiring: OAuthWiring): OAuth {
  const clients = new SignInClients([...OAUTH_PROVIDERS, ...(wiring.extraProviders ?? [])], path.join(wiring.userDataDir, 'oauth-clients.json'));
  const grants = OAuthGrants.inUserData(wiring.userDataDir, wiring.cipher);
  const ca = wiring.ca ? { ca: wiring.ca } : {};
  const tokens = new AccessTokens({ grants, note: wiring.note, ...ca });
  const service = new SignInService({
    clients,
    grants,
    tokens,
    openExternal: wiring.openExternal,
    note: wiring.note,
    ...ca,
    ...(wiring.signInTimeoutMs === undefined ? {} : { timeoutMs: wiring.signInTimeoutMs }),
  });
  return { clients, grants, tokens, service, secrets: loginSecrets(wiring.passwords, tokens, clients) };
}
