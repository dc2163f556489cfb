/**
 * SMTP submission over nodemailer's SMTPConnection: one connection, verified and logged in once,
 * then a queue of messages (RFC 6409). Heron adds what the high-level transport cannot give it:
 * the TLS peer is checked against the account's policy (verified chain and name, or the pinned
 * leaf) after TLS is up and before AUTH sends a byte of the password; a server without STARTTLS
 * is an error, never a plaintext fallback; the account's login method or nothing (checked again on
 * the wire); a deadline for every step and an abort (deadlines.ts); the message data only after 354;
 * a per-message phase so a connection lost after the final "." is reported as "may have been sent".
 */
import { isAscii } from 'node:buffer';
import { Readable } from 'node:stream';
import { createSecureContext, TLSSocket, type ConnectionOptions, type SecureContext } from 'node:tls';
import { format } from 'node:util';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { HeronError } from '../../../shared/ipc/result';
import type { SmtpAuthMethod, ServerEndpoint } from '../../../shared/model/account';
import type { Envelope, SendOutcome } from '../../../shared/model/draft';
import { createRedactor, messageDataLine, type TranscriptSink } from '../log/redact';
import { tlsOnlyPort } from '../tls/mismatch';
import { answersTls } from '../tls/probe';
import { describePeer, tlsOptions, verifyPeer, type PeerInfo, type TlsPolicy } from '../tls/verify';
import { classifySendError, quote, recipientResults, type SendPhase, type SmtpErrorLike } from './classify';
import { DEFAULT_SMTP_TIMEOUTS, lateError, StepDeadlines, type SmtpTimeouts } from './deadlines';
import { parseEhlo, type SmtpCapabilities } from './ehlo';

/**
 * EHLO argument. Thunderbird sends an address literal (its SmtpClient uses the local socket
 * address, `[127.0.0.1]` when it cannot tell); nodemailer would send os.hostname(), which leaks
 * the machine's name into every message's Received header. A fixed `[127.0.0.1]` is a valid
 * RFC 5321 §4.1.4 address literal that submission servers accept and that says nothing about
 * the machine or its LAN address (the server sees the real peer address anyway).
 */
export const EHLO_NAME = '[127.0.0.1]';

export interface SmtpServer extends ServerEndpoint {
  readonly auth: SmtpAuthMethod;
}

export interface SmtpClientOptions {
  readonly server: SmtpServer;
  /** The password (or OAuth2 access token for 'xoauth2'); null only with auth 'none'. */
  readonly secret: string | null;
  /** Extra trusted CAs (tests, or a CA the person added); the system roots stay trusted. */
  readonly ca?: TlsPolicy['ca'];
  readonly transcript?: TranscriptSink;
  /** Ends the session at once; a HeronError as the reason is what the messages not sent report. */
  readonly signal?: AbortSignal;
  readonly timeouts?: Partial<SmtpTimeouts>;
}

export interface OutgoingMessage {
  readonly id: string;
  readonly raw: Uint8Array;
  readonly envelope: Envelope;
}

export interface SessionInfo {
  readonly capabilities: SmtpCapabilities;
  readonly peer: PeerInfo | null;
}

const NODEMAILER_AUTH: Record<Exclude<SmtpAuthMethod, 'none'>, string> = {
  plain: 'PLAIN',
  login: 'LOGIN',
  'cram-md5': 'CRAM-MD5',
  xoauth2: 'XOAUTH2',
};

type Done<T> = (error: unknown, value?: T) => void;

/** The message data goes to nodemailer in chunks: each one the connection takes restarts the data deadline. */
const DATA_CHUNK = 64 * 1024;

/** One open, verified, logged-in connection. */
export class SmtpSession {
  private phase: SendPhase = 'connect';
  private lastError: unknown = null;
  private ehloReply = '';
  private plainEhloReply = '';
  private awaitingEhlo = false;
  private needsReset = false;
  /** Why the session was ended (a deadline, an abort, a refused reply); every later step fails with it. */
  private failure: unknown = null;
  private interrupt: ((error: unknown) => void) | null = null;
  info: SessionInfo = { capabilities: parseEhlo(''), peer: null };

