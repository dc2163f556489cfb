import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionReport } from '../../../shared/ipc/calls/connection';
import type { MainHandlers } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';
import type { SecretSlot } from '../../../shared/model/account';
import { fakeServers } from '../../core/pop3/testing/helpers';
import { testCerts } from '../../core/tls/testing/certs';
import { dispatchCall } from '../dispatch';
import { createConnectionHandlers } from './connection';

const certs = testCerts();
const pop3 = fakeServers();
afterEach(() => pop3.closeAll());

const SMTP_PASSWORD = 'outgoing-Pw-91';
let smtp: SMTPServer;
let smtpSelf: SMTPServer;
let smtpPort = 0;
let smtpSelfPort = 0;
const smtpLogins: string[] = [];

function smtpServer(cert: { cert: string; key: string }): SMTPServer {
  return new SMTPServer({
    key: cert.key,
    cert: cert.cert,
    size: 5_000_000,
    logger: false,
    onAuth: (auth, _s, cb) => {
      smtpLogins.push(`${auth.method} ${auth.username}`);
      cb(auth.password === SMTP_PASSWORD ? null : Object.assign(new Error('5.7.8 Error: authentication failed: bad password'), { responseCode: 535 }), {
        user: auth.username,
      });
    },
    onData: (stream, _s, cb) => {
      stream.resume();
      stream.on('end', () => cb(new Error('A connection test must never send a message')));
    },
  });
}

async function listen(server: SMTPServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.server.address() as AddressInfo).port;
}

beforeAll(async () => {
  smtp = smtpServer(certs.leaf);
  smtpSelf = smtpServer(certs.selfSigned);
  smtpPort = await listen(smtp);
  smtpSelfPort = await listen(smtpSelf);
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise<void>((resolve) => smtpSelf.close(() => resolve()));
});

function world(stored: Partial<Record<SecretSlot, string>> = {}, renew: (refused: string) => Promise<string | null> = async () => null) {
  const asked: string[] = [];
  const handlers = createConnectionHandlers({
    secrets: {
      get: async (accountId, slot) => {
        asked.push(`${accountId}/${slot}`);
        return stored[slot] ?? null;
      },
      renew: async (_accountId, _server, refused) => {
        asked.push(`renew ${refused}`);
        return renew(refused);
      },
    },
    ca: [certs.ca],
    pop3Timeouts: { connectMs: 3000, greetingMs: 3000, commandMs: 3000, idleMs: 3000 },
    smtpTimeouts: { connect: 3000, greeting: 3000, socket: 3000 },
  }) as unknown as MainHandlers;
  const test = async (name: 'testIncoming' | 'testOutgoing', payload: unknown): Promise<ConnectionReport> => {
    const result = (await dispatchCall(handlers, name, payload)) as Result<ConnectionReport>;
    if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
    return result.value;
  };
  return { asked, test, handlers };
}

const incoming = (port: number, extra: Record<string, unknown> = {}) => ({
  protocol: 'pop3', host: 'localhost', port, security: 'tls', username: 'alice', auth: 'user', ...extra,
});
const outgoing = (port: number, extra: Record<string, unknown> = {}) => ({
  protocol: 'smtp', host: 'localhost', port, security: 'starttls', username: 'alice', auth: 'plain', ...extra,
});
const texts = (r: ConnectionReport) => r.steps.map((s) => `${s.ok ? 'ok' : 'FAIL'} ${s.kind}: ${s.text}`);

