/**
 * The window's one fetch controller and scheduler, over the app's bridge and database. The shell
 * calls `useFetching(accounts)` once (shell/background.ts); buttons call `getMail` / `cancelMail`.
 */
import { useEffect, useRef } from 'react';
import { getBridge } from '../../bridge/bridge';
import { getDb } from '../../data/db';
import type { AccountRow } from '../../data/rows';
import { createFetchController, type FetchController, type FetchReason } from './controller';
import { useFetchStatus } from './fetch-status';
import { createScheduler, type Scheduler } from './scheduler';

let runtime: { controller: FetchController; scheduler: Scheduler } | null = null;

function getRuntime() {
  if (runtime) return runtime;
  const status = useFetchStatus.getState();
  let scheduler: Scheduler | null = null;
  const controller = createFetchController({
    bridge: getBridge(),
    db: getDb(),
    status,
    onDone: (accountId, error, loginDelaySeconds) => {
      const retryAt = scheduler?.fetchEnded(accountId, error, loginDelaySeconds) ?? null;
      useFetchStatus.getState().update(accountId, { retryAt });
    },
  });
  scheduler = createScheduler({
    clock: { now: Date.now, setTimeout: (fn, ms) => window.setTimeout(fn, ms), clearTimeout: (h) => window.clearTimeout(h as number) },
    random: Math.random,
    // EBUSY (already fetching) is fine for a timer: that fetch brings the mail.
    start: (accountId, reason) => void controller.start(accountId, reason),
  });
  // Lives as long as the window: events are handled even while no list is on screen.
  controller.install();
  runtime = { controller, scheduler };
  return runtime;
}

export function getMail(accountIds: readonly string[], reason: FetchReason = 'manual'): void {
  const { controller } = getRuntime();
  for (const id of accountIds) void controller.start(id, reason);
}

export function cancelMail(accountId: string): void {
  void getRuntime().controller.cancel(accountId);
}

/** Keeps the timers in step with the accounts (the first call runs the startup checks). */
export function useFetching(accounts: readonly AccountRow[] | undefined): void {
  const key = accounts?.map((a) => `${a.id}:${a.checkAtStartup ? 1 : 0}:${a.checkIntervalMinutes}`).join(',');
  // The key captures what the timers depend on; `accounts` is a new array on every store change.
  const latest = useRef(accounts);
  latest.current = accounts;
  useEffect(() => {
    if (latest.current) getRuntime().scheduler.sync(latest.current);
  }, [key]);
}
