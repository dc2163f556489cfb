import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FetchBatch, FetchedMessage } from '../../../../shared/ipc/calls/fetch';
import { ok, type Result } from '../../../../shared/ipc/result';
import type { Bridge } from '../../bridge/bridge';
import { HeronDb } from '../../data/db';
import { commitFetchBatch, markDeletedHere } from '../../data/fetch-store';
import { allPopEntries, popEntriesFor } from '../../data/pop-store';
import { messageListRepo } from '../../data/message-list-repo';
import { messagesRepo } from '../../data/messages-repo';
import { makeAccount } from '../../data/test-fixtures';
import { createFetchController, type FetchController } from './controller';
import { useFetchStatus } from './fetch-status';

type Listener = (payload: unknown) => void;

/** A bridge whose calls are recorded and whose events the test emits. */
function fakeBridge(onCall: (name: string, input: unknown) => unknown = () => undefined) {
  const listeners = new Map<string, Set<Listener>>();
  const calls: Array<{ name: string; input: unknown }> = [];
  const bridge: Pick<Bridge, 'call' | 'subscribe'> = {
    call: (async (name: string, input: unknown) => {
      calls.push({ name, input });
      const value = await onCall(name, input);
      // A test that does not answer parses gets "nothing could be parsed", as main would say it.
      return ok(value === undefined && name === 'parseStoredMessages' ? [] : value);
    }) as unknown as Bridge['call'],
    subscribe: ((name: string, l: Listener) => {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(l);
      return () => set.delete(l);
    }) as unknown as Bridge['subscribe'],
  };
  const emit = (name: string, payload: unknown) => listeners.get(name)?.forEach((l) => l(payload));
  return { bridge, calls, emit };
}

const T = 1_700_000_000_000;
const enc = new TextEncoder();

function fetched(id: string, uidl: string | null, over: Partial<FetchedMessage> = {}): FetchedMessage {
  const raw = enc.encode(`Subject: ${id}\r\nFrom: Bob <bob@example.com>\r\n\r\nbody of ${id}\r\n\u00ff`);
  return {
    id,
    uidl,
    size: raw.byteLength,
    raw,
    partial: false,
    receivedAt: T,
    headers: {
      messageId: `<${id}@x>`,
      inReplyTo: null,
      references: [],
      from: { name: 'Bob', address: 'bob@example.com' },
      to: [{ name: '', address: 'a1@example.com' }],
      cc: [],
      replyTo: [],
      subject: `Subject ${id}`,
      date: T - 1000,
      size: raw.byteLength,
      hasAttachments: false,
    },
    ...over,
  };
}

function batch(batchId: number, messages: FetchedMessage[]): FetchBatch {
  return { fetchId: 'f1', accountId: 'a1', batchId, messages };
}

let db: HeronDb;
let controller: FetchController;
let n = 0;
beforeEach(async () => {
  n += 1;
  db = new HeronDb(`heron-fetch-test-${process.pid}-${n}`);
  await db.open();
  await db.accounts.put(makeAccount('a1'));
  useFetchStatus.setState({ byAccount: {} });
});
afterEach(async () => {
  // The body parser may still be working after a test's last assertion.
  await controller?.parser.idle();
  db.close();
  await Dexie.delete(db.name);
});

function setup(onCall?: (name: string, input: unknown) => unknown) {
  const fb = fakeBridge(onCall);
  controller = createFetchController({ bridge: fb.bridge, db, status: useFetchStatus.getState(), now: () => T });
  controller.install();
  return fb;
}

