import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok, type Result } from '../../../../shared/ipc/result';
import type { Bridge } from '../../bridge/bridge';
import { HeronDb } from '../../data/db';
import { makeAccount } from '../../data/test-fixtures';
import { createFetchController, type FetchController } from './controller';
import { useFetchStatus } from './fetch-status';

/**
 * The window's side of getting mail: it asks main to start and cancel, and keeps the status from
 * main's events. What a fetch stores, and when, is the store worker's (data/store/serve.test.ts).
 */
const T = 1_700_000_000_000;
type Listener = (payload: unknown) => void;

let n = 0;
let db: HeronDb;
beforeEach(async () => {
  n += 1;
  db = new HeronDb(`heron-fetch-controller-${process.pid}-${n}`);
  await db.open();
  await db.accounts.put(makeAccount('a1'));
  useFetchStatus.setState({ byAccount: {} });
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

/** A controller over a bridge whose calls are recorded and answered by `onCall`, and whose events the test emits. */
function setup(onCall: (name: string, input: unknown) => Result<unknown> | Promise<Result<unknown>> = () => ok(undefined)) {
  const listeners = new Map<string, Set<Listener>>();
  const calls: Array<{ name: string; input: unknown }> = [];
  const ended: Array<[string, string | null]> = [];
  const bridge: Pick<Bridge, 'call' | 'subscribe'> = {
    call: (async (name: string, input: unknown) => {
      calls.push({ name, input });
      return onCall(name, input);
    }) as unknown as Bridge['call'],
    subscribe: ((name: string, l: Listener) => {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(l);
      return () => set.delete(l);
    }) as unknown as Bridge['subscribe'],
  };
  const controller: FetchController = createFetchController({ bridge, db, status: useFetchStatus.getState(), now: () => T, onDone: (id, e) => ended.push([id, e?.code ?? null]) });
  const uninstall = controller.install();
  const emit = (name: string, payload: unknown) => listeners.get(name)?.forEach((l) => l(payload));
  return { controller, calls, ended, emit, uninstall, listeners };
}

const status = () => useFetchStatus.getState().byAccount.a1;

describe('getting mail, as the window sees it', () => {
  it('startFetch sends the account (main plans from the store\'s POP state), claims the account, and refuses a second start', async () => {
    const { controller, calls } = setup((name) => ok(name === 'startFetch' ? { fetchId: 'f9' } : undefined));
    const result = await controller.start('a1', 'manual');
    expect(result).toEqual({ ok: true, value: { fetchId: 'f9' } });
    expect(calls).toEqual([
      {
        name: 'startFetch',
        input: {
          reason: 'manual',
          account: { id: 'a1', address: 'a1@example.com', incoming: makeAccount('a1').incoming, retention: makeAccount('a1').retention, headersOnlyOverBytes: null },
        },
      },
    ]);
    expect(status()?.fetchId).toBe('f9');
    expect((await controller.start('a1', 'timer')).ok).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it('progress counts what the store committed; the end records the new messages: the summary\'s count, or what was committed when it failed part way', async () => {
    const { controller, emit, ended } = setup((name) => ok(name === 'startFetch' ? { fetchId: 'f1' } : undefined));
    await controller.start('a1', 'manual');
    const progress = { fetchId: 'f1', accountId: 'a1', phase: 'downloading', messagesDone: 2, messagesTotal: 3, bytesDone: 20, bytesTotal: 30 };
    emit('fetchProgress', progress);
    expect(status()).toMatchObject({ fetchId: 'f1', stored: 2, progress: { phase: 'downloading', messagesDone: 2, messagesTotal: 3 } });
    const newMessages = [{ from: 'Bob', subject: 'a' }, { from: 'Bob', subject: 'b' }, { from: 'Bob', subject: 'c' }];
    emit('fetchDone', { fetchId: 'f1', accountId: 'a1', summary: { serverCount: 3, downloaded: 3, deletedLocalIds: [], goneLocalIds: [], refusedTooBig: [{ uidl: 'big', size: 1 }], newMessages, unidentified: 0 }, error: null });
    expect(status()).toMatchObject({ fetchId: null, progress: null, lastNew: 3, lastFinishedAt: T, refusedTooBig: 1, lastError: null });

    await controller.start('a1', 'manual');
    emit('fetchProgress', { ...progress, messagesDone: 1 });
    const error = { code: 'ECONNECTION' as const, message: 'reset', retryable: true };
    emit('fetchDone', { fetchId: 'f1', accountId: 'a1', summary: null, error });
    expect(status()).toMatchObject({ fetchId: null, lastNew: 1, lastError: error });
    expect(ended).toEqual([['a1', null], ['a1', 'ECONNECTION']]);
  });

  it('a start main refuses (no password) records the error and frees the account; EBUSY from main leaves the status to main\'s events; cancel asks main', async () => {
    let answer: Result<unknown> = { ok: false, error: { code: 'ENOSECRET', message: 'Heron needs the password for a1@example.com.', retryable: false } };
    const { controller, calls, ended } = setup(() => answer);
    expect((await controller.start('a1', 'timer')).ok).toBe(false);
    expect(status()).toMatchObject({ fetchId: null, lastError: { code: 'ENOSECRET' }, lastFinishedAt: T });
    expect(ended).toEqual([['a1', 'ENOSECRET']]);
    answer = { ok: false, error: { code: 'EBUSY', message: 'already', retryable: true } };
    expect((await controller.start('a1', 'timer')).ok).toBe(false);
    expect(status()?.fetchId).toBeNull();
    expect(ended).toHaveLength(1);
    answer = ok(undefined);
    await controller.cancel('a1');
    expect(calls.at(-1)).toEqual({ name: 'cancelFetch', input: { accountId: 'a1' } });
    expect((await controller.start('nope', 'manual')).ok).toBe(false);
    expect(useFetchStatus.getState().byAccount.nope?.fetchId).toBeNull();
  });

  it('uninstalling stops listening to main', () => {
    const { uninstall, listeners } = setup();
    expect([...listeners.values()].reduce((k, s) => k + s.size, 0)).toBe(2);
    uninstall();
    expect([...listeners.values()].reduce((k, s) => k + s.size, 0)).toBe(0);
  });
});
