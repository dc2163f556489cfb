/**
 * Drives getting mail from the renderer: builds the startFetch payload from Dexie, commits each
 * fetchBatch in one durable transaction and only then acknowledges it, applies fetchDone to the
 * POP state, and lets the body parser (body-parser.ts) work once no fetch is running. One
 * instance per window (installed by the shell); dependencies are injected so tests run it over
 * fake-indexeddb and a fake bridge.
 */
import { messagesOf, type FetchAccount, type FetchBatch, type FetchDone } from '../../../../shared/ipc/calls/fetch';
import { fail, type Result, type SerializedError } from '../../../../shared/ipc/result';
import type { Account } from '../../../../shared/model/account';
import type { Bridge } from '../../bridge/bridge';
import type { HeronDb } from '../../data/db';
import { accountsRepo } from '../../data/accounts-repo';
import { contactsRepo } from '../../data/contacts-repo';
import { applyFetchDone, commitFetchBatch, markCheckStarted, popStateFor, sendersOf } from '../../data/fetch-store';
import { createBodyParser, type BodyParser } from './body-parser';
import type { Address } from '../../../../shared/model/message';
import type { FetchStatusState } from './fetch-status';
import { classifyCommitError } from './storage-error';
import { log } from '../../log/logger';

export type FetchReason = 'manual' | 'timer' | 'startup';

/** How many messages a batch holds, for words about it; null when its index cannot be read (its commit failed for that). */
function batchSize(batch: FetchBatch): number | null {
  try {
    return messagesOf(batch).length;
  } catch {
    return null;
  }
}

export interface FetchControllerDeps {
  readonly bridge: Pick<Bridge, 'call' | 'subscribe'>;
  readonly db: HeronDb;
  readonly status: Pick<FetchStatusState, 'update' | 'get'>;
  readonly now?: () => number;
  /** Told when a fetch ends, so the scheduler can plan a retry. */
  readonly onDone?: (accountId: string, error: SerializedError | null) => void;
  /** How long the body parser waits before retrying a failed parse (tests shorten it). */
  readonly parseRetryDelayMs?: number;
}

export interface FetchController {
  /** Subscribes to main's fetch events; returns the unsubscribe. */
  install(): () => void;
  start(accountId: string, reason: FetchReason): Promise<Result<{ fetchId: string }>>;
  cancel(accountId: string): Promise<void>;
  /** Resolves when every batch received so far is committed and acknowledged (tests, shutdown). */
  idle(): Promise<void>;
  /** Parses fetched mail once no fetch runs. */
  readonly parser: BodyParser;
}

/**
 * What main needs of an account. The contract's inferred input type lists optional fields as
 * present-but-undefined (shared/ipc/validate.ts `v.object`), hence the explicit keys.
 */
export function toFetchAccount(a: Account) {
  const { pinnedCert, allowPlaintextPassword } = a.incoming;
  return {
    id: a.id,
    address: a.identity.address,
    incoming: { ...a.incoming, pinnedCert, allowPlaintextPassword },
    retention: a.retention,
    headersOnlyOverBytes: a.headersOnlyOverBytes,
  } satisfies FetchAccount;
}

/** Distinct senders held for the address book before they are written anyway (mid-fetch). */
export const MAX_WAITING_SENDERS = 2_000;

