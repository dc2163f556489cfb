/**
 * "Renderer cannot obtain a stored password through any contract call." Builds main the way the
 * app does (createMainServices + createHandlers, a real encrypted store with both passwords of an
 * account saved), then:
 * - invokes EVERY call in the contract through dispatchCall with a valid-looking payload
 *   (synthesized from the schema, so calls added later are covered without editing this file), an
 *   invalid one and a hostile one;
 * - binds the stored passwords to real (fake) servers through `setPassword`, as the app does, and
 *   drives every call that sends a stored password (startFetch, fetchWholeMessage, sendMessages,
 *   testIncoming and testOutgoing with an account id) against servers that throw the password back
 *   in their replies, in every login method that carries it;
 * and asserts that no answer, no error, no event, no message to the window's store and no log line
 * (main's log file included) carries the password in any form (plain, base64 at any alignment as in
 * AUTH PLAIN and LOGIN, hex, URL, JSON).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, mainCalls, type CallName } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import type { IncomingServer, OutgoingServer, Pop3AuthMethod, SmtpAuthMethod } from '../../shared/model/account';
import { containsSecret } from '../core/log/scrub';
import { fakeServers } from '../core/pop3/testing/helpers';
import { startScriptedServer, type ScriptedServer } from '../core/smtp/test-support';
import { dispatchCall } from './dispatch';
import { bundleFetchWorker } from './fetch/testing/worker-bundle';
import { createHandlers } from './handlers/index';
import { echoingPop3, echoingSmtp, type Pop3Echo, type SmtpEcho } from './secrets/testing/echoing-servers';
import { TestCipher } from './secrets/testing/test-cipher';
import { mapStrings, synthesizePayload } from './secrets/testing/payload-synth';
import { createMainServices } from './services';
import { answeringPort } from './store/testing/answering-port';

const ACCOUNT = 'acct_1';
const SECRETS = ['Canary-Incoming-Pw-7f1e9a', 'Canary-Outgoing-Pw-c04d2b'] as const;
/** A call that hangs is recorded, not awaited forever (discovery, for one, may take 15 s). */
const CALL_DEADLINE_MS = 20_000;
/** Events a call starts (a fetch failing in its worker) may arrive after it answered. */
const SETTLE_MS = 1_500;

type Kind = 'valid' | 'invalid' | 'hostile';

interface Outcome {
  readonly call: CallName;
  readonly kind: Kind;
  readonly payloadValid: boolean;
  readonly result: Result<unknown> | { timedOut: true };
}

const dirs: string[] = [];
const worlds: Array<{ stop: () => Promise<void> }> = [];
let worker: Awaited<ReturnType<typeof bundleFetchWorker>>;

beforeAll(async () => {
  worker = await bundleFetchWorker();
}, 60_000);
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.stop().catch(() => undefined)));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  worker.dispose();
});

/** JSON with bytes spelled out as text, so a password inside a Uint8Array is found too. */
function render(value: unknown): string {
  return JSON.stringify(value, (_key, x: unknown) =>
    x instanceof Uint8Array ? `${Buffer.from(x).toString('latin1')} ${Buffer.from(x).toString('utf8')}` : x,
  );
}

/** One main process per invocation, so a call that changes state cannot hide another's leak. */
async function world(events: string[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'heron-leak-'));
  dirs.push(dir);
  const services = createMainServices({
    userDataDir: dir,
    openExternal: async () => undefined,
    emit: (name, payload) => {
      events.push(`${name} ${render(payload)}`);
    },
    runtime: 'harness',
    version: '0.0.0',
    secretCipher: new TestCipher(),
    fetchWorkerPath: worker.path,
    pop3Connect: { timeouts: { connectMs: 5000, greetingMs: 5000, commandMs: 5000, idleMs: 5000 } },
  });
  await services.credentials.store.set(ACCOUNT, 'incoming', SECRETS[0], { persist: true });
  await services.credentials.store.set(ACCOUNT, 'outgoing', SECRETS[1], { persist: true });
  // Stop whatever the call started (fetch workers); the types expose only what handlers use.
  const fetchService = (services.fetch as unknown as { service?: { stopAll?: () => Promise<void> } }).service;
  worlds.push({ stop: async () => fetchService?.stopAll?.() });
  // The window's store: every batch committed (a fetch that goes on past a refused message waits
  // for it); what main sends it is checked like events.
  const port = answeringPort();
  services.store.attach({ ...port, postMessage: (message) => (events.push(`store ${render(message)}`), port.postMessage(message)) });
  const handlers = createHandlers(services);
  return { dir, handlers, services, outbox: port.outbox };
}