  private constructor(
    private readonly conn: SMTPConnection,
    private readonly options: SmtpClientOptions,
    private readonly deadlines: StepDeadlines,
  ) {}

  /** Connects, checks TLS and the certificate, and logs in. Throws HeronError or nodemailer's error. */
  static async open(options: SmtpClientOptions, config: { login?: boolean } = {}): Promise<SmtpSession> {
    const { server } = options;
    if (options.signal?.aborted) throw aborted(options.signal);
    const timeouts: SmtpTimeouts = { ...DEFAULT_SMTP_TIMEOUTS, ...options.timeouts };
    const policy: TlsPolicy = { ...(options.ca === undefined ? {} : { ca: options.ca }), ...(server.pinnedCert ? { pinnedCert: server.pinnedCert } : {}) };
    let session: SmtpSession | null = null;
    const redactor = createRedactor();
    const sink = options.transcript;
    const logger = makeLogger((tnx, message) => {
      if (!session) return;
      if (tnx === 'client') {
        // Logged just before it is written: a login the account did not choose never reaches the wire.
        if (!authLineAllowed(message, server.auth)) return session.refuseLogin(message);
        if (/^EHLO /i.test(message)) session.awaitingEhlo = true;
        session.deadlines.sent(message);
        sink?.({ dir: 'C', text: redactor.client(message) });
      } else if (tnx === 'server') {
        // Logged once the reply is complete, before nodemailer acts on it.
        session.deadlines.replied();
        if (session.awaitingEhlo) {
          session.awaitingEhlo = false;
          if (!session.conn.secure) session.plainEhloReply = message;
          session.ehloReply = message;
        }
        if (/^354/.test(message) && session.phase === 'envelope') {
          session.phase = 'data';
          session.deadlines.dataStarted();
        }
        for (const line of message.split('\n')) sink?.({ dir: 'S', text: redactor.server(line) });
      } else if (tnx === 'message') {
        // nodemailer logs this when its data stream ends, i.e. the terminating "." has been written.
        if (session.phase === 'data') {
          session.phase = 'data-sent';
          session.deadlines.dataEnded();
        }
        // The message itself never reaches the log: only its size.
        sink?.({ dir: 'I', text: messageDataLine(Number(message)) });
      } else {
        sink?.({ dir: 'I', text: message });
      }
    });
    const conn = new SMTPConnection({
      host: server.host,
      port: server.port,
      secure: server.security === 'tls',
      requireTLS: server.security === 'starttls',
      ignoreTLS: server.security === 'none',
      opportunisticTLS: false,
      tls: withCachedContext(tlsOptions(server.host, policy)),
      name: EHLO_NAME,
      // Absolute, not inactivity: nodemailer's phase timers bound connecting, the greeting and the STARTTLS handshake.
      connectionTimeout: timeouts.connect,
      greetingTimeout: timeouts.greeting,
      socketTimeout: timeouts.socket,
      socketCloseTimeout: 2_000,
      logger,
      transactionLog: true,
      customAuth: { XOAUTH2: xoauth2 },
    });
    const deadlines = new StepDeadlines(timeouts, (step) => session?.fail(lateError(server.host, step)));
    session = new SmtpSession(conn, options, deadlines);
    requireGoAhead(conn, (reply) => dataRefused(server.host, reply));
    conn.on('error', (error) => {
      session.lastError = error;
    });
    conn.once('end', () => deadlines.stop());
    try {
      await session.call<void>((done) => conn.connect((error) => done(error)));
      const peer = session.checkSecurity(policy);
      if (peer) sink?.({ dir: 'I', text: describePeer(peer) });
      const capabilities = parseEhlo(session.ehloReply);
      session.info = { capabilities, peer };
      if (config.login !== false) await session.login(capabilities);
      session.phase = 'envelope';
      return session;
    } catch (error) {
      session.fail(error);
      // No greeting in plain text: a port that expects TLS from the first byte waits just as long. Asked, not guessed.
      if (isGreetingTimeout(error) && server.security !== 'tls' && (await answersTls({ host: server.host, port: server.port, timeoutMs: Math.min(timeouts.connect, 10_000), signal: options.signal }))) {
        throw tlsOnlyPort('smtp', server.host, server.port, server.security);
      }
      if (error instanceof HeronError || !isStarttlsMissing(error, session.plainEhloReply)) throw error;
      throw new HeronError(
        'ETLS',
        `${server.host} does not offer STARTTLS, so the password and the message would travel unencrypted. Nothing was sent. Choose SSL/TLS (usually port 465) or check the server name.`,
        { detail: { host: server.host, response: (error as SmtpErrorLike).response as string | null ?? null } },
      );
    }
  }

