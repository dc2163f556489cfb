/**
 * An OAuth2 authorization server on loopback for tests, in-repo so every rule it checks is
 * visible: the authorization endpoint with a login page (RFC 6749 §4.1; PKCE S256 only, RFC 7636;
 * any port on a 127.0.0.1 redirect, RFC 8252 §7.3), the token endpoint (code exchange checking the
 * verifier and redirect URI, refresh), and token introspection (RFC 7662), which Dovecot's oauth2
 * passdb asks about every bearer token a client presents.
 *
 * Tests steer it: short token lifetimes, tokens the mail servers stop accepting, a revoked grant
 * with a provider's own words (Microsoft's AADSTS codes), and it records what it was asked.
 */
import { createHash, randomBytes } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OAuthProvider } from '../types';

export interface AuthorizationServerOptions {
  /** PEM certificate and key for 127.0.0.1 (the tests' PKI). */
  readonly cert: string;
  readonly key: string;
  /** Who can sign in: local part → password; addresses are `<name>@<domain>`. */
  readonly users: ReadonlyArray<{ readonly name: string; readonly password: string }>;
  readonly domain?: string;
  readonly clientId?: string;
  /** When set, the token endpoint requires it (as Google's desktop clients do). */
  readonly clientSecret?: string;
  /** Seconds an access token lives (default 3600). */
  readonly accessTokenSeconds?: number;
  /** Issue a new refresh token on every refresh (as Microsoft does). */
  readonly rotateRefreshTokens?: boolean;
}

export interface TokenRequestRecord {
  readonly grantType: string;
  readonly params: Readonly<Record<string, string>>;
  readonly status: number;
  readonly error: string | null;
}

export interface Refusal {
  readonly error: string;
  readonly description: string;
}

interface Grant {
  readonly user: string;
  refreshToken: string;
  /** Set when the grant was revoked: refreshes get this answer. */
  revoked: Refusal | null;
}

interface AccessToken {
  readonly user: string;
  readonly grant: Grant;
  readonly expiresAt: number;
  /** The mail servers no longer accept it (the test said so), though it has not expired. */
  dead: boolean;
}

interface PendingAuthorization {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string | null;
  readonly challenge: string;
  readonly scope: string;
  readonly loginHint: string;
}

export interface AuthorizationServer {
  readonly origin: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly introspectionEndpoint: string;
  readonly clientId: string;
  /** Every token request, in order. */
  readonly tokenRequests: readonly TokenRequestRecord[];
  /** Every introspection: the token asked about and whether it was active. */
  readonly introspections: ReadonlyArray<{ readonly token: string; readonly active: boolean }>;
  /** The provider as Heron's data describes one, for these mail server hosts. */
  provider(hosts: readonly string[], name?: string): OAuthProvider;
  /** Every code, access token and refresh token issued so far (to prove none leaked). */
  issued(): string[];
  setAccessTokenSeconds(seconds: number): void;
  /** The mail servers stop accepting `user`'s current access tokens (the grant itself stays good). */
  killAccessTokens(user: string): void;
  /** While on, every access token of `user` is refused at once, also new ones. */
  refuseAllTokens(user: string, on: boolean): void;
  /** Revokes `user`'s grants: access tokens refused, refreshes answered with `refusal`. */
  revoke(user: string, refusal: Refusal): void;
  close(): Promise<void>;
}

const CODE_SECONDS = 120;

function b64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

function token(prefix: string): string {
  return `${prefix}-${b64url(randomBytes(24))}`;
}

function attr(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 64 * 1024) req.destroy(new Error('too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')))));
    req.on('error', reject);
  });
}

/** RFC 8252 §7.3: a loopback IP literal, any port, over http. */
function loopbackRedirect(uri: string): boolean {
  try {
    const u = new URL(uri);
    return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === '[::1]') && u.port !== '' && u.hash === '';
  } catch {
    return false;
  }
}

