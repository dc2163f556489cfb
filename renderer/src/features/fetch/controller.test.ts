import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ok, type Result } from '../../../../shared/ipc/result';
import type { Bridge } from '../../bridge/bridge';
import { deleteForever } from '../../data/delete-forever';
import { popStateFor } from '../../data/fetch-store';
import { messagesRepo } from '../../data/messages-repo';
import { makeAccount } from '../../data/test-fixtures';
import { createFetchController } from './controller';
import { useFetchStatus } from './fetch-status';
import { batch, controllerHarness, fakeBridge, fetched, T } from './test-harness';

// The body parser's side of the same path (after fetchDone) is in body-parser.test.ts.
const h = controllerHarness();

describe('fetch commit path', () => {
  it('commits a batch in one transaction, byte-exact, and acknowledges only after the commit', async () => {
    let storedAtAck = -1;
    const { emit, calls } = h.setup(async (name) => {
      if (name === 'ackFetchBatch') storedAtAck = await h.db.messages.count();
    });
    const msgs = [fetched('m1', 'U1'), fetched('m2', 'U2'), fetched('m3', null)];
    emit('fetchBatch', batch(0, msgs));
    await h.controller.idle();
    expect(storedAtAck).toBe(3);
    expect(calls).toEqual([{ name: 'ackFetchBatch', input: { fetchId: 'f1', batchId: 0, committed: true } }]);
    const row = await h.db.messages.get('m1');
    expect(row).toMatchObject({ folder: 'inbox', unread: true, unreadFlag: 1, subject: 'Subject m1', date: T - 1000, partial: false, uidl: 'U1' });
    // No sender/subject sort keys until someone sorts that way (sort-index.ts): a fetch writes fewer index entries.
    expect(row).not.toHaveProperty('sortFrom');
    // The batch's bytes in one chunk row (raw-store.ts), read back the way the reader does.
    expect((await h.db.rawChunks.toArray()).map((c) => c.members)).toEqual([['m1', 'm2', 'm3']]);
    expect(new Uint8Array(await (await messagesRepo(h.db).getRaw('m2'))!.arrayBuffer())).toEqual(msgs[1]!.raw);
    expect((await popStateFor(h.db, 'a1')).sort((a, b) => a.localId.localeCompare(b.localId))).toEqual([
      { accountId: 'a1', uidl: 'U1', localId: 'm1', downloadedAt: T, status: 'stored', size: msgs[0]!.size },
      { accountId: 'a1', uidl: 'U2', localId: 'm2', downloadedAt: T, status: 'stored', size: msgs[1]!.size },
    ]);
    expect(useFetchStatus.getState().byAccount.a1?.stored).toBe(3);
  });

  it('a batch whose index cannot be read is not stored and is acknowledged as not committed, saying why', async () => {
    const { emit, calls } = h.setup();
    const good = batch(0, [fetched('m1', 'U1')]);
    emit('fetchBatch', { ...good, index: new Uint8Array([0x5b, 0x7b]) });
    await h.controller.idle();
    expect(await h.db.messages.count()).toBe(0);
    expect(await h.db.rawChunks.count()).toBe(0);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.input).toMatchObject({ fetchId: 'f1', batchId: 0, committed: false, errorCode: 'ESTORAGE' });
    expect((calls[0]?.input as { errorMessage: string }).errorMessage).toMatch(/^Heron could not save the fetched messages on this computer \(A fetched batch's index is malformed: /);
  });

  it('the next batch commits while the one before waits for its acknowledgement; acknowledgements go out in order', async () => {
    let release = () => {};
    const firstAcked = new Promise<void>((resolve) => (release = resolve));
    let storedWhileFirstAckPending = -1;
    const { emit, calls } = h.setup(async (name, input) => {
      if (name !== 'ackFetchBatch' || (input as { batchId: number }).batchId !== 1) return;
      // Main has not answered the first acknowledgement yet: the second batch commits meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 50));
      storedWhileFirstAckPending = await h.db.messages.count();
      release();
    });
    emit('fetchBatch', batch(1, [fetched('m1', 'U1')]));
    emit('fetchBatch', batch(2, [fetched('m2', 'U2')]));
    await firstAcked;
    await h.controller.idle();
    expect(storedWhileFirstAckPending).toBe(2);
    expect(calls.map((c) => (c.input as { batchId: number }).batchId)).toEqual([1, 2]);
  });

  it('a batch after one whose commit failed is stored and acknowledged as such, after the failure', async () => {
    const { emit, calls } = h.setup();
    h.db.popChunks.hook('creating', (_key, row) => {
      if (row.entries.some((e) => e.localId === 'm1')) throw new Error('disk said no');
    });
    emit('fetchBatch', batch(1, [fetched('m1', 'U1')]));
    emit('fetchBatch', batch(2, [fetched('m2', 'U2')]));
    await h.controller.idle();
    expect(calls.map((c) => [(c.input as { batchId: number }).batchId, (c.input as { committed: boolean }).committed])).toEqual([[1, false], [2, true]]);
    // What was acknowledged is stored with its POP state, so the next fetch neither loses nor repeats it.
    expect((await h.db.messages.toCollection().primaryKeys()).sort()).toEqual(['m2']);
    expect((await popStateFor(h.db, 'a1')).map((e) => e.uidl)).toEqual(['U2']);
  });

  it('a failing transaction stores nothing of the batch and acknowledges ESTORAGE', async () => {
    const { emit, calls } = h.setup();
    h.db.popChunks.hook('creating', (_key, row) => {
      if (row.entries.some((e) => e.localId === 'm2')) throw new Error('disk said no');
    });
    emit('fetchBatch', batch(4, [fetched('m1', 'U1'), fetched('m2', 'U2')]));
    await h.controller.idle();
    expect(await h.db.messages.count()).toBe(0);
    expect(await h.db.rawChunks.count()).toBe(0);
    expect(await popStateFor(h.db, 'a1')).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.input).toMatchObject({ fetchId: 'f1', batchId: 4, committed: false, errorCode: 'ESTORAGE' });
    expect((calls[0]!.input as { errorMessage: string }).errorMessage).toMatch(/^Heron could not save 2 messages on this computer \(.*disk said no.*\)\.$/);
  });

  it('a quota error, even nested as inner, acknowledges EQUOTA', async () => {
    const { emit, calls } = h.setup();
    h.db.messages.hook('creating', () => {
      const quota = Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
      throw Object.assign(new Error('AbortError'), { name: 'AbortError', inner: quota });
    });
    emit('fetchBatch', batch(1, [fetched('m1', 'U1')]));
    await h.controller.idle();
    expect(calls[0]!.input).toEqual({
      fetchId: 'f1',
      batchId: 1,
      committed: false,
      errorCode: 'EQUOTA',
      errorMessage: 'The disk is full: Heron could not save 1 message on this computer.',
    });
    expect(await h.db.messages.count()).toBe(0);
  });

  it('a headers-only copy is replaced by the whole message, keeping where the person filed it', async () => {
    const { emit } = h.setup();
    emit('fetchBatch', batch(0, [fetched('m1', 'U1', { partial: true, size: 90_000 })]));
    await h.controller.idle();
    expect(((await popStateFor(h.db, 'a1')).filter((e) => e.localId === 'm1'))[0]?.status).toBe('headers-only');
    await h.db.messages.update('m1', { folder: 'sent', unread: false, starred: true });
    await h.db.bodies.put({ messageId: 'm1', text: 'headers only', html: null, warnings: [] });
    const whole = { body: { text: 'the whole text', html: null, warnings: [] }, attachments: [], hasAttachments: false, snippet: 'the whole text' };
    emit('fetchBatch', batch(1, [fetched('m1', 'U1', { size: 90_000, replaces: true, content: whole })]));
    await h.controller.idle();
    expect(await h.db.messages.count()).toBe(1);
    expect(await h.db.messages.get('m1')).toMatchObject({ partial: false, folder: 'sent', unread: false, starred: true, unreadFlag: 0, snippet: 'the whole text' });
    expect(await h.db.bodies.get('m1')).toEqual({ messageId: 'm1', text: 'the whole text', html: null, warnings: [] });
    expect((await popStateFor(h.db, 'a1')).filter((e) => e.localId === 'm1')).toEqual([expect.objectContaining({ status: 'stored', uidl: 'U1' })]);
  });

  it('fetchDone marks deleted entries, forgets gone ones, records the check, and never marks a headers-only copy deleted', async () => {
    const { emit } = h.setup();
    emit('fetchBatch', batch(0, [fetched('m1', 'U1'), fetched('m2', 'U2'), fetched('m3', 'U3', { partial: true }), fetched('m4', 'U4')]));
    await h.controller.idle();
    const error = { code: 'ELOCKED' as const, message: 'Mailbox locked', retryable: true };
    emit('fetchDone', {
      fetchId: 'f1',
      accountId: 'a1',
      summary: { serverCount: 4, downloaded: 4, deletedLocalIds: ['m1', 'm3'], goneLocalIds: ['m4'], refusedTooBig: [], newMessages: [] },
      error,
    });
    await h.controller.idle();
    expect(((await popStateFor(h.db, 'a1')).filter((e) => e.localId === 'm1'))[0]?.status).toBe('deleted-on-server');
    expect(((await popStateFor(h.db, 'a1')).filter((e) => e.localId === 'm2'))[0]?.status).toBe('stored');
    expect(((await popStateFor(h.db, 'a1')).filter((e) => e.localId === 'm3'))[0]?.status).toBe('headers-only');
    expect((await popStateFor(h.db, 'a1')).filter((e) => e.localId === 'm4')).toEqual([]);
    expect(await h.db.popState.get('a1')).toMatchObject({ lastCheckFinishedAt: T, lastError: { code: 'ELOCKED', message: 'Mailbox locked' } });
    expect(useFetchStatus.getState().byAccount.a1).toMatchObject({ fetchId: null, lastError: error });
  });

  it('the end of a fetch records how many new messages it stored: the summary\'s count, or what was committed when it failed part way', async () => {
    const { emit } = h.setup();
    emit('fetchBatch', batch(0, [fetched('m1', 'U1'), fetched('m2', 'U2')]));
    await h.controller.idle();
    const newMessages = [{ from: 'Bob', subject: 'a' }, { from: 'Bob', subject: 'b' }];
    emit('fetchDone', { fetchId: 'f1', accountId: 'a1', summary: { serverCount: 2, downloaded: 2, deletedLocalIds: [], goneLocalIds: [], refusedTooBig: [], newMessages }, error: null });
    await h.controller.idle();
    expect(useFetchStatus.getState().byAccount.a1).toMatchObject({ fetchId: null, lastNew: 2, lastFinishedAt: T });
    useFetchStatus.getState().update('a1', { stored: 0 });
    emit('fetchBatch', batch(1, [fetched('m3', 'U3')]));
    await h.controller.idle();
    emit('fetchDone', { fetchId: 'f1', accountId: 'a1', summary: null, error: { code: 'ECONNECTION', message: 'reset', retryable: true } });
    await h.controller.idle();
    expect(useFetchStatus.getState().byAccount.a1).toMatchObject({ lastNew: 1, lastError: { code: 'ECONNECTION' } });
  });

  it('two stored messages sharing a UIDL (a broken server): exactly the entry whose message left the server is forgotten', async () => {
    const { emit } = h.setup();
    emit('fetchBatch', batch(0, [fetched('m1', 'dup'), fetched('m2', 'dup')]));
    await h.controller.idle();
    emit('fetchDone', {
      fetchId: 'f1',
      accountId: 'a1',
      summary: { serverCount: 1, downloaded: 0, deletedLocalIds: [], goneLocalIds: ['m1', 'other-account-entry'], refusedTooBig: [], newMessages: [] },
      error: null,
    });
    await h.controller.idle();
    expect((await popStateFor(h.db, 'a1')).map((e) => [e.localId, e.uidl])).toEqual([['m2', 'dup']]);
  });

  it('a fresh message whose id is already stored aborts its batch: nothing of it is kept, ESTORAGE is acknowledged', async () => {
    const { emit, calls } = h.setup();
    emit('fetchBatch', batch(0, [fetched('m1', 'U1')]));
    await h.controller.idle();
    // Not marked as completing a headers-only copy, so it must not silently overwrite m1.
    emit('fetchBatch', batch(1, [fetched('m2', 'U2'), fetched('m1', 'U1b')]));
    await h.controller.idle();
    expect(calls[1]).toMatchObject({ name: 'ackFetchBatch', input: { batchId: 1, committed: false, errorCode: 'ESTORAGE' } });
    expect(await h.db.messages.get('m2')).toBeUndefined();
    expect((await popStateFor(h.db, 'a1')).map((e) => e.uidl)).toEqual(['U1']);
  });

  it('senders reach the address book once per fetch, after their mail is committed', async () => {
    const { emit } = h.setup();
    emit('fetchBatch', batch(0, [fetched('m1', 'U1'), fetched('m2', 'U2')]));
    emit('fetchBatch', batch(1, [fetched('m3', 'U3', { headers: { ...fetched('x', null).headers, from: { name: 'Carol', address: 'Carol@Example.com' } } })]));
    await h.controller.idle();
    expect(await h.db.contacts.count()).toBe(0);
    emit('fetchDone', { fetchId: 'f1', accountId: 'a1', summary: null, error: null });
    await h.controller.idle();
    const contacts = (await h.db.contacts.toArray()).map((c) => [c.address, c.name, c.timesReceived]).sort();
    expect(contacts).toEqual([['bob@example.com', 'Bob', 1], ['carol@example.com', 'Carol', 1]]);
  });

  it('a batch main gave up on (no acknowledgement in time) but that commits later is in the next fetch\'s plan: no duplicate download', async () => {
    let release = () => {};
    const slowAck = new Promise<void>((resolve) => (release = resolve));
    const { emit, calls } = h.setup((name, input) => {
      if (name === 'startFetch') return { fetchId: 'f2' };
      // The window is slow: batch 1 waits behind batch 0, and main's ack timeout ends the fetch meanwhile.
      if (name === 'ackFetchBatch' && (input as { batchId: number }).batchId === 0) return slowAck;
      return undefined;
    });
    emit('fetchBatch', batch(0, [fetched('m1', 'U1')]));
    emit('fetchBatch', batch(1, [fetched('m2', 'U2')]));
    emit('fetchDone', { fetchId: 'f1', accountId: 'a1', summary: null, error: { code: 'ETIMEDOUT', message: 'no answer from the window', retryable: true } });
    // The retry starts while batch 1 has not been committed yet.
    const started = h.controller.start('a1', 'timer');
    await new Promise((r) => setTimeout(r, 50));
    expect(calls.some((c) => c.name === 'startFetch')).toBe(false);
    release();
    expect((await started).ok).toBe(true);
    const start = calls.find((c) => c.name === 'startFetch')!.input as { popState: Array<{ uidl: string }> };
    expect(start.popState.map((e) => e.uidl).sort()).toEqual(['U1', 'U2']);
  });

  it('startFetch sends the account and every POP state entry from the store', async () => {
    const { emit, calls } = h.setup((name) => (name === 'startFetch' ? { fetchId: 'f9' } : undefined));
    emit('fetchBatch', batch(0, [fetched('m1', 'U1'), fetched('m2', 'U2')]));
    await h.controller.idle();
    await deleteForever(h.db, ['m2']);
    const result: Result<{ fetchId: string }> = await h.controller.start('a1', 'manual');
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
    expect((await h.controller.start('a1', 'timer')).ok).toBe(false);
  });

  it('a start main refuses (no password) records the error and frees the account; cancel asks main', async () => {
    const fb = fakeBridge();
    const ended: Array<[string, string | null]> = [];
    fb.bridge.call = (async (name: string, input: unknown) => {
      fb.calls.push({ name, input });
      if (name === 'startFetch') return { ok: false, error: { code: 'ENOSECRET', message: 'Heron needs the password for a1@example.com.', retryable: false } };
      return ok(undefined);
    }) as unknown as Bridge['call'];
    h.controller = createFetchController({ bridge: fb.bridge, db: h.db, status: useFetchStatus.getState(), now: () => T, onDone: (id, e) => ended.push([id, e?.code ?? null]) });
    const result = await h.controller.start('a1', 'timer');
    expect(result.ok).toBe(false);
    expect(useFetchStatus.getState().byAccount.a1).toMatchObject({ fetchId: null, lastError: { code: 'ENOSECRET' }, lastFinishedAt: T });
    expect(ended).toEqual([['a1', 'ENOSECRET']]);
    expect(await h.db.popState.get('a1')).toMatchObject({ lastCheckStartedAt: T });
    await h.controller.cancel('a1');
    expect(fb.calls.at(-1)).toEqual({ name: 'cancelFetch', input: { accountId: 'a1' } });
    expect((await h.controller.start('nope', 'manual')).ok).toBe(false);
    expect(useFetchStatus.getState().byAccount.nope?.fetchId).toBeNull();
  });

  it('batches of one fetch commit in order, each acknowledged after its own commit', async () => {
    const acked: number[] = [];
    const { emit } = h.setup(async (name, input) => {
      if (name === 'ackFetchBatch') acked.push((input as { batchId: number }).batchId);
    });
    for (let b = 0; b < 5; b++) emit('fetchBatch', batch(b, [fetched(`m${b}a`, `U${b}a`), fetched(`m${b}b`, `U${b}b`)]));
    await h.controller.idle();
    expect(acked).toEqual([0, 1, 2, 3, 4]);
    expect(await h.db.messages.count()).toBe(10);
    expect(await popStateFor(h.db, 'a1')).toHaveLength(10);
  });
});