  get host(): string {
    return this.options.server.host;
  }

  /** After connect: the socket must be TLS when the account says so, and the peer trusted, before any secret moves. */
  private checkSecurity(policy: TlsPolicy): PeerInfo | null {
    const { server } = this.options;
    const socket = (this.conn as unknown as { _socket: unknown })._socket;
    if (server.security === 'none') return null;
    if (!(socket instanceof TLSSocket) || !this.conn.secure) {
      throw new HeronError('ETLS', `The connection to ${server.host} is not encrypted although the account requires it. Nothing was sent.`, {
        detail: { host: server.host },
      });
    }
    return verifyPeer(socket, server.host, policy);
  }

  private async login(capabilities: SmtpCapabilities): Promise<void> {
    const { server, secret } = this.options;
    if (server.auth === 'none') return;
    if (server.security === 'none' && !server.allowPlaintextPassword) {
      throw new HeronError(
        'ETLS',
        `The connection to ${server.host} is not encrypted; Heron will not send your password over it unless you allow that in the outgoing server settings.`,
        { detail: { host: server.host } },
      );
    }
    if (secret === null || secret === '') {
      throw new HeronError('ENOSECRET', `No password is stored for ${server.username} on ${server.host}.`, { detail: { host: server.host } });
    }
    const method = NODEMAILER_AUTH[server.auth];
    if (!capabilities.authMethods.includes(method)) {
      const offered = capabilities.authMethods.length ? capabilities.authMethods.join(', ') : 'no login at all';
      throw new HeronError('EUNSUPPORTED', `${server.host} does not offer the login method ${method}; it offers ${offered}. Change the method in the outgoing server settings.`, {
        detail: { host: server.host, method, offered: capabilities.authMethods.join(' ') },
      });
    }
    this.phase = 'auth';
    // nodemailer keeps the method XOAUTH2 only when it also sees an `oauth2` object; without one it
    // falls back to the server's first method (PLAIN, with the token as the password). Our custom
    // XOAUTH2 handler (customAuth) runs before nodemailer would ever use that object.
    const auth = { method, user: server.username, pass: secret, ...(server.auth === 'xoauth2' ? { oauth2: {} as SMTPConnection.AuthenticationCredentials['oauth2'] } : {}) };
    await this.call<boolean>((done) => this.conn.login(auth as SMTPConnection.AuthenticationCredentials, (error, ok) => done(error, ok)));
  }

  /** nodemailer was about to log in with a method the account did not choose: the line is not written. */
  private refuseLogin(line: string): void {
    const tried = /^AUTH\s+(\S+)/i.exec(line)?.[1]?.toUpperCase() ?? 'AUTH';
    const chosen = this.options.server.auth === 'none' ? 'no login' : NODEMAILER_AUTH[this.options.server.auth];
    // Destroyed before nodemailer's write, which then goes nowhere.
    socketOf(this.conn)?.destroy();
    this.fail(
      new HeronError('EINTERNAL', `Heron stopped a login to ${this.host} with ${tried}: the account uses ${chosen}. Nothing was sent.`, {
        detail: { host: this.host, method: tried },
      }),
    );
  }

  /** Ends the session: the step in progress and every later one fail with `error`; the socket is dropped. */
  fail(error: unknown): void {
    if (this.failure !== null) return;
    this.failure = error;
    this.deadlines.stop();
    this.interrupt?.(error);
    this.conn.close();
    socketOf(this.conn)?.destroy();
  }

