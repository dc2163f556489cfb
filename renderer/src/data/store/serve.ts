/**
 * The store worker's work (README, "Architecture"): it answers main over the store port
 * (shared/ipc/store-port.ts) and writes what mail brings — fetched batches and their POP state,
 * outgoing messages main built — off the window's thread. Each fetched
 * batch is decoded here and committed in one strict transaction (fetch-store.ts), and only a
 * resolved commit is acknowledged — main lets the worker DELE only then. The window's live queries
 * see every commit (Dexie tells every context of the origin), so nothing is posted to it.
 *
 * Order is kept per account: a batch's transaction starts once the one before it is done (reads of
 * the window then wait for one write, not a queue of them), its acknowledgement goes once the ones
 * before it went, and a fetch's end or a plan waits for the batches that came before it.
 */
import { releaseBuffer } from '../../../../shared/bytes';
import { decodeMailBatch } from '../../../../shared/ipc/mail-batch';
import { serializeError } from '../../../../shared/ipc/result';
import type { CommitAnswer, FromStore, StoreRequest, ToStore } from '../../../../shared/ipc/store-port';
import type { FetchedMessage } from '../../../../shared/model/fetched-message';
import type { Address } from '../../../../shared/model/message';
import { contactsRepo } from '../contacts-repo';
import type { HeronDb } from '../db';
import { applyFetchDone, commitFetched, markCheckStarted, popStateFor, sendersOf } from '../fetch-store';
import { outboxRepo } from '../outbox-repo';
import { addPopState, countScope, exportPage, importPlaceOf, restoreSnapshot, snapshotOf, storedAmong, storeIsEmpty } from '../own-store';
import { createRendererLogger, type RendererLogger } from '../../log/logger';
import { storedBodyText } from '../../../../shared/model/body-text';
import { MAX_INDEXED_TEXT } from '../search/doc-terms';
import type { SearchIndexer } from '../search/indexer';
import { classifyCommitError } from './storage-error';
import { indexWhenQuiet } from './index-when-quiet';

/** The port as the worker sees it (a web MessagePort; in tests, one end of a MessageChannel). */
export interface StoreWorkerPort {
  postMessage(message: FromStore): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  start(): void;
}

export interface StoreService {
  /** Resolves once everything that arrived so far is written and answered (tests, shutdown). */
  idle(): Promise<void>;
}

/** Distinct senders held for the address book before they are written anyway (mid-fetch). */
export const MAX_WAITING_SENDERS = 2_000;

export interface StoreOptions {
  readonly now?: () => number;
  /** Default: the worker's console, and main's log file through the port. */
  readonly log?: Pick<RendererLogger, 'warn' | 'error'>;
  /** Kept up to date with what is stored (search/indexer.ts); none in tests about other things. */
  readonly indexer?: SearchIndexer;
}

