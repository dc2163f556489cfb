/**
 * Connection tests for the setup wizard and account settings: log in to the incoming (POP3) and
 * outgoing (SMTP) server with the same engines, TLS policy and login code that fetching and
 * sending use, and report each step in words. Nothing is fetched, deleted or sent: POP3 ends with
 * QUIT after STAT (no DELE was issued), SMTP with QUIT after AUTH.
 */
import { withRenewal, type LoginSecrets } from '../oauth/login-secrets';
import type { ConnectionReport, ConnectionStep, connectionCalls } from '../../../shared/ipc/calls/connection';
import type { HandlersOf } from '../../../shared/ipc/define';
import { asSerializedError, HeronError, serializeError, type SerializedError } from '../../../shared/ipc/result';
import type { IncomingServer, OutgoingServer, SecretSlot } from '../../../shared/model/account';
import { certificateCheckOf, type CertificateCheck } from '../../../shared/model/certificate';
import { createScrubber, scrubError } from '../../core/log/scrub';
import { SessionRecorder, type SessionSink } from '../../core/log/session-recorder';
import { Pop3Client, type Pop3Credentials, type Pop3Timeouts } from '../../core/pop3/index';
import { classifySendError } from '../../core/smtp/classify';
import { SmtpSession, type SmtpClientOptions } from '../../core/smtp/client';

export interface ConnectionDeps {
  /** The stored password (only for the server it was stored for) or a fresh access token; a refused token is renewed once. */
  readonly secrets: LoginSecrets;
  /** Extra trusted CAs (tests and the e2e harness; the app relies on the system roots and pins). */
  readonly ca?: ReadonlyArray<string | Buffer>;
  readonly pop3Timeouts?: Partial<Pop3Timeouts>;
  readonly smtpTimeouts?: SmtpClientOptions['timeouts'];
  /** The account's connection log; a test with an account id is recorded there. */
  readonly log?: SessionSink;
}

/** A test should answer within a person's patience: shorter than fetching's deadlines. */
const POP3_TEST_TIMEOUTS: Partial<Pop3Timeouts> = { connectMs: 15_000, greetingMs: 15_000, commandMs: 20_000, idleMs: 20_000 };
const SMTP_TEST_TIMEOUTS: NonNullable<SmtpClientOptions['timeouts']> = { connect: 15_000, greeting: 15_000, command: 15_000, socket: 20_000 };

const count = (n: number) => n.toLocaleString('en-US');