  /** Sends one message; never throws: every failure is classified into an outcome. */
  async send(message: OutgoingMessage): Promise<SendOutcome> {
    const { id, raw, envelope } = message;
    const caps = this.info.capabilities;
    const user = this.options.server.username;
    const nonAscii = [envelope.from, ...envelope.to].some((a) => /[^\u0000-\u007f]/.test(a));
    if (nonAscii && !caps.smtpUtf8) {
      return failed(id, 'EUNSUPPORTED', `${this.host} does not accept addresses with non-ASCII characters before "@" (no SMTPUTF8).`);
    }
    if (caps.size !== null && caps.size > 0 && raw.byteLength > caps.size) {
      return failed(id, 'ETOOBIG', `The message is ${raw.byteLength} bytes; ${this.host} accepts at most ${caps.size}.`);
    }
    try {
      if (this.needsReset) {
        this.phase = 'envelope';
        await this.call<boolean>((done) => this.conn.reset((error, ok) => done(error, ok)));
      }
      this.phase = 'envelope';
      this.needsReset = true;
      const body = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
      const smtpEnvelope = { from: envelope.from, to: [...envelope.to], size: raw.byteLength, use8BitMime: has8bit(body) };
      const source = chunked(body, () => this.deadlines.dataProgress());
      const info = await this.call<SMTPConnection.SentMessageInfo>((done) => this.conn.send(smtpEnvelope, source, (error, value) => done(error, value)));
      this.needsReset = false;
      return {
        id,
        status: 'sent',
        attempted: true,
        error: null,
        perRecipient: recipientResults(info.accepted, (info.rejectedErrors ?? []) as SmtpErrorLike[]),
        response: info.response,
      };
    } catch (error) {
      const c = classifySendError(error, { phase: this.phase, host: this.host, user, port: this.options.server.port, security: this.options.server.security, auth: this.options.server.auth });
      return { id, status: c.status, attempted: true, error: c.error, perRecipient: c.perRecipient };
    } finally {
      this.phase = 'envelope';
    }
  }

  get alive(): boolean {
    return !this.conn.destroyed;
  }

  /** QUIT politely, bounded; the socket is closed either way. */
  async close(): Promise<void> {
    this.deadlines.stop();
    if (this.conn.destroyed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.conn.close();
        resolve();
      }, 2_000);
      this.conn.once('end', () => {
        clearTimeout(timer);
        resolve();
      });
      this.conn.quit();
    });
  }

  /**
   * Runs one nodemailer step as a promise that also settles when the connection ends (nodemailer
   * emits 'end' before it calls the pending callback, and not at all for some steps), a step's
   * deadline passes or the caller aborts — so no await can hang on a dead or trickling socket.
   */
  private call<T>(start: (done: Done<T>) => void): Promise<T> {
    const { signal } = this.options;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const finish: Done<T> = (error, value) => {
        if (settled) return;
        settled = true;
        this.interrupt = null;
        this.conn.off('end', onEnd);
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve(value as T);
      };
      const onEnd = () => setImmediate(() => finish(this.failure ?? this.lastError ?? Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION' })));
      const onAbort = () => this.fail(aborted(signal));
      if (this.failure !== null) return finish(this.failure);
      this.interrupt = finish;
      if (signal?.aborted) return onAbort();
      this.conn.once('end', onEnd);
      signal?.addEventListener('abort', onAbort, { once: true });
      start(finish);
    });
  }
}

/**
 * Sends a queue over one connection. Outcomes come back in the order of `messages`, one each.
 * If the connection cannot be opened (or dies), the messages not yet tried get the same error
 * with `attempted: false`.
 */
export async function sendQueue(
  options: SmtpClientOptions,
  messages: readonly OutgoingMessage[],
  onProgress?: (outcome: SendOutcome, index: number) => void,
): Promise<SendOutcome[]> {
  const outcomes: SendOutcome[] = [];
  if (messages.length === 0) return outcomes;
  let session: SmtpSession;
  try {
    session = await SmtpSession.open(options);
  } catch (error) {
    const phase: SendPhase = error instanceof HeronError ? 'connect' : 'auth';
    const c = classifySendError(error, { phase, host: options.server.host, user: options.server.username, port: options.server.port, security: options.server.security, auth: options.server.auth });
    return messages.map((m) => ({ id: m.id, status: c.status, attempted: false, error: c.error, perRecipient: [] }));
  }
  try {
    for (const [index, message] of messages.entries()) {
      let outcome: SendOutcome;
      if (options.signal?.aborted) {
        outcome = notTried(message.id, aborted(options.signal).toJSON());
      } else if (!session.alive) {
        // Whatever ended the connection concerned an earlier message; this one was never handed over.
        outcome = notTried(message.id, {
          code: 'ECONNECTION',
          message: `The connection to ${session.host} was lost before this message's turn. Heron will try again.`,
          retryable: true,
        });
      } else {
        outcome = await session.send(message);
      }
      outcomes.push(outcome);
      onProgress?.(outcome, index);
    }
  } finally {
    await session.close();
  }
  return outcomes;
}

