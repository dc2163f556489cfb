import { afterEach, describe, expect, it } from 'vitest';
import { testCerts } from '../tls/testing/certs';
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { apopTimestamp } from './auth';
import { Pop3Client, openSession, type Pop3ConnectOptions, type Pop3Credentials } from './index';
import type { FakePop3, FakePop3Options } from './testing/fake-server';
import { fakeServers, rejection } from './testing/helpers';

const certs = testCerts();
const servers = fakeServers();
const clients: Pop3Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await servers.closeAll();
});

const TOKEN = 'ya29.alice-token';
const tlsServer = (extra: FakePop3Options = {}) =>
  servers.start({ tls: { mode: 'implicit', cert: certs.leaf.cert, key: certs.leaf.key }, ...extra });

async function connect(server: FakePop3, transcript?: string[], extra: Partial<Pop3ConnectOptions> = {}): Promise<Pop3Client> {
  const c = await Pop3Client.connect({
    host: 'localhost',
    port: server.port,
    security: 'tls',
    ca: certs.ca,
    ...(transcript ? { transcript: (l) => transcript.push(`${l.dir}: ${l.text}`) } : {}),
    ...extra,
  });
  clients.push(c);
  return c;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('login methods', () => {
  const cases: Array<[Pop3Credentials['method'], string[]]> = [
    ['user', ['C: USER alice', 'S: +OK', 'C: PASS ****', "S: +OK alice's maildrop has 0 messages"]],
    ['apop', ['C: APOP alice ****', "S: +OK alice's maildrop has 0 messages"]],
    ['plain', ['C: AUTH PLAIN ****', "S: +OK alice's maildrop has 0 messages"]],
    ['login', ['C: AUTH LOGIN', 'S: + VXNlcm5hbWU6', 'C: ****', 'S: + UGFzc3dvcmQ6', 'C: ****', "S: +OK alice's maildrop has 0 messages"]],
    ['cram-md5', ['C: AUTH CRAM-MD5', `S: + ${b64('<1896.697170952@fake.heron>')}`, 'C: ****', "S: +OK alice's maildrop has 0 messages"]],
    ['xoauth2', ['C: AUTH XOAUTH2 ****', "S: +OK alice's maildrop has 0 messages"]],
  ];

  for (const [method, expected] of cases) {
    it(`${method}: logs in, and the transcript holds neither the secret nor its base64`, async () => {
      const server = await tlsServer();
      const lines: string[] = [];
      const client = await connect(server, lines);
      await client.login({ method, username: 'alice', password: 'secret', token: TOKEN });
      await client.quit();
      // After the greeting and CAPA (Heron's own notes left aside: connected, TLS, capabilities).
      expect(lines.filter((l) => !l.startsWith('I: ')).slice(3, 3 + expected.length)).toEqual(expected);
      const logged = lines.join('\n');
      // Every credential-bearing word the server actually received must be absent from our log.
      const received = server.transcript
        .flatMap((l) => l.split(' '))
        .filter((w) => !['CAPA', 'USER', 'PASS', 'APOP', 'AUTH', 'PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2', 'QUIT', 'alice'].includes(w));
      expect(received.length).toBeGreaterThan(0);
      for (const secret of [...received, 'secret', b64('secret'), TOKEN, b64(TOKEN).slice(0, 12)]) {
        expect(logged).not.toContain(secret);
      }
    });
  }

  it('xoauth2 with a bad token: the error challenge is cancelled and the result is EAUTH', async () => {
    const server = await tlsServer();
    const client = await connect(server);
    const error = await rejection(client.login({ method: 'xoauth2', username: 'alice', token: 'expired' }));
    expect(error).toMatchObject({ code: 'EAUTH', message: 'localhost rejected the credentials (POP3: -ERR Authentication cancelled).' });
    expect(server.transcript.slice(-1)).toEqual(['*']);
  });

  it('a method the server does not offer is EUNSUPPORTED, with no fallback and nothing sent', async () => {
    const server = await tlsServer({ capabilities: { sasl: ['PLAIN'], user: false } });
    for (const method of ['cram-md5', 'login', 'xoauth2', 'user'] as const) {
      const client = await connect(server);
      const error = await rejection(client.login({ method, username: 'alice', password: 'secret', token: TOKEN }));
      expect(error.code).toBe('EUNSUPPORTED');
    }
    expect(server.transcript).toEqual(['CAPA', 'CAPA', 'CAPA', 'CAPA']);
  });

  it('APOP without a timestamp in the greeting is EUNSUPPORTED', async () => {
    const server = await tlsServer({ greeting: '+OK ready' });
    const client = await connect(server);
    await expect(client.login({ method: 'apop', username: 'alice', password: 'secret' })).rejects.toMatchObject({ code: 'EUNSUPPORTED' });
    expect(server.transcript).toEqual(['CAPA']);
  });
});

describe('login failures', () => {
  it('wrong password, then the server hangs up: EAUTH, not ECONNECTION', async () => {
    const server = await tlsServer({ overrides: { PASS: (s) => { s.reply('-ERR [AUTH] Invalid login'); s.close(); } } });
    const client = await connect(server);
    const error = await rejection(client.login({ method: 'user', username: 'alice', password: 'wrong' }));
    expect(error).toMatchObject({ code: 'EAUTH', retryable: false, message: 'localhost rejected the credentials (POP3: -ERR [AUTH] Invalid login).' });
    expect(error.detail).toMatchObject({ command: 'PASS', response: '-ERR [AUTH] Invalid login', responseCode: 'AUTH' });
  });

  it('a plain -ERR to PASS is EAUTH', async () => {
    const server = await tlsServer({ overrides: { PASS: (s) => s.reply('-ERR no') } });
    const client = await connect(server);
    await expect(client.login({ method: 'user', username: 'alice', password: 'x' })).rejects.toMatchObject({ code: 'EAUTH' });
  });

  const codes: Array<[string, string, boolean]> = [
    ['-ERR [IN-USE] Mailbox is locked by another POP3 session', 'ELOCKED', true],
    ['-ERR [SYS/TEMP] Temporary failure', 'ETEMPORARY', true],
    ['-ERR [LOGIN-DELAY] Wait 5 minutes', 'ETEMPORARY', true],
    ['-ERR [SYS/PERM] Mailbox is corrupt', 'EREJECTED', false],
  ];
  for (const [reply, code, retryable] of codes) {
    it(`${reply.split(' ')[1]} after AUTH PLAIN is ${code}`, async () => {
      const server = await tlsServer({ overrides: { AUTH: (s) => s.reply(reply) } });
      const client = await connect(server);
      const error = await rejection(client.login({ method: 'plain', username: 'alice', password: 'secret' }));
      expect(error).toMatchObject({ code, retryable, detail: { response: reply } });
      expect(error.message).toContain(`(POP3: ${reply})`);
    });
  }

  it('CR or LF in a user name, password or token is refused before connecting', async () => {
    const server = await tlsServer();
    const bad: Pop3Credentials[] = [
      { method: 'user', username: 'alice\r\nDELE 1', password: 'secret' },
      { method: 'user', username: 'alice', password: 'secret\nDELE 1' },
      { method: 'plain', username: 'alice', password: 'a\rb' },
      { method: 'xoauth2', username: 'alice', token: 'tok\r\nQUIT' },
      { method: 'user', username: 'alice', password: '' },
    ];
    for (const credentials of bad) {
      const error = await rejection(openSession({ host: 'localhost', port: server.port, security: 'tls', ca: certs.ca, credentials }));
      expect(error.code).toBe('EINVALID');
    }
    expect(server.sessions).toHaveLength(0);
    const client = await connect(server);
    await expect(client.login({ method: 'user', username: 'a\nb', password: 'x' })).rejects.toMatchObject({ code: 'EINVALID', detail: { field: 'user name' } });
    expect(server.transcript).toEqual(['CAPA']);
  });
});

describe('the APOP timestamp in a hostile greeting', () => {
  // `<` then a long run of `a@` with no closing `>`: a backtracking pattern tries every `@` as the
  // split and rescans the rest of the run for each, which is quadratic in the run's length.
  const hostileRun = (bytes: number) => `<${'a@'.repeat(bytes / 2)}`;

  /**
   * Runs the parser on its own thread, so that a parser which never finishes fails this test at
   * the test's deadline instead of freezing the test runner (a regular expression cannot be
   * interrupted). The function is self-contained: its source is all the thread needs.
   */
  function parseOffThread(greetings: string[]): Promise<Array<string | null>> {
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');\nconst apopTimestamp = ${apopTimestamp.toString()};\nparentPort.postMessage(workerData.map((g) => apopTimestamp(g)));`,
      { eval: true, workerData: greetings },
    );
    workers.push(worker);
    return new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  }
  const workers: Worker[] = [];
  afterEach(async () => {
    for (const w of workers.splice(0)) await w.terminate();
  });

  it('is found after a 1 MB run that has no end (one pass over the greeting)', async () => {
    const greeting = `+OK ${hostileRun(1024 * 1024)} ready <4711.1700000000@mail.example>`;
    expect(await parseOffThread([greeting, `+OK ${hostileRun(1024 * 1024)}`])).toEqual(['<4711.1700000000@mail.example>', null]);
  });

  it('is the first well-formed <…@…> of the greeting, as RFC 1939 §7 describes it', () => {
    expect(apopTimestamp('+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>')).toBe('<1896.697170952@dbc.mtview.ca.us>');
    expect(apopTimestamp('+OK <a@b> <c@d>')).toBe('<a@b>');
    expect(apopTimestamp('+OK <x@y@z>')).toBe('<x@y@z>');
    for (const none of ['+OK <a@\u00a0b>', '+OK ready', '+OK <@b>', '+OK <a@>', '+OK <ab>', '+OK <a @b>', '+OK <a<b@c', '+OK <>', '+OK a@b>']) {
      expect(apopTimestamp(none), none).toBeNull();
    }
    expect(apopTimestamp('+OK <a<b@c>')).toBe('<b@c>');
    expect(apopTimestamp('+OK <a@b<c@d>')).toBe('<c@d>');
  });

  it('a 60 KB hostile greeting (inside the line cap) still logs in with APOP', async () => {
    const stamp = '<77.1700000000@fake.heron>';
    const greeting = `+OK ${hostileRun(60 * 1024)} ${stamp}`;
    const server = await tlsServer({ greeting });
    const client = await connect(server);
    await client.login({ method: 'apop', username: 'alice', password: 'secret' });
    const digest = createHash('md5').update(`${stamp}secret`).digest('hex');
    expect(server.transcript).toEqual(['CAPA', `APOP alice ${digest}`, 'CAPA']);
  });
});
