/**
 * The loopback redirect of RFC 8252 §7.3: a listener on 127.0.0.1 at a port the system picks, for
 * exactly one sign-in. The browser brings the authorization answer to `http://127.0.0.1:<port>/`;
 * an answer whose `state` is not this attempt's is refused without being used (RFC 6749 §10.12).
 * The listener closes when the sign-in ends, whichever way — so a browser that comes back late
 * finds nothing listening.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeronError } from '../../../shared/ipc/result';

export type RedirectAnswer =
  | { readonly kind: 'code'; readonly code: string }
  /** The provider sent the person back with an error (RFC 6749 §4.1.2.1), e.g. `access_denied`. */
  | { readonly kind: 'error'; readonly error: string; readonly description: string | null }
  /** An answer that did not carry this attempt's `state`: not used. */
  | { readonly kind: 'wrong-state' };

/** What the browser tab shows at the end (fixed words: nothing from the request is echoed). */
export type FinishPage = 'signed-in' | 'declined' | 'wrong-state' | 'failed';

export interface LoopbackRedirect {
  /** `http://127.0.0.1:<port>/` */
  readonly redirectUri: string;
  readonly port: number;
  /** The browser's answer; rejects with ETIMEDOUT or EABORTED when none came. */
  readonly answer: Promise<RedirectAnswer>;
  /** Answers the browser tab that brought the answer (if it still waits), then closes the listener. */
  finish(page: FinishPage): Promise<void>;
  /** Closes the listener and every connection to it; safe to call more than once. */
  close(): Promise<void>;
}

export interface LoopbackOptions {
  readonly state: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

const PAGES: Readonly<Record<FinishPage, { status: number; title: string; text: string }>> = {
  'signed-in': { status: 200, title: 'You are signed in', text: 'Heron has your sign-in. You can close this tab and go back to Heron.' },
  declined: { status: 200, title: 'Sign-in cancelled', text: 'Nothing was stored. Go back to Heron to try again.' },
  'wrong-state': {
    status: 400,
    title: 'Heron did not start this sign-in',
    text: 'This answer does not belong to the sign-in Heron is waiting for, so Heron did not use it. Go back to Heron to try again.',
  },
  failed: { status: 200, title: 'Sign-in did not finish', text: 'Go back to Heron: it says what went wrong and lets you try again.' },
};

function page(which: FinishPage): string {
  const { title, text } = PAGES[which];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Heron Mail — ${title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32em;margin:15vh auto;padding:0 1em;color:#1d2733}h1{font-size:1.4em}</style></head>
<body><h1>${title}</h1><p>${text}</p></body></html>`;
}

const HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

export async function openLoopbackRedirect(options: LoopbackOptions): Promise<LoopbackRedirect> {
  let waiting: ServerResponse | null = null;
  let settled = false;
  let settle!: { resolve: (a: RedirectAnswer) => void; reject: (e: HeronError) => void };
  const answer = new Promise<RedirectAnswer>((resolve, reject) => (settle = { resolve, reject }));
  // Whoever awaits it later sees the rejection; until then it must not count as unhandled.
  answer.catch(() => undefined);

  const server = http.createServer((req, res) => onRequest(req, res));
  const send = (res: ServerResponse, which: FinishPage) => {
    if (!res.writableEnded && !res.destroyed) res.writeHead(PAGES[which].status, HEADERS).end(page(which));
  };

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const q = url.searchParams;
    const isAnswer = req.method === 'GET' && url.pathname === '/' && (q.has('code') || q.has('error') || q.has('state'));
    if (!isAnswer || settled) {
      // A favicon, a second tab, a late reload: not an answer to this attempt.
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end('Not found');
      return;
    }
    settled = true;
    if (q.get('state') !== options.state) {
      send(res, 'wrong-state');
      settle.resolve({ kind: 'wrong-state' });
      return;
    }
    const error = q.get('error');
    const code = q.get('code');
    waiting = res;
    if (error !== null) settle.resolve({ kind: 'error', error: error.slice(0, 200), description: q.get('error_description')?.slice(0, 1000) ?? null });
    else if (code) settle.resolve({ kind: 'code', code });
    else settle.resolve({ kind: 'error', error: 'invalid_request', description: 'The answer carried neither a code nor an error.' });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (!settled) {
        settled = true;
        settle.reject(new HeronError('EABORTED', 'The sign-in was cancelled.'));
      }
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };
  const fail = (error: HeronError) => {
    if (settled) return;
    settled = true;
    settle.reject(error);
    void close();
  };
  const minutes = Math.round(options.timeoutMs / 60_000);
  const seconds = Math.max(1, Math.round(options.timeoutMs / 1000));
  const waited = minutes >= 1 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${seconds} second${seconds === 1 ? '' : 's'}`;
  const timer = setTimeout(
    () => fail(new HeronError('ETIMEDOUT', `Heron stopped waiting for the browser after ${waited}: the sign-in did not come back.`, { retryable: true, detail: { reason: 'browser-timeout' } })),
    options.timeoutMs,
  );
  const onAbort = () => fail(new HeronError('EABORTED', 'The sign-in was cancelled.'));
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  return {
    redirectUri: `http://127.0.0.1:${port}/`,
    port,
    answer,
    async finish(which) {
      const res = waiting;
      waiting = null;
      if (res) await new Promise<void>((resolve) => {
        res.once('finish', resolve);
        res.once('close', resolve);
        send(res, which);
      });
      await close();
    },
    close,
  };
}
