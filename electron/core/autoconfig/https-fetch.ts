/**
 * Fetches a provider's own autoconfig file over HTTPS: certificate and host name verified
 * (system roots plus any injected CA), TLS 1.2 or newer, a short deadline, a size cap, at most
 * three redirects and never to plain http (a redirect to http would let anyone on the path
 * substitute the servers a password is sent to).
 */
import https from 'node:https';
import tls from 'node:tls';
import type { LookupFunction } from 'node:net';
import { HeronError } from '../../../shared/ipc/result';

export interface HttpsFetchOptions {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Extra trusted CAs (tests); the system roots stay trusted. */
  readonly ca?: ReadonlyArray<string | Buffer>;
  /** Host → address mapping (tests point *.example.test at 127.0.0.1). */
  readonly lookup?: LookupFunction;
  /** Port for https URLs without one (tests run their server on port 0). */
  readonly defaultPort?: number;
  readonly maxRedirects?: number;
}

const CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export async function fetchHttpsText(url: string, options: HttpsFetchOptions): Promise<string> {
  let current = new URL(url);
  for (let redirects = 0; ; redirects++) {
    const answer = await getOnce(current, options);
    if (answer.kind === 'text') return answer.text;
    if (redirects >= (options.maxRedirects ?? 3)) {
      throw new HeronError('EPROTOCOL', `${current.host} redirected too many times.`, { detail: { url: current.href } });
    }
    const next = new URL(answer.location, current);
    if (next.protocol !== 'https:') {
      throw new HeronError('EPROTOCOL', `${current.host} redirected to an unencrypted address (${next.href.slice(0, 120)}), which Heron does not follow.`, {
        detail: { url: current.href },
      });
    }
    current = next;
  }
}

function getOnce(url: URL, options: HttpsFetchOptions): Promise<{ kind: 'text'; text: string } | { kind: 'redirect'; location: string }> {
  return new Promise((resolve, reject) => {
    const extraCa = options.ca ?? [];
    const req = https.get(url, {
      signal: options.signal,
      timeout: options.timeoutMs,
      minVersion: 'TLSv1.2',
      rejectUnauthorized: true,
      ...(extraCa.length > 0 ? { ca: [...tls.rootCertificates, ...extraCa] } : {}),
      ...(options.lookup ? { lookup: options.lookup } : {}),
      ...(url.port === '' && options.defaultPort ? { port: options.defaultPort } : {}),
      agent: false,
      headers: { accept: 'application/xml, text/xml;q=0.9', 'user-agent': 'Heron Mail autoconfig' },
    });
    // One deadline for the whole exchange, not just idle time, so a server trickling bytes cannot stall discovery.
    const deadline = setTimeout(() => req.destroy(new HeronError('ETIMEDOUT', `${url.host} did not answer within ${Math.round(options.timeoutMs / 1000)} s.`, { retryable: true })), options.timeoutMs);
    const done = () => clearTimeout(deadline);
    req.on('timeout', () => req.destroy(new HeronError('ETIMEDOUT', `${url.host} did not answer within ${Math.round(options.timeoutMs / 1000)} s.`, { retryable: true })));
    req.on('error', (error: Error & { code?: string }) => {
      done();
      reject(toHeronError(error, url, options.signal));
    });
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        done();
        resolve({ kind: 'redirect', location: res.headers.location });
        return;
      }
      if (status !== 200) {
        res.resume();
        done();
        reject(new HeronError('ENOTFOUND', `${url.host} answered HTTP ${status} for ${url.pathname}.`, { detail: { url: url.href, status } }));
        return;
      }
      const declared = Number(res.headers['content-length'] ?? '0');
      if (declared > options.maxBytes) {
        req.destroy();
        done();
        reject(tooBig(url, options.maxBytes));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          req.destroy(tooBig(url, options.maxBytes));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        done();
        resolve({ kind: 'text', text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (error) => {
        done();
        reject(toHeronError(error, url, options.signal));
      });
    });
  });
}

function tooBig(url: URL, max: number): HeronError {
  return new HeronError('ETOOBIG', `The settings file from ${url.host} is larger than ${Math.round(max / 1024)} KiB, so Heron did not read it.`, {
    detail: { url: url.href },
  });
}

/** A failed HTTPS request in words: a certificate, a name that does not exist, or no connection. */
export function toHeronError(error: Error & { code?: string }, url: URL, signal: AbortSignal): HeronError {
  if (error instanceof HeronError) return error;
  if (signal.aborted) return new HeronError('EABORTED', `The request to ${url.host} was cancelled.`);
  const code = error.code ?? '';
  if (CERT_CODES.has(code)) {
    return new HeronError('ECERT', `The certificate of ${url.host} could not be verified (${code}).`, { detail: { url: url.href, reason: code } });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new HeronError('ENOTFOUND', `${url.hostname} does not exist in DNS.`, { detail: { url: url.href } });
  }
  return new HeronError('ECONNECTION', `Could not fetch ${url.href.slice(0, 160)}: ${error.message.slice(0, 160)}`, {
    retryable: true,
    detail: { url: url.href, reason: code },
  });
}
