/**
 * What a failed (or partly failed) submission means for the person and for the outbox. Pure: it
 * reads nodemailer's error fields (`code`, `responseCode`, `response`, `command`, `rejectedErrors`)
 * and the step the client had reached, and answers a Heron outcome with a sentence that quotes
 * the server. RFC 5321 §4.2.1: 4yz is transient, 5yz permanent; RFC 3463 enhanced codes refine it.
 */
import { HeronError, type ErrorCode, type SerializedError } from '../../../shared/ipc/result';
import type { Security } from '../../../shared/model/account';
import type { RecipientResult } from '../../../shared/model/draft';
import { isPlaintextReplyToTls, noGreeting, opensslReason, tlsOnPlainPort } from '../tls/mismatch';

/**
 * How far the client got with the message when it failed. 'data-sent' means the terminating
 * "." had been written: the server may have accepted the message even if we never saw its reply.
 */
export type SendPhase = 'connect' | 'auth' | 'envelope' | 'data' | 'data-sent';

export interface ClassifyContext {
  readonly phase: SendPhase;
  readonly host: string;
  /** The login name, for "the server rejected the password for …". */
  readonly user: string;
  /** The port and security setting, to say when they do not match (tls/mismatch.ts). */
  readonly port?: number;
  readonly security?: Security;
  /** The login method: an XOAUTH2 refusal is of the sign-in, not of a password. */
  readonly auth?: string;
}

export type FailureStatus = 'waiting-retry' | 'failed' | 'uncertain';

export interface Classified {
  readonly status: FailureStatus;
  readonly error: SerializedError;
  readonly perRecipient: readonly RecipientResult[];
}

/** The parts of a nodemailer error this reads; everything is optional because anything can be thrown. */
export interface SmtpErrorLike {
  readonly code?: unknown;
  readonly originalCode?: unknown;
  readonly message?: unknown;
  readonly response?: unknown;
  readonly responseCode?: unknown;
  readonly command?: unknown;
  readonly recipient?: unknown;
  readonly rejectedErrors?: unknown;
  /** OpenSSL's own words ("wrong version number"), on Node's TLS errors. */
  readonly reason?: unknown;
  readonly library?: unknown;
}

const MAX_QUOTE = 200;

/** Server words inside a sentence: one line, capped, control characters shown not obeyed. */
export function quote(response: string): string {
  const line = response.replace(/\r?\n/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '\uFFFD').trim();
  return line.length > MAX_QUOTE ? `${line.slice(0, MAX_QUOTE)}…` : line;
}

function replyCode(response: string | undefined, fallback: unknown): number | null {
  const m = response ? /^(\d{3})/.exec(response) : null;
  if (m) return Number(m[1]);
  return typeof fallback === 'number' ? fallback : null;
}

