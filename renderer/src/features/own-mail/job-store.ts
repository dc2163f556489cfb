/**
 * The one import, export, backup or restore main is running for this window, as its events tell
 * it (main runs one at a time), and how the last one ended.
 */
import { create } from 'zustand';
import type { OwnMailDone, OwnMailProgress } from '../../../../shared/ipc/calls/own';
import type { Bridge } from '../../bridge/bridge';
import { accountsRepo } from '../../data/accounts-repo';
import type { HeronDb } from '../../data/db';

interface OwnMailJobState {
  /** The person asked for Your mail (the File menu, the welcome screen): the section comes into view once, and clears it. */
  readonly showPending: boolean;
  /** The running job's id (set when main answers the call, before its first progress). */
  readonly running: { readonly jobId: string; readonly progress: OwnMailProgress | null } | null;
  readonly last: OwnMailDone | null;
}

export const useOwnMailJob = create<OwnMailJobState>(() => ({ showPending: false, running: null, last: null }));

/**
 * Main answered the call with the job's id. A short job's events can arrive before that answer:
 * a job already running (its progress came first) or already ended is left as its events say.
 */
export function jobStarted(jobId: string): void {
  useOwnMailJob.setState((s) => (s.last?.jobId === jobId || s.running?.jobId === jobId ? s : { running: { jobId, progress: null }, last: null }));
}

/** Brings Settings › Your mail into view (the File menu, the welcome screen). */
export function showOwnMail(): void {
  useOwnMailJob.setState({ showPending: true });
}

/** Follows main's events (`onDone` is told each end); returns the unsubscribe. */
export function followOwnMail(bridge: Pick<Bridge, 'subscribe'>, onDone?: (done: OwnMailDone) => void, onShow?: () => void): () => void {
  const offShow = bridge.subscribe('showOwnMail', () => {
    onShow?.();
    showOwnMail();
  });
  const offProgress = bridge.subscribe('ownMailProgress', (progress) => {
    useOwnMailJob.setState({ running: { jobId: progress.jobId, progress } });
  });
  const offDone = bridge.subscribe('ownMailDone', (done) => {
    useOwnMailJob.setState({ running: null, last: done });
    onDone?.(done);
  });
  return () => {
    offShow();
    offProgress();
    offDone();
  };
}

/**
 * After moving from Thunderbird: the picked accounts are created now that their mail and POP state
 * are stored (their passwords were set before the import), so their first check downloads only
 * what Thunderbird had not. A cancelled or failed move creates none.
 */
export async function createMovedAccounts(done: OwnMailDone, db: HeronDb, now: number = Date.now()): Promise<void> {
  if (done.outcome?.kind !== 'thunderbird' || done.outcome.cancelled) return;
  const repo = accountsRepo(db);
  for (const moved of done.outcome.accounts) {
    if (await repo.get(moved.accountId)) continue;
    await repo.put({ ...moved.account, id: moved.accountId, order: await repo.nextOrder(), createdAt: now });
  }
}
