/**
 * Shared by the fetch controller's tests: a fake bridge standing in for main, builders for what main
 * sends, and a fresh store per test. Used by tests only. A spec imports 'fake-indexeddb/auto' on its
 * first line: Dexie looks for IndexedDB when it loads, before this module would run.
 */
import { Dexie } from 'dexie';
import { afterEach, beforeEach } from 'vitest';
import type { FetchBatch } from '../../../../shared/ipc/calls/fetch';
import { encodeMailBatch } from '../../../../shared/ipc/mail-batch';
import type { FetchedHeaders, FetchedMessage } from '../../../../shared/model/fetched-message';
import type { MessageMeta } from '../../../../shared/model/message';
import { ok } from '../../../../shared/ipc/result';
import type { Bridge } from '../../bridge/bridge';
import { HeronDb } from '../../data/db';
import { makeAccount, makeMessage } from '../../data/test-fixtures';
import { createFetchController, type FetchController } from './controller';
import { useFetchStatus } from './fetch-status';

type Listener = (payload: unknown) => void;

/** A bridge whose calls are recorded and whose events the test emits. */
export function fakeBridge(onCall: (name: string, input: unknown) => unknown = () => undefined) {
  const listeners = new Map<string, Set<Listener>>();
  const calls: Array<{ name: string; input: unknown }> = [];
  const bridge: Pick<Bridge, 'call' | 'subscribe'> = {
    call: (async (name: string, input: unknown) => {
      calls.push({ name, input });
      return ok(await onCall(name, input));
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

/** The tests' clock: every timestamp the controller writes is this. */
export const T = 1_700_000_000_000;
const enc = new TextEncoder();

/** The header fields a fetch sends (FetchedHeaders) of a stored row's fields. */
function headersOf(m: MessageMeta): FetchedHeaders {
  const { messageId, inReplyTo, references, from, to, cc, replyTo, subject, date, size, hasAttachments } = m;
  return { messageId, inReplyTo, references, from, to, cc, replyTo, subject, date, size, hasAttachments };
}

export function fetched(id: string, uidl: string | null, over: Partial<FetchedMessage> = {}): FetchedMessage {
  const raw = enc.encode(`Subject: ${id}\r\nFrom: Bob <bob@example.com>\r\n\r\nbody of ${id}\r\n\u00ff`);
  return {
    id,
    uidl,
    size: raw.byteLength,
    raw,
    partial: false,
    receivedAt: T,
    // The list fields of the data tests' message, with this message's own date and size.
    headers: headersOf(makeMessage(id, { messageId: `<${id}@x>`, date: T - 1000, size: raw.byteLength })),
    ...over,
  };
}

export function batch(batchId: number, messages: FetchedMessage[]): FetchBatch {
  return { fetchId: 'f1', accountId: 'a1', batchId, ...encodeMailBatch(messages) };
}

export interface ControllerHarness {
  /** This test's store: opened fresh, holding account a1. */
  readonly db: HeronDb;
  /** This test's controller: made by `setup`, or assigned by a test that builds its own. */
  controller: FetchController;
  /** Installs a controller over a fake bridge that answers with `onCall`. */
  setup(onCall?: (name: string, input: unknown) => unknown): ReturnType<typeof fakeBridge>;
}

/** Call once at the top of a spec file: it registers the per-test store and status reset. */
export function controllerHarness(): ControllerHarness {
  let n = 0;
  let db: HeronDb | undefined;
  let controller: FetchController | undefined;
  const harness: ControllerHarness = {
    get db() {
      if (!db) throw new Error('the store is opened in beforeEach: use it inside a test');
      return db;
    },
    get controller() {
      if (!controller) throw new Error('no controller yet: call setup() or assign one');
      return controller;
    },
    set controller(c) {
      controller = c;
    },
    setup(onCall) {
      const fb = fakeBridge(onCall);
      controller = createFetchController({ bridge: fb.bridge, db: harness.db, status: useFetchStatus.getState(), now: () => T });
      controller.install();
      return fb;
    },
  };
  beforeEach(async () => {
    n += 1;
    controller = undefined;
    db = new HeronDb(`heron-fetch-test-${process.pid}-${n}`);
    await db.open();
    await db.accounts.put(makeAccount('a1'));
    useFetchStatus.setState({ byAccount: {} });
  });
  afterEach(async () => {
    await controller?.idle();
    db?.close();
    if (db) await Dexie.delete(db.name);
  });
  return harness;
}