export function createFetchController(deps: FetchControllerDeps): FetchController {
  const now = deps.now ?? Date.now;
  // Commits run one after another per account, in the order main sent the batches.
  const queues = new Map<string, Promise<void>>();
  const enqueue = (accountId: string, work: () => Promise<void>): Promise<void> => {
    const next = (queues.get(accountId) ?? Promise.resolve()).then(work, work);
    queues.set(accountId, next);
    return next;
  };
  // Accounts with a fetch under way (started here, or whose batches arrive): the parser waits.
  const fetching = new Set<string>();
  const parser = createBodyParser({
    bridge: deps.bridge,
    db: deps.db,
    busy: () => fetching.size > 0,
    ...(deps.parseRetryDelayMs !== undefined ? { retryDelayMs: deps.parseRetryDelayMs } : {}),
  });
  const endFetching = (accountId: string): void => {
    fetching.delete(accountId);
    parser.kick();
  };

  // The address book learns senders once the mail is safe, in one write per fetch (a transaction
  // per batch cost as many store round trips as the batch itself); it never holds up a commit.
  const senders = new Map<string, Map<string, Address>>();
  const learnSenders = (accountId: string, force: boolean): void => {
    const waiting = senders.get(accountId);
    if (!waiting || waiting.size === 0 || (!force && waiting.size < MAX_WAITING_SENDERS)) return;
    senders.delete(accountId);
    void enqueue(accountId, () =>
      contactsRepo(deps.db)
        .recordReceived([...waiting.values()], now())
        .catch((error: unknown) => log.warn('Could not update the address book', error)),
    );
  };

  const onBatch = (batch: FetchBatch) => {
    fetching.add(batch.accountId);
    // The transaction starts at once, not when the batch before it is acknowledged: IndexedDB
    // runs it right after that one (same stores, so in order) without waiting for this page to
    // build it. A batch
    // committed after an earlier one failed is stored with its POP state and acknowledged as
    // such; the failure ends the session without QUIT, so nothing is deleted from the server and
    // the next fetch takes up what is missing.
    const committed = commitFetchBatch(deps.db, batch, now()).then(
      () => ({ committed: true, errorCode: undefined, errorMessage: undefined }),
      (error: unknown) => {
        log.error('Could not store fetched messages', error);
        return { committed: false, ...classifyCommitError(error, batchSize(batch)) };
      },
    );
    return enqueue(batch.accountId, async () => {
      const ack: { committed: boolean; errorCode: 'EQUOTA' | 'ESTORAGE' | undefined; errorMessage: string | undefined } = await committed;
      // Never acknowledge a batch as committed before its transaction resolved; acknowledgements go in order.
      await deps.bridge.call('ackFetchBatch', { fetchId: batch.fetchId, batchId: batch.batchId, ...ack });
      if (ack.committed) {
        const s = deps.status.get(batch.accountId);
        deps.status.update(batch.accountId, { stored: s.stored + messagesOf(batch).length });
        let waiting = senders.get(batch.accountId);
        if (!waiting) senders.set(batch.accountId, (waiting = new Map()));
        for (const a of sendersOf(batch)) waiting.set(a.address.trim().toLowerCase(), a);
        learnSenders(batch.accountId, false);
      }
    });
  };

  const onDone = (done: FetchDone) =>
    enqueue(done.accountId, async () => {
      learnSenders(done.accountId, true);
      try {
        await applyFetchDone(deps.db, done, now());
      } catch (error) {
        // The mail is stored; only the bookkeeping failed. The next fetch plans from what is kept.
        log.error('Could not record the end of a fetch', error);
      }
      deps.status.update(done.accountId, {
        fetchId: null,
        progress: null,
        lastError: done.error,
        lastFinishedAt: now(),
        // A fetch that failed part way still stored what it committed.
        lastNew: done.summary ? done.summary.newMessages.length : deps.status.get(done.accountId).stored,
        refusedTooBig: done.summary?.refusedTooBig.length ?? 0,
      });
      deps.onDone?.(done.accountId, done.error);
      endFetching(done.accountId);
    });

  return {
    install() {
      const subs = [
        deps.bridge.subscribe('fetchBatch', (b) => void onBatch(b)),
        deps.bridge.subscribe('fetchProgress', (p) => {
          const { fetchId: _f, accountId, ...progress } = p;
          deps.status.update(accountId, { progress });
        }),
        deps.bridge.subscribe('fetchDone', (d) => void onDone(d)),
      ];
      // Bodies a closed window or a crash left unparsed.
      parser.kick();
      return () => subs.forEach((unsubscribe) => unsubscribe());
    },

    async start(accountId, reason) {
      if (deps.status.get(accountId).fetchId !== null) {
        return fail('EBUSY', 'Heron is already getting mail for this account.', { retryable: true });
      }
      // Claimed before the first await, so two clicks cannot both start.
      deps.status.update(accountId, { fetchId: 'starting', stored: 0, lastError: null, retryAt: null, progress: null });
      fetching.add(accountId);
      const account = await accountsRepo(deps.db).get(accountId);
      if (!account) {
        deps.status.update(accountId, { fetchId: null });
        endFetching(accountId);
        return fail('ENOTFOUND', 'This account no longer exists.');
      }
      // Batches of an earlier fetch may still be committing: plan from the state they leave.
      await (queues.get(accountId) ?? Promise.resolve());
      const popState = await popStateFor(deps.db, accountId);
      await markCheckStarted(deps.db, accountId, now());
      const result = await deps.bridge.call('startFetch', { account: toFetchAccount(account), popState, reason });
      if (result.ok) {
        // fetchDone may already have arrived (a fast failure) and cleared the status.
        if (deps.status.get(accountId).fetchId === 'starting') deps.status.update(accountId, { fetchId: result.value.fetchId });
      } else if (result.error.code === 'EBUSY') {
        // Main is already fetching this account (started elsewhere): its events update the status.
        if (deps.status.get(accountId).fetchId === 'starting') deps.status.update(accountId, { fetchId: null });
        endFetching(accountId);
      } else {
        deps.status.update(accountId, { fetchId: null, lastError: result.error, lastFinishedAt: now() });
        endFetching(accountId);
        deps.onDone?.(accountId, result.error);
      }
      return result;
    },

    async cancel(accountId) {
      await deps.bridge.call('cancelFetch', { accountId });
    },

    parser,

    async idle() {
      // A commit finishing can queue more work behind it (the address book): wait until nothing new was queued.
      for (;;) {
        const tails = [...queues.values()];
        await Promise.all(tails);
        if ([...queues.values()].every((q, i) => q === tails[i])) return;
      }
    },
  };
}
