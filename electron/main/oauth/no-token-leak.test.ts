/**
 * "No token ever reaches the window or a log." Main built the way the app builds it, an account
 * signed in through the real sign-in service (the in-repo authorization server, a scripted
 * browser), and mail servers that refuse every bearer token and throw it back in their refusal —
 * so each login is refused, renewed once, refused again, echoed twice. Fetching, downloading a
 * whole message, sending, both connection tests and the sign-in calls answer, emit and log no
 * code, access token or refresh token the provider issued, in any encoding a login puts it in.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallName } from '../../../shared/ipc/contract';
import type { IncomingServer, OutgoingServer } from '../../../shared/model/account';
import { containsSecret } from '../../core/log/scrub';
import { startAuthorizationServer, type AuthorizationServer } from '../../core/oauth/testing/authorization-server';
import { playBrowser } from '../../core/oauth/testing/browser';
import { fakeServers } from '../../core/pop3/testing/helpers';
import { startScriptedServer, type ScriptedServer } from '../../core/smtp/test-support';
import { testCerts } from '../../core/tls/testing/certs';
import { dispatchCall } from '../dispatch';
import { bundleFetchWorker } from '../fetch/testing/worker-bundle';
import { createHandlers } from '../handlers/index';
import { TestCipher } from '../secrets/testing/test-cipher';
import { createMainServices } from '../services';
import { answeringPort } from '../store/testing/answering-port';

const certs = testCerts();
const ACCOUNT = 'acct_oauth';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const fromB64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

let auth: AuthorizationServer;
let worker: Awaited<ReturnType<typeof bundleFetchWorker>>;
let smtp: ScriptedServer;
const pops = fakeServers();
const dirs: string[] = [];

beforeAll(async () => {
  auth = await startAuthorizationServer({ cert: certs.leaf.cert, key: certs.leaf.key, users: [{ name: 'alice', password: 'pw' }], domain: 'example.com' });
  worker = await bundleFetchWorker();
  // Refuses every XOAUTH2 login, quoting what it got: the base64 and the token inside it.
  smtp = await startScriptedServer({
    onLine: (line) => {
      const [verb = '', mech = '', initial = ''] = line.split(' ');
      if (verb.toUpperCase() === 'EHLO') return '250-localhost\r\n250-PIPELINING\r\n250 AUTH XOAUTH2';
      if (verb.toUpperCase() === 'AUTH' && mech.toUpperCase() === 'XOAUTH2') return `535 5.7.8 Token refused: ${initial} (${fromB64(initial)})`;
      return undefined;
    },
    tls: { key: '', cert: '' },
  });
}, 60_000);
afterAll(async () => {
  await pops.closeAll();
  await smtp.close();
  await auth.close();
  worker.dispose();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('OAuth2 tokens never leave main', () => {
  it('signing in, then fetching, downloading, sending and testing against servers that echo every token: no answer, event or log line carries one', { timeout: 90_000 }, async () => {
    const pop = await pops.start({
      messages: ['Subject: one\r\n\r\nfirst\r\n'],
      overrides: {
        AUTH: (s, args) => s.reply(`-ERR [AUTH] Token refused: ${args[1] ?? ''} (${fromB64(args[1] ?? '')})`),
      },
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'heron-token-leak-'));
    dirs.push(dir);
    const events: string[] = [];
    const services = createMainServices({
      userDataDir: dir,
      openExternal: async (url) => void playBrowser(url, { ca: certs.ca, login: 'alice@example.com', password: 'pw' }),
      emit: (name, payload) => events.push(`${name} ${JSON.stringify(payload)}`),
      runtime: 'harness',
      version: '0.0.0',
      secretCipher: new TestCipher(),
      fetchWorkerPath: worker.path,
      pop3Connect: { timeouts: { connectMs: 5000, greetingMs: 5000, commandMs: 5000, idleMs: 5000 } },
      testNetwork: { ca: [certs.ca], oauth: { providers: [auth.provider(['127.0.0.1'])] } },
    });
    // The window's store: every batch committed, the Outbox's bytes at hand.
    const store = answeringPort();
    services.store.attach(store);
    store.outbox.set('o1', new Uint8Array(Buffer.from('From: alice@example.com\r\nTo: bob@example.com\r\nSubject: hi\r\n\r\nhello\r\n')));
    const handlers = createHandlers(services);
    const answers: string[] = [];
    const call = async (name: CallName, input?: unknown) => {
      const result = await dispatchCall(handlers, name, input);
      answers.push(`${name} ${JSON.stringify(result)}`);
      return result;
    };
    const incoming: IncomingServer = { protocol: 'pop3', host: '127.0.0.1', port: pop.port, security: 'none', username: 'alice@example.com', auth: 'xoauth2', allowPlaintextPassword: true };
    const outgoing: OutgoingServer = { protocol: 'smtp', host: '127.0.0.1', port: smtp.port, security: 'none', username: 'alice@example.com', auth: 'xoauth2', allowPlaintextPassword: true, sameCredentialsAsIncoming: true };

    expect(await call('signIn', { accountId: ACCOUNT, address: 'alice@example.com', incoming, outgoing, persist: true })).toMatchObject({ ok: true, value: { signedIn: true, provider: 'Test Identity' } });
    const account = { id: ACCOUNT, address: 'alice@example.com', incoming, retention: { mode: 'keep', keepDays: null, deleteWhenDeletedHere: false }, headersOnlyOverBytes: null };
    expect(await call('startFetch', { account, reason: 'manual' })).toMatchObject({ ok: true });
    for (let i = 0; i < 300 && !events.some((e) => e.startsWith('fetchDone')); i += 1) await new Promise((r) => setTimeout(r, 20));
    await call('fetchWholeMessage', { account, uidl: 'uid-1', localId: 'local-1' });
    await call('testIncoming', { accountId: ACCOUNT, incoming });
    await call('sendMessages', { accountId: ACCOUNT, outgoing, items: [{ id: 'o1', envelope: { from: 'alice@example.com', to: ['bob@example.com'] } }] });
    await call('testOutgoing', { accountId: ACCOUNT, outgoing });
    await call('signInStatus', { accountId: ACCOUNT });
    await call('signInClients');
    // The window passes a server's refusal, as it got it, on to main's log.
    await call('writeLog', { level: 'warn', message: `Sending failed: ${answers.find((a) => a.startsWith('sendMessages'))?.slice(0, 1500) ?? ''}` });
    await new Promise((r) => setTimeout(r, 300));

    // Every login presented a token the provider issued, and each refused one was renewed once.
    const issued = auth.issued();
    const xoauth = [...pop.transcript, ...smtp.sessions.flatMap((s) => s.lines)].filter((l) => /^AUTH XOAUTH2 /i.test(l));
    expect(xoauth).toHaveLength(10);
    expect(xoauth.every((l) => issued.some((t) => fromB64(l.split(' ')[2] ?? '').includes(`auth=Bearer ${t}`)))).toBe(true);
    expect(auth.tokenRequests.map((r) => r.grantType)).toEqual(['authorization_code', ...Array<string>(5).fill('refresh_token')]);
    // The servers' words still reach the person, the tokens masked in them.
    expect(answers.join('\n')).toContain('Token refused:');

    const logFile = readFileSync(path.join(dir, 'logs', 'heron.log'), 'utf8');
    expect(logFile).toContain('Token refused:');
    const connectionLogs = (await services.connectionLogs.read(ACCOUNT)).map((s) => JSON.stringify(s)).join('\n');
    const wire = (t: string) => [t, b64(t), b64(`user=alice@example.com\x01auth=Bearer ${t}\x01\x01`)];
    const leaks = [...answers.map((a) => `answer ${a}`), ...events.map((e) => `event ${e}`), `log file ${logFile}`, `connection log ${connectionLogs}`].filter(
      (text) => containsSecret(text, issued) || issued.some((t) => wire(t).some((f) => text.includes(f))),
    );
    expect(leaks.map((l) => l.slice(0, 400))).toEqual([]);
  });
});