/** RFC 3463 enhanced status code ("5.1.1"), if the reply carries one. */
function enhanced(response: string): string | null {
  return /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(response)?.[1] ?? null;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Why one recipient was refused, in words, from its RCPT TO reply. */
export function recipientReason(address: string, response: string): { reason: string; temporary: boolean } {
  const code = replyCode(response, null) ?? 0;
  const status = enhanced(response) ?? '';
  const words = `(SMTP: ${quote(response)})`;
  if (code >= 400 && code < 500) {
    return { reason: `The server could not take ${address} right now; it may work later ${words}.`, temporary: true };
  }
  if (status === '5.1.1' || /user unknown|no such (user|mailbox)|mailbox unavailable|does not exist/i.test(response)) {
    return { reason: `No such mailbox: ${address} ${words}.`, temporary: false };
  }
  if (status.startsWith('5.1.')) return { reason: `The address ${address} is not valid ${words}.`, temporary: false };
  if (status.startsWith('5.2.')) return { reason: `The mailbox of ${address} is full or disabled ${words}.`, temporary: false };
  if (status.startsWith('5.7.') || code === 554) {
    return { reason: `The server refused to deliver to ${address} (policy or spam filter) ${words}.`, temporary: false };
  }
  return { reason: `The server refused ${address} ${words}.`, temporary: false };
}

/** Per-recipient results from nodemailer's accepted list and rejectedErrors. */
export function recipientResults(accepted: readonly string[], rejectedErrors: readonly SmtpErrorLike[]): RecipientResult[] {
  const out: RecipientResult[] = accepted.map((address) => ({ address, accepted: true }));
  for (const e of rejectedErrors) {
    const address = str(e.recipient) ?? '';
    const response = str(e.response) ?? '';
    const { reason, temporary } = recipientReason(address, response);
    out.push({ address, accepted: false, response: quote(response), reason, temporary });
  }
  return out;
}

function make(
  status: FailureStatus,
  code: ErrorCode,
  message: string,
  detail: Record<string, string | number | boolean | null>,
  perRecipient: readonly RecipientResult[] = [],
): Classified {
  const retryable = status === 'waiting-retry';
  return { status, error: new HeronError(code, message, { retryable, detail }).toJSON(), perRecipient };
}

/** Maps anything the transport threw to an outcome. Never throws. */
export function classifySendError(raw: unknown, ctx: ClassifyContext): Classified {
  if (raw instanceof HeronError) {
    // Heron's own checks (certificate, no STARTTLS, plaintext refused, missing secret) are decided where
    // they are thrown; a connection-level one after the data was sent still cannot prove non-delivery.
    if (ctx.phase === 'data-sent') return uncertain(ctx, raw.message);
    const status: FailureStatus = raw.retryable ? 'waiting-retry' : 'failed';
    return { status, error: raw.toJSON(), perRecipient: [] };
  }
  const e: SmtpErrorLike = typeof raw === 'object' && raw !== null ? (raw as SmtpErrorLike) : { message: String(raw) };
  const code = str(e.code) ?? '';
  const response = str(e.response);
  const reply = replyCode(response, e.responseCode);
  const command = str(e.command) ?? '';
  const host = ctx.host;
  const said = response ? ` (SMTP: ${quote(response)})` : '';
  const detail = { host, command: command || null, response: response ? quote(response) : null, smtpCode: reply };

  // A reply from the server decides the outcome; only its absence after the data leaves it unknown.
  if (ctx.phase === 'data-sent' && reply === null) return uncertain(ctx, str(e.message) ?? code);

  const mismatch = securityMismatch(e, ctx, reply);
  if (mismatch) return { status: mismatch.retryable ? 'waiting-retry' : 'failed', error: mismatch.toJSON(), perRecipient: [] };

  if (reply === 421) {
    return make('waiting-retry', 'ETEMPORARY', `${host} is not taking mail right now and closed the connection${said}. Heron will try again.`, detail);
  }

  switch (code) {
    case 'EAUTH': {
      if (reply !== null && reply >= 400 && reply < 500) {
        return make('waiting-retry', 'ETEMPORARY', `${host} could not check the password right now${said}. Heron will try again.`, detail);
      }
      if (reply === 534 || reply === 538) {
        return make('failed', 'EAUTH', `${host} does not accept this way of logging in for ${ctx.user}${said}. Check the outgoing server settings.`, detail);
      }
      if (ctx.auth === 'xoauth2') {
        return make('failed', 'EAUTH', `The server refused the sign-in for ${ctx.user}${said}. Sign in again, or check that this account may send through ${host}.`, detail);
      }
      return make('failed', 'EAUTH', `The server rejected the password for ${ctx.user}${said}. Check the password in the outgoing server settings.`, detail);
    }
    case 'ETLS':
      if (reply !== null && reply >= 400 && reply < 500) {
        return make('waiting-retry', 'ETEMPORARY', `${host} could not start encryption right now${said}. Heron will try again.`, detail);
      }
      return make('failed', 'ETLS', `A secure connection to ${host} could not be set up${said || ` (${tlsReason(e)})`}. Nothing was sent.`, detail);
    case 'EENVELOPE':
      return classifyEnvelope(e, ctx, reply, said, detail);
    case 'EMESSAGE':
      if (reply === null) {
        // nodemailer refuses locally when the message is over the SIZE the server announced.
        return make('failed', 'ETOOBIG', `The message is larger than ${host} accepts (${quote(str(e.message) ?? '')}).`, detail);
      }
      return classifyReply(reply, response ?? '', ctx, 'The server refused the message', detail, said);
    case 'EPROTOCOL':
      if (command === 'CONN' && reply !== null && reply >= 500) {
        return make('failed', 'EREJECTED', `${host} refused the connection${said}.`, detail);
      }
      if (reply !== null && reply >= 400 && reply < 500) {
        return make('waiting-retry', 'ETEMPORARY', `${host} is not taking mail right now${said}. Heron will try again.`, detail);
      }
      return make('waiting-retry', 'EPROTOCOL', `${host} answered something Heron did not expect${said || ` (${quote(str(e.message) ?? '')})`}. Heron will try again.`, detail);
    case 'ETIMEDOUT':
      return make('waiting-retry', 'ETIMEDOUT', `${host} did not answer in time. Heron will try again.`, detail);
    case 'EDNS':
      return make('waiting-retry', 'ECONNECTION', `The server name ${host} could not be found; you may be offline. Heron will try again.`, detail);
    case 'ECONNECTION':
    case 'ESOCKET': {
      if (reply !== null && reply >= 400) return classifyReply(reply, response ?? '', ctx, `${host} closed the connection`, detail, said);
      // The TLS handshake failed (OpenSSL's error): a setting or the server's TLS, which trying again will not change.
      if (isTlsFailure(e)) return make('failed', 'ETLS', `A secure (TLS) connection to ${host} could not be set up: ${tlsReason(e)}. Nothing was sent.`, detail);
      const why = str(e.originalCode) === 'ECONNREFUSED' ? 'refused the connection' : 'could not be reached or dropped the connection';
      return make('waiting-retry', 'ECONNECTION', `${host} ${why}; you may be offline. Heron will try again.`, detail);
    }
    default:
      if (reply !== null && reply >= 400) return classifyReply(reply, response ?? '', ctx, 'The server refused the message', detail, said);
      return make('failed', 'EINTERNAL', `Sending failed inside Heron: ${quote(str(e.message) ?? code)}.`, detail);
  }
}

/** An error OpenSSL raised: the handshake itself failed, not the network under it. */
function isTlsFailure(e: SmtpErrorLike): boolean {
  return [e.code, e.originalCode].some((c) => typeof c === 'string' && c.startsWith('ERR_SSL_')) || e.library === 'SSL routines';
}

/** OpenSSL's reason ("tlsv1 alert protocol version") rather than its whole error string. */
function tlsReason(e: SmtpErrorLike): string {
  const reason = str(e.reason) ?? /SSL routines:[^:]*:([^:]+)/.exec(str(e.message) ?? '')?.[1];
  return quote(reason ?? str(e.message) ?? 'TLS failed');
}

/**
 * SSL/TLS chosen on a port that speaks plain SMTP (OpenSSL: "wrong version number"), or STARTTLS
 * on an implicit-TLS port (no greeting before the deadline): words instead of OpenSSL's.
 */
function securityMismatch(e: SmtpErrorLike, ctx: ClassifyContext, reply: number | null): HeronError | null {
  // Before the envelope, nodemailer names a failure to connect or to greet 'CONN'.
  if (str(e.command) !== 'CONN' || ctx.port === undefined || ctx.security === undefined || reply !== null) return null;
  if (ctx.security === 'tls' && isPlaintextReplyToTls(e)) return tlsOnPlainPort('smtp', ctx.host, ctx.port, opensslReason(e));
  if (ctx.security !== 'tls' && /greeting never received/i.test(str(e.message) ?? '')) return noGreeting('smtp', ctx.host, ctx.port, 'timeout');
  return null;
}

function uncertain(ctx: ClassifyContext, why: string): Classified {
  return make(
    'uncertain',
    'EUNCERTAIN',
    `The connection to ${ctx.host} was lost after the message was handed over and before the server confirmed it: it may have been sent. Check with a recipient before sending it again (${quote(why)}).`,
    { host: ctx.host },
  );
}

function classifyEnvelope(
  e: SmtpErrorLike,
  ctx: ClassifyContext,
  reply: number | null,
  said: string,
  detail: Record<string, string | number | boolean | null>,
): Classified {
  const rejected = Array.isArray(e.rejectedErrors) ? (e.rejectedErrors as SmtpErrorLike[]) : [];
  if (str(e.command) === 'RCPT TO' && rejected.length > 0) {
    const perRecipient = recipientResults([], rejected);
    // Every recipient was refused. If any refusal was temporary the whole message can be tried again.
    if (perRecipient.some((r) => r.temporary)) {
      return make('waiting-retry', 'ETEMPORARY', `The server could not take the recipients right now${said}. Heron will try again.`, detail, perRecipient);
    }
    const reasons = perRecipient.map((r) => r.reason).join(' ');
    return make('failed', 'EREJECTED', `The server refused every recipient. ${reasons}`, detail, perRecipient);
  }
  if (reply === null) {
    return make('failed', 'EINVALID', `The message has an address the server cannot be given (${quote(str(e.message) ?? '')}).`, detail);
  }
  const what = str(e.command) === 'MAIL FROM' ? `The server refused the sender address` : `The server refused the message`;
  return classifyReply(reply, str(e.response) ?? '', ctx, what, detail, said);
}

function classifyReply(
  reply: number,
  response: string,
  ctx: ClassifyContext,
  what: string,
  detail: Record<string, string | number | boolean | null>,
  said: string,
): Classified {
  const status = enhanced(response) ?? '';
  if (reply >= 400 && reply < 500) {
    if (reply === 452 || status === '4.3.1') {
      return make('waiting-retry', 'ETEMPORARY', `${ctx.host} is short of storage right now${said}. Heron will try again.`, detail);
    }
    return make('waiting-retry', 'ETEMPORARY', `${ctx.host} could not take the message right now${said}. Heron will try again.`, detail);
  }
  if (reply === 552 || status === '5.3.4' || status === '5.2.3') {
    return make('failed', 'ETOOBIG', `The message is too big for ${ctx.host}${said}. Remove attachments or send them another way.`, detail);
  }
  if (status.startsWith('5.7.') || reply === 554) {
    if (status === '5.7.0' || status === '5.7.8' || /auth/i.test(response)) {
      return make('failed', 'EAUTH', `${ctx.host} wants you to log in before sending${said}. Check the outgoing server settings.`, detail);
    }
    return make('failed', 'EREJECTED', `${what}: it was refused by the server's policy or spam filter${said}.`, detail);
  }
  if (reply === 530) {
    return make('failed', 'EAUTH', `${ctx.host} wants you to log in before sending${said}. Check the outgoing server settings.`, detail);
  }
  return make('failed', 'EREJECTED', `${what}${said}.`, detail);
}