export function createConnectionHandlers(deps: ConnectionDeps): HandlersOf<typeof connectionCalls> {
  const secretFor = async (accountId: string | undefined, slot: SecretSlot, given: string | undefined, server: IncomingServer | OutgoingServer) => {
    if (given !== undefined) return given;
    const stored = accountId === undefined ? null : await deps.secrets.get(accountId, slot, server);
    if (stored === null || stored === '') {
      throw new HeronError('ENOSECRET', `Enter the password for ${server.username} on ${server.host} to test the connection.`, {
        detail: { field: 'password', slot, host: server.host },
      });
    }
    return stored;
  };

  /**
   * A server may echo the password back in a refusal. A stored one is masked for every answer
   * (secrets/secret-scrubber.ts); the one the person is typing is masked here, so it does not
   * sit on the screen in an error. A test of a saved account (or of the wizard's account-to-be,
   * which has its id already) goes into that account's connection log.
   */
  const finished = (raw: ConnectionReport, recorder: SessionRecorder, secret: string | null, accountId: string | undefined): ConnectionReport => {
    const scrub = createScrubber(secret === null ? [] : [secret]);
    const report = { ...raw, error: raw.error && scrubError(raw.error, scrub), steps: raw.steps.map((step) => ({ ...step, text: scrub(step.text) })) };
    if (accountId !== undefined) deps.log?.(accountId, recorder.finish(report.error));
    return report;
  };

  return {
    testIncoming: async ({ accountId, incoming, password }) => {
      let secret: string;
      try {
        secret = await secretFor(accountId, 'incoming', password, incoming);
      } catch (error) {
        return new Report('incoming', incoming.host, incoming.port).fail('login', error);
      }
      const attempt = async (secret: string) => {
        const recorder = new SessionRecorder({ side: 'incoming', purpose: 'test', host: incoming.host, port: incoming.port, security: incoming.security }, [secret]);
        return finished(await testPop3(incoming, secret, deps, new Report('incoming', incoming.host, incoming.port), recorder), recorder, secret, accountId);
      };
      if (password !== undefined || accountId === undefined) return attempt(secret);
      // A stored sign-in whose token the server refused gets one fresh token and one more test.
      return withRenewal(deps.secrets, { accountId, server: incoming, first: secret }, attempt, refusedLogin, (error) => new Report('incoming', incoming.host, incoming.port).fail('login', error));
    },

    testOutgoing: async ({ accountId, outgoing, password }) => {
      let secret: string | null = null;
      if (outgoing.auth !== 'none') {
        const slot: SecretSlot = outgoing.sameCredentialsAsIncoming ? 'incoming' : 'outgoing';
        try {
          secret = await secretFor(accountId, slot, password, outgoing);
        } catch (error) {
          return new Report('outgoing', outgoing.host, outgoing.port).fail('login', error);
        }
      }
      const attempt = async (secret: string | null) => {
        const recorder = new SessionRecorder({ side: 'outgoing', purpose: 'test', host: outgoing.host, port: outgoing.port, security: outgoing.security }, secret === null ? [] : [secret]);
        return finished(await testSmtp(outgoing, secret, deps, new Report('outgoing', outgoing.host, outgoing.port), recorder), recorder, secret, accountId);
      };
      if (secret === null || password !== undefined || accountId === undefined) return attempt(secret);
      return withRenewal(deps.secrets, { accountId, server: outgoing, first: secret }, attempt, refusedLogin, (error) => new Report('outgoing', outgoing.host, outgoing.port).fail('login', error));
    },
  };
}

/** The server refused the login itself (not the connection, the certificate or the mailbox). */
function refusedLogin(report: ConnectionReport): boolean {
  return report.error?.code === 'EAUTH' && report.steps.at(-1)?.kind === 'login';
}

async function testPop3(server: IncomingServer, secret: string, deps: ConnectionDeps, report: Report, recorder: SessionRecorder): Promise<ConnectionReport> {
  const { host, port } = server;
  let client: Pop3Client;
  try {
    client = await Pop3Client.connect({
      host,
      port,
      security: server.security,
      ...(server.pinnedCert ? { pinnedCert: server.pinnedCert } : {}),
      ...(deps.ca ? { ca: [...deps.ca] } : {}),
      timeouts: { ...POP3_TEST_TIMEOUTS, ...deps.pop3Timeouts },
      transcript: recorder.sink,
    });
  } catch (error) {
    return report.failConnect(error);
  }
  report.connected(client.tls);
  const credentials: Pop3Credentials = {
    method: server.auth,
    username: server.username,
    ...(server.auth === 'xoauth2' ? { token: secret } : { password: secret }),
    ...(server.allowPlaintextPassword ? { allowPlaintextPassword: true } : {}),
  };
  try {
    await client.login(credentials);
  } catch (error) {
    client.destroy();
    return report.fail('login', error);
  }
  report.ok('login', `Logged in as ${server.username}`);
  try {
    const stat = await client.stat();
    report.mailbox(stat.count, stat.size);
    report.ok('mailbox', `${count(stat.count)} ${stat.count === 1 ? 'message' : 'messages'} on the server`);
  } catch (error) {
    client.destroy();
    return report.fail('mailbox', error);
  }
  try {
    await client.quit();
  } catch {
    // The test already has its answer; no DELE was sent, so dropping the socket loses nothing.
    client.destroy();
  }
  return report.done();
}

