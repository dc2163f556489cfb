import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import { testCerts } from '../tls/testing/certs';
import { Pop3Client, type Pop3ConnectOptions } from './index';
import type { FakePop3 } from './testing/fake-server';
import { fakeServers, rejection } from './testing/helpers';

const certs = testCerts();
const servers = fakeServers();
const clients: Pop3Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await servers.closeAll();
});

const ALICE = { method: 'user' as const, username: 'alice', password: 'secret' };
const leafTls = (mode: 'implicit' | 'starttls') => ({ mode, cert: certs.leaf.cert, key: certs.leaf.key });
const selfTls = (mode: 'implicit' | 'starttls') => ({ mode, cert: certs.selfSigned.cert, key: certs.selfSigned.key });

function opts(server: FakePop3, security: Pop3ConnectOptions['security'], extra: Partial<Pop3ConnectOptions> = {}): Pop3ConnectOptions {
  return { host: 'localhost', port: server.port, security, ...extra };
}

async function connect(o: Pop3ConnectOptions): Promise<Pop3Client> {
  const c = await Pop3Client.connect(o);
  clients.push(c);
  return c;
}

describe('implicit TLS (POP3S)', () => {
  it('verifies the chain and host name, then speaks POP3; the password may go over TLS', async () => {
    const server = await servers.start({ tls: leafTls('implicit') });
    const client = await connect(opts(server, 'tls', { ca: certs.ca }));
    expect(client.tls).toMatchObject({ authorized: true, pinned: false, fingerprint256: certs.leaf.fingerprint256 });
    expect(client.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    await client.login(ALICE);
    expect(await client.stat()).toEqual({ count: 0, size: 0 });
    expect(server.transcript).toEqual(['CAPA', 'USER alice', 'PASS secret', 'CAPA', 'STAT']);
  });

  it('a self-signed server is ECERT with its fingerprint, and the client sent nothing', async () => {
    const server = await servers.start({ tls: selfTls('implicit') });
    const error = await rejection(connect(opts(server, 'tls')));
    expect(error).toMatchObject({ code: 'ECERT', detail: { fingerprint256: certs.selfSigned.fingerprint256 } });
    expect(server.transcript).toEqual([]);
  });

  it('a self-signed server is accepted when its fingerprint is pinned', async () => {
    const server = await servers.start({ tls: selfTls('implicit') });
    const client = await connect(opts(server, 'tls', { pinnedCert: certs.selfSigned.fingerprint256 }));
    expect(client.tls).toMatchObject({ authorized: false, pinned: true });
  });

  it('a certificate for another host name is ECERT', async () => {
    const server = await servers.start({ tls: leafTls('implicit') });
    const error = await rejection(connect({ ...opts(server, 'tls', { ca: certs.ca }), host: '127.0.0.1', servername: 'mail.example.org' }));
    expect(error).toMatchObject({ code: 'ECERT', message: expect.stringContaining('different host name') });
  });

  it('a plain server on the POP3S port is ETLS, not a hang, and says in words what to try (not OpenSSL’s string)', async () => {
    const server = await servers.start({});
    const error = await rejection(connect({ ...opts(server, 'tls'), timeouts: { connectMs: 2000 } }));
    expect(error).toMatchObject({
      code: 'ETLS',
      message: `localhost did not answer with TLS on port ${server.port}: it answered in plain POP3. It may expect STARTTLS on this port, or SSL/TLS on port 995. Your password was not sent.`,
      detail: { likelyCause: 'security-setting' },
    });
    expect(server.transcript).toEqual([]);
  });

  it('STARTTLS on the POP3S port: no greeting comes, a TLS hello is answered, and the error names the setting to choose', async () => {
    const server = await servers.start({ tls: leafTls('implicit') });
    const error = await rejection(connect({ ...opts(server, 'starttls'), timeouts: { greetingMs: 300 } }));
    expect(error).toMatchObject({
      code: 'ETLS',
      retryable: false,
      message: `localhost answers with TLS from the first byte on port ${server.port}, but the account is set to STARTTLS, which starts in plain text. Choose SSL/TLS for this port, or STARTTLS on port 110. Your password was not sent.`,
      detail: { likelyCause: 'security-setting' },
    });
  });

  it('a silent server that does not speak TLS either: the timeout says what is likely', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const error = await rejection(connect({ host: 'localhost', port, security: 'starttls', timeouts: { greetingMs: 300, connectMs: 1000 } }));
      expect(error).toMatchObject({
        code: 'ETIMEDOUT',
        retryable: true,
        message: `localhost accepted the connection on port ${port} but sent no POP3 greeting within 300 ms. It may expect SSL/TLS from the start on this port, or STARTTLS on port 110.`,
      });
    } finally {
      silent.close();
    }
  });

  it('with SSL/TLS chosen, a missing greeting stays a plain timeout', async () => {
    const server = await servers.start({ tls: leafTls('implicit'), overrides: { GREETING: () => undefined } });
    const error = await rejection(connect({ ...opts(server, 'tls', { ca: certs.ca }), timeouts: { greetingMs: 300 } }));
    expect(error).toMatchObject({ code: 'ETIMEDOUT', message: 'localhost did not finish answering greeting within 300 ms.' });
  });
});

