/**
 * What Heron knows about an OAuth2 provider whose mail servers accept bearer tokens (XOAUTH2):
 * where a person signs in, where tokens come from, which scopes mail needs, and Heron's own client
 * registration. The bundled list is electron/core/autoconfig/providers/oauth.ts.
 */

/** A registered app ("client") at a provider (RFC 6749 §2). Desktop apps are public clients. */
export interface OAuthClient {
  readonly clientId: string;
  /**
   * Google's desktop clients come with a "secret" that is not one (RFC 8252 §8.5: a native app
   * cannot keep it); the token endpoint still asks for it. Microsoft's public clients have none.
   */
  readonly clientSecret?: string;
  /** Microsoft: the directory whose accounts may sign in (`common`, `organizations`, a tenant id or domain). */
  readonly tenant?: string;
}

export interface OAuthProvider {
  readonly id: string;
  /** "Google", "Microsoft": said to the person ("Sign in with Google"). */
  readonly name: string;
  /** The mail servers (lower-case host names) whose logins this provider's tokens open. */
  readonly hosts: readonly string[];
  /** RFC 6749 §3.1; `{tenant}` is replaced by the client's tenant (or `defaultTenant`). */
  readonly authorizationEndpoint: string;
  /** RFC 6749 §3.2; `{tenant}` as above. */
  readonly tokenEndpoint: string;
  readonly scopes: readonly string[];
  /** Extra authorization request parameters (Google: ask for a refresh token every time). */
  readonly authorizationParams?: Readonly<Record<string, string>>;
  /** Set when the endpoints name a directory: what to use when the client names none. */
  readonly defaultTenant?: string;
  /**
   * Heron's own registration, or null while Heron ships none for this provider: then sign-in works
   * only with a registration the person or their organization enters in Settings.
   */
  readonly registration: OAuthClient | null;
  /** Where a person or an organization registers its own app (shown in Settings). */
  readonly registerUrl: string;
}

/** A provider together with the client that signs in to it (the bundled one or the person's own). */
export interface SignInTarget {
  readonly provider: OAuthProvider;
  readonly client: OAuthClient;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
}

export function withTenant(endpoint: string, provider: OAuthProvider, client: OAuthClient): string {
  return endpoint.replace('{tenant}', encodeURIComponent(client.tenant ?? provider.defaultTenant ?? 'common'));
}

export function targetFor(provider: OAuthProvider, client: OAuthClient): SignInTarget {
  return {
    provider,
    client,
    authorizationEndpoint: withTenant(provider.authorizationEndpoint, provider, client),
    tokenEndpoint: withTenant(provider.tokenEndpoint, provider, client),
  };
}

/** The provider whose tokens the mail server at `host` accepts, if any. */
export function providerForHost(providers: readonly OAuthProvider[], host: string): OAuthProvider | undefined {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  return providers.find((p) => p.hosts.includes(h));
}
