/**
 * The connection log holds no secret and no message content. Main is built the way the app builds
 * it (createMainServices + createHandlers + dispatchCall, the real fetch worker bundle); every
 * call that connects is driven against in-repo servers with real logins — POP3 USER/PASS, AUTH
 * PLAIN, AUTH LOGIN, CRAM-MD5, APOP and XOAUTH2; SMTP PLAIN, LOGIN and XOAUTH2 — and against
 * servers that echo the password back in their refusal. The log (as stored, as read, as copied)
 * and what the window was told must hold none of the passwords or tokens in any encoding.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FetchAccount, FetchDone } from '../../shared/ipc/calls/fetch';
import type { ConnectionLog } from '../../shared/ipc/calls/connection-log';
import type { CallName } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import type { IncomingServer, OutgoingServer, Pop3AuthMethod, SmtpAuthMethod } from '../../shared/model/account';
import { ConnectionLogStore } from '../core/log/log-store';
import { containsSecret } from '../core/log/scrub';
import { fakeServers } from '../core/pop3/testing/helpers';
import { startScriptedServer } from '../core/smtp/test-support';
import { testCerts } from '../core/tls/testing/certs';
import { dispatchCall } from './dispatch';
import { bundleFetchWorker } from './fetch/testing/worker-bundle';
import { createHandlers } from './handlers/index';
import { echoingPop3, echoingSmtp } from './secrets/testing/echoing-servers';
import { TestCipher } from './secrets/testing/test-cipher';
import { answeringPort } from './store/testing/answering-port';
import { createMainServices, type MainServices } from './services';

const ACCOUNT = 'acct-log';
const POP_PW = 'Pop-Canary-Pw-4e1f';
const TOKEN = 'ya29.Canary-Token-77b2';
const SMTP_PW = 'Smtp-Canary-Pw-9a0c';
const BODY = 'Body-Canary-Text-do-not-log';
const SECRETS = [POP_PW, TOKEN, SMTP_PW];
const certs = testCerts();
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

let dir = '';
let worker: Awaited<ReturnType<typeof bundleFetchWorker>>;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'heron-connlog-'));
  worker = await bundleFetchWorker();
}, 60_000);
afterAll(() => {
  worker.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const pops = fakeServers();
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await pops.closeAll();
  while (cleanups.length) await cleanups.pop()?.();
});

interface World {
  readonly services: MainServices;
  readonly userData: string;
  readonly events: string[];
  call<T>(name: CallName, input?: unknown): Promise<Result<T>>;
  /** Resolves with the next fetchDone. */
  fetched(): Promise<FetchDone>;
  /** The window's Outbox bytes, by item id (what sendMessages sends). */
  readonly outbox: Map<string, Uint8Array>;
}

function world(): World {
  const userData = mkdtempSync(path.join(dir, 'user-'));
  const events: string[] = [];
  let onDone: (done: FetchDone) => void = () => {};
  const services = createMainServices({
    userDataDir: userData,
    openExternal: async () => undefined,
    emit: (name, payload) => {
      events.push(`${name} ${JSON.stringify(payload, (_k, x: unknown) => (x instanceof Uint8Array ? Buffer.from(x).toString('latin1') : x))}`);
      if (name === 'fetchDone') onDone(payload as FetchDone);
    },
    runtime: 'harness',
    version: '0.0.0',
    secretCipher: new TestCipher(),
    fetchWorkerPath: worker.path,
    pop3Connect: { ca: [certs.ca] },
    testNetwork: { ca: [certs.ca] },
  });
  // The window's store: every batch committed.
  const store = answeringPort();
  services.store.attach(store);
  const handlers = createHandlers(services);
  cleanups.push(() => services.fetch.service.stopAll());
  return {
    services,
    outbox: store.outbox,
    userData,
    events,
    call: (name, input) => dispatchCall(handlers, name, input) as never,
    fetched: () => new Promise<FetchDone>((resolve) => (onDone = resolve)),
  };
}

const mail = (n: number) => Buffer.from(`From: bob@test.domain\r\nTo: alice@test.domain\r\nSubject: Log ${n}\r\nMessage-ID: <log${n}@test.domain>\r\n\r\n${BODY} ${n}\r\n`);