export function serveStore(db: HeronDb, port: StoreWorkerPort, options: StoreOptions = {}): StoreService {
  const now = options.now ?? Date.now;
  const log = options.log ?? createRendererLogger({ send: (level, message) => port.postMessage({ type: 'log', level, message }), console: globalThis.console });
  const queues = new Map<string, Promise<void>>();
  const writing = new Map<string, Promise<void>>();
  const { indexer } = options;
  // Indexing runs in transactions of its own once the batches pause (index-when-quiet.ts), never before an acknowledgement.
  const index = () => {
    indexer?.catchUp().catch((error: unknown) => log.warn('Could not bring the search index up to date', error));
  };
  // What was stored while no indexer ran (a crash, a start before any search) is indexed now.
  index();
  const quiet = indexWhenQuiet(index);
  const enqueue = (accountId: string, work: () => Promise<void>): Promise<void> => {
    const next = (queues.get(accountId) ?? Promise.resolve()).then(work, work);
    queues.set(accountId, next);
    return next;
  };

  // The address book learns senders once their mail is safe, in one write per fetch (a
  // transaction per batch would cost as many store round trips as the batch itself).
  const senders = new Map<string, Map<string, Address>>();
  const learnSenders = (accountId: string, messages: readonly FetchedMessage[], force: boolean): Promise<void> | undefined => {
    let waiting = senders.get(accountId);
    if (!waiting) senders.set(accountId, (waiting = new Map()));
    for (const a of sendersOf(messages)) waiting.set(a.address.trim().toLowerCase(), a);
    if (waiting.size === 0 || (!force && waiting.size < MAX_WAITING_SENDERS)) return undefined;
    senders.delete(accountId);
    return contactsRepo(db)
      .recordReceived([...waiting.values()], now())
      .catch((error: unknown) => log.warn('Could not update the address book', error));
  };

  const commit = (m: Extract<ToStore, { type: 'commit' }>) => {
    let messages: FetchedMessage[] | null = null;
    quiet.began();
    // One batch's transaction at a time: a read the window begins waits for the write under way
    // only, not for every batch that arrived behind it.
    const written = (writing.get(m.accountId) ?? Promise.resolve())
      .then(() => commitFetched(db, m.accountId, (messages = decodeMailBatch(m)), now(), m.mark))
      .then(
        (arrival): CommitAnswer =>
          arrival.server.size === 0 ? { committed: true } : { committed: true, server: [...arrival.server].map(([localId, action]) => ({ localId, action })) },
        (error: unknown): CommitAnswer => {
          log.error('Could not store fetched messages', error);
          // How many messages the batch holds, for words about it; null when it could not even be read.
          return { committed: false, ...classifyCommitError(error, messages?.length ?? null) };
        },
      );
    written.catch(() => undefined);
    writing.set(m.accountId, written.then(() => undefined));
    void enqueue(m.accountId, async () => {
      const answer = await written;
      // Never acknowledged as committed before its transaction resolved; acknowledgements go in order.
      port.postMessage({ type: 'committed', commitId: m.commitId, ...answer });
      if (answer.committed && messages) {
        // The text the fetch worker read, so the indexer does not read it back from the store.
        for (const f of messages)
          if (f.content && indexer?.wantsContent) indexer.offer(f.id, { text: storedBodyText(f.raw, f.content.body, MAX_INDEXED_TEXT), html: null, attachmentNames: f.content.attachments.map((a) => a.meta.filename) });
      }
      quiet.ended();
      const learnt = answer.committed && messages ? learnSenders(m.accountId, messages, false) : undefined;
      // The batch's bytes are in the store now (or never will be): their memory goes back at once.
      for (const array of [m.raw, m.parts, m.index]) releaseBuffer(array.buffer);
      await learnt;
    });
  };

  const run = async (request: StoreRequest): Promise<unknown> => {
    switch (request.kind) {
      case 'plan':
        await markCheckStarted(db, request.accountId, now());
        return popStateFor(db, request.accountId);
      case 'queue':
        await outboxRepo(db).enqueue({ ...request.item, raw: request.raw }, now());
        index();
        return undefined;
      case 'outgoing': {
        const outbox = outboxRepo(db);
        const rows = (await Promise.all(request.ids.map((id) => outbox.get(id)))).filter((r) => r !== undefined);
        const bytes = await outbox.bytes(rows);
        return rows.flatMap((r) => {
          const raw = bytes.get(r.id);
          return raw ? [{ id: r.id, raw }] : [];
        });
      }
      case 'stored':
        return storedAmong(db, request.questions);
      case 'importPlace':
        return importPlaceOf(db, request.importId);
      case 'exportCount':
        return countScope(db, request.scope);
      case 'exportPage':
        return exportPage(db, request.scope, request.after);
      case 'snapshot':
        return snapshotOf(db);
      case 'isEmpty':
        return storeIsEmpty(db);
      case 'restore':
        await restoreSnapshot(db, request.snapshot, request.restoreId);
        return undefined;
      case 'addPopState':
        await addPopState(db, request.accountId, request.entries);
        return undefined;
    }
  };

  const answer = async (requestId: string, request: StoreRequest): Promise<void> => {
    try {
      port.postMessage({ type: 'answer', requestId, ok: true, value: await run(request) });
    } catch (error) {
      port.postMessage({ type: 'answer', requestId, ok: false, error: serializeError(error) });
    }
  };

  port.addEventListener('message', (event) => {
    const m = event.data as ToStore;
    switch (m.type) {
      case 'commit':
        commit(m);
        return;
      case 'done':
        void enqueue(m.done.accountId, async () => {
          await learnSenders(m.done.accountId, [], true);
          try {
            await applyFetchDone(db, m.done, now());
          } catch (error) {
            // The mail is stored; only the bookkeeping failed. The next fetch plans from what is kept.
            log.error('Could not record the end of a fetch', error);
          }
        });
        return;
      case 'request':
        void enqueue(m.request.accountId, () => answer(m.requestId, m.request));
        return;
    }
  });
  port.start();

  return {
    async idle() {
      // Work finishing can queue more behind it: wait until nothing new was queued.
      for (;;) {
        const tails = [...queues.values()];
        await Promise.all(tails);
        if ([...queues.values()].every((q, i) => q === tails[i])) return;
      }
    },
  };
}
