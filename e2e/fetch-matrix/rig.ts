/**
 * Getting mail end to end without a window: main's fetch service and its worker (a real thread, or
 * the same code in-process when a test sets the clock), the store port between main and the
 * window's store worker, whose real code (renderer/src/data/store/serve.ts) commits into the real
 * Dexie store (HeronDb, strict durability) on fake-indexeddb, and the window's fetch controller
 * over the IPC. The POP state each fetch starts from is read back from that store by the store's
 * code, as in the app. The fault matrix (issue 15 §3) runs here: it needs both layers, which only
 * e2e/ may import together.
 *
 * The store port is a real MessageChannel (it clones every message, as Electron's does, and
 * delivers in order); the rig sits at the store's end of it. It hands main each acknowledgement
 * only after the store received the next batch (or the session can send no more): the worker
 * downloads on while the store commits, so an engine that treated a batch as stored before its
 * acknowledgement would delete mail here that is not stored.
 *
 * A spec imports 'fake-indexeddb/auto' on its first line: Dexie looks for IndexedDB when it loads.
 */
import { randomUUID } from 'node:crypto';
import { MessageChannel } from 'node:worker_threads';
import { Dexie } from 'dexie';
import { afterEach } from 'vitest';
import { buildApi } from '../../shared/ipc/api';
import type { FetchDone, FetchProgress } from '../../shared/ipc/calls/fetch';
import { decodeMailBatch } from '../../shared/ipc/mail-batch';
import type { FromStore, ToStore } from '../../shared/ipc/store-port';
import type { CallName, EventName, MainEmit, MainHandlers } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import type { RetentionPolicy } from '../../shared/model/account';
import type { PopStateEntry } from '../../shared/model/pop-state';
import { ownViews } from '../../shared/ipc/own-views';
import { readMessage } from '../../electron/core/fetch/read-message';
import { serveFetchWorker } from '../../electron/core/fetch/worker-protocol';
import type { FaultHooks } from '../../electron/core/fetch/testing/fault-steps';
import type { FakeHandler, FakePop3 } from '../../electron/core/pop3/testing/fake-server';
import { fakeServers } from '../../electron/core/pop3/testing/helpers';
import { dispatchCall } from '../../electron/main/dispatch';
import type { WorkerLike } from '../../electron/main/fetch/service';
import { createFetchDeps } from '../../electron/main/fetch/wire';
import { createFetchHandlers } from '../../electron/main/handlers/fetch';
import { StoreLink } from '../../electron/main/store/link';
import { webStorePort } from '../../electron/main/store/web-port';
import { createBridge } from '../../renderer/src/bridge/bridge';
import { HeronDb } from '../../renderer/src/data/db';
import { popStateFor } from '../../renderer/src/data/fetch-store';
import { getRawBytes } from '../../renderer/src/data/raw-store';
import { serveStore } from '../../renderer/src/data/store/serve';
import { makeAccount } from '../../renderer/src/data/test-fixtures';
import { createFetchController, type FetchController } from '../../renderer/src/features/fetch/controller';
import { useFetchStatus } from '../../renderer/src/features/fetch/fetch-status';

export const ACCOUNT_ID = 'acc1';
export const PASSWORD = 'secret';

/** The worker's code on this thread, over a real MessageChannel (structured clone, transfers): the clock a test sets applies to it. */
function inProcessWorker(): WorkerLike {
  const { port1, port2 } = new MessageChannel();
  serveFetchWorker(port1, { read: readMessage, newId: randomUUID });
  const exits: Array<(code: number) => void> = [];
  const worker: WorkerLike = {
    postMessage: (message, transfer) => port2.postMessage(message, transfer),
    on: ((event: string, listener: (value: unknown) => void) => {
      if (event === 'message') port2.on('message', listener);
      if (event === 'exit') exits.push(listener);
      return worker;
    }) as WorkerLike['on'],
    terminate: async () => {
      port1.close();
      port2.close();
      for (const exit of exits.splice(0)) exit(1);
      return 1;
    },
  };
  return worker;
}

