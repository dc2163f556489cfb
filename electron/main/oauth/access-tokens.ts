/**
 * Fresh access tokens for the mail servers. Main keeps the current one per account in memory
 * only; a login gets it while it has a while to live, and otherwise a new one from the refresh
 * token — silently, before it expires. When a server refuses a token anyway (revoked early, a
 * clock off), `renew` gets one new token for one more try; the callers never try a third time.
 * Two logins that need a new token at once share one refresh.
 */
import { HeronError } from '../../../shared/ipc/result';
import { refreshTokens, type TokenRequestOptions, type Tokens } from '../../core/oauth/token-client';
import type { SecretEndpoint } from '../secrets/bindings';
import type { OAuthGrants, StoredGrant } from './grants';

export interface AccessTokensOptions {
  readonly grants: OAuthGrants;
  /** Extra trusted CAs for token endpoints (tests); the system roots stay trusted. */
  readonly ca?: ReadonlyArray<string | Buffer>;
  /** Sees every token before it is used: masked from then on in all main sends and logs. */
  readonly note: (secret: string) => void;
  readonly now?: () => number;
  /** The token endpoint call (tests count or fail it). */
  readonly refresh?: typeof refreshTokens;
}

interface Current {
  readonly token: string;
  /** When it stops working, as the provider said; null when it did not say. */
  readonly expiresAt: number | null;
  /** Refreshed this long before `expiresAt`: a minute, or a tenth of a short lifetime. */
  readonly margin: number;
}

const MARGIN_MS = 60_000;

export class AccessTokens {
  private readonly current = new Map<string, Current>();
  private readonly refreshing = new Map<string, Promise<string>>();
  private readonly now: () => number;
  private readonly refresh: typeof refreshTokens;

  constructor(private readonly options: AccessTokensOptions) {
    this.now = options.now ?? Date.now;
    this.refresh = options.refresh ?? refreshTokens;
  }

  /** A sign-in's first access token, used until it is due for renewal. */
  adopt(accountId: string, tokens: Pick<Tokens, 'accessToken' | 'expiresIn'>): void {
    this.options.note(tokens.accessToken);
    this.current.set(accountId, this.entry(tokens));
  }

  /** A token for a login to `endpoint`; null when the account has no grant (ESIGNIN when it must sign in again). */
  async get(accountId: string, endpoint: SecretEndpoint): Promise<string | null> {
    const grant = await this.grantFor(accountId, endpoint);
    if (grant === null) return null;
    const current = this.current.get(accountId);
    if (current && this.fresh(current)) return current.token;
    return this.renewOnce(accountId, grant, endpoint);
  }

  /**
   * The server refused `refused`: a new token, unless one newer than it is already at hand (another
   * login renewed it meanwhile). Null when the account has no grant.
   */
  async renew(accountId: string, endpoint: SecretEndpoint, refused: string): Promise<string | null> {
    const grant = await this.grantFor(accountId, endpoint);
    if (grant === null) return null;
    const current = this.current.get(accountId);
    if (current && current.token !== refused && this.fresh(current)) return current.token;
    if (current?.token === refused) this.current.delete(accountId);
    return this.renewOnce(accountId, grant, endpoint);
  }

  forget(accountId: string): void {
    this.current.delete(accountId);
  }

  /** Why the provider ended this account's sign-in (kept with the grant, across restarts), or null. */
  ended(accountId: string): Promise<string | null> {
    return this.options.grants.endedWith(accountId);
  }

  private async grantFor(accountId: string, endpoint: SecretEndpoint): Promise<StoredGrant | null> {
    const grant = await this.options.grants.read(accountId, endpoint);
    if (grant !== null) this.options.note(grant.refreshToken);
    return grant;
  }

  private renewOnce(accountId: string, grant: StoredGrant, endpoint: SecretEndpoint): Promise<string> {
    const running = this.refreshing.get(accountId);
    if (running) return running;
    const next = this.fetchNew(accountId, grant, endpoint).finally(() => this.refreshing.delete(accountId));
    this.refreshing.set(accountId, next);
    return next;
  }

  private async fetchNew(accountId: string, grant: StoredGrant, endpoint: SecretEndpoint): Promise<string> {
    const options: TokenRequestOptions = { who: endpoint.username, ...(this.options.ca ? { ca: this.options.ca } : {}) };
    let tokens: Tokens;
    try {
      tokens = await this.refresh(
        { url: grant.tokenEndpoint, providerName: grant.providerName, client: { clientId: grant.clientId, ...(grant.clientSecret ? { clientSecret: grant.clientSecret } : {}) } },
        grant.refreshToken,
        options,
      );
    } catch (error) {
      if (error instanceof HeronError && error.code === 'ESIGNIN') {
        // A revoked or expired grant never works again: it goes, and the provider's words stay for the person.
        this.current.delete(accountId);
        await this.options.grants.end(accountId, grant.providerName, error.message);
      }
      throw error;
    }
    this.options.note(tokens.accessToken);
    if (tokens.refreshToken !== null && tokens.refreshToken !== grant.refreshToken) {
      // Microsoft rotates refresh tokens: the new one replaces the old where it was kept.
      this.options.note(tokens.refreshToken);
      await this.options.grants.update(accountId, { ...grant, refreshToken: tokens.refreshToken });
    }
    this.current.set(accountId, this.entry(tokens));
    return tokens.accessToken;
  }


  private entry(tokens: Pick<Tokens, 'accessToken' | 'expiresIn'>): Current {
    if (tokens.expiresIn === null) return { token: tokens.accessToken, expiresAt: null, margin: 0 };
    const lifetime = tokens.expiresIn * 1000;
    return { token: tokens.accessToken, expiresAt: this.now() + lifetime, margin: Math.min(MARGIN_MS, lifetime / 10) };
  }

  private fresh(current: Current): boolean {
    return current.expiresAt === null || this.now() < current.expiresAt - current.margin;
  }
}
