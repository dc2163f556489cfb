import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TranscriptLine } from '../log/redact';
import { probeCapabilities, sendQueue, withCachedContext, type OutgoingMessage, type SmtpClientOptions, type SmtpServer } from './client';
import { makePki, startScriptedServer, type Pki, type ScriptedServer } from './test-support';

const PASSWORD = 'S3cret-pässword!';
const B64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
let pki: Pki;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  pki = await makePki();
});
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

interface Received {
  from: string;
  to: string[];
  body: Buffer;
}

async function smtpServer(options: Partial<SMTPServerOptions> & { secure?: boolean }, self = false) {
  const received: Received[] = [];
  const auths: string[] = [];
  let connections = 0;
  const server = new SMTPServer({
    key: self ? pki.selfKeyPem : pki.keyPem,
    cert: self ? pki.selfCertPem : pki.certPem,
    authMethods: ['PLAIN', 'LOGIN', 'CRAM-MD5'],
    logger: false,
    onConnect: (_s, cb) => {
      connections += 1;
      cb();
    },
    onAuth: (auth, _s, cb) => {
      auths.push(auth.method);
      const ok = auth.method === 'CRAM-MD5' ? auth.validatePassword?.(PASSWORD) : auth.password === PASSWORD;
      cb(ok ? null : Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }), ok ? { user: auth.username } : undefined);
    },
    onData: (stream, session, cb) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          body: Buffer.concat(chunks),
        });
        cb();
      });
    },
    ...options,
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, auths, connections: () => connections };
}

function opts(port: number, server: Partial<SmtpServer> = {}, extra: Partial<SmtpClientOptions> = {}) {
  const transcript: TranscriptLine[] = [];
  const options: SmtpClientOptions = {
    server: { host: '127.0.0.1', port, security: 'starttls', username: 'alice', auth: 'plain', ...server },
    secret: PASSWORD,
    ca: pki.caPem,
    transcript: (l) => transcript.push(l),
    timeouts: { connect: 3000, greeting: 3000, socket: 3000 },
    ...extra,
  };
  return { options, transcript };
}

function message(id: string, to: string[] = ['bob@example.com'], body = 'Hello\r\n.\r\n..\r\nbye\r\n'): OutgoingMessage {
  const raw = Buffer.from(`From: alice@example.com\r\nTo: ${to.join(', ')}\r\nSubject: ${id}\r\nMessage-ID: <${id}@example.com>\r\n\r\n${body}`);
  return { id, raw: new Uint8Array(raw), envelope: { from: 'alice@example.com', to } };
}

function expectNoSecret(transcript: TranscriptLine[]) {
  const text = transcript.map((l) => l.text).join('\n');
  for (const secret of [PASSWORD, B64(PASSWORD), B64(`\0alice\0${PASSWORD}`), B64('/* secret */'), 'secret']) {
    expect(text).not.toContain(secret);
  }
}

