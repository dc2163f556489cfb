/**
 * The account's login method or nothing (issue 16, case 2): for each method, exactly the AUTH
 * exchange the server received; and a server that does not offer the method gets no AUTH at all.
 * nodemailer used to replace XOAUTH2 by the server's first method when it was not handed an
 * `oauth2` object, so an OAuth2 account sent its bearer token as an AUTH PLAIN password.
 */
import { createHmac } from 'node:crypto';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SmtpAuthMethod } from '../../../shared/model/account';
import { authLineAllowed, sendQueue, type OutgoingMessage, type SmtpClientOptions } from './client';
import { makePki, startScriptedServer, type Pki, type ScriptedServer, type ScriptedSession } from './test-support';

const SECRET = 'S3cret-tök3n/+=';
const B64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const CHALLENGE = '<1896.697170952@localhost>';
const ALL = 'AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2';

let pki: Pki;
let server: ScriptedServer | null = null;
beforeAll(async () => {
  pki = await makePki();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = null;
});

/** A server that runs each SASL mechanism's exchange as RFC 4616, the LOGIN draft, RFC 2195 and Google's XOAUTH2 describe. */
function saslReply(line: string, session: ScriptedSession): string | undefined {
  const before = (n: number) => session.lines.at(-1 - n) ?? '';
  if (/^AUTH (PLAIN|XOAUTH2) \S+$/.test(line)) return '235 2.7.0 Authentication successful';
  if (line === 'AUTH LOGIN') return `334 ${B64('Username:')}`;
  if (before(1) === 'AUTH LOGIN') return `334 ${B64('Password:')}`;
  if (before(2) === 'AUTH LOGIN') return '235 2.7.0 Authentication successful';
  if (line === 'AUTH CRAM-MD5') return `334 ${B64(CHALLENGE)}`;
  if (before(1) === 'AUTH CRAM-MD5') return '235 2.7.0 Authentication successful';
  return undefined;
}

function options(port: number, auth: SmtpAuthMethod): SmtpClientOptions {
  return {
    server: { host: '127.0.0.1', port, security: 'tls', username: 'alice', auth },
    secret: SECRET,
    ca: pki.caPem,
    timeouts: { connect: 3000, greeting: 3000, socket: 3000 },
  };
}

const message: OutgoingMessage = {
  id: 'm1',
  raw: new Uint8Array(Buffer.from('From: alice@example.com\r\nTo: bob@example.com\r\nSubject: hi\r\n\r\nHello\r\n')),
  envelope: { from: 'alice@example.com', to: ['bob@example.com'] },
};

/** What the client said from EHLO up to (not including) MAIL FROM. */
function loginLines(session: ScriptedSession | undefined): string[] {
  const lines = session?.lines ?? [];
  const mail = lines.findIndex((l) => l.startsWith('MAIL FROM'));
  return lines.slice(0, mail < 0 ? lines.length : mail);
}

describe('SMTP login: the account method and nothing else', () => {
  it.each([
    ['plain', [`AUTH PLAIN ${B64(`\0alice\0${SECRET}`)}`]],
    ['login', ['AUTH LOGIN', B64('alice'), B64(SECRET)]],
    ['cram-md5', ['AUTH CRAM-MD5', B64(`alice ${createHmac('md5', SECRET).update(CHALLENGE).digest('hex')}`)]],
    ['xoauth2', [`AUTH XOAUTH2 ${B64(`user=alice\x01auth=Bearer ${SECRET}\x01\x01`)}`]],
  ] as const)('%s: the server receives exactly that exchange, whatever else it offers', async (method, exchange) => {
    server = await startScriptedServer({ implicitTls: true, ehloAuth: ALL, onLine: saslReply, tls: { key: pki.keyPem, cert: pki.certPem } });
    const [outcome] = await sendQueue(options(server.port, method), [message]);
    expect(outcome?.status).toBe('sent');
    expect(loginLines(server.sessions[0])).toEqual(['EHLO [127.0.0.1]', ...exchange]);
  });

  it.each([
    ['plain', 'AUTH LOGIN CRAM-MD5 XOAUTH2', 'PLAIN', 'LOGIN, CRAM-MD5, XOAUTH2'],
    ['login', 'AUTH PLAIN CRAM-MD5 XOAUTH2', 'LOGIN', 'PLAIN, CRAM-MD5, XOAUTH2'],
    ['cram-md5', 'AUTH PLAIN LOGIN XOAUTH2', 'CRAM-MD5', 'PLAIN, LOGIN, XOAUTH2'],
    ['xoauth2', 'AUTH PLAIN LOGIN CRAM-MD5', 'XOAUTH2', 'PLAIN, LOGIN, CRAM-MD5'],
    ['xoauth2', null, 'XOAUTH2', 'no login at all'],
  ] as const)('%s against a server offering %s: a clear error, and no AUTH or message sent', async (method, ehloAuth, name, offered) => {
    // (A null AUTH line: the server offers no login at all.)
    server = await startScriptedServer({ implicitTls: true, ehloAuth, onLine: saslReply, tls: { key: pki.keyPem, cert: pki.certPem } });
    const [outcome] = await sendQueue(options(server.port, method), [message]);
    expect(outcome).toMatchObject({ status: 'failed', attempted: false, error: { code: 'EUNSUPPORTED', retryable: false } });
    expect(outcome?.error?.message).toBe(
      `127.0.0.1 does not offer the login method ${name}; it offers ${offered}. Change the method in the outgoing server settings.`,
    );
    expect(server.sessions[0]?.lines).toEqual(['EHLO [127.0.0.1]']);
  });
});

describe('a login the account did not choose never reaches the wire', () => {
  it('if nodemailer picks another method anyway (as it did for XOAUTH2), the AUTH line is not written', async () => {
    server = await startScriptedServer({ implicitTls: true, ehloAuth: ALL, onLine: saslReply, tls: { key: pki.keyPem, cert: pki.certPem } });
    // nodemailer's old behaviour: XOAUTH2 without an oauth2 object falls back to the first method offered.
    const login = SMTPConnection.prototype.login;
    vi.spyOn(SMTPConnection.prototype, 'login').mockImplementation(function (this: SMTPConnection, auth, callback) {
      const { oauth2: _dropped, ...rest } = auth as SMTPConnection.AuthenticationCredentials & { oauth2?: unknown };
      return login.call(this, rest as SMTPConnection.AuthenticationCredentials, callback);
    });
    const [outcome] = await sendQueue(options(server.port, 'xoauth2'), [message]);
    expect(outcome).toMatchObject({ status: 'failed', attempted: false, error: { code: 'EINTERNAL', retryable: false } });
    expect(outcome?.error?.message).toBe('Heron stopped a login to 127.0.0.1 with PLAIN: the account uses XOAUTH2. Nothing was sent.');
    expect(server.sessions[0]?.lines).toEqual(['EHLO [127.0.0.1]']);
  });

  it.each([
    ['AUTH PLAIN AGFsaWNlAC8qIHNlY3JldCAqLw==', 'plain', true],
    ['auth plain x', 'plain', true],
    ['AUTH PLAIN x', 'xoauth2', false],
    ['AUTH XOAUTH2 x', 'xoauth2', true],
    ['AUTH LOGIN', 'cram-md5', false],
    ['AUTH LOGIN', 'none', false],
    ['MAIL FROM:<a@example.com>', 'none', true],
    ['/* secret */', 'login', true],
  ] as const)('authLineAllowed(%j, %s) is %s', (line, auth, allowed) => {
    expect(authLineAllowed(line, auth)).toBe(allowed);
  });
});
