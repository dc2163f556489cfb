/**
 * One sign-in in the person's own browser (RFC 8252): the authorization request with PKCE S256
 * and a fresh `state` (RFC 7636, RFC 6749 §4.1.1), the loopback redirect (loopback.ts), and the
 * code exchanged for tokens with the verifier (token-client.ts). The caller opens `url` in the
 * system browser (main's URL policy) and may open it again if the person closed the tab.
 */
import { HeronError } from '../../../shared/ipc/result';
import { openLoopbackRedirect, type FinishPage } from './loopback';
import { newPkce, newState } from './pkce';
import { refusalError } from './reasons';
import { exchangeCode, tokenEndpointOf, type TokenRequestOptions, type Tokens } from './token-client';
import type { SignInTarget } from './types';

export interface SignInOptions extends Omit<TokenRequestOptions, 'signal'> {
  /** The address the person is signing in as, offered to the provider's page (`login_hint`). */
  readonly loginHint: string;
  /** How long the browser may take to come back. */
  readonly timeoutMs: number;
}

export interface SignInAttempt {
  /** The provider's sign-in page for this attempt, to open in the system browser. */
  readonly url: string;
  readonly redirectUri: string;
  /** The tokens (with a refresh token), or why not: ESIGNIN, ETIMEDOUT, EABORTED, a network or provider error. */
  readonly result: Promise<Tokens & { refreshToken: string }>;
  /** Stops waiting; the listener closes and `result` rejects with EABORTED. */
  cancel(): void;
}

export function authorizationUrl(target: SignInTarget, input: { redirectUri: string; state: string; challenge: string; loginHint: string }): string {
  const url = new URL(target.authorizationEndpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: target.client.clientId,
    redirect_uri: input.redirectUri,
    scope: target.provider.scopes.join(' '),
    state: input.state,
    code_challenge: input.challenge,
    code_challenge_method: 'S256',
    login_hint: input.loginHint,
    ...target.provider.authorizationParams,
  };
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.href;
}

export async function startSignIn(target: SignInTarget, options: SignInOptions): Promise<SignInAttempt> {
  const state = newState();
  const pkce = newPkce();
  const cancel = new AbortController();
  const redirect = await openLoopbackRedirect({ state, timeoutMs: options.timeoutMs, signal: cancel.signal });
  const url = authorizationUrl(target, { redirectUri: redirect.redirectUri, state, challenge: pkce.challenge, loginHint: options.loginHint });
  const name = target.provider.name;

  const run = async (): Promise<Tokens & { refreshToken: string }> => {
    let page: FinishPage = 'failed';
    try {
      const answer = await redirect.answer;
      if (answer.kind === 'wrong-state') {
        page = 'wrong-state';
        throw new HeronError(
          'ESIGNIN',
          `The browser brought back a sign-in answer that does not belong to this sign-in, so Heron did not use it. Nothing was stored; sign in again.`,
          { detail: { provider: name, reason: 'state' } },
        );
      }
      if (answer.kind === 'error') {
        const declined = answer.error === 'access_denied' && !/AADSTS\d+/.test(answer.description ?? '');
        page = declined ? 'declined' : 'failed';
        if (declined) {
          throw new HeronError('ESIGNIN', `Signing in to ${name} was cancelled in the browser. Nothing was stored; sign in again when you are ready.`, {
            detail: { provider: name, reason: 'declined' },
          });
        }
        throw refusalError(name, options.who, answer, null);
      }
      const tokens = await exchangeCode(tokenEndpointOf(target), { code: answer.code, redirectUri: redirect.redirectUri, verifier: pkce.verifier }, { ...options, signal: cancel.signal });
      if (tokens.refreshToken === null) {
        throw new HeronError('EPROTOCOL', `${name} signed ${options.who} in but gave Heron no lasting sign-in (no refresh token), so Heron would have to ask again within the hour.`, {
          detail: { provider: name },
        });
      }
      page = 'signed-in';
      return { ...tokens, refreshToken: tokens.refreshToken };
    } finally {
      await redirect.finish(page);
    }
  };

  const result = run();
  // The caller awaits it after opening the browser; a failure before then is not unhandled.
  result.catch(() => undefined);
  return { url, redirectUri: redirect.redirectUri, result, cancel: () => cancel.abort() };
}
