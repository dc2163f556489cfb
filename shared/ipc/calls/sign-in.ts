/**
 * Contract fragment: OAuth2 sign-in (Google, Microsoft). The person signs in on the provider's own
 * page in their browser; main keeps the grant (the refresh token) encrypted like a password, bound
 * to the account's servers, and hands the mail servers fresh access tokens. No token, code or
 * client secret ever crosses to the window: it learns who the provider is and whether the account
 * is signed in.
 */
import { call } from '../define';
import { hostSchema, incomingServerSchema, outgoingServerSchema } from '../schemas';
import { v } from '../validate';
import { accountIdSchema } from './credentials';

/** The provider whose sign-in a mail server takes. */
export interface SignInProviderInfo {
  readonly id: string;
  /** "Google", "Microsoft". */
  readonly name: string;
  /** False when Heron has no client registration for it (none bundled, none entered in Settings). */
  readonly ready: boolean;
}

export interface SignInStatus {
  readonly signedIn: boolean;
  /** The provider's name when signed in. */
  readonly provider: string | null;
  /** Kept encrypted on disk; false = until Heron quits. */
  readonly persisted: boolean;
  /** False when a sign-in is stored but can no longer be decrypted (the keyring changed). */
  readonly readable: boolean;
  /** Why the provider ended the last sign-in, in words (kept until the person signs in again); null when it did not. */
  readonly problem: string | null;
}

/** One provider's client registration as Settings shows it (never the secret itself). */
export interface SignInClientInfo {
  readonly provider: string;
  readonly name: string;
  /** The registration Heron ships; null while it ships none. */
  readonly bundledClientId: string | null;
  /** The registration entered in Settings, which wins over the bundled one. */
  readonly own: { readonly clientId: string; readonly hasSecret: boolean; readonly tenant: string | null } | null;
  /** The provider's sign-in names a directory (Microsoft: `common`, `organizations`, a tenant). */
  readonly usesTenant: boolean;
  /** Where to register an app of one's own. */
  readonly registerUrl: string;
  /** The permissions (scopes) the registration must allow. */
  readonly scopes: readonly string[];
}

const clientIdSchema = v.string({ min: 1, max: 200, pattern: /^[A-Za-z0-9._~@:-]+$/ });
const tenantSchema = v.string({ min: 1, max: 100, pattern: /^[A-Za-z0-9.-]+$/ });
const providerIdSchema = v.string({ min: 1, max: 40, pattern: /^[a-z0-9-]+$/ });

export const signInCalls = {
  /** The provider whose sign-in the mail server at `host` takes, or null (a password server). */
  signInProvider: call<SignInProviderInfo | null>()(v.object({ host: hostSchema })),
  /**
   * Opens the provider's sign-in page in the system browser and waits (minutes, not seconds) until
   * the browser comes back, the person cancels or Heron stops waiting. The grant is stored for the
   * servers given (those whose login method is XOAUTH2) and kept on disk when `persist`.
   */
  signIn: call<SignInStatus>()(
    v.object({
      accountId: accountIdSchema,
      /** The address the person signs in as (the provider's page starts with it). */
      address: v.string({ min: 3, max: 320 }),
      incoming: incomingServerSchema,
      outgoing: outgoingServerSchema,
      persist: v.boolean(),
    }),
  ),
  /** Opens the running sign-in's page again (the person closed the tab). */
  reopenSignIn: call<void>()(v.object({ accountId: accountIdSchema })),
  /** Stops waiting for the running sign-in; `signIn` then answers EABORTED. */
  cancelSignIn: call<void>()(v.object({ accountId: accountIdSchema })),
  signInStatus: call<SignInStatus>()(v.object({ accountId: accountIdSchema })),
  signInClients: call<readonly SignInClientInfo[]>()(v.none()),
  /** A registration of the person's or organization's own; used for every sign-in to that provider from now on. */
  setSignInClient: call<void>()(
    v.object({ provider: providerIdSchema, clientId: clientIdSchema, clientSecret: v.optional(v.string({ min: 1, max: 500, pattern: /^[\x21-\x7e]+$/ })), tenant: v.optional(tenantSchema) }),
  ),
  /** Back to the bundled registration. */
  clearSignInClient: call<void>()(v.object({ provider: providerIdSchema })),
} as const;

export const signInEvents = {} as const;
