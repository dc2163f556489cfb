/**
 * A scripted browser for unit and interop tests: opens the authorization URL on the test
 * authorization server, signs in (or cancels), and follows the redirect to the loopback address
 * — optionally with the `state` changed, as a forged answer would be. The e2e journeys use a real
 * Chromium instead.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

export interface BrowserVisit {
  readonly ca: string;
  readonly login: string;
  readonly password: string;
  /** 'deny' presses Cancel on the provider's page. */
  readonly action?: 'allow' | 'deny';
  /** Rewrites the redirect before following it (a forged or stale answer). */
  readonly tamper?: (redirect: URL) => URL;
}

export interface Page {
  readonly status: number;
  readonly body: string;
  readonly location: string | null;
}

function request(url: URL, options: { method?: string; body?: string; ca?: string }): Promise<Page> {
  return new Promise((resolve, reject) => {
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.request(
      url,
      {
        method: options.method ?? 'GET',
        ...(url.protocol === 'https:' ? { ca: options.ca } : {}),
        headers: options.body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(options.body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), location: res.headers.location ?? null }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Signs in on the provider's page and follows its redirect; answers what the loopback listener said. */
export async function playBrowser(authorizationUrl: string, visit: BrowserVisit): Promise<{ redirect: URL; page: Page }> {
  const url = new URL(authorizationUrl);
  const login = await request(url, { ca: visit.ca });
  const id = /name="request" value="([^"]+)"/.exec(login.body)?.[1];
  if (login.status !== 200 || id === undefined) throw new Error(`the sign-in page did not load (${login.status}): ${login.body.slice(0, 200)}`);
  const form = new URLSearchParams({ request: id, login: visit.login, password: visit.password, action: visit.action ?? 'allow' }).toString();
  const posted = await request(new URL('/authorize', url), { method: 'POST', body: form, ca: visit.ca });
  if (posted.status !== 302 || posted.location === null) throw new Error(`signing in did not redirect (${posted.status}): ${posted.body.slice(0, 200)}`);
  const target = visit.tamper ? visit.tamper(new URL(posted.location)) : new URL(posted.location);
  return { redirect: target, page: await request(target, {}) };
}

/** Resolves true when something accepts a connection on 127.0.0.1 at `port` (a loopback listener still open). */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}
