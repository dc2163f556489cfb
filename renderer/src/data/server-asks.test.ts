import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PopStateEntry } from '../../../shared/model/pop-state';
import type { HeronDb } from './db';
import { testStores } from './test-fixtures';
import { applyFetchDone, popStateFor } from './fetch-store';
import { addPopEntries } from './pop-store';
import { askServer } from './server-asks';

const stores = testStores('heron-server-asks');
let db: HeronDb;
beforeEach(() => {
  db = stores.open();
});
afterEach(() => stores.closeAll());

const T = 1_000_000;
const failure = { reason: 'too-big' as const, attempts: 1, at: 1, detail: 'too big' };
const entry = (uidl: string, status: PopStateEntry['status'], over: Partial<PopStateEntry> = {}): PopStateEntry => ({ accountId: 'a1', uidl, localId: `L-${uidl}`, downloadedAt: 1, status, size: 10, ...over });
const seed = (entries: PopStateEntry[]) => db.transaction('rw', db.popChunks, () => addPopEntries(db, 'a1', entries));
const summary = (deleted: string[]) => ({ serverCount: 1, downloaded: 0, deletedLocalIds: deleted, goneLocalIds: [], refusedTooBig: [], newMessages: [], unidentified: 0 });
const byUidl = async () => Object.fromEntries((await popStateFor(db, 'a1')).map((e) => [e.uidl, [e.status, e.asked ?? null]]));

describe('"Delete from server now" and "Download now" on the POP state', () => {
  it('delete_now_only_after_commit: a message not here is asked for only when the person confirmed it is gone for good', async () => {
    await seed([entry('A', 'stored'), entry('B', 'headers-only', { failure }), entry('C', 'failed', { failure }), entry('D', 'deleted-on-server')]);
    const ids = ['L-A', 'L-B', 'L-C', 'L-D'];
    expect(await askServer(db, 'a1', ids, 'delete', {}, T)).toEqual({ asked: 1, needConfirm: 2 });
    expect(await byUidl()).toEqual({ A: ['stored', { action: 'delete', at: T }], B: ['headers-only', null], C: ['failed', null], D: ['deleted-on-server', null] });
    expect(await askServer(db, 'a1', ids, 'delete', { confirmedGone: true }, T + 1)).toEqual({ asked: 3, needConfirm: 0 });
    expect(await byUidl()).toEqual({
      A: ['stored', { action: 'delete', at: T + 1 }],
      B: ['headers-only', { action: 'delete', at: T + 1, confirmed: true }],
      C: ['failed', { action: 'delete', at: T + 1, confirmed: true }],
      D: ['deleted-on-server', null],
    });
  });

  it('a check that fails before QUIT leaves every entry and ask as it was; one that ends with QUIT marks them deleted', async () => {
    await seed([entry('A', 'stored'), entry('B', 'headers-only', { failure })]);
    await askServer(db, 'a1', ['L-A', 'L-B'], 'delete', { confirmedGone: true }, T);
    const before = await byUidl();
    await applyFetchDone(db, { accountId: 'a1', summary: null, error: { code: 'ECONNECTION', message: 'The connection closed before QUIT.', retryable: true } }, T + 5);
    expect(await byUidl()).toEqual(before);
    await applyFetchDone(db, { accountId: 'a1', summary: summary(['L-A', 'L-B']), error: null }, T + 9);
    expect(await byUidl()).toEqual({ A: ['deleted-on-server', { action: 'delete', at: T }], B: ['deleted-on-server', { action: 'delete', at: T, confirmed: true }] });
  });

  it('"Download now" is asked only of messages not here', async () => {
    await seed([entry('A', 'stored'), entry('B', 'headers-only', { failure }), entry('C', 'failed', { failure })]);
    expect(await askServer(db, 'a1', ['L-A', 'L-B', 'L-C'], 'download', {}, T)).toEqual({ asked: 2, needConfirm: 0 });
    expect(await byUidl()).toEqual({ A: ['stored', null], B: ['headers-only', { action: 'download', at: T }], C: ['failed', { action: 'download', at: T }] });
  });
});