describe('STLS (RFC 2595)', () => {
  it('upgrades, verifies, asks CAPA again, and only then logs in', async () => {
    const server = await servers.start({ tls: leafTls('starttls') });
    const lines: string[] = [];
    const client = await connect(opts(server, 'starttls', { ca: certs.ca, transcript: (l) => lines.push(`${l.dir}: ${l.text}`) }));
    expect(client.tls).toMatchObject({ authorized: true });
    expect(client.capabilities.stls).toBe(false); // the CAPA asked under TLS
    await client.login(ALICE);
    expect(server.transcript).toEqual(['CAPA', 'STLS', 'CAPA', 'USER alice', 'PASS secret', 'CAPA']);
    expect(lines.slice(0, 8)).toEqual([
      `I: Connected to 127.0.0.1:${server.port}`,
      'S: +OK Heron fake POP3 ready <1896.697170952@fake.heron>',
      'C: CAPA',
      'S: +OK Capability list follows',
      'I: [listing: 98 bytes]',
      'I: Capabilities: TOP | UIDL | RESP-CODES | PIPELINING | AUTH-RESP-CODE | STLS | USER | SASL PLAIN LOGIN CRAM-MD5 XOAUTH2',
      'C: STLS',
      'S: +OK Begin TLS negotiation now.',
    ]);
    // The TLS session and its certificate, named for the connection log.
    expect(lines[8]).toMatch(new RegExp(`^I: TLS TLSv1\\.[23], \\S+; certificate for localhost, issued by [^;]+, valid until [^;]+; verified; SHA-256 ${certs.leaf.fingerprint256}$`));
  });

  it('a server that does not advertise STLS is ETLS before any credential', async () => {
    const server = await servers.start({});
    const error = await rejection(connect(opts(server, 'starttls')));
    expect(error).toMatchObject({ code: 'ETLS', message: 'localhost does not offer STLS, so Heron cannot secure the connection as this account requires.' });
    expect(server.transcript).toEqual(['CAPA']);
  });

  it('a server that refuses STLS is ETLS quoting it, and no USER is sent', async () => {
    const server = await servers.start({ tls: leafTls('starttls'), overrides: { STLS: (s) => s.reply('-ERR [SYS/TEMP] TLS is broken today') } });
    const error = await rejection(connect(opts(server, 'starttls', { ca: certs.ca })));
    expect(error).toMatchObject({ code: 'ETLS', message: 'localhost refused to start TLS (POP3: -ERR [SYS/TEMP] TLS is broken today).' });
    expect(server.transcript).toEqual(['CAPA', 'STLS']);
  });

  it('bytes injected right after "+OK Begin TLS" are discarded, never read as replies', async () => {
    const server = await servers.start({
      tls: leafTls('starttls'),
      overrides: {
        STLS(s) {
          s.write('+OK Begin TLS\r\n+OK injected CAPA\r\nTOP\r\n.\r\n+OK injected login\r\n');
          s.upgradeTls();
        },
      },
    });
    const lines: string[] = [];
    const client = await connect(opts(server, 'starttls', { ca: certs.ca, transcript: (l) => lines.push(`${l.dir}: ${l.text}`) }));
    expect(lines).toContain('I: (47 bytes received before the TLS handshake discarded)');
    expect(lines.filter((l) => l.includes('injected'))).toEqual([]);
    expect(client.capabilities.raw).toContain('UIDL'); // the real CAPA, asked under TLS
    await client.login(ALICE);
    expect(server.transcript).toEqual(['CAPA', 'STLS', 'CAPA', 'USER alice', 'PASS secret', 'CAPA']);
  });

  it('an STLS server with an untrusted certificate is ECERT and gets no USER', async () => {
    const server = await servers.start({ tls: selfTls('starttls') });
    const error = await rejection(connect(opts(server, 'starttls')));
    expect(error.code).toBe('ECERT');
    expect(server.transcript).toEqual(['CAPA', 'STLS']);
  });
});