describe('testIncoming', () => {
  it('connects, verifies, logs in, counts the mailbox and quits without deleting anything', async () => {
    const messages = Array.from({ length: 1204 }, (_, i) => Buffer.from(`Subject: ${i}\r\n\r\nhi\r\n`));
    const server = await pop3.start({ tls: { mode: 'implicit', ...certs.leaf }, messages });
    const report = await world().test('testIncoming', { incoming: incoming(server.port), password: 'secret' });
    expect(texts(report)).toEqual([
      `ok connect: Connected to localhost:${server.port}`,
      expect.stringMatching(/^ok tls: Encrypted \(TLSv1\.[23]\); certificate valid$/),
      'ok login: Logged in as alice',
      'ok mailbox: 1,204 messages on the server',
    ]);
    expect(report).toMatchObject({ error: null, messageCount: 1204, certificate: { authorized: true, pinned: false, fingerprint256: certs.leaf.fingerprint256 } });
    expect(server.transcript).toEqual(['CAPA', 'USER alice', 'PASS secret', 'CAPA', 'STAT', 'QUIT']);
    expect(server.deleted).toEqual([]);
  });

  it('a saved XOAUTH2 account whose token the server refuses is tested once more with a renewed token, never a third time', async () => {
    const server = await pop3.start({ tls: { mode: 'implicit', ...certs.leaf }, users: { alice: { token: 'at-fresh' } } });
    const good = world({ incoming: 'at-stale' }, async () => 'at-fresh');
    const report = await good.test('testIncoming', { accountId: 'acct_1', incoming: incoming(server.port, { auth: 'xoauth2' }) });
    expect(report.error).toBeNull();
    expect(good.asked).toEqual(['acct_1/incoming', 'renew at-stale']);
    const bad = world({ incoming: 'at-stale' }, async () => 'at-refused-too');
    const failed = await bad.test('testIncoming', { accountId: 'acct_1', incoming: incoming(server.port, { auth: 'xoauth2' }) });
    expect(failed.error?.code).toBe('EAUTH');
    expect(bad.asked).toEqual(['acct_1/incoming', 'renew at-stale']);
    // A password typed into the form is the person's to correct: never renewed.
    const typed = world({}, async () => 'at-fresh');
    expect((await typed.test('testIncoming', { incoming: incoming(server.port, { auth: 'xoauth2' }), password: 'at-typed' })).error?.code).toBe('EAUTH');
    expect(typed.asked).toEqual([]);
  });

  it('a wrong password is the login step failing with the server words', async () => {
    const server = await pop3.start({ tls: { mode: 'implicit', ...certs.leaf } });
    const report = await world().test('testIncoming', { incoming: incoming(server.port), password: 'wrong' });
    expect(report.steps.map((s) => [s.kind, s.ok])).toEqual([['connect', true], ['tls', true], ['login', false]]);
    expect(report.error?.code).toBe('EAUTH');
    expect(report.steps.at(-1)?.text).toBe(report.error?.message);
    expect(report.error?.message).toMatch(/-ERR/);
  });

  it('a self-signed certificate is refused with its fingerprint, then accepted once pinned', async () => {
    const server = await pop3.start({ tls: { mode: 'implicit', ...certs.selfSigned } });
    const { test } = world();
    const refused = await test('testIncoming', { incoming: incoming(server.port), password: 'secret' });
    expect(refused.steps.map((s) => [s.kind, s.ok])).toEqual([['connect', true], ['tls', false]]);
    expect(refused.error).toMatchObject({ code: 'ECERT', detail: { fingerprint256: certs.selfSigned.fingerprint256, subject: 'localhost', issuer: 'localhost' } });
    expect(server.transcript).toEqual([]);
    const pinned = await test('testIncoming', { incoming: incoming(server.port, { pinnedCert: certs.selfSigned.fingerprint256 }), password: 'secret' });
    expect(pinned.error).toBeNull();
    expect(pinned.steps[1]?.text).toMatch(/certificate accepted because you trusted it for this account/);
  });

  it('nothing listening is the connect step failing', async () => {
    const server = await pop3.start({});
    const port = server.port;
    await pop3.closeAll();
    const report = await world().test('testIncoming', { incoming: incoming(port), password: 'secret' });
    expect(report.steps.map((s) => [s.kind, s.ok])).toEqual([['connect', false]]);
    expect(report.error?.code).toBe('ECONNECTION');
  });

  it('a saved account uses the stored password; none stored asks for it next to the password field', async () => {
    const server = await pop3.start({ tls: { mode: 'implicit', ...certs.leaf } });
    const saved = world({ incoming: 'secret' });
    const report = await saved.test('testIncoming', { accountId: 'acc-1', incoming: incoming(server.port) });
    expect(report.error).toBeNull();
    expect(saved.asked).toEqual(['acc-1/incoming']);
    const none = await world().test('testIncoming', { accountId: 'acc-1', incoming: incoming(server.port) });
    expect(none.error).toMatchObject({ code: 'ENOSECRET', detail: { field: 'password' } });
    expect(none.steps).toEqual([{ kind: 'login', ok: false, text: none.error?.message }]);
  });

  it('plaintext without consent never sends the password', async () => {
    const server = await pop3.start({});
    const report = await world().test('testIncoming', { incoming: incoming(server.port, { security: 'none' }), password: 'secret' });
    expect(report.steps.map((s) => [s.kind, s.ok])).toEqual([['connect', true], ['tls', true], ['login', false]]);
    expect(report.error?.code).toBe('ETLS');
    expect(server.transcript.some((l) => l.startsWith('PASS'))).toBe(false);
    const allowed = await world().test('testIncoming', { incoming: incoming(server.port, { security: 'none', allowPlaintextPassword: true }), password: 'secret' });
    expect(allowed.error).toBeNull();
    expect(allowed.steps[1]?.text).toMatch(/^Not encrypted/);
  });

  it('rejects CR/LF in a host or user name at the boundary', async () => {
    const { handlers } = world();
    const r = (await dispatchCall(handlers, 'testIncoming', { incoming: incoming(110, { username: 'a\r\nDELE 1' }), password: 'x' })) as Result<unknown>;
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('EINVALID');
  });
});