async function popServer(overrides = {}) {
  return pops.start({
    tls: { mode: 'implicit', cert: certs.leaf.cert, key: certs.leaf.key },
    users: { alice: { password: POP_PW, token: TOKEN } },
    messages: [mail(1), mail(2)],
    overrides,
  });
}

function incoming(port: number, auth: Pop3AuthMethod): IncomingServer {
  return { protocol: 'pop3', host: 'localhost', port, security: 'tls', username: 'alice', auth };
}

function outgoing(port: number, auth: SmtpAuthMethod, same = false): OutgoingServer {
  return { protocol: 'smtp', host: 'localhost', port, security: 'tls', username: 'alice', auth, ...(same ? { sameCredentialsAsIncoming: true } : {}) };
}

async function smtpServer() {
  const bodies: Buffer[] = [];
  const server = new SMTPServer({
    secure: true,
    key: certs.leaf.key,
    cert: certs.leaf.cert,
    authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'],
    logger: false,
    onAuth: (auth, _s, cb) => {
      const ok = auth.method === 'XOAUTH2' ? auth.accessToken === TOKEN : auth.password === SMTP_PW;
      cb(ok ? null : Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }), ok ? { user: auth.username } : undefined);
    },
    onData: (stream, _session, cb) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        bodies.push(Buffer.concat(chunks));
        cb();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as AddressInfo).port, bodies };
}

const endpoint = ({ host, port, security, username }: IncomingServer | OutgoingServer) => ({ host, port, security, username });

function fetchAccount(server: IncomingServer): FetchAccount {
  return { id: ACCOUNT, address: 'alice@test.domain', incoming: server, retention: { mode: 'keep', keepDays: null, deleteWhenDeletedHere: false }, headersOnlyOverBytes: null };
}