/** Every read-write IndexedDB transaction this process opened: its database, stores and durability. */
const writes: Array<{ db: string; stores: string[]; durability: string }> = [];
{
  const proto = (globalThis as unknown as { IDBDatabase?: { prototype: IDBDatabase } }).IDBDatabase?.prototype;
  if (!proto) throw new Error("The rig needs IndexedDB: import 'fake-indexeddb/auto' first.");
  const open = proto.transaction;
  proto.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    const tx = open.apply(this, args);
    if (tx.mode === 'readwrite') writes.push({ db: this.name, stores: [...tx.objectStoreNames], durability: tx.durability });
    return tx;
  } as IDBDatabase['transaction'];
}

export interface RigOptions {
  readonly server: FakePop3;
  readonly retention: RetentionPolicy;
  /** The bundled worker (`bundleFetchWorker`); without it, the worker's code runs in-process. */
  readonly workerPath?: string;
  /** Messages per commit (the session's `batchSize`). */
  readonly batchSize?: number;
  /** The window's clock (downloadedAt of what it stores); the worker's is Date.now. */
  readonly now?: () => number;
}

interface HeldAck {
  /** The commit's number in its fetch, counting from 1 in the order main sent them. */
  readonly n: number;
  readonly fetchId: string;
  readonly message: Extract<FromStore, { type: 'committed' }>;
}

interface FetchTrack {
  batches: number;
  messages: number;
  total: number | null;
  done: boolean;
  committedAcks: number;
}

let rigs = 0;

export type Rig = Awaited<ReturnType<typeof openRig>>;

