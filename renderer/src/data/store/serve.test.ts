import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FetchDone } from '../../../../shared/ipc/calls/fetch';
import { encodeMailBatch } from '../../../../shared/ipc/mail-batch';
import type { FromStore, ToStore } from '../../../../shared/ipc/store-port';
import type { FetchedHeaders, FetchedMessage } from '../../../../shared/model/fetched-message';
import type { MessageMeta } from '../../../../shared/model/message';
import { HeronDb } from '../db';
import { deleteForever } from '../delete-forever';
import { popStateFor } from '../fetch-store';
import { messagesRepo } from '../messages-repo';
import { makeAccount, makeMessage } from '../test-fixtures';
import { draftRow, queueInput } from '../../features/outbox/test-support';
import { serveStore, type StoreService } from './serve';

/**
 * The store worker's side of the store port, over a real MessageChannel, with this test as main:
 * what it commits and when it says so. The whole path, main and worker included, is the fault
 * matrix (e2e/fetch-matrix/).
 */
const T = 1_700_000_000_000;
const enc = new TextEncoder();
let n = 0;
let db: HeronDb;
let channel: MessageChannel;
let store: StoreService;
let received: FromStore[];
/** What the store logged (by default its console and main's log file, through the port). */
let logged: string[];

beforeEach(async () => {
  n += 1;
  db = new HeronDb(`heron-store-serve-${process.pid}-${n}`);
  await db.open();
  await db.accounts.put(makeAccount('a1'));
  channel = new MessageChannel();
  received = [];
  logged = [];
  channel.port1.onmessage = (e: MessageEvent<FromStore>) => received.push(e.data);
  const note = (level: string) => (message: string) => void logged.push(`${level} ${message}`);
  store = serveStore(db, channel.port2, { now: () => T, log: { warn: note('warn'), error: note('error') } });
});
afterEach(async () => {
  channel.port1.close();
  channel.port2.close();
  db.close();
  await Dexie.delete(db.name);
});

function headersOf(m: MessageMeta): FetchedHeaders {
  const { messageId, inReplyTo, references, from, to, cc, replyTo, subject, date, size, hasAttachments } = m;
  return { messageId, inReplyTo, references, from, to, cc, replyTo, subject, date, size, hasAttachments };
}

function fetched(id: string, uidl: string | null, over: Partial<FetchedMessage> = {}): FetchedMessage {
  const raw = enc.encode(`Subject: ${id}\r\nFrom: Bob <bob@example.com>\r\n\r\nbody of ${id}\r\n\u00ff`);
  return { id, uidl, size: raw.byteLength, raw, partial: false, receivedAt: T, headers: headersOf(makeMessage(id, { messageId: `<${id}@x>`, date: T - 1000, size: raw.byteLength })), ...over };
}

/** Main sends: a batch, a fetch's end, a request. */
const send = (message: ToStore) => channel.port1.postMessage(message);
const commit = (commitId: string, messages: FetchedMessage[], accountId = 'a1') => send({ type: 'commit', commitId, accountId, ...encodeMailBatch(messages) });
const done = (over: Partial<FetchDone> = {}): FetchDone => ({ fetchId: 'f1', accountId: 'a1', summary: null, error: null, ...over });

/** Until the store has answered `count` messages, and every piece of work it took on is done. */
async function answered(count: number): Promise<void> {
  await vi.waitFor(() => expect(received.length).toBeGreaterThanOrEqual(count));
  await store.idle();
}