describe('sendQueue against smtp-server', () => {
  it('STARTTLS + AUTH PLAIN, three messages over one connection, the server receives exactly the raw bytes', async () => {
    const srv = await smtpServer({ size: 10_000_000 });
    const { options, transcript } = opts(srv.port);
    const msgs = [message('m1'), message('m2', ['bob@example.com', 'carol@example.com']), message('m3', ['dave@example.com'], `${'x'.repeat(990)}\r\n`)];
    const progress: string[] = [];
    const outcomes = await sendQueue(options, msgs, (o) => progress.push(`${o.id}:${o.status}`));
    expect(outcomes.map((o) => [o.id, o.status, o.attempted])).toEqual([['m1', 'sent', true], ['m2', 'sent', true], ['m3', 'sent', true]]);
    expect(progress).toEqual(['m1:sent', 'm2:sent', 'm3:sent']);
    expect(srv.connections()).toBe(1);
    expect(srv.auths).toEqual(['PLAIN']);
    expect(srv.received.map((r) => Buffer.compare(r.body, Buffer.from(msgs[srv.received.indexOf(r)]!.raw)))).toEqual([0, 0, 0]);
    expect(srv.received[1]?.to).toEqual(['bob@example.com', 'carol@example.com']);
    expect(outcomes[1]?.perRecipient).toEqual([{ address: 'bob@example.com', accepted: true }, { address: 'carol@example.com', accepted: true }]);
    const client = transcript.filter((l) => l.dir === 'C').map((l) => l.text);
    expect(client.slice(0, 4)).toEqual(['EHLO [127.0.0.1]', 'STARTTLS', 'EHLO [127.0.0.1]', 'AUTH PLAIN ****']);
    expect(client).toContain('MAIL FROM:<alice@example.com> SIZE=' + msgs[0]!.raw.byteLength);
    expect(client.at(-1)).toBe('QUIT');
    expectNoSecret(transcript);
  });

  it('implicit TLS + AUTH LOGIN: continuation lines are masked', async () => {
    const srv = await smtpServer({ secure: true });
    const { options, transcript } = opts(srv.port, { security: 'tls', auth: 'login' });
    const [outcome] = await sendQueue(options, [message('m1')]);
    expect(outcome?.status).toBe('sent');
    expect(srv.auths).toEqual(['LOGIN']);
    const client = transcript.filter((l) => l.dir === 'C').map((l) => l.text);
    expect(client.slice(0, 4)).toEqual(['EHLO [127.0.0.1]', 'AUTH LOGIN', '****', '****']);
    expectNoSecret(transcript);
  });

  it('xoauth2 logs in with AUTH XOAUTH2 (nodemailer fell back to AUTH PLAIN with the token as password)', async () => {
    const tokens: string[] = [];
    const srv = await smtpServer({
      secure: true,
      authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'],
      onAuth: (auth, _s, cb) => {
        if (auth.method === 'XOAUTH2') tokens.push(auth.accessToken ?? '');
        cb(auth.method === 'XOAUTH2' && auth.accessToken === PASSWORD ? null : new Error('Authentication credentials invalid'), { user: auth.username });
      },
    });
    const { options, transcript } = opts(srv.port, { security: 'tls', auth: 'xoauth2' });
    const [outcome] = await sendQueue(options, [message('m1')]);
    expect(outcome?.status).toBe('sent');
    expect(tokens).toEqual([PASSWORD]);
    expect(transcript.filter((l) => l.dir === 'C').map((l) => l.text).slice(0, 2)).toEqual(['EHLO [127.0.0.1]', 'AUTH XOAUTH2 ****']);
    expectNoSecret(transcript);
  });

  it('CRAM-MD5 never puts the password on the wire', async () => {
    const srv = await smtpServer({});
    const { options, transcript } = opts(srv.port, { auth: 'cram-md5' });
    const [outcome] = await sendQueue(options, [message('m1')]);
    expect(outcome?.status).toBe('sent');
    expect(srv.auths).toEqual(['CRAM-MD5']);
    expectNoSecret(transcript);
  });

  it('a wrong password fails every message with EAUTH, not attempted, quoting the server', async () => {
    const srv = await smtpServer({});
    const { options, transcript } = opts(srv.port, {}, { secret: 'wrong' });
    const outcomes = await sendQueue(options, [message('m1'), message('m2')]);
    expect(outcomes.map((o) => [o.status, o.attempted, o.error?.code])).toEqual([['failed', false, 'EAUTH'], ['failed', false, 'EAUTH']]);
    expect(outcomes[0]?.error?.message).toMatch(/^The server rejected the password for alice \(SMTP: 535 .*Authentication credentials invalid\)/);
    expect(srv.received).toHaveLength(0);
    expect(transcript.map((l) => l.text).join('\n')).not.toContain('wrong');
  });

  it('AUTH 454 is temporary', async () => {
    const srv = await smtpServer({ onAuth: (_a, _s, cb) => cb(Object.assign(new Error('Temporary authentication failure'), { responseCode: 454 })) });
    const [o] = await sendQueue(opts(srv.port).options, [message('m1')]);
    expect([o?.status, o?.error?.code, o?.error?.retryable]).toEqual(['waiting-retry', 'ETEMPORARY', true]);
  });

  it('a server that does not offer STARTTLS is an error before AUTH, never a plaintext send', async () => {
    const srv = await smtpServer({ disabledCommands: ['STARTTLS'], allowInsecureAuth: true });
    const { options, transcript } = opts(srv.port);
    const [o] = await sendQueue(options, [message('m1')]);
    expect([o?.status, o?.error?.code]).toEqual(['failed', 'ETLS']);
    expect(o?.error?.message).toContain('does not offer STARTTLS');
    expect(srv.auths).toEqual([]);
    expect(transcript.some((l) => l.dir === 'C' && /^(AUTH|MAIL)/.test(l.text))).toBe(false);
  });

  it("an untrusted certificate stops before AUTH with ECERT and the fingerprint; the account's pin accepts it", async () => {
    const srv = await smtpServer({}, true);
    const [o] = await sendQueue(opts(srv.port).options, [message('m1')]);
    expect([o?.status, o?.error?.code, o?.error?.detail?.fingerprint256]).toEqual(['failed', 'ECERT', pki.selfFingerprint]);
    expect(srv.auths).toEqual([]);
    const [pinned] = await sendQueue(opts(srv.port, { pinnedCert: pki.selfFingerprint }).options, [message('m2')]);
    expect(pinned?.status).toBe('sent');
  });

  it('one TLS secure context per trusted CA set (a new one per connection parsed every system root), and trust never crosses sets', async () => {
    const srv = await smtpServer({});
    const a = withCachedContext({ host: 'x', ca: [pki.caPem], minVersion: 'TLSv1.2' });
    expect(a.ca).toBeUndefined();
    expect(withCachedContext({ host: 'y', ca: [pki.caPem], minVersion: 'TLSv1.2' }).secureContext).toBe(a.secureContext);
    expect(withCachedContext({ host: 'x', ca: [pki.selfCertPem], minVersion: 'TLSv1.2' }).secureContext).not.toBe(a.secureContext);
    expect(withCachedContext({ host: 'x' })).toEqual({ host: 'x' });
    // The server's chain is signed by caPem: trusting only the unrelated self-signed cert must still refuse it.
    const [wrongCa] = await sendQueue(opts(srv.port, {}, { ca: pki.selfCertPem }).options, [message('m1')]);
    expect([wrongCa?.status, wrongCa?.error?.code]).toEqual(['failed', 'ECERT']);
    const [first, second] = [await sendQueue(opts(srv.port).options, [message('m2')]), await sendQueue(opts(srv.port).options, [message('m3')])];
    expect([first[0]?.status, second[0]?.status]).toEqual(['sent', 'sent']);
    expect(srv.auths).toEqual(['PLAIN', 'PLAIN']);
  });

  it('an 8-bit body is announced as BODY=8BITMIME and a 7-bit one is not (has8bit scans natively)', async () => {
    const srv = await smtpServer({});
    const { options, transcript } = opts(srv.port);
    const eight = message('m8', ['bob@example.com'], `${'a'.repeat(100_000)}\r\nGr\u00fc\u00dfe\r\n`);
    const seven = message('m7', ['bob@example.com'], `${'a'.repeat(100_000)}\r\n`);
    const outcomes = await sendQueue(options, [eight, seven]);
    expect(outcomes.map((o) => o.status)).toEqual(['sent', 'sent']);
    const mail = transcript.filter((l) => l.dir === 'C' && l.text.startsWith('MAIL FROM')).map((l) => l.text);
    expect(mail).toEqual([
      'MAIL FROM:<alice@example.com> BODY=8BITMIME',
      'MAIL FROM:<alice@example.com>',
    ]);
  });

  it("security 'none' sends the password only when the person allowed it", async () => {
    const srv = await smtpServer({ disabledCommands: ['STARTTLS'], allowInsecureAuth: true });
    const [refused] = await sendQueue(opts(srv.port, { security: 'none' }).options, [message('m1')]);
    expect([refused?.status, refused?.error?.code]).toEqual(['failed', 'ETLS']);
    expect(srv.auths).toEqual([]);
    const [allowed] = await sendQueue(opts(srv.port, { security: 'none', allowPlaintextPassword: true }).options, [message('m2')]);
    expect(allowed?.status).toBe('sent');
  });

  it('the account method or fail: EUNSUPPORTED naming what the server offers', async () => {
    const srv = await smtpServer({ authMethods: ['LOGIN'] });
    const [o] = await sendQueue(opts(srv.port, { auth: 'cram-md5' }).options, [message('m1')]);
    expect([o?.status, o?.error?.code]).toEqual(['failed', 'EUNSUPPORTED']);
    expect(o?.error?.message).toContain('it offers LOGIN');
  });

  it('one of two recipients refused (550 5.1.1): sent, with a per-recipient report', async () => {
    const srv = await smtpServer({
      onRcptTo: (addr, _s, cb) =>
        addr.address === 'nobody@example.com' ? cb(Object.assign(new Error('5.1.1 <nobody@example.com>: User unknown'), { responseCode: 550 })) : cb(),
    });
    const [o] = await sendQueue(opts(srv.port).options, [message('m1', ['bob@example.com', 'nobody@example.com'])]);
    expect(o?.status).toBe('sent');
    expect(o?.perRecipient[0]).toEqual({ address: 'bob@example.com', accepted: true });
    expect(o?.perRecipient[1]).toMatchObject({ address: 'nobody@example.com', accepted: false, temporary: false });
    expect(o?.perRecipient[1]?.reason).toMatch(/^No such mailbox: nobody@example.com \(SMTP: 550 5\.1\.1/);
    expect(srv.received[0]?.to).toEqual(['bob@example.com']);
  });

  it('one of two recipients greylisted (450): sent to the other, that one marked temporary; the same bytes to that one alone later reach only them', async () => {
    let greylisting = true;
    const srv = await smtpServer({
      onRcptTo: (addr, _s, cb) =>
        greylisting && addr.address === 'grey@example.com' ? cb(Object.assign(new Error('4.2.0 Greylisted, try again later'), { responseCode: 450 })) : cb(),
    });
    const first = message('m1', ['bob@example.com', 'grey@example.com']);
    const [o] = await sendQueue(opts(srv.port).options, [first]);
    expect(o?.status).toBe('sent');
    expect(o?.perRecipient[1]).toMatchObject({ address: 'grey@example.com', accepted: false, temporary: true });
    greylisting = false;
    // What the renderer's Outbox queues for the deferred recipient (outbox-repo.ts): the same bytes, their envelope only.
    const [later] = await sendQueue(opts(srv.port).options, [{ ...first, id: 'resend-1', envelope: { from: 'alice@example.com', to: ['grey@example.com'] } }]);
    expect(later?.status).toBe('sent');
    expect(srv.received.map((r) => r.to)).toEqual([['bob@example.com'], ['grey@example.com']]);
    expect(srv.received[1]?.body.equals(Buffer.from(first.raw))).toBe(true);
    expect(srv.received[0]?.body.equals(Buffer.from(first.raw))).toBe(true);
  });

  it('every recipient greylisted (450) → waiting-retry; MAIL 550 → failed and the next message still goes out (RSET)', async () => {
    let mails = 0;
    const srv = await smtpServer({
      onMailFrom: (_a, _s, cb) => {
        mails += 1;
        cb(mails === 2 ? Object.assign(new Error('5.7.1 Sender rejected'), { responseCode: 550 }) : null);
      },
      onRcptTo: (addr, _s, cb) =>
        addr.address === 'grey@example.com' ? cb(Object.assign(new Error('4.2.0 Greylisted'), { responseCode: 450 })) : cb(),
    });
    const { options, transcript } = opts(srv.port);
    const outcomes = await sendQueue(options, [message('m1', ['grey@example.com']), message('m2'), message('m3')]);
    expect(outcomes.map((o) => [o.status, o.error?.code ?? null])).toEqual([
      ['waiting-retry', 'ETEMPORARY'],
      ['failed', 'EREJECTED'],
      ['sent', null],
    ]);
    expect(srv.received).toHaveLength(1);
    expect(transcript.filter((l) => l.text === 'RSET')).toHaveLength(2);
  });

  it.each([
    [451, '4.3.0 Try again later', 'waiting-retry', 'ETEMPORARY'],
    [554, '5.7.1 Spam message rejected', 'failed', 'EREJECTED'],
    [552, '5.3.4 Message too big', 'failed', 'ETOOBIG'],
  ] as const)('end-of-data %i → %s', async (code, text, status, errorCode) => {
    const srv = await smtpServer({
      onData: (stream, _s, cb) => {
        stream.resume();
        stream.on('end', () => cb(Object.assign(new Error(text), { responseCode: code })));
      },
    });
    const [o] = await sendQueue(opts(srv.port).options, [message('m1')]);
    expect([o?.status, o?.error?.code, o?.attempted]).toEqual([status, errorCode, true]);
    expect(o?.error?.message).toContain(`${code} ${text}`);
  });

  it('a message over the announced SIZE is refused before MAIL FROM', async () => {
    const srv = await smtpServer({ size: 100 });
    const { options, transcript } = opts(srv.port);
    const [o] = await sendQueue(options, [message('m1', ['bob@example.com'], 'y'.repeat(500))]);
    expect([o?.status, o?.error?.code]).toEqual(['failed', 'ETOOBIG']);
    expect(transcript.some((l) => l.text.startsWith('MAIL'))).toBe(false);
    const caps = await probeCapabilities(opts(srv.port).options);
    expect(caps.capabilities.size).toBe(100);
    expect(caps.capabilities.authMethods).toEqual(['PLAIN', 'LOGIN', 'CRAM-MD5']);
    expect(caps.peer?.authorized).toBe(true);
  });

  it('server down: every message waits for a retry, none counted as attempted', async () => {
    const srv = await smtpServer({});
    const port = srv.port;
    await cleanups.pop()?.();
    const outcomes = await sendQueue(opts(port).options, [message('m1'), message('m2')]);
    expect(outcomes.map((o) => [o.status, o.attempted, o.error?.code])).toEqual([
      ['waiting-retry', false, 'ECONNECTION'],
      ['waiting-retry', false, 'ECONNECTION'],
    ]);
  });
});

describe('sendQueue against a scripted server', () => {
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  it.each([
    ['421 4.3.2 Service not available', 'waiting-retry', 'ETEMPORARY'],
    ['554 5.7.1 No SMTP service here', 'failed', 'EREJECTED'],
  ] as const)('greeting "%s" → %s', async (greeting, status, code) => {
    server = await startScriptedServer({ greeting, tls: { key: pki.keyPem, cert: pki.certPem } });
    const [o] = await sendQueue(opts(server.port).options, [message('m1')]);
    expect([o?.status, o?.error?.code]).toEqual([status, code]);
  });

  it('EHLO refused with STARTTLS required → error, no HELO fallback, nothing sent', async () => {
    server = await startScriptedServer({ onLine: (l) => (l.startsWith('EHLO') ? '550 5.5.1 go away' : undefined), tls: { key: pki.keyPem, cert: pki.certPem } });
    const [o] = await sendQueue(opts(server.port).options, [message('m1')]);
    expect(o?.status).toBe('failed');
    expect(server.sessions[0]?.lines.some((l) => l.startsWith('HELO') || l.startsWith('AUTH'))).toBe(false);
  });

  it('STARTTLS refused (454) → waiting-retry, no AUTH in plaintext', async () => {
    server = await startScriptedServer({ onLine: (l) => (l === 'STARTTLS' ? '454 4.7.0 TLS not available' : undefined), tls: { key: pki.keyPem, cert: pki.certPem } });
    const [o] = await sendQueue(opts(server.port).options, [message('m1')]);
    expect([o?.status, o?.error?.code]).toEqual(['waiting-retry', 'ETEMPORARY']);
    expect(server.sessions[0]?.lines.some((l) => l.startsWith('AUTH'))).toBe(false);
  });

  it('bytes injected after "220 Ready to start TLS" are discarded, not read as the encrypted EHLO reply', async () => {
    server = await startScriptedServer({ injectAfterStarttls: '250-INJECTED\r\n250 AUTH XINJECT\r\n', tls: { key: pki.keyPem, cert: pki.certPem } });
    const { options, transcript } = opts(server.port);
    const [o] = await sendQueue(options, [message('m1')]);
    expect(o?.status).toBe('sent');
    expect(transcript.some((l) => l.text.includes('INJECT'))).toBe(false);
    expect(server.sessions[0]?.lines.filter((l) => l.startsWith('AUTH'))).toEqual([`AUTH PLAIN ${B64(`\0alice\0${PASSWORD}`)}`]);
  });

  it('DATA answered without 354 (no reply at all) → timeout before any data: waiting-retry', async () => {
    server = await startScriptedServer({ onLine: (l) => (l === 'DATA' ? null : undefined), tls: { key: pki.keyPem, cert: pki.certPem } });
    const [o] = await sendQueue(opts(server.port, {}, { timeouts: { connect: 2000, greeting: 2000, socket: 800 } }).options, [message('m1')]);
    expect([o?.status, o?.error?.code]).toEqual(['waiting-retry', 'ETIMEDOUT']);
  });

  it('connection dropped after the final "." and before the reply → uncertain, and the rest of the queue is not tried', async () => {
    server = await startScriptedServer({ onData: () => ({ drop: true }), tls: { key: pki.keyPem, cert: pki.certPem } });
    const msgs = [message('m1'), message('m2')];
    const outcomes = await sendQueue(opts(server.port).options, msgs);
    expect(outcomes.map((o) => [o.status, o.attempted, o.error?.code])).toEqual([
      ['uncertain', true, 'EUNCERTAIN'],
      ['waiting-retry', false, 'ECONNECTION'],
    ]);
    expect(outcomes[0]?.error?.message).toContain('may have been sent');
    expect(Buffer.compare(server.sessions[0]!.bodies[0]!, Buffer.from(msgs[0]!.raw))).toBe(0);
  });

  it('connection dropped while the data is still going out (no final ".") → waiting-retry, not uncertain', async () => {
    server = await startScriptedServer({ dropDuringData: true, tls: { key: pki.keyPem, cert: pki.certPem } });
    const big = message('m1', ['bob@example.com'], `${'z'.repeat(76)}\r\n`.repeat(120_000));
    const [o] = await sendQueue(opts(server.port).options, [big]);
    expect([o?.status, o?.attempted, o?.error?.code]).toEqual(['waiting-retry', true, 'ECONNECTION']);
  });
});