export async function openRig(options: RigOptions) {
  rigs += 1;
  const db = new HeronDb(`heron-matrix-${process.pid}-${rigs}`);
  await db.open();
  await db.accounts.put({
    ...makeAccount(ACCOUNT_ID),
    incoming: { protocol: 'pop3', host: options.server.host, port: options.server.port, security: 'none', username: 'alice', auth: 'user', allowPlaintextPassword: true },
    retention: options.retention,
  });
  useFetchStatus.setState({ byAccount: {} });

  /** What happened, in order: `batch <n>: <uids>` reaching the store, `ack <n> committed|failed` reaching main, `DELE <uid>` reaching the server. */
  const timeline: string[] = [];
  /** Invariants broken while it happened (a DELE of a message not stored and acknowledged). */
  const violations: string[] = [];
  const batchUids = new Map<string, string[]>();
  const commitNumbers = new Map<string, { fetchId: string; n: number }>();
  const ackedUids = new Set<string>();
  const tracks = new Map<string, FetchTrack>();
  const held: HeldAck[] = [];
  const ackWaiters: Array<{ n: number; resolve: () => void }> = [];
  const doneWaiters = new Map<string, () => void>();
  let currentFetch: string | null = null;
  let lastDone: FetchDone | null = null;

  const track = (fetchId: string): FetchTrack => {
    let t = tracks.get(fetchId);
    if (!t) tracks.set(fetchId, (t = { batches: 0, messages: 0, total: null, done: false, committedAcks: 0 }));
    return t;
  };

  // The store port: a real MessageChannel between main's store link and the rig (structured clone,
  // in order, as Electron's), and the rig handing each message on to the store worker's real code.
  const channel = new globalThis.MessageChannel();
  const link = new StoreLink({ commitTimeoutMs: 10_000 });
  link.attach(webStorePort(channel.port1));
  const rigEnd = channel.port2;
  let toStore: ((event: { data: unknown }) => void) | null = null;
  const storeEnd = {
    postMessage: (message: FromStore) => fromStore(message),
    addEventListener: (_type: 'message', listener: (event: { data: unknown }) => void) => void (toStore = listener),
    start: () => undefined,
  };
  const store = serveStore(db, storeEnd, options.now ? { now: options.now } : {});

  /** A message main sent the store, seen on its way. */
  rigEnd.onmessage = (event: MessageEvent<ToStore>) => {
    const m = event.data;
    if (m.type === 'commit' && currentFetch !== null) {
      const t = track(currentFetch);
      const list = decodeMailBatch(m).map((x) => x.uidl ?? x.id);
      t.batches += 1;
      t.messages += list.length;
      batchUids.set(`${currentFetch}/${t.batches}`, list);
      commitNumbers.set(m.commitId, { fetchId: currentFetch, n: t.batches });
      timeline.push(`batch ${t.batches}: ${list.join(' ')}`);
    }
    toStore?.({ data: m });
    if (m.type === 'done') doneWaiters.get(m.done.fetchId)?.();
    releaseAcks();
  };

  /** A message the store sent main: an acknowledgement waits (releaseAcks), anything else goes on. */
  function fromStore(message: FromStore): void {
    const number = message.type === 'committed' ? commitNumbers.get(message.commitId) : undefined;
    if (message.type !== 'committed' || number === undefined) {
      rigEnd.postMessage(message);
      return;
    }
    held.push({ ...number, message });
    releaseAcks();
  }

  /** Hands main the held acknowledgements whose next batch the store has (or that can have none), in order. */
  function releaseAcks(): void {
    while (held.length > 0) {
      const next = held[0] as HeldAck;
      const t = track(next.fetchId);
      const laterBatch = t.batches > next.n;
      const noMore = t.done || (t.total !== null && t.messages >= t.total);
      if (!laterBatch && !noMore) return;
      held.shift();
      timeline.push(`ack ${next.n} ${next.message.committed ? 'committed' : 'failed'}`);
      if (next.message.committed) {
        for (const uid of batchUids.get(`${next.fetchId}/${next.n}`) ?? []) ackedUids.add(uid);
        t.committedAcks += 1;
      }
      rigEnd.postMessage(next.message);
      for (const w of [...ackWaiters]) {
        if (currentFetch !== null && track(currentFetch).committedAcks >= w.n) {
          ackWaiters.splice(ackWaiters.indexOf(w), 1);
          w.resolve();
        }
      }
    }
  }

  // Main: the fetch service and its handlers, the same code the app registers on ipcMain.
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const emit = ((name: EventName, payload: unknown) => {
    // Cloned now, as Electron serializes an event when it is sent; delivered in order, later.
    const copy = ownViews(structuredClone(payload));
    setImmediate(() => deliver(name, copy));
  }) as MainEmit;
  const deps = createFetchDeps({
    emit,
    secrets: { get: async () => PASSWORD, renew: async () => null },
    store: link,
    workerPath: options.workerPath ?? '',
    ...(options.workerPath ? {} : { spawnWorker: inProcessWorker }),
    tuning: { batchSize: options.batchSize ?? 500 },
    connect: { timeouts: { connectMs: 2000, greetingMs: 2000, commandMs: 2000, idleMs: 2000 } },
  });
  // The window reaches only the fetch calls here; any other call would fail as an unknown handler.
  const handlers = createFetchHandlers(deps) as unknown as MainHandlers;

  function deliver(name: EventName, payload: unknown): void {
    if (name === 'fetchProgress') {
      const p = payload as FetchProgress;
      if (p.phase === 'downloading') track(p.fetchId).total = p.messagesTotal;
    }
    if (name === 'fetchDone') {
      lastDone = payload as FetchDone;
      track(lastDone.fetchId).done = true;
    }
    for (const listener of [...(listeners.get(name) ?? [])]) listener(payload);
    releaseAcks();
  }

  // The window: the app's bridge over the contract's API, and its fetch controller.
  const invoke = async (name: CallName, input: unknown): Promise<Result<unknown>> => {
    const copy = structuredClone(input);
    const result = await dispatchCall(handlers, name, copy);
    // Known before any batch of the fetch arrives: its worker starts downloading after main answered.
    if (name === 'startFetch' && result.ok) currentFetch = (result.value as { fetchId: string }).fetchId;
    return result;
  };
  const subscribe = (name: EventName, listener: (payload: unknown) => void) => {
    const set = listeners.get(name) ?? new Set();
    listeners.set(name, set);
    set.add(listener);
    return () => set.delete(listener);
  };
  let onDone: (() => void) | null = null;
  const controller: FetchController = createFetchController({
    bridge: createBridge(buildApi(invoke, subscribe)),
    db,
    status: useFetchStatus.getState(),
    ...(options.now ? { now: options.now } : {}),
    onDone: () => onDone?.(),
  });
  const uninstall = controller.install();

  /** Every stored message of the account: its UIDL and its bytes as stored. */
  async function stored(): Promise<Array<{ uidl: string; raw: Buffer }>> {
    const rows = (await db.messages.toArray()).filter((r) => r.accountId === ACCOUNT_ID);
    const bytes = await getRawBytes(db, rows.map((r) => r.id));
    return rows
      .map((r) => ({ uidl: r.uidl ?? `(no UIDL: ${r.id})`, raw: Buffer.from(bytes.get(r.id) ?? new Uint8Array()) }))
      .sort((a, b) => a.uidl.localeCompare(b.uidl, 'en', { numeric: true }));
  }

  return {
    db,
    controller,
    service: deps.service,
    timeline,
    violations,

    /** One Get mail, as the app starts it: resolves once main said it is done and the window applied it. */
    async fetch(): Promise<FetchDone> {
      const finished = new Promise<void>((resolve) => (onDone = resolve));
      lastDone = null;
      const started = await controller.start(ACCOUNT_ID, 'manual');
      if (!started.ok) throw new Error(`startFetch failed: ${started.error.code} ${started.error.message}`);
      // The store has the fetch's end (main sends it before the window's event) and applied it.
      const applied = new Promise<void>((resolve) => doneWaiters.set(started.value.fetchId, resolve));
      await finished;
      await applied;
      await store.idle();
      if (lastDone === null) throw new Error('the fetch ended without fetchDone');
      return lastDone;
    },

    /** The worker thread dies (its socket with it), as when the app quits mid-fetch. */
    kill: () => deps.service.stopAll(),

    /** Resolves once `n` batches of the running fetch were acknowledged to main as committed. */
    acknowledged(n: number): Promise<void> {
      if (n === 0 || (currentFetch !== null && track(currentFetch).committedAcks >= n)) return Promise.resolve();
      return new Promise((resolve) => ackWaiters.push({ n, resolve }));
    },

    /** For the fake server's DELE: the message must be stored here and its batch acknowledged. */
    async checkDele(uid: string): Promise<void> {
      timeline.push(`DELE ${uid}`);
      if (!ackedUids.has(uid)) violations.push(`DELE ${uid} before its batch was acknowledged as committed`);
      const rows = (await db.messages.toArray()).filter((r) => r.uidl === uid);
      const entry = (await popStateFor(db, ACCOUNT_ID)).find((e) => e.uidl === uid);
      const bytes = rows.length === 1 ? (await getRawBytes(db, [rows[0]!.id])).get(rows[0]!.id) : undefined;
      if (rows.length !== 1 || bytes === undefined || entry === undefined) {
        violations.push(`DELE ${uid} while the store holds ${rows.length} copies, ${bytes ? 'its bytes' : 'no bytes'}, ${entry ? 'its POP entry' : 'no POP entry'}`);
      }
    },

    stored,
    /** UIDLs stored here, one per stored copy (a duplicate shows twice). */
    storedUidls: async () => (await stored()).map((m) => m.uidl),
    popState: (): Promise<PopStateEntry[]> => popStateFor(db, ACCOUNT_ID),

    /** Read-write transactions of this store that were not opened with strict durability. */
    relaxedWrites: () => writes.filter((w) => w.db === db.name && w.durability !== 'strict'),
    /** Read-write transactions of this store that wrote mail (its bytes or its POP state). */
    mailWrites: () => writes.filter((w) => w.db === db.name && (w.stores.includes('rawChunks') || w.stores.includes('popChunks'))),

    async close(): Promise<void> {
      await deps.service.stopAll();
      await store.idle();
      uninstall();
      rigEnd.close();
      await deps.jobs.stop();
      db.close();
      await Dexie.delete(db.name);
    },
  };
}

/**
 * Call once at the top of a spec file: fake servers and one rig per test, both closed after it.
 * The hooks tie a fault-steps fault (faultAt) to the running test's rig.
 */
export function rigPerTest() {
  const servers = fakeServers();
  let current: Rig | null = null;
  afterEach(async () => {
    await current?.close();
    current = null;
    await servers.closeAll();
  });
  const rig = (): Rig => {
    if (!current) throw new Error('no rig yet: open one in the test');
    return current;
  };
  return {
    servers,
    rig,
    async open(options: RigOptions): Promise<Rig> {
      current = await openRig(options);
      return current;
    },
    /** The fake server's DELE, checked against the store before it is carried out. */
    checkedDele: (async (s, args) => {
      await rig().checkDele(s.view[Number(args[0]) - 1]?.uid ?? '?');
      await s.next();
    }) satisfies FakeHandler,
    hooks: (fault: FakeHandler): FaultHooks => ({ fault, acknowledged: (n) => rig().acknowledged(n), onDele: (uid) => rig().checkDele(uid) }),
  };
}