describe('the store worker on the store port', () => {
  it('commits a batch in one transaction, byte-exact, and says so only after the commit', async () => {
    const msgs = [fetched('m1', 'U1'), fetched('m2', 'U2'), fetched('m3', null)];
    let storedWhenAnswered = -1;
    channel.port1.onmessage = async (e: MessageEvent<FromStore>) => {
      storedWhenAnswered = await db.messages.count();
      received.push(e.data);
    };
    commit('c1', msgs);
    await answered(1);
    expect(received).toEqual([{ type: 'committed', commitId: 'c1', committed: true }]);
    expect(storedWhenAnswered).toBe(3);
    const row = await db.messages.get('m1');
    expect(row).toMatchObject({ folder: 'inbox', unread: true, unreadFlag: 1, subject: 'Subject m1', date: T - 1000, partial: false, uidl: 'U1' });
    // The sender and subject orders hold it from its first write.
    expect(row).toMatchObject({ sortFrom: 'bob', sortSubject: 'subject m1' });
    expect((await db.rawChunks.toArray()).map((c) => c.members)).toEqual([['m1', 'm2', 'm3']]);
    expect(new Uint8Array(await (await messagesRepo(db).getRaw('m2'))!.arrayBuffer())).toEqual(msgs[1]!.raw);
    expect((await popStateFor(db, 'a1')).sort((a, b) => a.localId.localeCompare(b.localId))).toEqual([
      { accountId: 'a1', uidl: 'U1', localId: 'm1', downloadedAt: T, status: 'stored', size: msgs[0]!.size },
      { accountId: 'a1', uidl: 'U2', localId: 'm2', downloadedAt: T, status: 'stored', size: msgs[1]!.size },
    ]);
  });

  it('a batch whose index cannot be read is not stored and is answered as not committed, saying why', async () => {
    send({ type: 'commit', commitId: 'c1', accountId: 'a1', ...encodeMailBatch([fetched('m1', 'U1')]), index: new Uint8Array([0x5b, 0x7b]) });
    await answered(1);
    expect(logged).toEqual(['error Could not store fetched messages']);
    expect(await db.messages.count()).toBe(0);
    expect(await db.rawChunks.count()).toBe(0);
    expect(received[0]).toMatchObject({ type: 'committed', commitId: 'c1', committed: false, errorCode: 'ESTORAGE' });
    expect((received[0] as { errorMessage: string }).errorMessage).toMatch(/^Heron could not save the fetched messages on this computer \(A fetched batch's index is malformed: /);
  });

  it('batches commit while the ones before wait to be answered; answers go out in order, each after its own commit', async () => {
    for (let b = 0; b < 5; b++) commit(`c${b}`, [fetched(`m${b}a`, `U${b}a`), fetched(`m${b}b`, `U${b}b`)]);
    await answered(5);
    expect(received.map((m) => (m.type === 'committed' ? m.commitId : '?'))).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(await db.messages.count()).toBe(10);
    expect(await popStateFor(db, 'a1')).toHaveLength(10);
  });

  it('one batch\'s transaction at a time: the next begins only once the one before completed, so a read of the window waits for one write', async () => {
    // Every read-write transaction over the raw bytes, as IndexedDB sees it begin and end.
    let open = 0;
    let most = 0;
    db.close();
    db.use({
      stack: 'dbcore',
      name: 'overlap',
      create: (down) => ({
        ...down,
        transaction(stores, mode, options) {
          const tx = down.transaction(stores, mode, options);
          if (mode === 'readwrite' && stores.includes('rawChunks')) {
            most = Math.max(most, (open += 1));
            const end = () => (open -= 1);
            const native = tx as unknown as IDBTransaction;
            native.addEventListener('complete', end);
            native.addEventListener('abort', end);
          }
          return tx;
        },
      }),
    });
    await db.open();
    for (let b = 0; b < 4; b++) commit(`c${b}`, [fetched(`m${b}a`, `U${b}a`), fetched(`m${b}b`, `U${b}b`)]);
    await answered(4);
    expect(await db.messages.count()).toBe(8);
    expect(most).toBe(1);
  });

  it('a batch after one whose commit failed is stored and answered as such, after the failure', async () => {
    db.popChunks.hook('creating', (_key, row) => {
      if (row.entries.some((e) => e.localId === 'm1')) throw new Error('disk said no');
    });
    commit('c1', [fetched('m1', 'U1')]);
    commit('c2', [fetched('m2', 'U2')]);
    await answered(2);
    expect(logged).toEqual(['error Could not store fetched messages']);
    expect(received.map((m) => (m.type === 'committed' ? [m.commitId, m.committed] : []))).toEqual([['c1', false], ['c2', true]]);
    // What was acknowledged is stored with its POP state, so the next fetch neither loses nor repeats it.
    expect(await db.messages.toCollection().primaryKeys()).toEqual(['m2']);
    expect((await popStateFor(db, 'a1')).map((e) => e.uidl)).toEqual(['U2']);
  });

  it('a failing transaction stores nothing of the batch and answers ESTORAGE; a quota error, even nested, answers EQUOTA', async () => {
    const fail = (_key: unknown, row: { entries: ReadonlyArray<{ localId: string }> }) => {
      if (row.entries.some((e) => e.localId === 'm2')) throw new Error('disk said no');
    };
    db.popChunks.hook('creating', fail);
    commit('c1', [fetched('m1', 'U1'), fetched('m2', 'U2')]);
    await answered(1);
    db.popChunks.hook('creating').unsubscribe(fail);
    db.messages.hook('creating', () => {
      const quota = Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
      throw Object.assign(new Error('AbortError'), { name: 'AbortError', inner: quota });
    });
    commit('c2', [fetched('m3', 'U3')]);
    await answered(2);
    expect(logged).toHaveLength(2);
    expect(await db.messages.count()).toBe(0);
    expect(await db.rawChunks.count()).toBe(0);
    expect(await popStateFor(db, 'a1')).toEqual([]);
    expect(received[0]).toMatchObject({ commitId: 'c1', committed: false, errorCode: 'ESTORAGE' });
    expect((received[0] as { errorMessage: string }).errorMessage).toMatch(/^Heron could not save 2 messages on this computer \(.*disk said no.*\)\.$/);
    expect(received[1]).toEqual({ type: 'committed', commitId: 'c2', committed: false, errorCode: 'EQUOTA', errorMessage: 'The disk is full: Heron could not save 1 message on this computer.' });
  });

  it('a fresh message whose id is already stored aborts its batch: nothing of it is kept, ESTORAGE is answered', async () => {
    commit('c1', [fetched('m1', 'U1')]);
    // Not marked as completing a headers-only copy, so it must not silently overwrite m1.
    commit('c2', [fetched('m2', 'U2'), fetched('m1', 'U1b')]);
    await answered(2);
    expect(logged).toEqual(['error Could not store fetched messages']);
    expect(received[1]).toMatchObject({ commitId: 'c2', committed: false, errorCode: 'ESTORAGE' });
    expect(await db.messages.get('m2')).toBeUndefined();
    expect((await popStateFor(db, 'a1')).map((e) => e.uidl)).toEqual(['U1']);
  });

  it('a fetch\'s end, after its batches, marks deleted entries, forgets gone ones, records the check, and never marks a headers-only copy deleted', async () => {
    commit('c1', [fetched('m1', 'U1'), fetched('m2', 'U2'), fetched('m3', 'U3', { partial: true }), fetched('m4', 'U4')]);
    send({
      type: 'done',
      done: done({
        summary: { serverCount: 4, downloaded: 4, deletedLocalIds: ['m1', 'm3'], goneLocalIds: ['m4'], refusedTooBig: [], newMessages: [], unidentified: 0 },
        error: { code: 'ELOCKED', message: 'Mailbox locked', retryable: true },
      }),
    });
    await answered(1);
    const status = (id: string) => popStateFor(db, 'a1').then((all) => all.filter((e) => e.localId === id).map((e) => e.status));
    expect([await status('m1'), await status('m2'), await status('m3'), await status('m4')]).toEqual([['deleted-on-server'], ['stored'], ['headers-only'], []]);
    expect(await db.popState.get('a1')).toMatchObject({ lastCheckFinishedAt: T, lastError: { code: 'ELOCKED', message: 'Mailbox locked' } });
  });

  it('two stored messages sharing a UIDL (a broken server): exactly the entry whose message left the server is forgotten', async () => {
    commit('c1', [fetched('m1', 'dup'), fetched('m2', 'dup')]);
    send({ type: 'done', done: done({ summary: { serverCount: 1, downloaded: 0, deletedLocalIds: [], goneLocalIds: ['m1', 'other-account-entry'], refusedTooBig: [], newMessages: [], unidentified: 0 } }) });
    await answered(1);
    expect((await popStateFor(db, 'a1')).map((e) => [e.localId, e.uidl])).toEqual([['m2', 'dup']]);
  });

  it('senders reach the address book once per fetch, after their mail is committed', async () => {
    commit('c1', [fetched('m1', 'U1'), fetched('m2', 'U2')]);
    commit('c2', [fetched('m3', 'U3', { headers: { ...fetched('x', null).headers, from: { name: 'Carol', address: 'Carol@Example.com' } } })]);
    await answered(2);
    expect(await db.contacts.count()).toBe(0);
    send({ type: 'done', done: done() });
    await vi.waitFor(async () => expect(await db.contacts.count()).toBe(2));
    const contacts = (await db.contacts.toArray()).map((c) => [c.address, c.name, c.timesReceived]).sort();
    expect(contacts).toEqual([['bob@example.com', 'Bob', 1], ['carol@example.com', 'Carol', 1]]);
  });

  it('without a logger of its own, it says what failed on the port, for main\'s log file (and on its console)', async () => {
    const channel2 = new MessageChannel();
    const got: FromStore[] = [];
    channel2.port1.onmessage = (e: MessageEvent<FromStore>) => got.push(e.data);
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const plain = serveStore(db, channel2.port2, { now: () => T });
    channel2.port1.postMessage({ type: 'commit', commitId: 'c1', accountId: 'a1', ...encodeMailBatch([]), index: new Uint8Array([0x7b]) } satisfies ToStore);
    await vi.waitFor(() => expect(got).toHaveLength(2));
    await plain.idle();
    expect(quiet.mock.calls.map((c) => c[0])).toEqual(['Could not store fetched messages']);
    quiet.mockRestore();
    expect(got[0]).toMatchObject({ type: 'log', level: 'error' });
    expect((got[0] as { message: string }).message).toMatch(/^Could not store fetched messages: .*malformed/);
    expect(got[1]).toMatchObject({ type: 'committed', commitId: 'c1', committed: false });
    channel2.port1.close();
    channel2.port2.close();
  });

  it('a plan answers every POP state entry once the batches sent before it are committed, and marks the check started', async () => {
    commit('c1', [fetched('m1', 'U1'), fetched('m2', 'U2')]);
    await answered(1);
    await deleteForever(db, ['m2']);
    commit('c2', [fetched('m3', 'U3')]);
    send({ type: 'request', requestId: 'r1', request: { kind: 'plan', accountId: 'a1' } });
    await answered(3);
    const answer = received[2] as Extract<FromStore, { type: 'answer' }>;
    expect(answer).toMatchObject({ type: 'answer', requestId: 'r1', ok: true });
    const entries = (answer as { value: Array<{ localId: string; status: string }> }).value;
    expect(entries.map((e) => `${e.localId} ${e.status}`).sort()).toEqual(['m1 stored', 'm2 deleted-here', 'm3 stored']);
    expect(await db.popState.get('a1')).toMatchObject({ lastCheckStartedAt: T });
  });

  it('a message main built is queued with its bytes and the draft\'s link, and its bytes are given back by Outbox item', async () => {
    await db.drafts.put(draftRow('d1'));
    const raw = enc.encode('Subject: out\r\n\r\nbody\r\n');
    const { raw: _r, ...item } = queueInput(draftRow('d1'), 'o1', 'Subject: out\r\n\r\nbody\r\n', T);
    send({ type: 'request', requestId: 'r1', request: { kind: 'queue', accountId: 'a1', item, raw } });
    send({ type: 'request', requestId: 'r2', request: { kind: 'outgoing', accountId: 'a1', ids: ['o1', 'gone'] } });
    await answered(2);
    expect(received[0]).toEqual({ type: 'answer', requestId: 'r1', ok: true });
    expect(received[1]).toMatchObject({ type: 'answer', requestId: 'r2', ok: true });
    const given = (received[1] as { value: Array<{ id: string; raw: Uint8Array }> }).value;
    expect(given.map((x) => [x.id, new TextDecoder().decode(x.raw)])).toEqual([['o1', 'Subject: out\r\n\r\nbody\r\n']]);
    expect(await db.outbox.get('o1')).toMatchObject({ state: 'queued', draftId: 'd1', queuedAt: T, size: raw.byteLength });
    expect((await db.drafts.get('d1'))?.outboxId).toBe('o1');
    // A second queue of the same draft is refused, saying why: a message is never queued twice.
    send({ type: 'request', requestId: 'r3', request: { kind: 'queue', accountId: 'a1', item: { ...item, id: 'o2' }, raw } });
    await answered(3);
    expect(received[2]).toMatchObject({ type: 'answer', requestId: 'r3', ok: false, error: { message: expect.stringContaining('This message is already in the Outbox.') } });
  });
});

describe('the search index follows what the store worker commits', () => {
  it('a fetched message is findable within a second of its commit, from the text the fetch worker read', async () => {
    const { SearchIndexer } = await import('../search/indexer');
    const { runSearch } = await import('../search/run-search');
    const indexer = new SearchIndexer(db);
    const other = new MessageChannel();
    serveStore(db, other.port2, { now: () => T, indexer, log: { warn: () => undefined, error: () => undefined } });
    // The catch-up a start makes is over: only the commit itself can index what comes next.
    await indexer.catchUp();
    const got: FromStore[] = [];
    other.port1.onmessage = (e: MessageEvent<FromStore>) => got.push(e.data);
    const content = { body: { text: 'Die Übersetzung ist fertig.', html: null, warnings: [] }, attachments: [], hasAttachments: false, snippet: '' };
    other.port1.postMessage({ type: 'commit', commitId: 'c1', accountId: 'a1', ...encodeMailBatch([fetched('s1', 'u1', { content })]) } satisfies ToStore);
    await vi.waitFor(() => expect(got).toEqual([{ type: 'committed', commitId: 'c1', committed: true }]));
    const started = Date.now();
    await vi.waitFor(async () => expect(await db.searchChanges.count()).toBe(0), { timeout: 1_000 });
    expect(Date.now() - started).toBeLessThan(1_000);
    const answer = await runSearch(db, await indexer.current(), { query: 'ubersetzung', scope: { accountId: null, folder: null }, order: 'newest' });
    expect(answer).toEqual({ ok: true, ids: ['s1'], highlight: ['ubersetzung'], capped: false });
    other.port1.close();
    other.port2.close();
  });
});
