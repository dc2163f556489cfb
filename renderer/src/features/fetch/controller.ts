/**
 * Getting mail, as the window sees it: it asks main to start or cancel a fetch, and keeps each
 * account's status (progress, the end, the last error) from main's events. The mail itself goes
 * from main to the store worker and never through this thread (README, "Architecture"); the list
 * shows it through its live queries. One instance per window; dependencies are injected so tests
 * run it over fake-indexeddb and a fake bridge.
 */
import type { FetchAccount, FetchDone } from '../../../../shared/ipc/calls/fetch';
import { fail, type Result, type SerializedError } from '../../../../shared/ipc/result';
import type { Account } from '../../../../shared/model/account';
import type { Bridge } from '../../bridge/bridge';
import { accountsRepo } from '../../data/accounts-repo';
import type { HeronDb } from '../../data/db';
import type { FetchStatusState } from './fetch-status';

export type FetchReason = 'manual' | 'timer' | 'startup';

export interface FetchControllerDeps {
  readonly bridge: Pick<Bridge, 'call' | 'subscribe'>;
  readonly db: HeronDb;
  readonly status: Pick<FetchStatusState, 'update' | 'get'>;
  readonly now?: () => number;
  /** Told when a fetch ends, so the scheduler can plan a retry (and learn the server's login delay; undefined: not learnt). */
  readonly onDone?: (accountId: string, error: SerializedError | null, loginDelaySeconds?: number | null) => void;
}

export interface FetchController {
  /** Subscribes to main's fetch events; returns the unsubscribe. */
  install(): () => void;
  start(accountId: string, reason: FetchReason): Promise<Result<{ fetchId: string }>>;
  cancel(accountId: string): Promise<void>;
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

export function createFetchController(deps: FetchControllerDeps): FetchController {
  const now = deps.now ?? Date.now;

  const onDone = (done: FetchDone): void => {
    deps.status.update(done.accountId, {
      fetchId: null,
      progress: null,
      lastError: done.error,
      lastFinishedAt: now(),
      // A fetch that failed part way still stored what it committed.
      lastNew: done.summary ? done.summary.newMessages.length : deps.status.get(done.accountId).stored,
      refusedTooBig: done.summary?.refusedTooBig.length ?? 0,
      ...(done.summary ? { loginDelaySeconds: done.summary.loginDelaySeconds ?? null } : {}),
    });
    deps.onDone?.(done.accountId, done.error, done.summary ? (done.summary.loginDelaySeconds ?? null) : undefined);
  };

  return {
    install() {
      const subs = [
        deps.bridge.subscribe('fetchProgress', (p) => {
          const { fetchId: _f, accountId, ...progress } = p;
          // The worker counts a message done once the store acknowledged its batch as committed.
          deps.status.update(accountId, { progress, stored: progress.messagesDone });
        }),
        deps.bridge.subscribe('fetchDone', onDone),
      ];
      return () => subs.forEach((unsubscribe) => unsubscribe());
    },

    async start(accountId, reason) {
      if (deps.status.get(accountId).fetchId !== null) {
        return fail('EBUSY', 'Heron is already getting mail for this account.', { retryable: true });
      }
      // Claimed before the first await, so two clicks cannot both start.
      deps.status.update(accountId, { fetchId: 'starting', stored: 0, lastError: null, retryAt: null, progress: null });
      const account = await accountsRepo(deps.db).get(accountId);
      if (!account) {
        deps.status.update(accountId, { fetchId: null });
        return fail('ENOTFOUND', 'This account no longer exists.');
      }
      // Main plans from the POP state the store kept, after whatever the store is still writing.
      const result = await deps.bridge.call('startFetch', { account: toFetchAccount(account), reason });
      if (result.ok) {
        // fetchDone may already have arrived (a fast failure) and cleared the status.
        if (deps.status.get(accountId).fetchId === 'starting') deps.status.update(accountId, { fetchId: result.value.fetchId });
      } else if (result.error.code === 'EBUSY') {
        // Main is already fetching this account (started elsewhere): its events update the status.
        if (deps.status.get(accountId).fetchId === 'starting') deps.status.update(accountId, { fetchId: null });
      } else {
        deps.status.update(accountId, { fetchId: null, lastError: result.error, lastFinishedAt: now() });
        deps.onDone?.(accountId, result.error);
      }
      return result;
    },

    async cancel(accountId) {
      await deps.bridge.call('cancelFetch', { accountId });
    },
  };
}
