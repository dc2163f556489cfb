/**
 * The token endpoint (RFC 6749 §4.1.3 code exchange with the PKCE verifier of RFC 7636 §4.5, and
 * §6 refresh): one HTTPS POST, certificate and host name verified, a deadline and a size cap.
 * Tokens are returned to main and go nowhere else; a refusal becomes words (reasons.ts).
 */
import https from 'node:https';
import tls from 'node:tls';
import { HeronError } from '../../../shared/ipc/result';
import { toHeronError } from '../autoconfig/https-fetch';
import { refusalError } from './reasons';
import type { OAuthClient, SignInTarget } from './types';

export interface TokenRequestOptions {
  /** Extra trusted CAs (tests); the system roots stay trusted. */
  readonly ca?: ReadonlyArray<string | Buffer>;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Names the account in errors ("alice@example.com"). */
  readonly who: string;
}

export interface Tokens {
  readonly accessToken: string;
  /** Seconds the access token lives, as the provider said; null when it did not say. */
  readonly expiresIn: number | null;
  /** A new refresh token (always on a code exchange; on a refresh only when the provider rotates it). */
  readonly refreshToken: string | null;
  readonly scope: string | null;
}

/** Where tokens come from, and as which client: from a sign-in's target or a stored grant. */
export interface TokenEndpoint {
  readonly url: string;
  readonly client: OAuthClient;
  /** Names the provider in errors ("Google"). */
  readonly providerName: string;
}

export function tokenEndpointOf(target: SignInTarget): TokenEndpoint {
  return { url: target.tokenEndpoint, client: target.client, providerName: target.provider.name };
}

const MAX_ANSWER_BYTES = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;
/** Tokens ride in protocol lines (AUTH XOAUTH2 …): nothing that could end or inject one. */
const TOKEN_SHAPE = /^[\x21-\x7e]{1,8192}$/;

export function exchangeCode(target: TokenEndpoint, input: { code: string; redirectUri: string; verifier: string }, options: TokenRequestOptions): Promise<Tokens> {
  return requestTokens(target, { grant_type: 'authorization_code', code: input.code, redirect_uri: input.redirectUri, code_verifier: input.verifier }, options);
}

export function refreshTokens(target: TokenEndpoint, refreshToken: string, options: TokenRequestOptions): Promise<Tokens> {
  return requestTokens(target, { grant_type: 'refresh_token', refresh_token: refreshToken }, options);
}

async function requestTokens(target: TokenEndpoint, params: Record<string, string>, options: TokenRequestOptions): Promise<Tokens> {
  const url = new URL(target.url);
  const name = target.providerName;
  if (url.protocol !== 'https:') {
    throw new HeronError('EINTERNAL', `${name}'s token address is not https, so Heron does not use it.`, { detail: { url: url.origin } });
  }
  const body = new URLSearchParams({ ...params, client_id: target.client.clientId, ...(target.client.clientSecret ? { client_secret: target.client.clientSecret } : {}) }).toString();
  const { status, text } = await post(url, body, options);
  let json: Record<string, unknown> | null = null;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
  } catch {
    json = null;
  }
  const str = (key: string): string | null => (typeof json?.[key] === 'string' ? (json[key] as string) : null);
  if (status !== 200 || str('error') !== null) {
    const error = str('error') ?? (status >= 500 ? 'server_error' : `http_${status}`);
    throw refusalError(name, options.who, { error, description: str('error_description') }, status);
  }
  const accessToken = str('access_token');
  const type = str('token_type');
  if (json === null || accessToken === null || !TOKEN_SHAPE.test(accessToken) || (type !== null && type.toLowerCase() !== 'bearer')) {
    throw new HeronError('EPROTOCOL', `${name}'s token answer for ${options.who} was not a bearer token Heron can use.`, { detail: { provider: name, status } });
  }
  const refreshToken = str('refresh_token');
  if (refreshToken !== null && !TOKEN_SHAPE.test(refreshToken)) {
    throw new HeronError('EPROTOCOL', `${name}'s refresh token for ${options.who} has a shape Heron cannot keep.`, { detail: { provider: name } });
  }
  const expires = Number(json.expires_in);
  return { accessToken, expiresIn: Number.isFinite(expires) && expires > 0 ? expires : null, refreshToken, scope: str('scope') };
}

function post(url: URL, body: string, options: TokenRequestOptions): Promise<{ status: number; text: string }> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signal = options.signal ?? new AbortController().signal;
  return new Promise((resolve, reject) => {
    const extraCa = options.ca ?? [];
    const req = https.request(url, {
      method: 'POST',
      signal,
      minVersion: 'TLSv1.2',
      rejectUnauthorized: true,
      ...(extraCa.length > 0 ? { ca: [...tls.rootCertificates, ...extraCa] } : {}),
      agent: false,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': Buffer.byteLength(body),
        accept: 'application/json',
        'user-agent': 'Heron Mail',
      },
    });
    const deadline = setTimeout(
      () => req.destroy(new HeronError('ETIMEDOUT', `${url.host} did not answer the sign-in within ${Math.round(timeoutMs / 1000)} s.`, { retryable: true })),
      timeoutMs,
    );
    req.on('error', (error: Error & { code?: string }) => {
      clearTimeout(deadline);
      reject(toHeronError(error, url, signal));
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) req.destroy(new HeronError('ETOOBIG', `${url.host} sent a token answer larger than ${MAX_ANSWER_BYTES / 1024} KiB.`));
        else chunks.push(chunk);
      });
      res.on('end', () => {
        clearTimeout(deadline);
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (error) => {
        clearTimeout(deadline);
        reject(toHeronError(error, url, signal));
      });
    });
    req.end(body);
  });
}
