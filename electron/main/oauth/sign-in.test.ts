import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IncomingServer, OutgoingServer } from '../../../shared/model/account';
import { startAuthorizationServer, type AuthorizationServer } from '../../core/oauth/testing/authorization-server';
import { playBrowser } from '../../core/oauth/testing/browser';
import { testCerts } from '../../core/tls/testing/certs';
import { boundReader, SecretBindings } from '../secrets/bindings';
import { MemorySecretStore } from '../secrets/memory-secret-store';
import { TestCipher } from '../secrets/testing/test-cipher';
import { createOAuth, type OAuth } from './index';

const certs = testCerts();
const INCOMING: IncomingServer = { protocol: 'pop3', host: 'pop.test.example', port: 995, security: 'tls', username: 'alice@test.domain', auth: 'xoauth2' };
const OUTGOING: OutgoingServer = { protocol: 'smtp', host: 'smtp.test.example', port: 465, security: 'tls', username: 'alice@test.domain', auth: 'xoauth2', sameCredentialsAsIncoming: true };
const REQUEST = { accountId: 'acct', address: 'alice@test.domain', incoming: INCOMING, outgoing: OUTGOING, persist: true };

let server: AuthorizationServer;
let dir: string;
let opened: string[];
/** What the "browser" does with each page Heron opens. */
let browser: (url: string) => void;

beforeAll(async () => {
  server = await startAuthorizationServer({ cert: certs.leaf.cert, key: certs.leaf.key, users: [{ name: 'alice', password: 'pw' }] });
});
afterAll(() => server.close());
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'heron-signin-'));
  opened = [];
  browser = (url) => void playBrowser(url, { ca: certs.ca, login: 'alice@test.domain', password: 'pw' });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function world(provider = server.provider(['pop.test.example', 'smtp.test.example'])): OAuth {
  return createOAuth({
    userDataDir: dir,
    cipher: new TestCipher(),
    passwords: boundReader(new MemorySecretStore(), new SecretBindings(null)),
    openExternal: async (url) => {
      opened.push(url);
      browser(url);
    },
    note: () => {},
    ca: [certs.ca],
    extraProviders: [provider],
    signInTimeoutMs: 5_000,
  });
}

describe('the sign-in service', () => {
  it('opens the provider’s page, stores the grant encrypted and bound to the XOAUTH2 servers, and logins get its access token', async () => {
    const oauth = world();
    expect(await oauth.service.provider('POP.test.example')).toEqual({ id: 'test-identity', name: 'Test Identity', ready: true });
    expect(await oauth.service.provider('pop.gmail.com')).toEqual({ id: 'google', name: 'Google', ready: false });
    expect(await oauth.service.provider('pop.example.org')).toBeNull();
    const status = await oauth.service.signIn(REQUEST);
    expect(status).toEqual({ signedIn: true, provider: 'Test Identity', persisted: true, readable: true, problem: null });
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatch(new RegExp(`^${server.authorizationEndpoint}\\?`));
    const token = await oauth.secrets.get('acct', 'incoming', INCOMING);
    expect(token).toMatch(/^at-/);
    expect(await oauth.secrets.get('acct', 'incoming', OUTGOING)).toBe(token);
    // Nothing on disk in clear: not the refresh token, not the access token.
    const files = readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
    for (const issued of server.issued()) expect(files).not.toContain(issued);
    // A later Heron (a new process) finds it and refreshes with it.
    const again = world();
    const fresh = await again.secrets.get('acct', 'incoming', INCOMING);
    expect(fresh).toMatch(/^at-/);
    expect(fresh).not.toBe(token);
    expect(server.tokenRequests.at(-1)).toMatchObject({ grantType: 'refresh_token', status: 200 });
  });

  it('a person who closed the tab can have the page opened again, and finish there', async () => {
    const oauth = world();
    browser = () => {}; // the tab was closed
    const signingIn = oauth.service.signIn(REQUEST);
    await expect.poll(() => opened.length).toBe(1);
    browser = (url) => void playBrowser(url, { ca: certs.ca, login: 'alice', password: 'pw' });
    await oauth.service.reopen('acct');
    expect((await signingIn).signedIn).toBe(true);
    expect(opened).toHaveLength(2);
    expect(opened[1]).toBe(opened[0]);
  });

  it('cancelling ends the wait (EABORTED) and stores nothing; a second sign-in replaces a first one still waiting', async () => {
    const oauth = world();
    browser = () => {};
    const first = oauth.service.signIn(REQUEST);
    await expect.poll(() => opened.length).toBe(1);
    oauth.service.cancel('acct');
    await expect(first).rejects.toMatchObject({ code: 'EABORTED' });
    const second = oauth.service.signIn(REQUEST);
    await expect.poll(() => opened.length).toBe(2);
    const third = oauth.service.signIn(REQUEST);
    await expect(second).rejects.toMatchObject({ code: 'EABORTED' });
    oauth.service.cancel('acct');
    await expect(third).rejects.toMatchObject({ code: 'EABORTED' });
    expect(await oauth.grants.status('acct')).toMatchObject({ signedIn: false });
  });

  it('without a client registration it says what to do and opens nothing; the person’s own registration makes it work', async () => {
    const provider = { ...server.provider(['pop.test.example', 'smtp.test.example']), registration: null };
    const oauth = world(provider);
    await expect(oauth.service.signIn(REQUEST)).rejects.toMatchObject({
      code: 'EUNSUPPORTED',
      message: 'Heron has no app registration for signing in to Test Identity. Enter your own (or your organization’s) in Settings → Sign-in with Google and Microsoft, or use an app password.',
    });
    expect(opened).toEqual([]);
    await oauth.clients.set('test-identity', { clientId: server.clientId });
    expect((await oauth.clients.list()).find((c) => c.provider === 'test-identity')).toMatchObject({ bundledClientId: null, own: { clientId: server.clientId, hasSecret: false, tenant: null } });
    expect((await oauth.service.signIn(REQUEST)).signedIn).toBe(true);
    expect(new URL(opened[0]!).searchParams.get('client_id')).toBe(server.clientId);
  });

  it('refuses servers of two providers under one sign-in, and a server no provider signs in for', async () => {
    const oauth = world();
    await expect(oauth.service.signIn({ ...REQUEST, outgoing: { ...OUTGOING, host: 'smtp.gmail.com' } })).rejects.toMatchObject({ code: 'EINVALID' });
    await expect(oauth.service.signIn({ ...REQUEST, incoming: { ...INCOMING, host: 'pop.example.org' } })).rejects.toMatchObject({ code: 'EUNSUPPORTED' });
    expect(opened).toEqual([]);
  });

  it('forgetting the account forgets its sign-in', async () => {
    const oauth = world();
    await oauth.service.signIn(REQUEST);
    await oauth.service.forget('acct');
    expect(await oauth.service.status('acct')).toEqual({ signedIn: false, provider: null, persisted: false, readable: false, problem: null });
    await expect(oauth.secrets.get('acct', 'incoming', INCOMING)).rejects.toMatchObject({ code: 'ESIGNIN' });
  });
});
