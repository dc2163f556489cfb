/**
 * When Heron checks mail by itself: once at startup (accounts that ask for it), then every
 * `checkIntervalMinutes` per account with ±10 % jitter (so accounts on one server do not knock
 * together), and 5 minutes after a locked mailbox or a "try later" answer. Never sooner than the
 * server's LOGIN-DELAY (RFC 2449 §6.5) after the last check, as the last check that logged in
 * learnt it. The clock is injected, so tests step through hours of timers in microseconds.
 */
import type { SerializedError } from '../../../../shared/ipc/result';
import type { FetchReason } from './controller';

export interface SchedulerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ScheduledAccount {
  readonly id: string;
  readonly checkAtStartup: boolean;
  /** 0 = never automatically. */
  readonly checkIntervalMinutes: number;
}

export interface SchedulerDeps {
  readonly clock: SchedulerClock;
  /** 0 ≤ random() < 1. */
  readonly random: () => number;
  readonly start: (accountId: string, reason: FetchReason) => void;
}

export const RETRY_AFTER_MS = 5 * 60_000;
export const JITTER = 0.1;
export const DEFAULT_INTERVAL_MINUTES = 10;

export interface Scheduler {
  /**
   * Accounts added, removed or changed: timers follow. The first call with any account runs the
   * startup checks (so the first account, added by the wizard, gets one; later ones do not).
   */
  sync(accounts: readonly ScheduledAccount[]): void;
  /**
   * A fetch ended: the next timed check counts from now; a temporary failure retries sooner, but
   * not sooner than `loginDelaySeconds` (the server's LOGIN-DELAY; undefined: as last known).
   */
  fetchEnded(accountId: string, error: SerializedError | null, loginDelaySeconds?: number | null): number | null;
  /** When the next automatic check of an account is due (epoch ms), if any. */
  nextAt(accountId: string): number | null;
  dispose(): void;
}

interface Entry {
  account: ScheduledAccount;
  handle: unknown;
  at: number | null;
  /** The server's LOGIN-DELAY, ms (0: none known). */
  loginDelayMs: number;
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const entries = new Map<string, Entry>();
  let started = false;

  const intervalMs = (entry: Entry): number | null => {
    const a = entry.account;
    const minutes = Number.isFinite(a.checkIntervalMinutes) ? a.checkIntervalMinutes : DEFAULT_INTERVAL_MINUTES;
    if (minutes <= 0) return null;
    const base = minutes * 60_000;
    return Math.max(entry.loginDelayMs, Math.round(base * (1 - JITTER + 2 * JITTER * deps.random())));
  };

  const arm = (entry: Entry, delay: number | null, reason: FetchReason) => {
    if (entry.handle !== null) deps.clock.clearTimeout(entry.handle);
    entry.handle = null;
    entry.at = null;
    if (delay === null) return;
    entry.at = deps.clock.now() + delay;
    entry.handle = deps.clock.setTimeout(() => {
      entry.handle = null;
      entry.at = null;
      deps.start(entry.account.id, reason);
      // Re-armed by fetchEnded; also here, so a start that never reports back cannot stop the timer.
      arm(entry, intervalMs(entry), 'timer');
    }, delay);
  };

  return {
    sync(accounts) {
      const seen = new Set<string>();
      for (const account of accounts) {
        seen.add(account.id);
        const entry = entries.get(account.id);
        if (!entry) {
          const fresh: Entry = { account, handle: null, at: null, loginDelayMs: 0 };
          entries.set(account.id, fresh);
          if (!started && account.checkAtStartup) {
            deps.start(account.id, 'startup');
          }
          arm(fresh, intervalMs(fresh), 'timer');
        } else if (entry.account.checkIntervalMinutes !== account.checkIntervalMinutes) {
          entry.account = account;
          arm(entry, intervalMs(entry), 'timer');
        } else {
          entry.account = account;
        }
      }
      for (const [id, entry] of entries) {
        if (!seen.has(id)) {
          arm(entry, null, 'timer');
          entries.delete(id);
        }
      }
      if (accounts.length > 0) started = true;
    },
    fetchEnded(accountId, error, loginDelaySeconds) {
      const entry = entries.get(accountId);
      if (!entry) return null;
      if (loginDelaySeconds !== undefined) entry.loginDelayMs = (loginDelaySeconds ?? 0) * 1000;
      const temporary = error !== null && (error.code === 'ELOCKED' || error.code === 'ETEMPORARY');
      const regular = intervalMs(entry);
      arm(entry, temporary ? Math.max(entry.loginDelayMs, Math.min(RETRY_AFTER_MS, regular ?? RETRY_AFTER_MS)) : regular, 'timer');
      return temporary ? entry.at : null;
    },
    nextAt: (accountId) => entries.get(accountId)?.at ?? null,
    dispose() {
      for (const entry of entries.values()) arm(entry, null, 'timer');
      entries.clear();
    },
  };
}