describe('fetch commit path', () => {
  it('commits a batch in one transaction, byte-exact, and acknowledges only after the commit', async () => {
    let storedAtAck = -1;
    const { emit, calls } = setup(async (name) => {
      if (name === 'ackFetchBatch') storedAtAck = await db.messages.count();
    });
    const msgs = [fetched('m1', 'U1'), fetched('m2', 'U2'), fetched('m3', null)];
    emit('fetchBatch', batch(0, msgs));
    await controller.idle();
    expect(storedAtAck).toBe(3);
    expect(calls).toEqual([{ name: 'ackFetchBatch', input: { fetchId: 'f1', batchId: 0, committed: true } }]);
    const row = await db.messages.get('m1');
    expect(row).toMatchObject({ folder: 'inbox', unread: true, unreadFlag: 1, subject: 'Subject m1', date: T - 1000, partial: false, uidl: 'U1', sortFrom: 'bob' });
    // The batch's bytes in one chunk row (raw-store.ts), read back the way the reader does.
    expect((await db.rawChunks.toArray()).map((c) => c.ids)).toEqual([['m1', 'm2', 'm3']]);
    expect(new Uint8Array(await (await messagesRepo(db).getRaw('m2'))!.arrayBuffer())).toEqual(msgs[1]!.raw);
    expect((await allPopEntries(db)).sort((a, b) => a.localId.localeCompare(b.localId))).toEqual([
      { accountId: 'a1', uidl: 'U1', localId: 'm1', downloadedAt: T, status: 'stored', size: msgs[0]!.size },
      { accountId: 'a1', uidl: 'U2', localId: 'm2', downloadedAt: T, status: 'stored', size: msgs[1]!.size },
    ]);
    expect(useFetchStatus.getState().byAccount.a1?.stored).toBe(3);
  });

  it('a failing transaction stores nothing of the batch and acknowledges ESTORAGE', async () => {
    const { emit, calls } = setup();
    db.popChunks.hook('creating', (_key, row) => {
      if (row.localIds.includes('m2')) throw new Error('disk said no');
    });
    emit('fetchBatch', batch(4, [fetched('m1', 'U1'), fetched('m2', 'U2')]));
    await controller.idle();
    expect(await db.messages.count()).toBe(0);
    expect(await db.rawChunks.count()).toBe(0);
    expect(await allPopEntries(db)).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.input).toMatchObject({ fetchId: 'f1', batchId: 4, committed: false, errorCode: 'ESTORAGE' });
    expect((calls[0]!.input as { errorMessage: string }).errorMessage).toMatch(/^Heron could not save 2 messages on this computer \(.*disk said no.*\)\.$/);
  });

  it('a quota error, even nested as inner, acknowledges EQUOTA', async () => {
    const { emit, calls } = setup();
    db.messages.hook('creating', () => {
      const quota = Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
      throw Object.assign(new Error('AbortError'), { name: 'AbortError', inner: quota });
    });
    emit('fetchBatch', batch(1, [fetched('m1', 'U1')]));
    await controller.idle();
    expect(calls[0]!.input).toEqual({
      fetchId: 'f1',
      batchId: 1,
      committed: false,
      errorCode: 'EQUOTA',
      errorMessage: 'The disk is full: Heron could not save 1 message on this computer.',
    });
    expect(await db.messages.count()).toBe(0);
  });

  it('a headers-only copy is replaced by the whole message, keeping where the person filed it', async () => {
    const { emit } = setup();
    emit('fetchBatch', batch(0, [fetched('m1', 'U1', { partial: true, size: 90_000 })]));
    await controller.idle();
    expect((await popEntriesFor(db, ['m1']))[0]?.status).toBe('headers-only');
    await db.messages.update('m1', { folder: 'sent', unread: false, starred: true });
    await db.bodies.put({ messageId: 'm1', text: 'headers only', html: null, warnings: [] });
    emit('fetchBatch', batch(1, [fetched('m1', 'U1', { size: 90_000, replaces: true })]));
    await controller.idle();
    expect(await db.messages.count()).toBe(1);
    expect(await db.messages.get('m1')).toMatchObject({ partial: false, folder: 'sent', unread: false, starred: true, unreadFlag: 0 });
    expect(await db.bodies.get('m1')).toBeUndefined();
    expect(await popEntriesFor(db, ['m1'])).toEqual([expect.objectContaining({ status: 'stored', uidl: 'U1' })]);
  });

  it('after fetchDone, the parser sends the stored bytes to main and stores bodies and attachments, correcting the row', async () => {
    const content = new Uint8Array([0, 1, 2, 255]);
    const parseCalls: Array<Array<{ id: string; raw: Uint8Array }>> = [];
    const msgs = [fetched('m1', 'U1'), fetched('m2', 'U2'), fetched('m3', 'U3', { partial: true })];
    const { emit } = setup((name, input) => {
      if (name !== 'parseStoredMessages') return undefined;
      const items = (input as { items: Array<{ id: string; raw: Uint8Array }> }).items;
      parseCalls.push(items);
      return items.map(({ id }) => ({
        id,
        body: { messageId: id, text: `text ${id}`, html: null, warnings: [] },
        attachments: id === 'm1' ? [{ meta: { id: 'm1:0', messageId: 'm1', filename: 'a.bin', contentType: 'application/octet-stream', size: 4, contentId: null, inline: false }, content }] : [],
        hasAttachments: id === 'm1',
        snippet: `snip ${id}`,
      }));
    });
    emit('fetchBatch', batch(0, msgs));
    await controller.idle();
    // Committed, queued, and not parsed while the fetch runs.
    expect(await db.parseQueue.count()).toBe(1);
    await controller.parser.idle();
    expect(parseCalls).toEqual([]);

    emit('fetchDone', { fetchId: 'f1', accountId: 'a1', summary: null, error: null });
    await controller.idle();
    await controller.parser.idle();
    // One call for the batch, with exactly the stored bytes; the headers-only copy is not parsed.
    expect(parseCalls.map((c) => c.map((i) => i.id))).toEqual([['m1', 'm2']]);
    expect(parseCalls[0]![0]!.raw).toEqual(msgs[0]!.raw);
    expect(await db.messages.get('m1')).toMatchObject({ hasAttachments: true, snippet: 'snip m1' });
    expect((await db.bodies.get('m2'))?.text).toBe('text m2');
    expect(await db.bodies.get('m3')).toBeUndefined();
    expect(new Uint8Array(await (await db.attachments.get('m1:0'))!.blob!.arrayBuffer())).toEqual(content);
    expect(await db.parseQueue.count()).toBe(0);
  });

  it('several queued batches are parsed oldest first, each stored, the queue emptied', async () => {
    const order: string[][] = [];
    const { emit } = setup((name, input) => {
      if (name !== 'parseStoredMessages') return undefined;
      const ids = (input as { items: Array<{ id: string }> }).items.map((i) => i.id);
      order.push(ids);
      return ids.map((id) => ({ id, body: { messageId: id, text: id, html: null, warnings: [] }, attachments: [], hasAttachments: false, snippet: `s-${id}` }));
    });
    for (let b = 0; b < 3; b++) emit('fetchBatch', batch(b, [fetched(`m${b}a`, `U${b}a`), fetched(`m${b}b`, `U${b}b`)]));
    emit('fetchDone', { fetchId: 'f1', accountId: 'a1', summary: null, error: null });
    await controller.idle();
    await controller.parser.idle();
    expect(order).toEqual([['m0a', 'm0b'], ['m1a', 'm1b'], ['m2a', 'm2b']]);
    expect((await db.messages.toArray()).map((m) => m.snippet).sort()).toEqual(['s-m0a', 's-m0b', 's-m1a', 's-m1b', 's-m2a', 's-m2b']);
    expect(await db.parseQueue.count()).toBe(0);
  });

  it('a body for a message deleted before its parse is dropped', async () => {
    const { emit } = setup((name) =>
      name === 'parseStoredMessages'
        ? [{ id: 'm1', body: { messageId: 'm1', text: 'x', html: null, warnings: [] }, attachments: [], hasAttachments: false, snippet: 'x' }]
        : undefined,
    );
    emit('fetchBatch', batch(0, [fetched('m1', 'U1')]));
    await controller.idle();
    await messageListRepo(db).deleteForever(['m1']);
    emit('fetchDone', { fetchId: 'f1', accountId: 'a1', summary: null, error: null });
    await controller.idle();
    await controller.parser.idle();
    expect(await db.bodies.count()).toBe(0);
    expect(await db.parseQueue.count()).toBe(0);
  });

  it('fetchDone marks deleted entries, forgets gone ones, records the check, and never marks a headers-only copy deleted', async () => {
    const { emit } = setup();
    emit('fetchBatch', batch(0, [fetched('m1', 'U1'), fetched('m2', 'U2'), fetched('m3', 'U3', { partial: true }), fetched('m4', 'U4')]));
    await controller.idle();
    const error = { code: 'ELOCKED' as const, message: 'Mailbox locked', retryable: true };
    emit('fetchDone', {
      fetchId: 'f1',
      accountId: 'a1',
      summary: { serverCount: 4, downloaded: 4, deletedLocalIds: ['m1', 'm3'], goneLocalIds: ['m4'], refusedTooBig: [], newMessages: [] },
      error,
    });
    await controller.idle();
    expect((await popEntriesFor(db, ['m1']))[0]?.status).toBe('deleted-on-server');
    expect((await popEntriesFor(db, ['m2']))[0]?.status).toBe('stored');
    expect((await popEntriesFor(db, ['m3']))[0]?.status).toBe('headers-only');
    expect(await popEntriesFor(db, ['m4'])).toEqual([]);
    expect(await db.popState.get('a1')).toMatchObject({ lastCheckFinishedAt: T, lastError: { code: 'ELOCKED', message: 'Mailbox locked' } });
    expect(useFetchStatus.getState().byAccount.a1).toMatchObject({ fetchId: null, lastError: error });
  });

  it('two stored messages sharing a UIDL (a broken server): exactly the entry whose message left the server is forgotten', async () => {
    const { emit } = setup();
    emit('fetchBatch', batch(0, [fetched('m1', 'dup'), fetched('m2', 'dup')]));
    await controller.idle();
    emit('fetchDone', {
      fetchId: 'f1',
      accountId: 'a1',
      summary: { serverCount: 1, downloaded: 0, deletedLocalIds: [], goneLocalIds: ['m1', 'other-account-entry'], refusedTooBig: [], newMessages: [] },
      error: null,
    });
    await controller.idle();
    expect((await allPopEntries(db)).map((e) => [e.localId, e.uidl])).toEqual([['m2', 'dup']]);
  });

  it('a fresh message whose id is already stored aborts its batch: nothing of it is kept, ESTORAGE is acknowledged', async () => {
    const { emit, calls } = setup();
    emit('fetchBatch', batch(0, [fetched('m1', 'U1')]));
    await controller.idle();
    // Not marked as completing a headers-only copy, so it must not silently overwrite m1.
    emit('fetchBatch', batch(1, [fetched('m2', 'U2'), fetched('m1', 'U1b')]));
    await controller.idle();
    expect(calls[1]).toMatchObject({ name: 'ackFetchBatch', input: { batchId: 1, committed: false, errorCode: 'ESTORAGE' } });
    expect(await db.messages.get('m2')).toBeUndefined();
    expect((await allPopEntries(db)).map((e) => e.uidl)).toEqual(['U1']);
  });

  it('senders reach the address book once per fetch, after their mail is committed', async () => {
    const { emit } = setup();
    emit('fetchBatch', batch(0, [fetched('m1', 'U1'), fetched('m2', 'U2')]));
    emit('fetchBatch', batch(1, [fetched('m3', 'U3', { headers: { ...fetched('x', null).headers, from: { name: 'Carol', address: 'Carol@Example.com' } } })]));
    await controller.idle();
    expect(await db.contacts.count()).toBe(0);
    emit('fetchDone', { fetchId: 'f1', accountId: 'a1', summary: null, error: null });
    await controller.idle();
    const contacts = (await db.contacts.toArray()).map((c) => [c.address, c.name, c.timesReceived]).sort();
    expect(contacts).toEqual([['bob@example.com', 'Bob', 1], ['carol@example.com', 'Carol', 1]]);
  });

  it('a batch main gave up on (no acknowledgement in time) but that commits later is in the next fetch\'s plan: no duplicate download', async () => {
    let release = () => {};
    const slowAck = new Promise<void>((resolve) => (release = resolve));
    const { emit, calls } = setup((name, input) => {
      if (name === 'startFetch') return { fetchId: 'f2' };
      // The window is slow: batch 1 waits behind batch 0, and main's ack timeout ends the fetch meanwhile.
      if (name === 'ackFetchBatch' && (input as { batchId: number }).batchId === 0) return slowAck;
      return undefined;
    });
    emit('fetchBatch', batch(0, [fetched('m1', 'U1')]));
    emit('fetchBatch', batch(1, [fetched('m2', 'U2')]));
    emit('fetchDone', { fetchId: 'f1', accountId: 'a1', summary: null, error: { code: 'ETIMEDOUT', message: 'no answer from the window', retryable: true } });
    // The retry starts while batch 1 has not been committed yet.
    const started = controller.start('a1', 'timer');
    await new Promise((r) => setTimeout(r, 50));
    expect(calls.some((c) => c.name === 'startFetch')).toBe(false);
    release();
    expect((await started).ok).toBe(true);
    const start = calls.find((c) => c.name === 'startFetch')!.input as { popState: Array<{ uidl: string }> };
    expect(start.popState.map((e) => e.uidl).sort()).toEqual(['U1', 'U2']);
  });

  it('startFetch sends the account and every POP state entry from the store', async () => {
    const { emit, calls } = setup((name) => (name === 'startFetch' ? { fetchId: 'f9' } : undefined));
    emit('fetchBatch', batch(0, [fetched('m1', 'U1'), fetched('m2', 'U2')]));
    await controller.idle();
    await markDeletedHere(db, ['m2']);
    const result: Result<{ fetchId: string }> = await controller.start('a1', 'manual');
    expect(result).toEqual({ ok: true, value: { fetchId: 'f9' } });
    const start = calls.find((c) => c.name === 'startFetch')!.input as { account: unknown; popState: unknown[]; reason: string };
    expect(start.reason).toBe('manual');
    expect(start.account).toEqual({
      id: 'a1',
      address: 'a1@example.com',
      incoming: makeAccount('a1').incoming,
      retention: makeAccount('a1').retention,
      headersOnlyOverBytes: null,
    });
    expect(start.popState).toHaveLength(2);
    expect(start.popState).toContainEqual(expect.objectContaining({ localId: 'm2', status: 'deleted-here' }));
    expect(useFetchStatus.getState().byAccount.a1?.fetchId).toBe('f9');
    // One fetch per account at a time.
    expect((await controller.start('a1', 'timer')).ok).toBe(false);
  });

  it('a start main refuses (no password) records the error and frees the account; cancel asks main', async () => {
    const fb = fakeBridge();
    const ended: Array<[string, string | null]> = [];
    fb.bridge.call = (async (name: string, input: unknown) => {
      fb.calls.push({ name, input });
      if (name === 'startFetch') return { ok: false, error: { code: 'ENOSECRET', message: 'Heron needs the password for a1@example.com.', retryable: false } };
      return ok(undefined);
    }) as unknown as Bridge['call'];
    controller = createFetchController({ bridge: fb.bridge, db, status: useFetchStatus.getState(), now: () => T, onDone: (id, e) => ended.push([id, e?.code ?? null]) });
    const result = await controller.start('a1', 'timer');
    expect(result.ok).toBe(false);
    expect(useFetchStatus.getState().byAccount.a1).toMatchObject({ fetchId: null, lastError: { code: 'ENOSECRET' }, lastFinishedAt: T });
    expect(ended).toEqual([['a1', 'ENOSECRET']]);
    expect(await db.popState.get('a1')).toMatchObject({ lastCheckStartedAt: T });
    await controller.cancel('a1');
    expect(fb.calls.at(-1)).toEqual({ name: 'cancelFetch', input: { accountId: 'a1' } });
    expect((await controller.start('nope', 'manual')).ok).toBe(false);
    expect(useFetchStatus.getState().byAccount.nope?.fetchId).toBeNull();
  });

  it('batches of one fetch commit in order, each acknowledged after its own commit', async () => {
    const acked: number[] = [];
    const { emit } = setup(async (name, input) => {
      if (name === 'ackFetchBatch') acked.push((input as { batchId: number }).batchId);
    });
    for (let b = 0; b < 5; b++) emit('fetchBatch', batch(b, [fetched(`m${b}a`, `U${b}a`), fetched(`m${b}b`, `U${b}b`)]));
    await controller.idle();
    expect(acked).toEqual([0, 1, 2, 3, 4]);
    expect(await db.messages.count()).toBe(10);
    expect(await allPopEntries(db)).toHaveLength(10);
  });

  it('a parse that fails is retried later, and given up after a few attempts (the reader parses on open)', async () => {
    const fb = fakeBridge();
    let calls = 0;
    fb.bridge.call = (async (name: string) => {
      if (name === 'parseStoredMessages') {
        calls += 1;
        return { ok: false, error: { code: 'EINTERNAL', message: 'The mail worker stopped (exit code 1).', retryable: true } };
      }
      return ok(undefined);
    }) as unknown as Bridge['call'];
    controller = createFetchController({ bridge: fb.bridge, db, status: useFetchStatus.getState(), now: () => T, parseRetryDelayMs: 5 });
    controller.install();
    fb.emit('fetchBatch', batch(0, [fetched('m1', 'U1')]));
    fb.emit('fetchDone', { fetchId: 'f1', accountId: 'a1', summary: null, error: null });
    await controller.idle();
    await vi.waitFor(async () => expect(await db.parseQueue.count()).toBe(0));
    expect(calls).toBe(3);
    // The mail itself is untouched.
    expect(await db.messages.get('m1')).toMatchObject({ snippet: '' });
  });

  it('rows left unparsed by an earlier window are parsed when a controller is installed', async () => {
    await commitFetchBatch(db, batch(0, [fetched('m1', 'U1')]));
    const { calls } = setup((name) =>
      name === 'parseStoredMessages' ? [{ id: 'm1', body: { messageId: 'm1', text: 'x', html: null, warnings: [] }, attachments: [], hasAttachments: false, snippet: 'later' }] : undefined,
    );
    await controller.parser.idle();
    expect(calls.map((c) => c.name)).toEqual(['parseStoredMessages']);
    expect(await db.messages.get('m1')).toMatchObject({ snippet: 'later' });
  });
});
