import { readStoredText } from '../../../shared/model/stored-text';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FetchDone } from '../../../shared/ipc/calls/fetch';
import type { MainEmit } from '../../../shared/ipc/contract';
import { fakeServers } from '../../core/pop3/testing/helpers';
import type { FakePop3 } from '../../core/pop3/testing/fake-server';
import { account, DELETE } from '../../core/fetch/testing/session-support';
import { StoreLink } from '../store/link';
import { answeringPort } from '../store/testing/answering-port';
import { bundleFetchWorker } from './testing/worker-bundle';
import type { SecretReader } from './service';
import { createFetchDeps } from './wire';

/**
 * The fetch service with real worker threads (the same bundle the app ships), its store a port
 * that answers as a store would (or never does): what the service itself decides — one fetch per
 * account, a store that never answers, no password. The fault matrix, with the store worker's real
 * commit, is in e2e/fetch-matrix/.
 */
let worker: Awaited<ReturnType<typeof bundleFetchWorker>>;
let workerPath = '';
beforeAll(async () => {
  worker = await bundleFetchWorker();
  workerPath = worker.path;
}, 60_000);
afterAll(() => worker.dispose());

const servers = fakeServers();
afterEach(() => servers.closeAll());

const MAILBOX = [1, 2, 3, 4, 5].map((n) => Buffer.from(`From: s${n}@example.com\r\nSubject: M${n}\r\nMessage-ID: <m${n}@x>\r\n\r\nBody ${n}\r\n.\r\n`));
type Store = 'commit' | 'never-answer';

/** The service over a store link whose port commits every batch (or never answers). */
function harness(server: FakePop3, store: Store, commitTimeoutMs = 10_000, secrets: SecretReader = { get: async () => 'secret', renew: async () => null }) {
  const events: string[] = [];
  let onDone: (done: FetchDone) => void = () => {};
  const done = new Promise<FetchDone>((resolve) => (onDone = resolve));
  const emit = ((name: string, payload: unknown) => {
    events.push(name);
    if (name === 'fetchDone') onDone(payload as FetchDone);
  }) as MainEmit;
  const link = new StoreLink({ commitTimeoutMs });
  const port = answeringPort({ commits: store === 'commit' ? 'answer' : 'never' });
  link.attach(port);
  const deps = createFetchDeps({
    emit,
    secrets,
    store: link,
    workerPath,
    connect: { timeouts: { connectMs: 2000, greetingMs: 2000, commandMs: 2000, idleMs: 2000 } },
  });
  return { deps, events, done, port, account: account(server, DELETE) };
}

describe('fetch service with a real worker', () => {
  it('refuses a second fetch of the same account while one runs (EBUSY)', async () => {
    const server = await servers.start({ messages: MAILBOX });
    const h = harness(server, 'commit');
    await h.deps.service.start(h.account);
    await expect(h.deps.service.start(h.account)).rejects.toMatchObject({ code: 'EBUSY' });
    await h.done;
    // Planned from the store's POP state; its end sent to the store after its batches.
    expect(h.port.sent.map((m) => (m.type === 'request' ? m.request.kind : m.type))).toEqual(['plan', 'commit', 'done']);
  });

  it('a store that never answers: the batch times out, the socket is dropped, nothing is deleted', async () => {
    const server = await servers.start({ messages: MAILBOX });
    const h = harness(server, 'never-answer', 300);
    await h.deps.service.start(h.account);
    const done = await h.done;
    expect(done.error?.code).toBe('ETIMEDOUT');
    expect(done.error?.message).toMatch(/0 messages stored, nothing deleted from the server/);
    expect(server.transcript).not.toContain('QUIT');
    expect(server.mailbox()).toHaveLength(5);
  });

  it('no stored password: fetching and "download the whole message" both answer ENOSECRET before any connection', async () => {
    const server = await servers.start({ messages: MAILBOX });
    const deps = createFetchDeps({ emit: (() => {}) as MainEmit, secrets: { get: async () => null, renew: async () => null }, store: new StoreLink(), workerPath });
    const acc = account(server, DELETE);
    await expect(deps.service.start(acc)).rejects.toMatchObject({
      code: 'ENOSECRET',
      message: 'Heron needs the password for alice@example.com to get mail.',
      detail: { accountId: 'acc1', slot: 'incoming' },
    });
    await expect(deps.fetchWhole({ account: acc, uidl: 'uid-1', localId: 'l1' })).rejects.toMatchObject({
      code: 'ENOSECRET',
      message: 'Heron needs the password for alice@example.com to download the message.',
    });
    expect(server.sessions).toEqual([]);
  });

  it('a refused access token is renewed once and the fetch tries once more under the same id; a second refusal is the answer', async () => {
    const server = await servers.start({ messages: MAILBOX, users: { alice: { token: 'at-fresh' } } });
    const run = async (renewed: string) => {
      const renewals: string[] = [];
      const h = harness(server, 'commit', 10_000, { get: async () => 'at-stale', renew: async (_id, _server, refused) => (renewals.push(refused), renewed) });
      const acc = { ...h.account, incoming: { ...h.account.incoming, auth: 'xoauth2' as const } };
      const { fetchId } = await h.deps.service.start(acc);
      const done = await h.done;
      return { fetchId, renewals, events: h.events, done, sent: h.port.sent.map((m) => (m.type === 'request' ? m.request.kind : m.type)) };
    };
    const good = await run('at-fresh');
    expect(good.renewals).toEqual(['at-stale']);
    expect(good.done.error).toBeNull();
    expect(good.done.summary?.downloaded).toBe(5);
    expect(good.done.fetchId).toBe(good.fetchId);
    expect(good.events.filter((name) => name === 'fetchDone')).toHaveLength(1);
    // Planned once, its end told to the store once: the second try is the same fetch.
    expect(good.sent).toEqual(['plan', 'commit', 'done']);
    const sessionsBefore = server.sessions.length;
    const bad = await run('at-also-refused');
    expect(bad.renewals).toEqual(['at-stale']);
    expect(bad.done.error?.code).toBe('EAUTH');
    expect(bad.sent).toEqual(['plan', 'done']);
    expect(server.sessions.length - sessionsBefore).toBe(2);
  });

  it('reads an attached message off the main thread, with the parser the fetch uses', async () => {
    const server = await servers.start({ messages: [] });
    const h = harness(server, 'commit');
    const raw = new Uint8Array(Buffer.from('From: a@example.com\r\nSubject: Hi\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello there\r\n'));
    const attached = await h.deps.parseAttached(raw);
    // The text is those bytes as they are: the answer says where, and the window reads it from the bytes it sent.
    expect(attached.content.body.text).toEqual({ start: raw.byteLength - 'Hello there\r\n'.length, end: raw.byteLength });
    expect([attached.headers.subject, readStoredText(raw, attached.content.body.text)?.trim(), attached.content.snippet]).toEqual(['Hi', 'Hello there', 'Hello there']);
  });
});
