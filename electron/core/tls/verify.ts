/**
 * One TLS policy for every protocol engine (POP3 and SMTP): TLS 1.2 minimum, the system's roots
 * (plus any CA a test or the person adds), host-name checked — and a self-signed or otherwise
 * unverifiable server accepted only when its leaf matches the SHA-256 fingerprint the person
 * pinned for this account.
 *
 * Node's `rejectUnauthorized: false` is used only so that the pin can be checked: the socket is
 * still verified (chain and host name, which Node reports as `authorized`/`authorizationError`),
 * and `verifyPeer` must pass before the caller sends or reads a single protocol byte.
 */
import tls, { type ConnectionOptions, type TLSSocket } from 'node:tls';
import { isIP } from 'node:net';
import { HeronError } from '../../../shared/ipc/result';
import type { CertificateCheck, CertificateInfo } from '../../../shared/model/certificate';

export interface TlsPolicy {
  /** Host name the certificate must be valid for; defaults to the host connected to. */
  readonly servername?: string;
  /** Extra trusted CAs, added to the system roots (not replacing them). */
  readonly ca?: string | Buffer | ReadonlyArray<string | Buffer>;
  /** "AB:CD:…" SHA-256 fingerprint of a leaf the person confirmed for this account. */
  readonly pinnedCert?: string;
}

export interface PeerInfo extends CertificateCheck {
  /** The negotiated cipher suite (OpenSSL's name), for the connection log. */
  readonly cipher: string;
}

export function tlsOptions(host: string, policy: TlsPolicy): ConnectionOptions {
  const servername = policy.servername ?? host;
  const extra = policy.ca === undefined ? [] : Array.isArray(policy.ca) ? policy.ca : [policy.ca];
  return {
    host,
    // SNI must not carry an IP address; the identity check still uses `host`.
    ...(isIP(servername) ? {} : { servername }),
    minVersion: 'TLSv1.2',
    rejectUnauthorized: false,
    ...(extra.length > 0 ? { ca: [...tls.rootCertificates, ...(extra as Array<string | Buffer>)] } : {}),
    checkServerIdentity: (_name, cert) => tls.checkServerIdentity(servername, cert),
  };
}

export function normalizeFingerprint(value: string): string {
  const hex = value.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return hex.match(/.{2}/g)?.join(':') ?? '';
}

/** Throws ECERT (with the leaf's fingerprint, so the person can choose to pin it) unless the peer is trusted. */
export function verifyPeer(socket: TLSSocket, host: string, policy: TlsPolicy): PeerInfo {
  const cert = socket.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0) {
    throw new HeronError('ECERT', `${host} presented no certificate.`, { detail: { host } });
  }
  const certificate: CertificateInfo = {
    fingerprint256: normalizeFingerprint(cert.fingerprint256 ?? ''),
    subject: firstOf(cert.subject?.CN),
    issuer: firstOf(cert.issuer?.CN ?? cert.issuer?.O),
    validTo: cert.valid_to ?? '',
  };
  const info = { ...certificate, protocol: socket.getProtocol() ?? 'unknown', cipher: socket.getCipher()?.name ?? 'unknown' };
  if (socket.authorized) return { ...info, authorized: true, pinned: false };
  const pinned = policy.pinnedCert ? normalizeFingerprint(policy.pinnedCert) : '';
  if (pinned !== '' && pinned === info.fingerprint256) return { ...info, authorized: false, pinned: true };
  const reason = String(socket.authorizationError ?? 'unknown verification error');
  throw new HeronError('ECERT', `The certificate of ${host} could not be verified (${describeCertError(reason)}).`, {
    detail: { host, reason, ...certificate },
  });
}

/** The TLS session and the certificate in one line for the connection log. */
export function describePeer(peer: PeerInfo): string {
  const trust = peer.authorized ? 'verified' : peer.pinned ? 'not verifiable, accepted because you trusted this certificate' : 'not verified';
  const subject = peer.subject || 'no name';
  const issuer = peer.issuer ? `, issued by ${peer.issuer}` : '';
  const until = peer.validTo ? `, valid until ${peer.validTo}` : '';
  return `TLS ${peer.protocol}, ${peer.cipher}; certificate for ${subject}${issuer}${until}; ${trust}; SHA-256 ${peer.fingerprint256}`;
}

function firstOf(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

function describeCertError(code: string): string {
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'it is self-signed';
    case 'CERT_HAS_EXPIRED':
      return 'it has expired';
    case 'CERT_NOT_YET_VALID':
      return 'it is not valid yet';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return 'it is issued for a different host name';
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return 'it is signed by an unknown authority';
    default:
      return code;
  }
}
