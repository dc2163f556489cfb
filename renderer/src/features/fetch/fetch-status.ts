/**
 * UI state of getting mail, per account (STYLE.md §8: zustand holds what is on screen, Dexie the
 * mail): whether a fetch runs, how far it got, and the last failure in main's words.
 */
import { create } from 'zustand';
import type { FetchProgress } from '../../../../shared/ipc/calls/fetch';
import type { SerializedError } from '../../../../shared/ipc/result';

export interface AccountFetchStatus {
  /** Set while a fetch runs (between startFetch and fetchDone). */
  readonly fetchId: string | null;
  readonly progress: Omit<FetchProgress, 'fetchId' | 'accountId'> | null;
  /** Messages committed locally in the current (or last) fetch. */
  readonly stored: number;
  readonly lastError: SerializedError | null;
  /** When an automatic retry is planned (ELOCKED/ETEMPORARY), epoch ms. */
  readonly retryAt: number | null;
  readonly lastFinishedAt: number | null;
  /** New messages the last finished fetch stored (null before the first). */
  readonly lastNew: number | null;
  /** Messages over the safety cap that the last fetch left on the server. */
  readonly refusedTooBig: number;
  /** The server's LOGIN-DELAY in seconds, as the last fetch that logged in found it (null: none). */
  readonly loginDelaySeconds: number | null;
}

export const IDLE: AccountFetchStatus = { fetchId: null, progress: null, stored: 0, lastError: null, retryAt: null, lastFinishedAt: null, lastNew: null, refusedTooBig: 0, loginDelaySeconds: null };

export interface FetchStatusState {
  readonly byAccount: Readonly<Record<string, AccountFetchStatus>>;
  update(accountId: string, change: Partial<AccountFetchStatus>): void;
  get(accountId: string): AccountFetchStatus;
}

export const useFetchStatus = create<FetchStatusState>()((set, get) => ({
  byAccount: {},
  update: (accountId, change) =>
    set((s) => ({ byAccount: { ...s.byAccount, [accountId]: { ...(s.byAccount[accountId] ?? IDLE), ...change } } })),
  get: (accountId) => get().byAccount[accountId] ?? IDLE,
}));

/** For a component: one account's status (stable IDLE when none). */
export function useAccountFetchStatus(accountId: string): AccountFetchStatus {
  return useFetchStatus((s) => s.byAccount[accountId] ?? IDLE);
}
