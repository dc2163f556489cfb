import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HeronError } from '../../../shared/ipc/result';
import type { Tokens } from '../../core/oauth/token-client';
import { TestCipher } from '../secrets/testing/test-cipher';
import { AccessTokens } from './access-tokens';
import { OAuthGrants, type StoredGrant } from './grants';
import { loginSecrets, withRenewal } from './login-secrets';

const POP = { host: 'pop.gmail.com', port: 995, security: 'tls' as const, username: 'alice@gmail.com', auth: 'xoauth2' };
const SMTP = { host: 'smtp.gmail.com', port: 465, security: 'tls' as const, username: 'alice@gmail.com', auth: 'xoauth2' };
const GRANT: StoredGrant = {
  v: 1,
  providerId: 'google',
  providerName: 'Google',
  tokenEndpoint: 'https://oauth2.example/token',
  clientId: 'client-1',
  refreshToken: 'rt-first',
  scope: 'https://mail.google.com/',
  signedInAt: 0,
};

let dir: string;
let now: number;
let refreshes: string[];
let answers: Array<Tokens | HeronError>;
let noted: string[];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'heron-tokens-'));
  now = 1_000_000;
  refreshes = [];
  answers = [];
  noted = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function world() {
  const grants = OAuthGrants.inUserData(dir, new TestCipher());
  await grants.save('acct', GRANT, [POP, SMTP], true);
  const tokens = new AccessTokens({
    grants,
    note: (s) => noted.push(s),
    now: () => now,
    refresh: async (endpoint, refreshToken) => {
      refreshes.push(`${endpoint.url} ${endpoint.client.clientId} ${refreshToken}`);
      // Lets two logins that need a token at the same moment meet in one refresh.
      await new Promise((resolve) => setTimeout(resolve, 5));
      const next = answers.shift();
      if (next === undefined) throw new Error('no answer scripted');
      if (next instanceof HeronError) throw next;
      return next;
    },
  });
  return { grants, tokens };
}

const access = (token: string, expiresIn: number | null = 3600, refreshToken: string | null = null): Tokens => ({ accessToken: token, expiresIn, refreshToken, scope: null });

describe('access tokens from a stored grant', () => {
  it('uses the sign-in’s token while it has time left, and refreshes it silently a minute before it expires', async () => {
    const { tokens } = await world();
    tokens.adopt('acct', access('at-1'));
    expect(await tokens.get('acct', POP)).toBe('at-1');
    now += 3600_000 - 60_001;
    expect(await tokens.get('acct', SMTP)).toBe('at-1');
    answers.push(access('at-2'));
    now += 2;
    expect(await tokens.get('acct', POP)).toBe('at-2');
    expect(refreshes).toEqual(['https://oauth2.example/token client-1 rt-first']);
    expect(noted).toEqual(expect.arrayContaining(['at-1', 'at-2', 'rt-first']));
  });

  it('a short-lived token is refreshed a tenth of its life early', async () => {
    const { tokens } = await world();
    tokens.adopt('acct', access('at-1', 10));
    now += 8_999;
    expect(await tokens.get('acct', POP)).toBe('at-1');
    answers.push(access('at-2', 10));
    now += 2;
    expect(await tokens.get('acct', POP)).toBe('at-2');
  });

  it('two logins at once share one refresh', async () => {
    const { tokens } = await world();
    answers.push(access('at-1'));
    expect(await Promise.all([tokens.get('acct', POP), tokens.get('acct', SMTP)])).toEqual(['at-1', 'at-1']);
    expect(refreshes).toHaveLength(1);
  });

  it('renewing a refused token refreshes once; a token renewed meanwhile by another login is reused', async () => {
    const { tokens } = await world();
    tokens.adopt('acct', access('at-1'));
    answers.push(access('at-2'));
    expect(await tokens.renew('acct', POP, 'at-1')).toBe('at-2');
    expect(await tokens.renew('acct', SMTP, 'at-1')).toBe('at-2');
    expect(refreshes).toHaveLength(1);
  });

  it('a rotated refresh token replaces the old one on disk, encrypted', async () => {
    const { grants, tokens } = await world();
    answers.push(access('at-1', 3600, 'rt-second'));
    await tokens.get('acct', POP);
    expect((await grants.read('acct', POP))?.refreshToken).toBe('rt-second');
    expect(await grants.status('acct')).toEqual({ signedIn: true, provider: 'Google', persisted: true, readable: true });
    expect(readFileSync(path.join(dir, 'oauth-grants.json'), 'utf8')).not.toContain('rt-second');
  });

  it('a revoked grant answers ESIGNIN once, is forgotten, and its words stay for the person', async () => {
    const { grants, tokens } = await world();
    tokens.adopt('acct', access('at-1'));
    const words = 'Google ended Heron’s sign-in for alice@gmail.com: the sign-in has expired or was revoked. Sign in again to go on.';
    answers.push(new HeronError('ESIGNIN', words));
    await expect(tokens.renew('acct', POP, 'at-1')).rejects.toMatchObject({ code: 'ESIGNIN', message: words });
    expect(await tokens.get('acct', POP)).toBeNull();
    expect(refreshes).toHaveLength(1);
    expect(await tokens.ended('acct')).toBe(words);
    expect(await grants.status('acct')).toEqual({ signedIn: false, provider: null, persisted: false, readable: false });
    expect(readFileSync(path.join(dir, 'oauth-grants.json'), 'utf8')).not.toContain('rt-first');

    // Heron starts again: the words are still there, and a login still asks to sign in again with them.
    const restarted = new AccessTokens({ grants: OAuthGrants.inUserData(dir, new TestCipher()), note: () => {} });
    expect(await restarted.ended('acct')).toBe(words);
    const google = { providerForHost: () => ({ name: 'Google' }) as never };
    await expect(loginSecrets({ get: async () => null }, restarted, google).get('acct', 'incoming', POP)).rejects.toMatchObject({ code: 'ESIGNIN', message: words });

    // Signed in again: the words go.
    await grants.save('acct', GRANT, [POP, SMTP], true);
    tokens.adopt('acct', access('at-new'));
    expect(await tokens.ended('acct')).toBeNull();
  });

  it('is only for the servers it was signed in for', async () => {
    const { tokens } = await world();
    await expect(tokens.get('acct', { ...POP, host: 'pop.evil.example' })).rejects.toMatchObject({
      code: 'ESIGNIN',
      message: 'The sign-in with Google was made for other servers than alice@gmail.com on pop.evil.example:995. Sign in again to use it with this server.',
    });
    expect(refreshes).toEqual([]);
  });
});