describe('testOutgoing', () => {
  it('connects, verifies, reads EHLO, logs in, sends nothing', async () => {
    smtpLogins.length = 0;
    const report = await world().test('testOutgoing', { outgoing: outgoing(smtpPort), password: SMTP_PASSWORD });
    expect(texts(report)).toEqual([
      `ok connect: Connected to localhost:${smtpPort}`,
      expect.stringMatching(/^ok tls: Encrypted \(TLSv1\.[23]\); certificate valid$/),
      'ok login: Logged in as alice',
    ]);
    expect(report).toMatchObject({ error: null, sizeLimit: 5_000_000, authMethods: ['LOGIN', 'PLAIN'] });
    expect(smtpLogins).toEqual(['PLAIN alice']);
  });

  it('a wrong password quotes the server', async () => {
    const report = await world().test('testOutgoing', { outgoing: outgoing(smtpPort), password: 'nope' });
    expect(report.steps.map((s) => [s.kind, s.ok])).toEqual([['connect', true], ['tls', true], ['login', false]]);
    expect(report.error?.code).toBe('EAUTH');
    expect(report.error?.message).toContain('535');
  });

  it('"same as incoming" reads the stored incoming password', async () => {
    const w = world({ incoming: SMTP_PASSWORD });
    const report = await w.test('testOutgoing', { accountId: 'acc-2', outgoing: outgoing(smtpPort, { sameCredentialsAsIncoming: true }) });
    expect(report.error).toBeNull();
    expect(w.asked).toEqual(['acc-2/incoming']);
  });

  it('a self-signed certificate is ECERT with its details until pinned', async () => {
    const { test } = world();
    const refused = await test('testOutgoing', { outgoing: outgoing(smtpSelfPort), password: SMTP_PASSWORD });
    expect(refused.error).toMatchObject({ code: 'ECERT', detail: { fingerprint256: certs.selfSigned.fingerprint256 } });
    expect(refused.steps.map((s) => [s.kind, s.ok])).toEqual([['connect', true], ['tls', false]]);
    const pinned = await test('testOutgoing', { outgoing: outgoing(smtpSelfPort, { pinnedCert: certs.selfSigned.fingerprint256 }), password: SMTP_PASSWORD });
    expect(pinned.error).toBeNull();
  });
});
