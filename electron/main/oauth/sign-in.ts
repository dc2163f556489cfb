/**
 * Signing an account in: the provider's page opens in the system browser through main's URL
 * policy, main waits on its loopback address (core/oauth/authorization.ts), and keeps the grant
 * for the account's XOAUTH2 servers. At most one sign-in per account runs; a second one replaces
 * it. The window learns the provider's name and the outcome — never a code or a token.
 */
import type { SignInProviderInfo, SignInStatus } from '../../../shared/ipc/calls/sign-in';
import { HeronError } from '../../../shared/ipc/result';
import type { IncomingServer, OutgoingServer } from '../../../shared/model/account';
import { startSignIn, type SignInAttempt } from '../../core/oauth/authorization';
import type { OAuthProvider } from '../../core/oauth/types';
import type { SecretEndpoint } from '../secrets/bindings';
import { checkExternalUrl } from '../url-policy';
import type { AccessTokens } from './access-tokens';
import type { SignInClients } from './clients';
import type { OAuthGrants } from './grants';

export interface SignInServiceOptions {
  readonly clients: SignInClients;
  readonly grants: OAuthGrants;
  readonly tokens: AccessTokens;
  /** Hands a URL to the system browser (Electron's shell.openExternal; a recorder in tests). */
  readonly openExternal: (url: string) => Promise<void>;
  /** Masks the codes and tokens of a sign-in wherever they might show up. */
  readonly note: (secret: string) => void;
  /** Extra trusted CAs for token endpoints (tests). */
  readonly ca?: ReadonlyArray<string | Buffer>;
  /** How long the browser may take to come back (default 5 minutes). */
  readonly timeoutMs?: number;
}

export interface SignInRequest {
  readonly accountId: string;
  readonly address: string;
  readonly incoming: IncomingServer;
  readonly outgoing: OutgoingServer;
  readonly persist: boolean;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/** The servers a grant opens: those of the account that log in with XOAUTH2. */
export function grantServers(incoming: IncomingServer, outgoing: OutgoingServer): SecretEndpoint[] {
  const servers: SecretEndpoint[] = [];
  for (const s of [incoming, outgoing]) {
    if (s.auth === 'xoauth2') servers.push({ host: s.host, port: s.port, security: s.security, username: s.username });
  }
  return servers;
}

export class SignInService {
  private readonly running = new Map<string, SignInAttempt>();

  constructor(private readonly options: SignInServiceOptions) {}

  async provider(host: string): Promise<SignInProviderInfo | null> {
    const provider = this.options.clients.providerForHost(host);
    if (!provider) return null;
    return { id: provider.id, name: provider.name, ready: (await this.options.clients.targetFor(provider)) !== null };
  }

  async signIn(request: SignInRequest): Promise<SignInStatus> {
    const { accountId, incoming, outgoing } = request;
    const provider = this.providerFor(incoming, outgoing);
    const target = await this.options.clients.targetFor(provider);
    if (target === null) {
      throw new HeronError(
        'EUNSUPPORTED',
        `Heron has no app registration for signing in to ${provider.name}. Enter your own (or your organization’s) in Settings → Sign-in with Google and Microsoft, or use an app password.`,
        { detail: { provider: provider.name, reason: 'no-client' } },
      );
    }
    this.running.get(accountId)?.cancel();
    const attempt = await startSignIn(target, {
      loginHint: request.address,
      who: request.address,
      timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(this.options.ca ? { ca: this.options.ca } : {}),
    });
    this.running.set(accountId, attempt);
    try {
      await this.open(attempt);
      const tokens = await attempt.result;
      this.options.note(tokens.refreshToken);
      await this.options.grants.save(
        accountId,
        {
          v: 1,
          providerId: provider.id,
          providerName: provider.name,
          tokenEndpoint: target.tokenEndpoint,
          clientId: target.client.clientId,
          ...(target.client.clientSecret ? { clientSecret: target.client.clientSecret } : {}),
          refreshToken: tokens.refreshToken,
          scope: tokens.scope,
          signedInAt: Date.now(),
        },
        grantServers(incoming, outgoing),
        request.persist,
      );
      this.options.tokens.adopt(accountId, tokens);
      return await this.status(accountId);
    } finally {
      if (this.running.get(accountId) === attempt) this.running.delete(accountId);
      attempt.cancel();
    }
  }

  async status(accountId: string): Promise<SignInStatus> {
    return { ...(await this.options.grants.status(accountId)), problem: await this.options.tokens.ended(accountId) };
  }

  /** Opens the running sign-in's page again, for a person who closed the tab. */
  async reopen(accountId: string): Promise<void> {
    const attempt = this.running.get(accountId);
    if (!attempt) throw new HeronError('ENOTFOUND', 'No sign-in is waiting for the browser; start it again.');
    await this.open(attempt);
  }

  cancel(accountId: string): void {
    this.running.get(accountId)?.cancel();
  }

  /** The account is removed, or its sign-in is no longer wanted. */
  async forget(accountId: string): Promise<void> {
    this.cancel(accountId);
    this.options.tokens.forget(accountId);
    await this.options.grants.forget(accountId);
  }

  private providerFor(incoming: IncomingServer, outgoing: OutgoingServer): OAuthProvider {
    const sides = [incoming, outgoing].filter((s) => s.auth === 'xoauth2');
    const first = sides[0];
    if (!first) throw new HeronError('EINVALID', 'Neither server of this account signs in with OAuth2 (XOAUTH2).', { detail: { field: 'incoming.auth' } });
    const provider = this.options.clients.providerForHost(first.host);
    if (!provider) {
      throw new HeronError('EUNSUPPORTED', `Heron does not know where to sign in for ${first.host}; enter an access token as the password instead.`, { detail: { host: first.host } });
    }
    for (const s of sides) {
      if (this.options.clients.providerForHost(s.host) !== provider) {
        throw new HeronError('EINVALID', `${s.host} does not take ${provider.name}'s sign-in, so one sign-in cannot open both servers.`, { detail: { field: `${s.protocol === 'pop3' ? 'incoming' : 'outgoing'}.host` } });
      }
    }
    return provider;
  }

  private async open(attempt: SignInAttempt): Promise<void> {
    const verdict = checkExternalUrl(attempt.url);
    if (!verdict.ok) {
      attempt.cancel();
      throw new HeronError('EFORBIDDEN', `Heron did not open the sign-in page: ${verdict.reason}`);
    }
    try {
      await this.options.openExternal(verdict.url);
    } catch (error) {
      attempt.cancel();
      const why = error instanceof Error ? error.message.slice(0, 200) : 'unknown reason';
      throw new HeronError('EINTERNAL', `The system could not open the sign-in page in a browser (${why}).`, { cause: error });
    }
  }
}
