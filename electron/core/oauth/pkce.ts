/**
 * RFC 7636 (PKCE) and the `state` parameter of RFC 6749 §10.12: the random values one sign-in
 * attempt carries. The verifier never leaves main except in the token request; the browser sees
 * only its S256 challenge.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface Pkce {
  /** 43 characters of base64url (RFC 7636 §4.1: 32 random octets). */
  readonly verifier: string;
  /** BASE64URL(SHA256(verifier)) (§4.2). */
  readonly challenge: string;
  readonly method: 'S256';
}

export function base64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

export function s256(verifier: string): string {
  return base64url(createHash('sha256').update(verifier, 'ascii').digest());
}

export function newPkce(): Pkce {
  const verifier = base64url(randomBytes(32));
  return { verifier, challenge: s256(verifier), method: 'S256' };
}

/** An unguessable value tying the browser's answer to this attempt (RFC 6749 §10.12). */
export function newState(): string {
  return base64url(randomBytes(24));
}
