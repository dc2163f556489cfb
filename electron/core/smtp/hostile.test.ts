/**
 * Broken and hostile SMTP servers (issue 16): DATA answered without 354 (case 10), and TLS that
 * cannot be set up reported as a TLS error that needs the person, not as being offline (case 7).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Security } from '../../../shared/model/account';
import { sendQueue, type OutgoingMessage, type SmtpClientOptions } from './client';
import { makePki, startScriptedServer, type Pki, type Script, type ScriptedServer } from './test-support';

let pki: Pki;
let server: ScriptedServer | null = null;
beforeAll(async () => {
  pki = await makePki();
});
afterEach(async () => {
  await server?.close();
  server = null;
});

function options(port: number, security: Security = 'starttls'): SmtpClientOptions {
  return {
    server: { host: '127.0.0.1', port, security, username: 'alice', auth: 'plain' },
    secret: 'pw',
    ca: pki.caPem,
    timeouts: { connect: 3000, greeting: 800, socket: 3000 },
  };
}

/** A body a server reading it as commands would obey: it resets the transaction and starts another. */
const SMUGGLED = 'RSET\r\nMAIL FROM:<mallory@example.com>\r\nRCPT TO:<victim@example.com>\r\nDATA\r\nSubject: forged\r\n\r\nforged\r\n.\r\n';
const message: OutgoingMessage = {
  id: 'm1',
  raw: new Uint8Array(Buffer.from(`From: alice@example.com\r\nTo: bob@example.com\r\nSubject: hi\r\n\r\n${SMUGGLED}`)),
  envelope: { from: 'alice@example.com', to: ['bob@example.com'] },
};

async function scripted(script: Omit<Script, 'tls'>, tls: Partial<Script['tls']> = {}): Promise<ScriptedServer> {
  server = await startScriptedServer({ ...script, tls: { key: pki.keyPem, cert: pki.certPem, ...tls } });
  return server;
}

describe('DATA answered without 354: the body is never sent', () => {
  it.each([
    ['250 with PIPELINING', true, '250 2.0.0 Ok'],
    ['250 without PIPELINING', false, '250 2.0.0 Ok'],
    ['a 3xx that is not 354', true, '334 go on'],
  ] as const)('%s', async (_label, pipelining, reply) => {
    const srv = await scripted({ pipelining, onLine: (l) => (l === 'DATA' ? reply : undefined) });
    const [outcome] = await sendQueue(options(srv.port), [message]);
    expect(outcome).toMatchObject({ status: 'failed', attempted: true, error: { code: 'EPROTOCOL', retryable: false } });
    expect(outcome?.error?.message).toBe(
      `127.0.0.1 answered DATA with "${reply}" instead of 354 (go ahead), so Heron did not send the message: the server could have read it as commands. Nothing was delivered.`,
    );
    const lines = srv.sessions[0]?.lines ?? [];
    // Nothing after DATA: no header, no body line read as a command (the connection is closed, no QUIT).
    expect(lines.slice(lines.indexOf('DATA'))).toEqual(['DATA']);
    expect(srv.sessions[0]?.bodies).toEqual([]);
  });

  it('354 still gets the message, byte for byte', async () => {
    const srv = await scripted({});
    const [outcome] = await sendQueue(options(srv.port), [message]);
    expect(outcome?.status).toBe('sent');
    expect(srv.sessions[0]?.bodies[0]?.equals(Buffer.from(message.raw))).toBe(true);
  });
});

describe('TLS that cannot be set up is a TLS error that needs the person, not "you may be offline"', () => {
  it('SSL/TLS chosen against a server that speaks plain SMTP', async () => {
    const srv = await scripted({});
    const [outcome] = await sendQueue(options(srv.port, 'tls'), [message]);
    expect(outcome).toMatchObject({ status: 'failed', attempted: false, error: { code: 'ETLS', retryable: false } });
    expect(outcome?.error?.message).not.toMatch(/offline|try again|SSL routines/);
    // What reached the server is the TLS ClientHello (its random bytes may hold a line break), never a command in clear.
    expect((srv.sessions[0]?.lines ?? []).filter((l) => /^(EHLO|HELO|AUTH|MAIL|RCPT|DATA|QUIT)\b/i.test(l))).toEqual([]);
  });

  it('an implicit-TLS server limited to TLS 1.1', async () => {
    const srv = await scripted({ implicitTls: true }, { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
    const [outcome] = await sendQueue(options(srv.port, 'tls'), [message]);
    expect(outcome).toMatchObject({ status: 'failed', attempted: false, error: { code: 'ETLS', retryable: false } });
    expect(outcome?.error?.message).toBe('A secure (TLS) connection to 127.0.0.1 could not be set up: tlsv1 alert protocol version. Nothing was sent.');
    expect(srv.sessions[0]?.lines).toEqual([]);
  });

  it('a STARTTLS server limited to TLS 1.1: no AUTH in clear, the same TLS error', async () => {
    const srv = await scripted({}, { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
    const [outcome] = await sendQueue(options(srv.port, 'starttls'), [message]);
    expect(outcome).toMatchObject({ status: 'failed', attempted: false, error: { code: 'ETLS', retryable: false } });
    expect(outcome?.error?.message).toBe('A secure (TLS) connection to 127.0.0.1 could not be set up: tlsv1 alert protocol version. Nothing was sent.');
    expect(srv.sessions[0]?.lines).toEqual(['EHLO [127.0.0.1]', 'STARTTLS']);
  });
});

describe('STARTTLS (or no encryption) on a port that speaks TLS from the first byte', () => {
  it.each(['starttls', 'none'] as const)('%s: the silent greeting is found to be a TLS port, an error that needs the person', async (security) => {
    const srv = await scripted({ implicitTls: true });
    const [outcome] = await sendQueue(options(srv.port, security), [message]);
    expect(outcome).toMatchObject({
      status: 'failed',
      attempted: false,
      error: { code: 'ETLS', retryable: false, detail: { likelyCause: 'security-setting', port: srv.port } },
    });
    expect(outcome?.error?.message).toBe(
      `127.0.0.1 answers with TLS from the first byte on port ${srv.port}, but the account is set to ${security === 'starttls' ? 'STARTTLS' : 'no encryption'}, which starts in plain text. Choose SSL/TLS for this port, or STARTTLS on port 587. Nothing was sent.`,
    );
    expect(srv.sessions.map((s) => s.lines)).toEqual([[], []]);
  });

  it('a plain server that is only slow to greet stays a timeout, tried again later', async () => {
    const srv = await scripted({ greeting: null });
    const [outcome] = await sendQueue(options(srv.port, 'starttls'), [message]);
    expect(outcome).toMatchObject({ status: 'waiting-retry', attempted: false, error: { code: 'ETIMEDOUT', retryable: true } });
  });
});