export async function startAuthorizationServer(options: AuthorizationServerOptions): Promise<AuthorizationServer> {
  const domain = options.domain ?? 'test.domain';
  const clientId = options.clientId ?? 'heron-test-client';
  let accessSeconds = options.accessTokenSeconds ?? 3600;
  const passwords = new Map(options.users.map((u) => [u.name, u.password]));
  const pending = new Map<string, PendingAuthorization>();
  const codes = new Map<string, PendingAuthorization & { user: string; expiresAt: number }>();
  const grants = new Map<string, Grant>();
  const access = new Map<string, AccessToken>();
  const refusing = new Set<string>();
  const issued: string[] = [];
  const tokenRequests: TokenRequestRecord[] = [];
  const introspections: Array<{ token: string; active: boolean }> = [];

  const userOf = (login: string): string | null => {
    const name = login.trim().toLowerCase().replace(new RegExp(`@${domain.replace(/\./g, '\\.')}$`), '');
    return passwords.has(name) ? name : null;
  };

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
  };
  const html = (res: ServerResponse, status: number, body: string): void => {
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test Identity</title></head><body>${body}</body></html>`);
  };
  const redirectTo = (res: ServerResponse, base: string, params: Record<string, string | null>): void => {
    const u = new URL(base);
    for (const [k, v] of Object.entries(params)) if (v !== null) u.searchParams.set(k, v);
    res.writeHead(302, { Location: u.href, 'Cache-Control': 'no-store' }).end();
  };

  const loginPage = (id: string, login: string, problem: string | null) =>
    `<main><h1>Sign in to Test Identity</h1>${problem ? `<p role="alert">${attr(problem)}</p>` : ''}
<form method="post" action="/authorize"><input type="hidden" name="request" value="${attr(id)}">
<label>Email <input name="login" value="${attr(login)}"></label>
<label>Password <input name="password" type="password"></label>
<button name="action" value="allow">Sign in</button> <button name="action" value="deny">Cancel</button></form></main>`;

  function authorizeGet(url: URL, res: ServerResponse): void {
    const q = url.searchParams;
    const redirectUri = q.get('redirect_uri') ?? '';
    if (q.get('client_id') !== clientId) return html(res, 400, '<p>Unknown client.</p>');
    if (!loopbackRedirect(redirectUri)) return html(res, 400, '<p>The redirect address is not a loopback address.</p>');
    const state = q.get('state');
    const fail = (error: string, description: string) => redirectTo(res, redirectUri, { error, error_description: description, state });
    if (q.get('response_type') !== 'code') return fail('unsupported_response_type', 'Only the code flow.');
    if (q.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(q.get('code_challenge') ?? '')) return fail('invalid_request', 'PKCE with S256 is required.');
    const id = token('req');
    pending.set(id, { clientId, redirectUri, state, challenge: q.get('code_challenge') ?? '', scope: q.get('scope') ?? '', loginHint: q.get('login_hint') ?? '' });
    html(res, 200, loginPage(id, q.get('login_hint') ?? '', null));
  }

  async function authorizePost(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    const request = pending.get(form.request ?? '');
    if (!request) return html(res, 400, '<p>This sign-in has expired.</p>');
    if (form.action === 'deny') {
      pending.delete(form.request ?? '');
      return redirectTo(res, request.redirectUri, { error: 'access_denied', error_description: 'The user cancelled.', state: request.state });
    }
    const user = userOf(form.login ?? '');
    if (user === null || passwords.get(user) !== form.password) return html(res, 200, loginPage(form.request ?? '', form.login ?? '', 'Wrong email or password.'));
    pending.delete(form.request ?? '');
    const code = token('code');
    issued.push(code);
    codes.set(code, { ...request, user, expiresAt: Date.now() + CODE_SECONDS * 1000 });
    redirectTo(res, request.redirectUri, { code, state: request.state });
  }

  const issueAccess = (grant: Grant) => {
    const value = token('at');
    issued.push(value);
    access.set(value, { user: grant.user, grant, expiresAt: Date.now() + accessSeconds * 1000, dead: false });
    return value;
  };

  async function tokenPost(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const p = await readForm(req);
    const answer = (status: number, body: Record<string, unknown>) => {
      tokenRequests.push({ grantType: p.grant_type ?? '', params: p, status, error: typeof body.error === 'string' ? body.error : null });
      json(res, status, body);
    };
    if (p.client_id !== clientId || (options.clientSecret !== undefined && p.client_secret !== options.clientSecret)) {
      return answer(401, { error: 'invalid_client', error_description: 'Unknown client or wrong secret.' });
    }
    if (p.grant_type === 'authorization_code') {
      const code = codes.get(p.code ?? '');
      codes.delete(p.code ?? '');
      if (!code || code.expiresAt < Date.now()) return answer(400, { error: 'invalid_grant', error_description: 'The code is unknown, used or expired.' });
      if (code.redirectUri !== p.redirect_uri) return answer(400, { error: 'invalid_grant', error_description: 'The redirect_uri does not match.' });
      const verifier = p.code_verifier ?? '';
      if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || b64url(createHash('sha256').update(verifier).digest()) !== code.challenge) {
        return answer(400, { error: 'invalid_grant', error_description: 'PKCE verification failed.' });
      }
      const grant: Grant = { user: code.user, refreshToken: token('rt'), revoked: null };
      issued.push(grant.refreshToken);
      grants.set(grant.refreshToken, grant);
      return answer(200, { access_token: issueAccess(grant), token_type: 'Bearer', expires_in: accessSeconds, refresh_token: grant.refreshToken, scope: code.scope });
    }
    if (p.grant_type === 'refresh_token') {
      const grant = grants.get(p.refresh_token ?? '');
      if (!grant) return answer(400, { error: 'invalid_grant', error_description: 'The refresh token is unknown.' });
      if (grant.revoked) return answer(400, { error: grant.revoked.error, error_description: grant.revoked.description });
      const body: Record<string, unknown> = { access_token: issueAccess(grant), token_type: 'Bearer', expires_in: accessSeconds };
      if (options.rotateRefreshTokens) {
        grants.delete(grant.refreshToken);
        grant.refreshToken = token('rt');
        issued.push(grant.refreshToken);
        grants.set(grant.refreshToken, grant);
        body.refresh_token = grant.refreshToken;
      }
      return answer(200, body);
    }
    answer(400, { error: 'unsupported_grant_type', error_description: 'Only authorization_code and refresh_token.' });
  }

  async function introspect(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const p = await readForm(req);
    const record = access.get(p.token ?? '');
    const active = record !== undefined && !record.dead && record.grant.revoked === null && !refusing.has(record.user) && record.expiresAt > Date.now();
    introspections.push({ token: p.token ?? '', active });
    if (!active || !record) return json(res, 200, { active: false });
    json(res, 200, { active: true, token_type: 'Bearer', client_id: clientId, email: `${record.user}@${domain}`, username: record.user, exp: Math.floor(record.expiresAt / 1000) });
  }

  const server = https.createServer({ cert: options.cert, key: options.key }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const route = `${req.method} ${url.pathname}`;
    const handle = async () => {
      if (route === 'GET /authorize') return authorizeGet(url, res);
      if (route === 'POST /authorize') return authorizePost(req, res);
      if (route === 'POST /token') return tokenPost(req, res);
      if (route === 'POST /introspect') return introspect(req, res);
      res.writeHead(404).end();
      return undefined;
    };
    handle().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    authorizationEndpoint: `${origin}/authorize`,
    tokenEndpoint: `${origin}/token`,
    introspectionEndpoint: `${origin}/introspect`,
    clientId,
    tokenRequests,
    introspections,
    provider(hosts, name = 'Test Identity') {
      return {
        id: 'test-identity',
        name,
        hosts: hosts.map((h) => h.toLowerCase()),
        authorizationEndpoint: `${origin}/authorize`,
        tokenEndpoint: `${origin}/token`,
        scopes: ['mail', 'offline_access'],
        registration: { clientId, ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}) },
        registerUrl: `${origin}/apps`,
      };
    },
    issued: () => [...issued],
    setAccessTokenSeconds(seconds) {
      accessSeconds = seconds;
    },
    killAccessTokens(user) {
      for (const record of access.values()) if (record.user === user) record.dead = true;
    },
    refuseAllTokens(user, on) {
      if (on) refusing.add(user);
      else refusing.delete(user);
    },
    revoke(user, refusal) {
      for (const grant of grants.values()) if (grant.user === user) grant.revoked = refusal;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