async function readLog(w: World): Promise<ConnectionLog> {
  const r = await w.call<ConnectionLog>('readConnectionLog', { accountId: ACCOUNT });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const lines = (log: ConnectionLog, purpose: string) =>
  log.sessions.filter((s) => s.purpose === purpose).flatMap((s) => s.lines.map((l) => `${l.dir}: ${l.text}`));

describe('the connection log', () => {
  it('records real POP3 and SMTP logins of every kind, fetching, downloading and sending, with no password, token or message content in it', { timeout: 60_000 }, async () => {
    const w = world();
    const pop = await popServer();

    // Connection tests with the password in the payload, each login method.
    for (const auth of ['user', 'plain', 'login', 'cram-md5', 'apop', 'xoauth2'] as const) {
      const r = await w.call<{ error: unknown }>('testIncoming', { accountId: ACCOUNT, incoming: incoming(pop.port, auth), password: auth === 'xoauth2' ? TOKEN : POP_PW });
      expect(r, auth).toMatchObject({ ok: true, value: { error: null } });
    }

    // Get mail and Download whole message, with the stored password (bound to this server).
    const server = incoming(pop.port, 'plain');
    expect(await w.call('setPassword', { accountId: ACCOUNT, slot: 'incoming', password: POP_PW, persist: true, servers: [endpoint(server)] })).toMatchObject({ ok: true });
    const done = w.fetched();
    expect(await w.call('startFetch', { account: fetchAccount(server), reason: 'manual' })).toMatchObject({ ok: true });
    expect(await done).toMatchObject({ error: null, summary: { downloaded: 2 } });
    expect(await w.call('fetchWholeMessage', { account: fetchAccount(server), uidl: 'uid-2', localId: 'local-2' })).toMatchObject({ ok: true });

    // SMTP: tests with each method, a send and the compose probe with the stored password.
    const smtp = await smtpServer();
    for (const auth of ['plain', 'login', 'xoauth2'] as const) {
      const r = await w.call('testOutgoing', { accountId: ACCOUNT, outgoing: outgoing(smtp.port, auth), password: auth === 'xoauth2' ? TOKEN : SMTP_PW });
      expect(r, auth).toMatchObject({ ok: true, value: { error: null } });
    }
    const out = outgoing(smtp.port, 'login');
    expect(await w.call('setPassword', { accountId: ACCOUNT, slot: 'outgoing', password: SMTP_PW, persist: true, servers: [endpoint(out)] })).toMatchObject({ ok: true });
    const raw = Buffer.from(`From: alice@test.domain\r\nTo: bob@test.domain\r\nSubject: Out\r\nMessage-ID: <out1@test.domain>\r\n\r\n${BODY} out\r\n`);
    w.outbox.set('o1', new Uint8Array(raw));
    const sent = await w.call('sendMessages', { accountId: ACCOUNT, outgoing: out, items: [{ id: 'o1', envelope: { from: 'alice@test.domain', to: ['bob@test.domain'] } }] });
    expect(sent).toMatchObject({ ok: true, value: { outcomes: [{ status: 'sent' }] } });
    expect(smtp.bodies.map((b) => b.toString())).toEqual([raw.toString()]);
    expect(await w.call('smtpCapabilities', { accountId: ACCOUNT, outgoing: out })).toMatchObject({ ok: true });

    const log = await readLog(w);
    expect(log.sessions.map((s) => `${s.side} ${s.purpose} ${s.error === null ? 'ok' : s.error.code}`)).toEqual([
      ...Array(6).fill('incoming test ok'),
      'incoming fetch ok',
      'incoming download ok',
      ...Array(3).fill('outgoing test ok'),
      'outgoing send ok',
      'outgoing probe ok',
    ]);
    // The logins happened and show, masked.
    const tests = lines(log, 'test');
    for (const shown of ['C: PASS ****', 'C: AUTH PLAIN ****', 'C: AUTH LOGIN', 'C: AUTH CRAM-MD5', 'C: APOP alice ****', 'C: AUTH XOAUTH2 ****']) expect(tests).toContain(shown);
    expect(tests.filter((l) => l.startsWith('I: TLS TLSv1.'))).toHaveLength(6 + 3 * 2);
    // Message content never: only how much of it moved.
    expect(lines(log, 'fetch').filter((l) => l.startsWith('I: [message data:'))).toEqual([`I: [message data: ${mail(1).length} bytes]`, `I: [message data: ${mail(2).length} bytes]`]);
    expect(lines(log, 'download')).toContain(`I: [message data: ${mail(2).length} bytes]`);
    expect(lines(log, 'send')).toContain(`I: [message data: ${raw.length} bytes]`);

    const stored = JSON.stringify(await new ConnectionLogStore(path.join(w.userData, 'connection-logs')).read(ACCOUNT));
    expect(stored).toBe(JSON.stringify(log.sessions)); // on disk, as a restarted Heron reads it
    expect(await w.call('copyConnectionLog', { accountId: ACCOUNT })).toMatchObject({ ok: true });
    const copied = w.services.clipboard.last ?? '';
    expect(copied).toContain('Connection log of Heron Mail 0.0.0');
    expect(copied).toContain('C: AUTH PLAIN ****');
    for (const text of [JSON.stringify(log), stored, copied]) {
      expect(containsSecret(text, SECRETS)).toBe(false);
      expect(text).not.toContain(BODY);
      // The SASL blobs as sent, and the user name LOGIN sends in base64 (it travels in the exchange).
      for (const blob of [b64(`\0alice\0${POP_PW}`), b64(`\0alice\0${SMTP_PW}`), b64(`user=alice\x01auth=Bearer ${TOKEN}\x01\x01`)]) expect(text).not.toContain(blob);
    }
  });

  it('servers that echo the password back (in refusals of USER/PASS, AUTH PLAIN and LOGIN, after login, at EHLO and at the end of data): the log and what the window is told hold it masked', { timeout: 60_000 }, async () => {
    const w = world();
    const plain = (port: number, auth: Pop3AuthMethod): IncomingServer => ({ protocol: 'pop3', host: '127.0.0.1', port, security: 'none', username: 'alice', auth, allowPlaintextPassword: true });
    const answers: unknown[] = [];

    // Connection tests with the password typed (not stored): each refusal echoes it.
    for (const [kind, auth] of [['refuse-pass', 'user'], ['refuse-auth-plain', 'plain'], ['refuse-auth-login', 'login']] as const) {
      const pop = await pops.start({ users: { alice: { password: POP_PW } }, overrides: echoingPop3(kind, POP_PW) });
      const r = await w.call<{ error: { code: string; message: string } | null }>('testIncoming', { accountId: ACCOUNT, incoming: plain(pop.port, auth), password: POP_PW });
      expect(r, kind).toMatchObject({ ok: true, value: { error: { code: 'EAUTH' } } });
      answers.push(r);
    }

    // Get mail with the stored password: the first message comes, the second's RETR echoes it
    // (a refused message: the Get mail goes on, and names it with the server's words, masked).
    const pop = await pops.start({ users: { alice: { password: POP_PW } }, messages: [mail(1), mail(2)], overrides: echoingPop3('accept-then-echo', POP_PW) });
    const server = plain(pop.port, 'user');
    const smtp = await startScriptedServer(echoingSmtp('refuse-auth', SMTP_PW));
    const sending = await startScriptedServer(echoingSmtp('accept-then-echo', SMTP_PW));
    cleanups.push(() => smtp.close(), () => sending.close());
    const out = (port: number, auth: SmtpAuthMethod): OutgoingServer => ({ protocol: 'smtp', host: '127.0.0.1', port, security: 'none', username: 'alice', auth, allowPlaintextPassword: true });
    await w.call('setPassword', { accountId: ACCOUNT, slot: 'incoming', password: POP_PW, persist: true, servers: [endpoint(server)] });
    await w.call('setPassword', { accountId: ACCOUNT, slot: 'outgoing', password: SMTP_PW, persist: true, servers: [endpoint(out(smtp.port, 'plain')), endpoint(out(sending.port, 'login'))] });
    const done = w.fetched();
    await w.call('startFetch', { account: fetchAccount(server), reason: 'manual' });
    expect(await done).toMatchObject({ error: null, failed: [{ uidl: 'uid-2', failure: { reason: 'refused', detail: expect.stringContaining('is locked by ****') } }] });

    // SMTP: a refused login (typed, then stored) and a message refused at the end of data.
    for (const auth of ['plain', 'login'] as const) {
      answers.push(await w.call('testOutgoing', { accountId: ACCOUNT, outgoing: out(smtp.port, auth), password: SMTP_PW }));
    }
    const raw = new Uint8Array(Buffer.from(`Subject: x\r\n\r\n${BODY}\r\n`));
    w.outbox.set('o1', raw);
    const sent = await w.call('sendMessages', { accountId: ACCOUNT, outgoing: out(sending.port, 'login'), items: [{ id: 'o1', envelope: { from: 'alice@test.domain', to: ['bob@test.domain'] } }] });
    expect(sent).toMatchObject({ ok: true, value: { outcomes: [{ status: 'failed', error: { code: 'EREJECTED' } }] } });
    answers.push(sent);

    const log = await readLog(w);
    expect(log.sessions.map((s) => `${s.side} ${s.purpose} ${s.error?.code}`)).toEqual([
      'incoming test EAUTH',
      'incoming test EAUTH',
      'incoming test EAUTH',
      'incoming fetch undefined',
      'outgoing test EAUTH',
      'outgoing test EAUTH',
      'outgoing send EREJECTED',
    ]);
    // The server's words are kept, the password in them masked.
    expect(lines(log, 'test')).toContain('S: -ERR [AUTH] Login failed: user alice, password **** (****)');
    expect(lines(log, 'send').some((l) => l.startsWith('S: 250-localhost greets you, ****'))).toBe(true);
    await w.call('copyConnectionLog', { accountId: ACCOUNT });
    for (const text of [JSON.stringify(log), w.services.clipboard.last ?? '', JSON.stringify(answers), ...w.events]) {
      expect(containsSecret(text, SECRETS)).toBe(false);
    }
    expect(w.services.clipboard.last).not.toContain(BODY);
  });

  it('clearing forgets the log, on disk too', async () => {
    const w = world();
    const pop = await popServer();
    await w.call('testIncoming', { accountId: ACCOUNT, incoming: incoming(pop.port, 'user'), password: POP_PW });
    expect((await readLog(w)).sessions).toHaveLength(1);
    expect(await w.call('clearConnectionLog', { accountId: ACCOUNT })).toEqual({ ok: true, value: undefined });
    expect((await readLog(w)).sessions).toEqual([]);
    expect(await new ConnectionLogStore(path.join(w.userData, 'connection-logs')).read(ACCOUNT)).toEqual([]);
  });

  it('a test without an account id (nothing to file it under) is not recorded anywhere', async () => {
    const w = world();
    const pop = await popServer();
    await w.call('testIncoming', { incoming: incoming(pop.port, 'user'), password: POP_PW });
    expect((await readLog(w)).sessions).toEqual([]);
  });
});
