import https from 'node:https';
import type { AddressInfo, LookupFunction } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeronError } from '../../../shared/ipc/result';
import { fetchHttpsText } from './https-fetch';
import { makeTestPki, type TestPki } from './testing/test-ca';

const lookup: LookupFunction = (_host, options, callback) => {
  if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

let pki: TestPki;
let server: https.Server;
let port: number;

beforeAll(async () => {
  pki = makeTestPki(['autoconfig.example.test', 'example.test']);
  server = https.createServer({ cert: pki.cert, key: pki.key }, (req, res) => {
    if (req.url?.startsWith('/ok')) res.end('<clientConfig/>');
    else if (req.url === '/big') res.end('x'.repeat(10_000));
    else if (req.url === '/to-http') res.writeHead(302, { location: 'http://example.test/ok' }).end();
    else if (req.url === '/to-https') res.writeHead(301, { location: '/ok' }).end();
    else if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
    else if (req.url === '/slow') res.write('<clientConfig>'); // never ends
    else res.writeHead(404).end('no');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

async function get(pathname: string, overrides: Partial<Parameters<typeof fetchHttpsText>[1]> = {}) {
  return fetchHttpsText(`https://autoconfig.example.test${pathname}`, {
    signal: new AbortController().signal, timeoutMs: 1000, maxBytes: 1024, ca: [pki.ca], lookup, defaultPort: port, ...overrides,
  });
}

async function refusal(promise: Promise<unknown>): Promise<HeronError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(HeronError);
    return error as HeronError;
  }
  throw new Error('expected a refusal');
}

describe('fetchHttpsText', () => {
  it('fetches over verified TLS and follows an https redirect', async () => {
    expect(await get('/ok?emailaddress=a%40example.test')).toBe('<clientConfig/>');
    expect(await get('/to-https')).toBe('<clientConfig/>');
  });

  it('refuses an unknown CA, a redirect to http, redirect loops, 404, oversized and slow answers', async () => {
    expect((await refusal(get('/ok', { ca: [] }))).code).toBe('ECERT');
    const http = await refusal(get('/to-http'));
    expect(http.message).toBe('autoconfig.example.test redirected to an unencrypted address (http://example.test/ok), which Heron does not follow.');
    expect((await refusal(get('/loop'))).message).toBe('autoconfig.example.test redirected too many times.');
    const missing = await refusal(get('/nope'));
    expect([missing.code, missing.message]).toEqual(['ENOTFOUND', 'autoconfig.example.test answered HTTP 404 for /nope.']);
    const big = await refusal(get('/big'));
    expect([big.code, big.message]).toEqual(['ETOOBIG', 'The settings file from autoconfig.example.test is larger than 1 KiB, so Heron did not read it.']);
    const started = Date.now();
    const slow = await refusal(get('/slow', { timeoutMs: 300 }));
    expect(slow.code).toBe('ETIMEDOUT');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const pending = get('/slow', { signal: controller.signal, timeoutMs: 5000 });
    setTimeout(() => controller.abort(), 50);
    expect((await refusal(pending)).code).toBe('EABORTED');
  });
});
