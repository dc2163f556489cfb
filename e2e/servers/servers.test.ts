/**
 * Smoke tests of the harness itself: the real servers start, speak their protocols on loopback with
 * the generated PKI, share users and Maildirs, and leave no process behind.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import tls from 'node:tls';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postfixAvailable, processesMatching, readGreeting, startMailServers, type MailServers } from './index';
import { hasIpv6Loopback } from './support';

const SIZE_LIMIT = 2_000_000;

/** Sends `script` in one write and returns everything the server says until it closes. */
function converse(socket: net.Socket, script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(text));
    const timer = setTimeout(() => socket.destroy(new Error(`no close after 10 s; got ${JSON.stringify(text)}`)), 10_000);
    socket.on('close', () => clearTimeout(timer));
    socket.write(script);
  });
}

function tlsConnect(port: number, ca: string | undefined, host = '127.0.0.1'): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host, port, ...(ca === undefined ? {} : { ca }), servername: 'localhost' }, () => resolve(socket));
    socket.once('error', reject);
  });
}

function smtp(servers: MailServers, port: number, secure: boolean): SMTPConnection {
  return new SMTPConnection({
    host: '127.0.0.1', port, secure, requireTLS: !secure, tls: { ca: servers.postfix.ca, servername: 'localhost' },
    connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 10_000,
  });
}