describe('logins: a password, or a token renewed at most once', () => {
  const passwords = (stored: string | null) => ({ get: async () => stored });
  const google = { providerForHost: (host: string) => (host.endsWith('gmail.com') ? ({ name: 'Google' } as never) : undefined) };

  it('an XOAUTH2 server of a known provider without a sign-in asks the person to sign in (ESIGNIN), a password server gets its password', async () => {
    const grants = OAuthGrants.inUserData(dir, new TestCipher());
    const tokens = new AccessTokens({ grants, note: () => {} });
    const secrets = loginSecrets(passwords('hunter2'), tokens, google);
    expect(await secrets.get('acct', 'incoming', { ...POP, auth: 'user' })).toBe('hunter2');
    const none = loginSecrets(passwords(null), tokens, google);
    await expect(none.get('acct', 'incoming', POP)).rejects.toMatchObject({ code: 'ESIGNIN', message: 'Heron is not signed in to Google for alice@gmail.com. Sign in to go on.' });
    // A token typed in by hand, for a server Heron cannot sign in to: used as it is, never renewed.
    const typed = loginSecrets(passwords('ya29.typed'), tokens, google);
    expect(await typed.get('acct', 'incoming', { ...POP, host: 'pop.example.org' })).toBe('ya29.typed');
    expect(await typed.renew('acct', { ...POP, host: 'pop.example.org' }, 'ya29.typed')).toBeNull();
  });

  it('a password kept from before the account signed in is never sent as a token: once the provider ends the sign-in, its words ask to sign in again', async () => {
    const { tokens } = await world();
    const secrets = loginSecrets(passwords('hunter2'), tokens, google);
    tokens.adopt('acct', access('at-1'));
    expect(await secrets.get('acct', 'incoming', POP)).toBe('at-1');
    const words = 'Google ended Heron’s sign-in for alice@gmail.com: the sign-in has expired or was revoked. Sign in again to go on.';
    answers.push(new HeronError('ESIGNIN', words));
    await expect(secrets.renew('acct', POP, 'at-1')).rejects.toMatchObject({ code: 'ESIGNIN' });
    await expect(secrets.get('acct', 'incoming', POP)).rejects.toMatchObject({ code: 'ESIGNIN', message: words });
    await expect(secrets.get('acct', 'outgoing', SMTP)).rejects.toMatchObject({ code: 'ESIGNIN', message: words });
  });

  it('withRenewal tries a refused login once more with a fresh token, and never a third time', async () => {
    const tried: string[] = [];
    let renewals = 0;
    const secrets = { renew: async () => `fresh-${++renewals}` };
    const result = await withRenewal(secrets, { accountId: 'acct', server: POP, first: 'stale' }, async (s) => (tried.push(s), 'refused'), (r) => r === 'refused', () => 'renew failed');
    expect(result).toBe('refused');
    expect(tried).toEqual(['stale', 'fresh-1']);
    expect(renewals).toBe(1);
  });

  it('withRenewal: a login that works is not renewed; a renewal the provider refuses is the answer', async () => {
    let renewals = 0;
    const ok = await withRenewal({ renew: async () => `x${++renewals}` }, { accountId: 'a', server: POP, first: 't' }, async () => 'ok', (r) => r !== 'ok', () => 'no');
    expect([ok, renewals]).toEqual(['ok', 0]);
    const failed = await withRenewal(
      { renew: async () => { throw new HeronError('ESIGNIN', 'revoked'); } },
      { accountId: 'a', server: POP, first: 't' },
      async () => 'refused',
      (r) => r === 'refused',
      (e) => `renew failed: ${(e as HeronError).code}`,
    );
    expect(failed).toBe('renew failed: ESIGNIN');
  });
});