async function testSmtp(server: OutgoingServer, secret: string | null, deps: ConnectionDeps, report: Report, recorder: SessionRecorder): Promise<ConnectionReport> {
  const options: SmtpClientOptions = {
    server,
    secret,
    transcript: recorder.sink,
    ...(deps.ca ? { ca: deps.ca } : {}),
    timeouts: { ...SMTP_TEST_TIMEOUTS, ...deps.smtpTimeouts },
  };
  // Connect and read EHLO first, so a login failure can say which step it was; a second connection
  // then logs in exactly as sending does (SmtpSession.open with login).
  let session: SmtpSession;
  try {
    session = await SmtpSession.open(options, { login: false });
  } catch (error) {
    return report.failConnect(classifySmtp(error, server, 'connect'));
  }
  const { capabilities, peer } = session.info;
  report.connected(peer);
  report.outgoing(capabilities.authMethods, capabilities.size ? capabilities.size : null);
  await session.close();
  if (server.auth === 'none') {
    report.ok('login', 'No login needed (the server was set to accept mail without one)');
    return report.done();
  }
  recorder.note('Connecting again to log in, as sending does');
  try {
    const loggedIn = await SmtpSession.open(options);
    await loggedIn.close();
  } catch (error) {
    return report.fail('login', classifySmtp(error, server, 'auth'));
  }
  report.ok('login', `Logged in as ${server.username}`);
  return report.done();
}

function classifySmtp(error: unknown, server: OutgoingServer, phase: 'connect' | 'auth'): SerializedError {
  return classifySendError(error, { phase, host: server.host, user: server.username, port: server.port, security: server.security, auth: server.auth }).error ?? serializeError(error);
}

const TLS_CODES = new Set(['ECERT', 'ETLS']);

/** Collects the steps of one test into the report the renderer shows. */
class Report {
  private readonly steps: ConnectionStep[] = [];
  private certificate: ConnectionReport['certificate'] = null;
  private messageCount: number | null = null;
  private mailboxBytes: number | null = null;
  private authMethods: readonly string[] = [];
  private sizeLimit: number | null = null;

  constructor(
    private readonly side: 'incoming' | 'outgoing',
    private readonly host: string,
    private readonly port: number,
  ) {}

  ok(kind: ConnectionStep['kind'], text: string): void {
    this.steps.push({ kind, ok: true, text });
  }

  connected(tls: CertificateCheck | null): void {
    this.ok('connect', `Connected to ${this.host}:${this.port}`);
    if (tls === null) {
      this.ok('tls', 'Not encrypted: everything, including the password, travels in clear');
      return;
    }
    this.certificate = certificateCheckOf(tls);
    this.ok('tls', tls.pinned ? `Encrypted (${tls.protocol}); certificate accepted because you trusted it for this account` : `Encrypted (${tls.protocol}); certificate valid`);
  }

  mailbox(messages: number, bytes: number): void {
    this.messageCount = messages;
    this.mailboxBytes = bytes;
  }

  outgoing(authMethods: readonly string[], sizeLimit: number | null): void {
    this.authMethods = authMethods;
    this.sizeLimit = sizeLimit;
  }

  /** Connecting covers TCP, TLS and the greeting: a TLS or certificate error means the connection itself worked. */
  failConnect(error: unknown): ConnectionReport {
    const e = asSerializedError(error);
    if (TLS_CODES.has(e.code)) {
      this.ok('connect', `Connected to ${this.host}:${this.port}`);
      return this.fail('tls', e);
    }
    return this.fail('connect', e);
  }

  fail(kind: ConnectionStep['kind'], error: unknown): ConnectionReport {
    const e = asSerializedError(error);
    this.steps.push({ kind, ok: false, text: e.message });
    return this.build(e);
  }

  done(): ConnectionReport {
    return this.build(null);
  }

  private build(error: SerializedError | null): ConnectionReport {
    return {
      side: this.side,
      host: this.host,
      port: this.port,
      steps: [...this.steps],
      error,
      certificate: this.certificate,
      messageCount: this.messageCount,
      mailboxBytes: this.mailboxBytes,
      authMethods: this.authMethods,
      sizeLimit: this.sizeLimit,
    };
  }
}