/** Connects, verifies and reads EHLO without logging in: for settings and the compose size warning. */
export async function probeCapabilities(options: SmtpClientOptions): Promise<SessionInfo> {
  const session = await SmtpSession.open(options, { login: false });
  const info = session.info;
  await session.close();
  return info;
}

function notTried(id: string, error: SendOutcome['error']): SendOutcome {
  const retryable = error?.retryable ?? true;
  return { id, status: retryable || error?.code === 'EABORTED' ? 'waiting-retry' : 'failed', attempted: false, error, perRecipient: [] };
}

function failed(id: string, code: 'EUNSUPPORTED' | 'ETOOBIG', message: string): SendOutcome {
  return { id, status: 'failed', attempted: false, error: new HeronError(code, message).toJSON(), perRecipient: [] };
}

/** The abort's reason when the caller gave one (main's overall deadline), else a plain cancel. */
function aborted(signal: AbortSignal | undefined): HeronError {
  if (signal?.reason instanceof HeronError) return signal.reason;
  return new HeronError('EABORTED', 'Sending was cancelled.', { retryable: true });
}

function socketOf(conn: SMTPConnection): { destroy(): void } | null {
  const socket = (conn as unknown as { _socket?: unknown })._socket;
  return typeof socket === 'object' && socket !== null && typeof (socket as { destroy?: unknown }).destroy === 'function' ? (socket as { destroy(): void }) : null;
}

/** A line nodemailer may send for the account's login method: any non-AUTH line, or AUTH with exactly that mechanism. */
export function authLineAllowed(line: string, auth: SmtpAuthMethod): boolean {
  const mechanism = /^AUTH\s+(\S+)/i.exec(line)?.[1]?.toUpperCase();
  if (mechanism === undefined) return true;
  return auth !== 'none' && mechanism === NODEMAILER_AUTH[auth];
}

/**
 * RFC 5321 §4.1.1.4: only 354 invites the message data. nodemailer also goes ahead on any 2xx
 * or 3xx (for a server in emailjs issue 24), and a server that answered 250 would read the
 * message as commands (a body line "RSET", "MAIL FROM:…"). Its DATA step is wrapped so that
 * whatever it would send the data on, short of 354, ends the message (and the connection) first.
 */
function requireGoAhead(conn: SMTPConnection, refused: (reply: string) => HeronError): void {
  type Callback = (error: unknown, info?: unknown) => void;
  const internals = conn as unknown as { _actionDATA?: (this: SMTPConnection, reply: string, callback: Callback) => void };
  const original = internals._actionDATA;
  if (typeof original !== 'function') {
    // A nodemailer without that step would have to be read again before Heron trusts it with a message.
    throw new HeronError('EINTERNAL', 'Heron cannot check the reply to DATA with this version of nodemailer; nothing was sent.');
  }
  internals._actionDATA = function (this: SMTPConnection, reply: string, callback: Callback) {
    if (/^354[ -]/.test(reply) || reply === '354') return original.call(this, reply, callback);
    original.call(this, reply, (error, info) => {
      if (error) return callback(error, info);
      callback(refused(reply));
      conn.close();
    });
  };
}

function dataRefused(host: string, reply: string): HeronError {
  return new HeronError(
    'EPROTOCOL',
    `${host} answered DATA with "${quote(reply)}" instead of 354 (go ahead), so Heron did not send the message: the server could have read it as commands. Nothing was delivered.`,
    { detail: { host, command: 'DATA', response: quote(reply) } },
  );
}