async function invoke(call: CallName, kind: Kind, events: string[]): Promise<Outcome> {
  const { dir, handlers } = await world(events);
  const synth = synthesizePayload(mainCalls[call].input, { accountId: ACCOUNT, scratchDir: dir });
  let payload: unknown = synth.value;
  if (kind === 'invalid') {
    payload = typeof synth.value === 'object' && synth.value !== null && !Array.isArray(synth.value) ? { ...synth.value, unexpected: 1 } : { unexpected: 1 };
  } else if (kind === 'hostile') {
    // The password the person is typing, with a line break: the boundary must refuse it without quoting it.
    payload = mapStrings(synth.value, () => `${SECRETS[0]}\r\n`);
  }
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<{ timedOut: true }>((resolve) => {
    timer = setTimeout(() => resolve({ timedOut: true }), CALL_DEADLINE_MS);
  });
  try {
    const result = await Promise.race([dispatchCall(handlers, call, payload), deadline]);
    return { call, kind, payloadValid: synth.valid, result };
  } finally {
    clearTimeout(timer);
  }
}

describe('no contract call gives the renderer a stored password', () => {
  it(`every call (${CALL_NAMES.length} now), with valid, invalid and hostile payloads, answers without the password`, { timeout: 90_000 }, async () => {
    const events: string[] = [];
    const kinds: Kind[] = ['valid', 'invalid', 'hostile'];
    const outcomes = await Promise.all(CALL_NAMES.flatMap((call) => kinds.map((kind) => invoke(call, kind, events))));
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

    const leaks: string[] = [];
    for (const o of outcomes) {
      const text = render(o.result);
      if (o.kind !== 'hostile' && containsSecret(text, SECRETS)) leaks.push(`${o.call} (${o.kind}): ${text.slice(0, 300)}`);
      // A hostile payload carries the password itself; the boundary's refusal must not quote it.
      // (A handler may quote back what it was sent, e.g. a bad host name; that is the renderer's own input.)
      if (o.kind === 'hostile' && 'ok' in o.result && !o.result.ok && o.result.error.message.startsWith('Invalid request to') && containsSecret(text, SECRETS)) {
        leaks.push(`${o.call} (hostile): ${text.slice(0, 300)}`);
      }
    }
    for (const e of events) if (containsSecret(e, SECRETS)) leaks.push(`event ${e.slice(0, 300)}`);
    expect(leaks).toEqual([]);

    // The test proves something only if payloads really reach the handlers.
    const valid = new Map(outcomes.filter((o) => o.kind === 'valid').map((o) => [o.call, o.payloadValid]));
    expect([...valid.entries()].filter(([, ok]) => !ok).map(([call]) => call)).toEqual([]);
    const invalid = outcomes.filter((o) => o.kind === 'invalid');
    for (const o of invalid) expect(o.result, o.call).toMatchObject({ ok: false, error: { code: 'EINVALID' } });
  });

  it('the credentials calls answered status for the stored passwords (the store under test really held them)', async () => {
    const events: string[] = [];
    const { handlers } = await world(events);
    for (const slot of ['incoming', 'outgoing'] as const) {
      expect(await dispatchCall(handlers, 'hasPassword', { accountId: ACCOUNT, slot })).toEqual({
        ok: true,
        value: { stored: true, persisted: true, readable: true },
      });
    }
    expect(events).toEqual([]);
  });
});

/** Lines written to the console or the standard streams (the fetch worker's included) until `stop`. */
function captureLogs(): { lines: string[]; stop: () => void } {
  const lines: string[] = [];
  const undo: Array<() => void> = [];
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const spy = vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(`console.${level} ${args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === 'string' ? a : render(a))).join(' ')}`);
    });
    undo.push(() => spy.mockRestore());
  }
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write;
    stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      lines.push(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
      return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof stream.write;
    undo.push(() => (stream.write = write));
  }
  return { lines, stop: () => undo.forEach((u) => u()) };
}

