/**
 * Words for the commonest setup mistake: a security setting that does not match the port.
 *
 * - SSL/TLS chosen on a port that speaks plain POP3/SMTP: the server's greeting arrives where the
 *   TLS handshake should, and OpenSSL reports "wrong version number" (or "packet length too
 *   long", "unknown protocol"), a string no person can act on.
 * - STARTTLS (or no encryption) chosen on an implicit-TLS port: the server waits for a TLS
 *   handshake and Heron waits for a greeting, so nothing arrives until the deadline (or until the
 *   server gives up and closes the connection).
 *
 * Both say what happened and what to try. `detail.likelyCause` lets the window point at the
 * security setting and the port.
 */
import { HeronError } from '../../../shared/ipc/result';

export type MailProtocol = 'pop3' | 'smtp';

/** The usual ports: implicit TLS, and the plain port where STARTTLS is offered (RFC 8314 §3.3). */
export const USUAL_PORTS: Readonly<Record<MailProtocol, { readonly name: string; readonly tls: number; readonly starttls: number }>> = {
  pop3: { name: 'POP3', tls: 995, starttls: 110 },
  smtp: { name: 'SMTP', tls: 465, starttls: 587 },
};

export const SECURITY_MISMATCH = 'security-setting';

const PLAINTEXT_CODES = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_UNKNOWN_PROTOCOL', 'ERR_SSL_HTTP_REQUEST']);
const PLAINTEXT_REASONS = /wrong version number|packet length too long|unknown protocol|http request/i;

/** A TLS handshake that got plain text back (the server's greeting), from Node's or nodemailer's error. */
export function isPlaintextReplyToTls(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; originalCode?: unknown; reason?: unknown; message?: unknown };
  if ([e.code, e.originalCode].some((c) => typeof c === 'string' && PLAINTEXT_CODES.has(c))) return true;
  return [e.reason, e.message].some((m) => typeof m === 'string' && PLAINTEXT_REASONS.test(m));
}

/** `reason`: OpenSSL's own words, kept in the detail for the connection log. */
export function tlsOnPlainPort(protocol: MailProtocol, host: string, port: number, reason: string | null = null): HeronError {
  const usual = USUAL_PORTS[protocol];
  const elsewhere = port === usual.tls ? '' : `, or SSL/TLS on port ${usual.tls}`;
  // Nothing reached the server: for POP3 that means the password; for SMTP, the message too.
  const nothing = protocol === 'pop3' ? 'Your password was not sent.' : 'Nothing was sent.';
  return new HeronError(
    'ETLS',
    `${host} did not answer with TLS on port ${port}: it answered in plain ${usual.name}. It may expect STARTTLS on this port${elsewhere}. ${nothing}`,
    { detail: { host, port, likelyCause: SECURITY_MISMATCH, reason } },
  );
}

/** OpenSSL's reason for a failed handshake ("wrong version number"), if the error carries one. */
export function opensslReason(error: unknown): string | null {
  const e = error as { reason?: unknown; originalCode?: unknown; code?: unknown } | null;
  const reason = typeof e?.reason === 'string' ? e.reason : null;
  const code = [e?.originalCode, e?.code].find((c): c is string => typeof c === 'string' && c.startsWith('ERR_SSL_')) ?? null;
  return [reason, code].filter(Boolean).join(', ') || null;
}

/**
 * STARTTLS or no encryption on a port that answered a TLS handshake (tls/probe.ts) after no
 * greeting came: certain, so the setting is named and what to try with it.
 */
export function tlsOnlyPort(protocol: MailProtocol, host: string, port: number, security: 'starttls' | 'none'): HeronError {
  const usual = USUAL_PORTS[protocol];
  const setting = security === 'starttls' ? 'STARTTLS' : 'no encryption';
  const elsewhere = port === usual.starttls ? '' : `, or STARTTLS on port ${usual.starttls}`;
  const nothing = protocol === 'pop3' ? 'Your password was not sent.' : 'Nothing was sent.';
  return new HeronError(
    'ETLS',
    `${host} answers with TLS from the first byte on port ${port}, but the account is set to ${setting}, which starts in plain text. Choose SSL/TLS for this port${elsewhere}. ${nothing}`,
    { detail: { host, port, likelyCause: SECURITY_MISMATCH } },
  );
}

/**
 * STARTTLS or no encryption, and no greeting came: the deadline passed ('timeout', after
 * `waitedMs` when known) or the server closed the connection ('closed') before saying anything.
 * Null when the port makes a mismatch unlikely (the caller keeps its own error).
 */
export function noGreeting(protocol: MailProtocol, host: string, port: number, ending: 'timeout' | 'closed', waitedMs?: number): HeronError | null {
  const usual = USUAL_PORTS[protocol];
  // On the usual plain port (or SMTP's 25) TLS from the start is unlikely: a silent server is just slow or stuck.
  if (port === usual.starttls || (protocol === 'smtp' && port === 25)) return null;
  const what =
    ending === 'closed'
      ? `closed it without sending a ${usual.name} greeting`
      : `sent no ${usual.name} greeting ${waitedMs === undefined ? 'in time' : `within ${seconds(waitedMs)}`}`;
  return new HeronError(
    ending === 'closed' ? 'ECONNECTION' : 'ETIMEDOUT',
    `${host} accepted the connection on port ${port} but ${what}. It may expect SSL/TLS from the start on this port, or STARTTLS on port ${usual.starttls}.`,
    { retryable: true, detail: { host, port, command: 'greeting', likelyCause: SECURITY_MISMATCH, ...(waitedMs === undefined ? {} : { timeoutMs: waitedMs }) } },
  );
}

function seconds(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