/** The message as a stream of chunks; `onRead` hears each time the connection asks for more. */
function chunked(body: Buffer, onRead: () => void): Readable {
  let at = 0;
  return new Readable({
    highWaterMark: DATA_CHUNK,
    read() {
      onRead();
      const end = Math.min(at + DATA_CHUNK, body.length);
      this.push(at < end ? body.subarray(at, end) : null);
      at = end;
    },
  });
}

/** A native scan: a callback per byte cost more than encrypting the message (docs/performance.md). */
function has8bit(body: Buffer): boolean {
  return !isAscii(body);
}

/**
 * With an extra CA, `ca` lists every system root too, and Node would parse them all into a new
 * secure context for each connection. One context per trusted CA set, built once, gives the same
 * trust; keyed by the CA text, bounded, since the set changes only when the person adds a CA.
 */
const secureContexts = new Map<string, SecureContext>();
const MAX_SECURE_CONTEXTS = 8;

export function withCachedContext(options: ConnectionOptions): ConnectionOptions {
  const { ca, minVersion } = options;
  if (ca === undefined) return options;
  const list = (Array.isArray(ca) ? ca : [ca]) as Array<string | Buffer>;
  const key = `${minVersion ?? ''}\0${list.map((c) => (typeof c === 'string' ? c : c.toString('latin1'))).join('\0')}`;
  let context = secureContexts.get(key);
  if (context === undefined) {
    context = createSecureContext({ ca: list, ...(minVersion === undefined ? {} : { minVersion }) });
    if (secureContexts.size >= MAX_SECURE_CONTEXTS) secureContexts.delete(secureContexts.keys().next().value as string);
    secureContexts.set(key, context);
  }
  const { ca: _ca, minVersion: _min, ...rest } = options;
  return { ...rest, secureContext: context };
}

function isGreetingTimeout(error: unknown): boolean {
  return (error as { timeoutType?: unknown } | null)?.timeoutType === 'GREETING_TIMEOUT';
}

function isStarttlsMissing(error: unknown, plainEhlo: string): boolean {
  const e = error as SmtpErrorLike;
  return e?.code === 'ETLS' && e.command === 'STARTTLS' && plainEhlo !== '' && !parseEhlo(plainEhlo).starttls;
}

/** XOAUTH2 (Google/Microsoft SASL) with the access token kept as the secret; nodemailer masks the line in its log. */
async function xoauth2(ctx: SMTPConnection.CustomAuthenticationContext): Promise<void> {
  const { user, pass } = ctx.auth.credentials;
  const token = Buffer.from(`user=${user}\x01auth=Bearer ${pass}\x01\x01`, 'utf8').toString('base64');
  const reply = await ctx.sendCommand(`AUTH XOAUTH2 ${token}`);
  if (reply.status === 235) return ctx.resolve();
  // RFC 7628 §3.2.3: a 334 carries an error JSON; the client answers with an empty line to end it.
  const final = reply.status === 334 ? await ctx.sendCommand('') : reply;
  ctx.reject(Object.assign(new Error('Invalid login'), { response: final.response || reply.response }));
}

type LogFn = (entry: Record<string, unknown>, message?: unknown, ...args: unknown[]) => void;

/**
 * A bunyan-shaped logger that hands nodemailer's transaction lines, its notes on the connection
 * ("Connection established to …", "Connection upgraded with STARTTLS") and the end-of-data mark
 * (with the message's size) to `onLine`.
 */
function makeLogger(onLine: (tnx: string, message: string) => void): Record<'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal', LogFn> {
  const log: LogFn = (entry, message, ...args) => {
    const tnx = typeof entry?.tnx === 'string' ? entry.tnx : '';
    if (tnx === 'client' || tnx === 'server') onLine(tnx, String(message ?? ''));
    // The message's own size (inByteCount), not the wire's (dot-stuffed, with the final ".").
    else if (tnx === 'message' && typeof entry.inByteCount === 'number') onLine('message', String(entry.inByteCount));
    else if (tnx === 'network' || tnx === 'smtp') onLine(tnx, format(message, ...args));
  };
  return { trace: log, debug: log, info: log, warn: log, error: log, fatal: log };
}