async function until(what: string, done: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
/** The encodings a login puts a password in, named here as well as in containsSecret's list. */
const wireForms = (pw: string) => [pw, b64(pw), b64(`\0alice\0${pw}`), b64(`alice\0alice\0${pw}`), Buffer.from(pw).toString('hex')];

describe('stored passwords sent to their servers, which throw them back', () => {
  const pops = fakeServers();
  const smtps: ScriptedServer[] = [];
  afterAll(async () => {
    await pops.closeAll();
    await Promise.all(smtps.map((s) => s.close()));
  });

  it('fetching, downloading a whole message, sending and both connection tests answer, emit and log no password', { timeout: 90_000 }, async () => {
    const [incomingPw, outgoingPw] = SECRETS;
    const answers: string[] = [];
    const events: string[] = [];
    const { dir, handlers, outbox } = await world(events);
    const call = async (name: CallName, input: unknown) => {
      const result = await dispatchCall(handlers, name, input);
      answers.push(`${name} ${render(result)}`);
      return result;
    };
    const bind = async (slot: 'incoming' | 'outgoing', password: string, server: IncomingServer | OutgoingServer) => {
      const { host, port, security, username } = server;
      expect(await call('setPassword', { accountId: ACCOUNT, slot, password, persist: true, servers: [{ host, port, security, username }] })).toMatchObject({ ok: true });
    };
    const logs = captureLogs();
    try {
      const pop3Cases: Array<[Pop3AuthMethod, Pop3Echo]> = [
        ['user', 'refuse-pass'],
        ['plain', 'refuse-auth-plain'],
        ['login', 'refuse-auth-login'],
        ['user', 'accept-then-echo'],
      ];
      for (const [auth, echo] of pop3Cases) {
        const server = await pops.start({
          messages: ['Subject: one\r\n\r\nfirst\r\n', 'Subject: two\r\n\r\nsecond\r\n'],
          users: { alice: { password: incomingPw } },
          overrides: echoingPop3(echo, incomingPw),
        });
        const incoming: IncomingServer = { protocol: 'pop3', host: server.host, port: server.port, security: 'none', username: 'alice', auth, allowPlaintextPassword: true };
        await bind('incoming', incomingPw, incoming);
        const account = { id: ACCOUNT, address: 'alice@example.com', incoming, retention: { mode: 'keep', keepDays: null, deleteWhenDeletedHere: false }, headersOnlyOverBytes: null };
        const before = events.filter((e) => e.startsWith('fetchDone')).length;
        expect(await call('startFetch', { account, reason: 'manual' })).toMatchObject({ ok: true });
        await until('fetchDone', () => events.filter((e) => e.startsWith('fetchDone')).length > before);
        await call('fetchWholeMessage', { account, uidl: 'uid-1', localId: 'local-1' });
        await call('fetchWholeMessage', { account, uidl: 'uid-2', localId: 'local-2' });
        await call('testIncoming', { accountId: ACCOUNT, incoming });
        // Each call really sent the stored password to this server (no call stopped at ENOSECRET).
        const logins = server.sessions.filter((sess) => sess.transcript.some((l) => wireForms(incomingPw).some((f) => l.includes(f))));
        expect(logins.length, `${auth}/${echo}: sessions that logged in with the stored password`).toBeGreaterThanOrEqual(4);
      }

      const smtpCases: Array<[SmtpAuthMethod, SmtpEcho, 'own' | 'incoming']> = [
        ['plain', 'refuse-auth', 'own'],
        ['login', 'refuse-auth', 'own'],
        ['plain', 'accept-then-echo', 'own'],
        ['plain', 'refuse-auth', 'incoming'],
      ];
      for (const [auth, echo, credentials] of smtpCases) {
        const password = credentials === 'own' ? outgoingPw : incomingPw;
        const smtp = await startScriptedServer(echoingSmtp(echo, password));
        smtps.push(smtp);
        const outgoing: OutgoingServer = {
          protocol: 'smtp', host: '127.0.0.1', port: smtp.port, security: 'none', username: 'alice', auth, allowPlaintextPassword: true,
          ...(credentials === 'incoming' ? { sameCredentialsAsIncoming: true } : {}),
        };
        await bind(credentials === 'own' ? 'outgoing' : 'incoming', password, outgoing);
        const raw = new Uint8Array(Buffer.from('From: alice@example.com\r\nTo: bob@example.com\r\nSubject: hi\r\n\r\nhello\r\n'));
        outbox.set('o1', raw);
        await call('sendMessages', { accountId: ACCOUNT, outgoing, items: [{ id: 'o1', envelope: { from: 'alice@example.com', to: ['bob@example.com'] } }] });
        await call('testOutgoing', { accountId: ACCOUNT, outgoing });
        const logins = smtp.sessions.filter((sess) => sess.lines.some((l) => wireForms(password).some((f) => l.includes(f))));
        expect(logins.length, `${auth}/${echo}/${credentials}: sessions that logged in with the stored password`).toBe(2);
      }
      // The window quotes a server's refusal in a warning it hands to main's log.
      await call('writeLog', { level: 'warn', message: `A server said: -ERR password ${incomingPw} (${b64(`\0alice\0${incomingPw}`)})` });
      await new Promise((resolve) => setTimeout(resolve, 300)); // the worker's last lines
    } finally {
      logs.stop();
    }
    const logFile = readFileSync(path.join(dir, 'logs', 'heron.log'), 'utf8').split('\n');
    expect(logFile).toContainEqual(expect.stringMatching(/ WARN  renderer: A server said: -ERR password \*\*\*\* \(/));

    expect(answers.filter((a) => a.includes('ENOSECRET'))).toEqual([]);
    // The server's words still reach the person, the password masked in them.
    expect(answers).toContainEqual(expect.stringContaining('(POP3: -ERR [AUTH] Login failed: user alice, password **** (****)).'));
    expect(answers).toContainEqual(expect.stringContaining('(SMTP: 535 5.7.8 Authentication failed: AGFsaWNlAE****I= (**** **** AGFsaWNlAE****I=))'));
    const leaks = [...answers.map((a) => `answer ${a}`), ...events.map((e) => `event ${e}`), ...logs.lines.map((l) => `log ${l}`), ...logFile.map((l) => `log file ${l}`)].filter(
      (text) => containsSecret(text, SECRETS) || SECRETS.some((pw) => wireForms(pw).some((f) => text.includes(f))),
    );
    expect(leaks.map((l) => l.slice(0, 400))).toEqual([]);
  });
});