const call = <T>(fn: (done: (error: Error | null, value?: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => fn((error, value) => (error ? reject(error) : resolve(value as T))));

describe.skipIf(!postfixAvailable.available)(postfixAvailable.title('real Dovecot and Postfix on loopback'), () => {
  let servers: MailServers;
  beforeAll(async () => {
    servers = await startMailServers({ users: [{ name: 'alice', password: 'alice-pw' }, { name: 'bob', password: 'bob-pw' }], messageSizeLimit: SIZE_LIMIT });
  });
  afterAll(async () => {
    await servers?.stop();
  });

  it('the generated leaf is signed by the CA, names localhost/127.0.0.1/::1, and its fingerprint is reported', () => {
    const { pki } = servers.dovecot;
    const leaf = new X509Certificate(pki.leaf.certPem);
    const ca = new X509Certificate(pki.caPem);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(pki.leaf.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const self = new X509Certificate(pki.selfSigned.certPem);
    expect(self.verify(ca.publicKey)).toBe(false);
    expect(pki.selfSigned.fingerprint256).not.toBe(pki.leaf.fingerprint256);
  });

  it('Dovecot greets on POP3 and on POP3S (verified against the CA, serving the generated leaf)', async () => {
    const { dovecot } = servers;
    expect(await readGreeting(dovecot.pop3Port)).toBe('+OK Dovecot (Debian) ready.');
    expect(await readGreeting(dovecot.pop3sPort, { tls: { ca: dovecot.ca } })).toBe('+OK Dovecot (Debian) ready.');
    const socket = await tlsConnect(dovecot.pop3sPort, dovecot.ca);
    expect(socket.authorized).toBe(true);
    expect(socket.getPeerCertificate().fingerprint256).toBe(dovecot.pki.leaf.fingerprint256);
    socket.destroy();
    if (await hasIpv6Loopback()) expect(await readGreeting(dovecot.pop3Port, { host: '::1' })).toBe('+OK Dovecot (Debian) ready.');
  });

  it('POP3S with only the system roots fails verification (the test CA is unknown)', async () => {
    await expect(tlsConnect(servers.dovecot.pop3sPort, undefined)).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  it('a seeded message is served byte-exactly (LF stored, CRLF and dot-stuffing on the wire), and UIDL/LIST agree', async () => {
    const { dovecot } = servers;
    const message = Buffer.from('From: a@example.com\nSubject: seeded\n\nline one\n.leading dot\n');
    const [name] = await dovecot.seed('bob', [message]);
    expect(name).toMatch(/,S=59$/);
    const socket = await tlsConnect(dovecot.pop3sPort, dovecot.ca);
    const transcript = await converse(socket, 'USER bob\r\nPASS bob-pw\r\nSTAT\r\nRETR 1\r\nQUIT\r\n');
    const wire = 'From: a@example.com\r\nSubject: seeded\r\n\r\nline one\r\n..leading dot\r\n';
    expect(transcript).toBe(
      `+OK Dovecot (Debian) ready.\r\n+OK\r\n+OK Logged in.\r\n+OK 1 64\r\n+OK 64 octets\r\n${wire}.\r\n+OK Logging out.\r\n`,
    );
    await dovecot.clearMaildir('bob');
    expect(await dovecot.listMaildir('bob')).toEqual([]);
  });

  it('a wrong password gets Dovecot\'s [AUTH] refusal, and repeated failures are not penalised (auth penalty off)', async () => {
    const { dovecot } = servers;
    const started = Date.now();
    // With the penalty on, these would wait 2 + 4 + 8 s before the good login answers.
    for (let i = 0; i < 3; i += 1) {
      const bad = await converse(await tlsConnect(dovecot.pop3sPort, dovecot.ca), 'USER alice\r\nPASS wrong\r\nQUIT\r\n');
      expect(bad).toBe('+OK Dovecot (Debian) ready.\r\n+OK\r\n-ERR [AUTH] Authentication failed.\r\n+OK Logging out\r\n');
    }
    const good = await converse(await tlsConnect(dovecot.pop3sPort, dovecot.ca), 'USER alice\r\nPASS alice-pw\r\nQUIT\r\n');
    expect(good).toBe('+OK Dovecot (Debian) ready.\r\n+OK\r\n+OK Logged in.\r\n+OK Logging out.\r\n');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('setPassword() changes a password on the server: the old one is refused at the next login, the new one accepted', async () => {
    const { dovecot } = servers;
    const login = async (password: string) => converse(await tlsConnect(dovecot.pop3sPort, dovecot.ca), `USER bob\r\nPASS ${password}\r\nQUIT\r\n`);
    expect(await login('bob-pw')).toContain('+OK Logged in.');
    await dovecot.setPassword('bob', 'bob-new-pw');
    expect(await login('bob-pw')).toContain('-ERR [AUTH] Authentication failed.');
    expect(await login('bob-new-pw')).toContain('+OK Logged in.');
    await dovecot.setPassword('bob', 'bob-pw');
    expect(await login('bob-pw')).toContain('+OK Logged in.');
  });

  it('from 127.0.0.2 (not "secure" to Dovecot) USER/PASS and AUTH PLAIN are refused in clear, and CAPA hides them', async () => {
    const socket = net.connect({ host: '127.0.0.1', port: servers.dovecot.pop3Port, localAddress: '127.0.0.2' });
    const transcript = await converse(socket, 'CAPA\r\nUSER alice\r\nPASS alice-pw\r\nAUTH PLAIN AGFsaWNlAGFsaWNlLXB3\r\nQUIT\r\n');
    expect(transcript).toBe(
      '+OK Dovecot (Debian) ready.\r\n+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\nSTLS\r\nSASL CRAM-MD5\r\n.\r\n' +
        '-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.\r\n'.repeat(2) +
        '-ERR [AUTH] Plaintext authentication disabled.\r\n+OK Logging out\r\n',
    );
  });

  it('Postfix submission: plain EHLO offers STARTTLS but no AUTH, and MAIL before STARTTLS is refused', async () => {
    const socket = net.connect({ host: '127.0.0.1', port: servers.postfix.submissionPort });
    const transcript = await converse(socket, 'EHLO client.test\r\nMAIL FROM:<alice@test.domain>\r\nQUIT\r\n');
    expect(transcript).toMatch(/^220 mail\.test\.domain ESMTP Postfix/);
    expect(transcript).toContain('250-STARTTLS\r\n');
    expect(transcript).toContain(`250-SIZE ${SIZE_LIMIT}\r\n`);
    expect(transcript).not.toMatch(/AUTH/);
    expect(transcript).toContain('530 5.7.0 Must issue a STARTTLS command first\r\n');
  });

  it('Postfix accepts a message through STARTTLS + AUTH and it lands in the recipient\'s Maildir', async () => {
    const { dovecot, postfix } = servers;
    const before = await dovecot.listMaildir('bob');
    const conn = smtp(servers, postfix.submissionPort, false);
    await call<void>((done) => conn.connect(() => done(null)));
    expect(conn.secure).toBe(true);
    await call<void>((done) => conn.login({ user: 'alice@test.domain', pass: 'alice-pw' }, (e) => done(e ?? null)));
    const body = 'From: alice@test.domain\r\nTo: bob@test.domain\r\nSubject: through postfix\r\n\r\nhello bob\r\n';
    const info = await call<SMTPConnection.SentMessageInfo>((done) =>
      conn.send({ from: 'alice@test.domain', to: ['bob@test.domain'] }, body, (e, i) => done(e ?? null, i)),
    );
    expect(info.accepted).toEqual(['bob@test.domain']);
    expect(info.response).toMatch(/^250 2\.0\.0 Ok: queued as [0-9A-F]+$/);
    conn.quit();
    await postfix.waitForEmptyQueue();
    const after = await dovecot.listMaildir('bob');
    expect(after).toHaveLength(before.length + 1);
    const delivered = after.find((e) => !before.some((b) => b.name === e.name));
    const text = await readFile(delivered?.path ?? '', 'latin1');
    expect(text).toMatch(/^Return-Path: <alice@test\.domain>\n/);
    expect(text).toContain('Subject: through postfix\n');
    expect(text.endsWith('\nhello bob\n')).toBe(true);
  });

  it('Postfix submissions (implicit TLS) authenticates with the same Dovecot users; an unknown recipient gets 550 5.1.1', async () => {
    const conn = smtp(servers, servers.postfix.submissionsPort, true);
    await call<void>((done) => conn.connect(() => done(null)));
    expect(conn.secure).toBe(true);
    await expect(call<void>((done) => conn.login({ user: 'bob', pass: 'nope' }, (e) => done(e ?? null)))).rejects.toMatchObject({
      code: 'EAUTH',
      response: expect.stringMatching(/^535 5\.7\.8 Error: authentication failed: /),
    });
    await call<void>((done) => conn.login({ user: 'bob', pass: 'bob-pw' }, (e) => done(e ?? null)));
    const error = await call<unknown>((done) =>
      conn.send({ from: 'bob@test.domain', to: ['nobody@test.domain'] }, 'Subject: x\r\n\r\nx\r\n', (e) => done(null, e)),
    );
    expect(error).toMatchObject({
      code: 'EENVELOPE',
      response: '550 5.1.1 <nobody@test.domain>: Recipient address rejected: User unknown in virtual mailbox table',
    });
    conn.close();
  });

  it('pause() takes a server down with its ports and mail kept; resume() brings it back on the same ports', async () => {
    const { dovecot, postfix } = servers;
    const refused = (port: number) =>
      new Promise<string>((resolve) => {
        const s = net.connect(port, '127.0.0.1');
        s.once('connect', () => (s.destroy(), resolve('connected')));
        s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
    const held = await dovecot.seed('bob', [Buffer.from('From: a@test.domain\r\nSubject: kept\r\n\r\nkept\r\n')]);
    await Promise.all([dovecot.pause(), postfix.pause()]);
    expect(await refused(dovecot.pop3sPort)).toBe('ECONNREFUSED');
    expect(await refused(postfix.submissionPort)).toBe('ECONNREFUSED');
    await Promise.all([dovecot.resume(), postfix.resume()]);
    expect(await readGreeting(dovecot.pop3Port)).toMatch(/^\+OK /);
    expect(await readGreeting(postfix.submissionPort)).toMatch(/^220 /);
    expect((await dovecot.listMaildir('bob')).map((e) => e.name)).toEqual(expect.arrayContaining(held));
  });

  it('stop() leaves no Dovecot or Postfix process behind', async () => {
    const { dovecot, postfix } = servers;
    expect(processesMatching(dovecot.instanceName).length).toBeGreaterThan(0);
    expect(processesMatching(postfix.stateDir).length).toBeGreaterThan(0);
    await servers.stop();
    expect(processesMatching(dovecot.instanceName)).toEqual([]);
    expect(processesMatching(dovecot.stateDir)).toEqual([]);
    expect(processesMatching(postfix.stateDir)).toEqual([]);
  });
});
