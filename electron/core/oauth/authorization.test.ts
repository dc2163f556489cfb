import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeronError } from '../../../shared/ipc/result';
import { testCerts } from '../tls/testing/certs';
import { startSignIn } from './authorization';
import { s256 } from './pkce';
import { startAuthorizationServer, type AuthorizationServer } from './testing/authorization-server';
import { listening, playBrowser } from './testing/browser';
import { refreshTokens, tokenEndpointOf } from './token-client';
import { targetFor, type SignInTarget } from './types';

const certs = testCerts();
let server: AuthorizationServer;
let target: SignInTarget;
const options = { ca: [certs.ca], who: 'alice@test.domain', loginHint: 'alice@test.domain', timeoutMs: 10_000 };
const visit = { ca: certs.ca, login: 'alice@test.domain', password: 'pw-alice' };

beforeAll(async () => {
  server = await startAuthorizationServer({ cert: certs.leaf.cert, key: certs.leaf.key, users: [{ name: 'alice', password: 'pw-alice' }] });
  const provider = server.provider(['pop.test.domain']);
  target = targetFor(provider, provider.registration!);
});
afterAll(async () => {
  await server.close();
});

async function failure(promise: Promise<unknown>): Promise<HeronError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HeronError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('signing in through the system browser (RFC 8252)', () => {
  it('asks with PKCE S256 and a state, redirects to 127.0.0.1 on a port of its own, and exchanges the code with the verifier', async () => {
    const before = server.tokenRequests.length;
    const attempt = await startSignIn(target, options);
    const url = new URL(attempt.url);
    expect(url.origin + url.pathname).toBe(server.authorizationEndpoint);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: server.clientId,
      redirect_uri: attempt.redirectUri,
      scope: 'mail offline_access',
      code_challenge_method: 'S256',
      login_hint: 'alice@test.domain',
    });
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(attempt.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const port = Number(new URL(attempt.redirectUri).port);
    expect(await listening(port)).toBe(true);

    const { page } = await playBrowser(attempt.url, visit);
    const tokens = await attempt.result;
    expect(page.status).toBe(200);
    expect(page.body).toContain('You are signed in');
    expect(tokens.accessToken).toMatch(/^at-/);
    expect(tokens.refreshToken).toMatch(/^rt-/);
    expect(tokens.expiresIn).toBe(3600);

    const exchange = server.tokenRequests.slice(before);
    expect(exchange.map((r) => [r.grantType, r.status])).toEqual([['authorization_code', 200]]);
    const sent = exchange[0]!.params;
    expect(sent.redirect_uri).toBe(attempt.redirectUri);
    expect(s256(sent.code_verifier ?? '')).toBe(url.searchParams.get('code_challenge'));
    expect(await listening(port)).toBe(false);
  });

  it('refuses an answer with another state: nothing is exchanged, the tab says so and the listener closes', async () => {
    const before = server.tokenRequests.length;
    const attempt = await startSignIn(target, options);
    const port = Number(new URL(attempt.redirectUri).port);
    const { page } = await playBrowser(attempt.url, {
      ...visit,
      tamper: (u) => {
        u.searchParams.set('state', 'forged-state-value');
        return u;
      },
    });
    const error = await failure(attempt.result);
    expect(error.code).toBe('ESIGNIN');
    expect(error.detail).toMatchObject({ reason: 'state' });
    expect(error.message).toBe('The browser brought back a sign-in answer that does not belong to this sign-in, so Heron did not use it. Nothing was stored; sign in again.');
    expect(page.status).toBe(400);
    expect(page.body).toContain('Heron did not start this sign-in');
    expect(server.tokenRequests.length).toBe(before);
    expect(await listening(port)).toBe(false);
  });

  it('a person who cancels on the provider’s page gets words, not a code', async () => {
    const attempt = await startSignIn(target, options);
    const { page } = await playBrowser(attempt.url, { ...visit, action: 'deny' });
    const error = await failure(attempt.result);
    expect(error.code).toBe('ESIGNIN');
    expect(error.message).toBe('Signing in to Test Identity was cancelled in the browser. Nothing was stored; sign in again when you are ready.');
    expect(page.body).toContain('Sign-in cancelled');
  });

  it('a browser that never comes back ends in ETIMEDOUT and the port is closed after it', async () => {
    const attempt = await startSignIn(target, { ...options, timeoutMs: 300 });
    const port = Number(new URL(attempt.redirectUri).port);
    const error = await failure(attempt.result);
    expect(error.code).toBe('ETIMEDOUT');
    expect(error.message).toBe('Heron stopped waiting for the browser after 1 second: the sign-in did not come back.');
    expect(await listening(port)).toBe(false);
  });

  it('cancelling stops waiting at once and closes the port', async () => {
    const attempt = await startSignIn(target, options);
    const port = Number(new URL(attempt.redirectUri).port);
    attempt.cancel();
    expect((await failure(attempt.result)).code).toBe('EABORTED');
    expect(await listening(port)).toBe(false);
  });
});

describe('refreshing', () => {
  it('gets a new access token with the refresh token; a revoked grant is refused with the provider’s reason in words', async () => {
    const attempt = await startSignIn(target, options);
    await playBrowser(attempt.url, visit);
    const { refreshToken, accessToken } = await attempt.result;
    const fresh = await refreshTokens(tokenEndpointOf(target), refreshToken, options);
    expect(fresh.accessToken).not.toBe(accessToken);
    expect(fresh.refreshToken).toBeNull();
    server.revoke('alice', { error: 'invalid_grant', description: 'AADSTS700082: The refresh token has expired due to inactivity. Trace ID: 1' });
    const error = await failure(refreshTokens(tokenEndpointOf(target), refreshToken, options));
    expect(error.code).toBe('ESIGNIN');
    expect(error.message).toBe('Test Identity ended Heron’s sign-in for alice@test.domain: the sign-in expired because it was not used for 90 days (AADSTS700082). Sign in again to go on.');
    expect(error.detail).toMatchObject({ provider: 'Test Identity', reason: 'invalid_grant', aadsts: '700082' });
  });

  it('never sends a refresh token over plain http', async () => {
    const error = await failure(refreshTokens({ ...tokenEndpointOf(target), url: server.tokenEndpoint.replace('https:', 'http:') }, 'rt-x', options));
    expect(error.code).toBe('EINTERNAL');
  });
});