describe('plaintext', () => {
  it('refuses to send a password unencrypted unless the account allows it', async () => {
    const server = await servers.start({});
    const client = await connect(opts(server, 'none'));
    const error = await rejection(client.login(ALICE));
    expect(error).toMatchObject({ code: 'ETLS', message: 'Heron refused to send your password unencrypted to localhost: the connection has no TLS.' });
    expect(server.transcript).toEqual(['CAPA']);
    for (const method of ['plain', 'login', 'xoauth2'] as const) {
      const c = await connect(opts(server, 'none'));
      await expect(c.login({ method, username: 'alice', password: 'secret', token: 't' })).rejects.toMatchObject({ code: 'ETLS' });
    }
    expect(server.transcript.filter((l) => l !== 'CAPA')).toEqual([]);
    const allowed = await connect(opts(server, 'none'));
    await allowed.login({ ...ALICE, allowPlaintextPassword: true });
  });

  it('a -ERR greeting is ECONNECTION quoting the server, and the client sends nothing', async () => {
    const server = await servers.start({ greeting: '-ERR [SYS/TEMP] Too many connections' });
    const error = await rejection(connect(opts(server, 'none')));
    expect(error).toMatchObject({ code: 'ECONNECTION', retryable: true, message: 'localhost refused the connection (POP3: -ERR [SYS/TEMP] Too many connections).' });
    expect(server.transcript).toEqual([]);
  });

  it('a 200,000-character greeting is EPROTOCOL (line cap) and the client sends nothing', async () => {
    const huge = `+OK ${'x'.repeat(200_000)}`;
    const server = await servers.start({ overrides: { GREETING: (s) => s.reply(huge) } });
    const error = await rejection(connect(opts(server, 'none')));
    expect(error).toMatchObject({ code: 'EPROTOCOL', message: 'The server sent a line longer than 65536 bytes without ending it.' });
    expect(server.transcript).toEqual([]);
    // With a larger cap it is accepted, and the transcript keeps only the start of it.
    const lines: string[] = [];
    const client = await connect(opts(server, 'none', { maxLineBytes: 256 * 1024, transcript: (l) => (l.dir === 'S' ? lines.push(l.text) : 0) }));
    expect(client.greeting).toBe(huge);
    expect(lines[0]).toMatch(/^\+OK x{508}… \(200004 characters\)$/);
  });

  it('connection refused is ECONNECTION (retryable)', async () => {
    const server = await servers.start({});
    const port = server.port;
    await server.close();
    const error = await rejection(Pop3Client.connect({ host: '127.0.0.1', port, security: 'none' }));
    expect(error).toMatchObject({ code: 'ECONNECTION', retryable: true, message: `Heron could not connect to 127.0.0.1:${port}: the connection was refused.` });
  });
});
