/** A server's TLS certificate as Heron shows it, and as a pin names it (its SHA-256 fingerprint). */
export interface CertificateInfo {
  /** "AB:CD:…", upper-case hex pairs: the form a pin stores. */
  readonly fingerprint256: string;
  readonly subject: string;
  readonly issuer: string;
  readonly validTo: string;
}

/** How a connection accepted the server's certificate. */
export interface CertificateCheck extends CertificateInfo {
  /** Verified by a trusted authority for this host name. */
  readonly authorized: boolean;
  /** Accepted only because the person trusted this exact certificate for the account. */
  readonly pinned: boolean;
  /** The TLS version negotiated ("TLSv1.3"). */
  readonly protocol: string;
}

export function certificateCheckOf(c: CertificateCheck): CertificateCheck {
  return { fingerprint256: c.fingerprint256, subject: c.subject, issuer: c.issuer, validTo: c.validTo, authorized: c.authorized, pinned: c.pinned, protocol: c.protocol };
}

/** The certificate an ECERT error carries in its detail (so the person can pin it), or null. */
export function certificateFromDetail(detail: Readonly<Record<string, unknown>> | undefined): CertificateInfo | null {
  if (!detail || typeof detail.fingerprint256 !== 'string' || detail.fingerprint256 === '') return null;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return { fingerprint256: detail.fingerprint256, subject: text(detail.subject), issuer: text(detail.issuer), validTo: text(detail.validTo) };
}
