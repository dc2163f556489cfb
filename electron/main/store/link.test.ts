import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeMailBatch } from '../../../shared/ipc/mail-batch';
import type { ToStore } from '../../../shared/ipc/store-port';
import { StoreLink, type StorePort } from './link';
import { webStorePort } from './web-port';

/** Node's MessagePort, in the shape of the web's one the link's adapter takes. */
const nodePort = (port: MessagePort): StorePort =>
  webStorePort({ postMessage: (m) => port.postMessage(m), addEventListener: (_type, listener) => port.on('message', (data: unknown) => listener({ data })), start: () => port.start(), close: () => port.close() });

/**
 * Main's end of the store port over a real MessageChannel, with this test as the window's store:
 * a commit resolves only with the store's answer, or "not committed" when there is none.
 */
const batch = encodeMailBatch([]);
const channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

/** A link attached to a channel whose far end is the test's store. */
function linked(options: ConstructorParameters<typeof StoreLink>[0] = {}) {
  const channel = new MessageChannel();
  channels.push(channel);
  const link = new StoreLink(options);
  const port = nodePort(channel.port1);
  link.attach(port);
  const received: ToStore[] = [];
  channel.port2.on('message', (m: ToStore) => received.push(m));
  const answer = (data: unknown) => channel.port2.postMessage(data);
  const next = async (): Promise<ToStore> => {
    for (let i = 0; i < 200 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    const m = received.shift();
    if (!m) throw new Error('main sent nothing');
    return m;
  };
  return { link, port, answer, next };
}

describe('the store link', () => {
  it('a commit resolves with the store\'s answer, committed or why not; a late or unknown answer changes nothing', async () => {
    const { link, answer, next } = linked();
    const ok = link.commit('a1', batch);
    const sent = (await next()) as Extract<ToStore, { type: 'commit' }>;
    expect(sent).toMatchObject({ type: 'commit', accountId: 'a1' });
    answer({ type: 'committed', commitId: 'not-this-one', committed: true });
    answer({ type: 'committed', commitId: sent.commitId, committed: true });
    expect(await ok).toEqual({ committed: true });
    const full = link.commit('a1', batch);
    const second = (await next()) as Extract<ToStore, { type: 'commit' }>;
    answer({ type: 'committed', commitId: second.commitId, committed: false, errorCode: 'EQUOTA', errorMessage: 'The disk is full.' });
    expect(await full).toEqual({ committed: false, code: 'EQUOTA', message: 'The disk is full.' });
  });

  it('a store that does not answer in time: not committed (ETIMEDOUT); its answer afterwards is ignored', async () => {
    const { link, answer, next } = linked({ commitTimeoutMs: 50 });
    const late = link.commit('a1', batch);
    const sent = (await next()) as Extract<ToStore, { type: 'commit' }>;
    expect(await late).toEqual({ committed: false, code: 'ETIMEDOUT', message: 'no answer from the window' });
    answer({ type: 'committed', commitId: sent.commitId, committed: true });
  });

  it('a window that closes or is replaced fails what waits on it at once; with no window nothing is committed', async () => {
    const { link, port } = linked();
    const pending = link.commit('a1', batch);
    port.close();
    expect(await pending).toEqual({ committed: false, code: 'ESTORAGE', message: 'the window closed' });
    expect(await link.commit('a1', batch)).toEqual({ committed: false, code: 'ESTORAGE', message: "Heron's window is closed" });
    const again = linked();
    const waiting = again.link.commit('a1', batch);
    again.link.attach(nodePort(new MessageChannel().port1));
    expect(await waiting).toEqual({ committed: false, code: 'ESTORAGE', message: 'the window was replaced' });
  });

  it('a plan waits for a window to connect, and takes only a well-formed POP state', async () => {
    const link = new StoreLink({ requestTimeoutMs: 2_000, onRejected: (why) => rejected.push(why) });
    const rejected: string[] = [];
    const plan = link.plan('a1');
    const channel = new MessageChannel();
    channels.push(channel);
    let answerWith = (requestId: string): unknown => ({ type: 'answer', requestId, ok: true, value: [{ accountId: 'a1', uidl: 'U1', localId: 'm1', downloadedAt: 5, status: 'stored', size: 3 }] });
    channel.port2.on('message', (m: ToStore) => {
      if (m.type === 'request') channel.port2.postMessage(answerWith(m.requestId));
    });
    link.attach(nodePort(channel.port1));
    expect(await plan).toEqual([{ accountId: 'a1', uidl: 'U1', localId: 'm1', downloadedAt: 5, status: 'stored', size: 3 }]);

    answerWith = (requestId) => ({ type: 'answer', requestId, ok: true, value: [{ uidl: 'U1\r\nDELE 1' }] });
    await expect(link.plan('a1')).rejects.toMatchObject({ code: 'ESTORAGE', message: "Heron's window answered with something it should not have." });
    expect(rejected).toHaveLength(1);
    answerWith = (requestId) => ({ type: 'answer', requestId, ok: false, error: { code: 'ESTORAGE', message: 'The store could not be read.', retryable: true } });
    await expect(link.plan('a1')).rejects.toMatchObject({ code: 'ESTORAGE', message: 'The store could not be read.' });
  });

  it('with no window at all, a plan gives up after its deadline, saying why', async () => {
    await expect(new StoreLink({ requestTimeoutMs: 30 }).plan('a1')).rejects.toMatchObject({ code: 'ESTORAGE', message: "Heron's window is not open, so there is nowhere to store mail." });
  });

  it('every message leaves through `outgoing` (the secret scrubber)', async () => {
    const { link, next } = linked({ outgoing: (m) => (m.type === 'done' ? { ...m, done: { ...m.done, error: { code: 'EAUTH', message: 'masked', retryable: false } } } : m) });
    link.done({ fetchId: 'f', accountId: 'a1', summary: null, error: { code: 'EAUTH', message: 'the password is hunter2', retryable: false } });
    expect(await next()).toEqual({ type: 'done', done: { fetchId: 'f', accountId: 'a1', summary: null, error: { code: 'EAUTH', message: 'masked', retryable: false } } });
  });
});
