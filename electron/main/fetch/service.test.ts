import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FetchBatch, FetchDone } from '../../../shared/ipc/calls/fetch';
import type { MainEmit } from '../../../shared/ipc/contract';
import { fakeServers } from '../../core/pop3/testing/helpers';
import type { FakePop3 } from '../../core/pop3/testing/fake-server';
import { account, DELETE } from '../../core/fetch/testing/session-support';
import { bundleFetchWorker } from './testing/worker-bundle';
import { createFetchDeps } from './wire';

/**
 * The fetch service with real worker threads (the same bundle the app ships), talking to a fake
 * renderer through `emit` and `ack`: what the service itself decides — one fetch per account, a
 * window that never answers, no password. The fault matrix, with the renderer's real commit, is
 * in e2e/fetch-matrix/.
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
type Renderer = 'commit' | 'never-answer';

/** A fake renderer: acknowledges batches (or never does) through the service. */
function harness(server: FakePop3, renderer: Renderer, ackTimeoutMs = 10_000) {
  const events: string[] = [];
  let onDone: (done: FetchDone) => void = () => {};
  const done = new Promise<FetchDone>((resolve) => (onDone = resolve));
  // eslint-disable-next-line prefer-const -- assigned after emit is defined, which it closes over
  let deps: ReturnType<typeof createFetchDeps>;
  const emit = ((name: string, payload: unknown) => {
    events.push(name);
    if (name === 'fetchBatch') {
      const batch = payload as FetchBatch;
      if (renderer === 'never-answer') return;
      deps.service.ack(batch.fetchId, batch.batchId, { committed: true });
    }
    if (name === 'fetchDone') onDone(payload as FetchDone);
  }) as MainEmit;
  deps = createFetchDeps({
    emit,
    secrets: { get: async () => 'secret', renew: async () => null },
    workerPath,
    ackTimeoutMs,
    connect: { timeouts: { connectMs: 2000, greetingMs: 2000, commandMs: 2000, idleMs: 2000 } },
  });
  return { deps, events, done, account: account(server, DELETE) };
}

describe('fetch service with a real worker', () => {
  it('refuses a second fetch of the same account while one runs (EBUSY)', async () => {
    const server = await servers.start({ messages: MAILBOX });
    const h = harness(server, 'commit');
    await h.deps.service.start(h.account, []);
    await expect(h.deps.service.start(h.account, [])).rejects.toMatchObject({ code: 'EBUSY' });
    await h.done;
  });

  it('a renderer that never answers: the batch times out, the socket is dropped, nothing is deleted', async () => {
    const server = await servers.start({ messages: MAILBOX });
    const h = harness(server, 'never-answer', 300);
    await h.deps.service.start(h.account, []);
    const done = await h.done;
    expect(done.error?.code).toBe('ETIMEDOUT');
    expect(done.error?.message).toMatch(/0 messages stored, nothing deleted from the server/);
    expect(server.transcript).not.toContain('QUIT');
    expect(server.mailbox()).toHaveLength(5);
  });

  it('no stored password: fetching and "download the whole message" both answer ENOSECRET before any connection', async () => {
    const server = await servers.start({ messages: MAILBOX });
    const deps = createFetchDeps({ emit: (() => {}) as MainEmit, secrets: { get: async () => null, renew: async () => null }, workerPath });
    const acc = account(server, DELETE);
    await expect(deps.service.start(acc, [])).rejects.toMatchObject({
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
      const events: Array<[string, string]> = [];
      let onDone: (done: FetchDone) => void = () => {};
      const done = new Promise<FetchDone>((resolve) => (onDone = resolve));
      // eslint-disable-next-line prefer-const -- assigned after emit is defined, which it closes over
      let deps: ReturnType<typeof createFetchDeps>;
      const emit = ((name: string, payload: { fetchId: string; batchId?: number }) => {
        events.push([name, payload.fetchId]);
        if (name === 'fetchBatch') deps.service.ack(payload.fetchId, payload.batchId ?? 0, { committed: true });
        if (name === 'fetchDone') onDone(payload as unknown as FetchDone);
      }) as unknown as MainEmit;
      deps = createFetchDeps({
        emit,
        secrets: { get: async () => 'at-stale', renew: async (_id, _server, refused) => (renewals.push(refused), renewed) },
        workerPath,
        connect: { timeouts: { connectMs: 2000, greetingMs: 2000, commandMs: 2000, idleMs: 2000 } },
      });
      const acc = { ...account(server, DELETE), incoming: { ...account(server, DELETE).incoming, auth: 'xoauth2' as const } };
      const { fetchId } = await deps.service.start(acc, []);
      return { fetchId, renewals, events, done: await done };
    };
    const good = await run('at-fresh');
    expect(good.renewals).toEqual(['at-stale']);
    expect(good.done.error).toBeNull();
    expect(good.done.summary?.downloaded).toBe(5);
    expect(good.events.filter(([name]) => name === 'fetchDone')).toEqual([['fetchDone', good.fetchId]]);
    expect(new Set(good.events.map(([, id]) => id))).toEqual(new Set([good.fetchId]));
    const sessionsBefore = server.sessions.length;
    const bad = await run('at-also-refused');
    expect(bad.renewals).toEqual(['at-stale']);
    expect(bad.done.error?.code).toBe('EAUTH');
    expect(server.sessions.length - sessionsBefore).toBe(2);
  });

  it('parses stored bytes off the main thread, in order, leaving out what cannot be parsed', async () => {
    const server = await servers.start({ messages: [] });
    const h = harness(server, 'commit');
    const raw = (text: string) => new Uint8Array(Buffer.from(`From: a@example.com\r\nSubject: Hi\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`));
    const bodies = await h.deps.parseStored([
      { id: 'local-1', raw: raw('Hello there') },
      { id: 'local-2', raw: raw('Second') },
    ]);
    expect(bodies.map((b) => [b.id, b.body.text?.trim(), b.snippet])).toEqual([
      ['local-1', 'Hello there', 'Hello there'],
      ['local-2', 'Second', 'Second'],
    ]);
  });
});
