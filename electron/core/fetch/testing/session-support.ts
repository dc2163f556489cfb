/**
 * Shared by the fetch session's own tests: a mailbox, an account on a fake server, and the
 * session's commit seam as a recorder that stores nothing (the store's side is proved end to end
 * in e2e/fetch-matrix/). Used by tests only.
 */
import { randomUUID } from 'node:crypto';
import type { FailedMessage, FetchAccount, FetchSummary } from '../../../../shared/ipc/calls/fetch';
import type { FetchedMessage } from '../../../../shared/model/fetched-message';
import type { RetentionPolicy } from '../../../../shared/model/account';
import type { PopStateEntry } from '../../../../shared/model/pop-state';
import type { FakePop3 } from '../../pop3/testing/fake-server';
import { readMessage } from '../read-message';
import type { CommitOutcome } from '../commit';
import { runFetchSession } from '../session';
import type { FetchSessionOptions } from '../session-options';

/** Five messages whose bytes exercise dot-stuffing and status-looking body lines. */
export const MAILBOX = [1, 2, 3, 4, 5].map((n) =>
  Buffer.from(
    `From: Sender ${n} <s${n}@example.com>\r\nTo: alice@example.com\r\nSubject: Message ${n}\r\n` +
      `Date: Sat, 21 Nov 2026 10:0${n}:00 +0000\r\nMessage-ID: <m${n}@example.com>\r\n\r\n` +
      `Line one of ${n}\r\n.\r\n..two dots\r\n+OK not a status\r\n-ERR not an error\r\n`,
  ),
);

export const KEEP: RetentionPolicy = { mode: 'keep', keepDays: null, deleteWhenDeletedHere: true };
export const DELETE: RetentionPolicy = { mode: 'delete', keepDays: null, deleteWhenDeletedHere: true };

export function account(server: FakePop3, retention: RetentionPolicy): FetchAccount {
  return {
    id: 'acc1',
    address: 'alice@example.com',
    incoming: { protocol: 'pop3', host: server.host, port: server.port, security: 'none', username: 'alice', auth: 'user', allowPlaintextPassword: true },
    retention,
    headersOnlyOverBytes: null,
  };
}

/**
 * The session's commit seam: records every batch it is handed and answers on a later turn of the
 * event loop (the window answers over IPC), with `outcome` for the nth batch. It stores nothing.
 */
export function recorder(outcome: (batch: number) => CommitOutcome = () => ({ committed: true })) {
  const batches: FetchedMessage[][] = [];
  return {
    batches,
    commit: async (messages: FetchedMessage[]): Promise<CommitOutcome> => {
      const n = batches.push(messages);
      await new Promise((resolve) => setImmediate(resolve));
      return outcome(n);
    },
    /** Every message handed over, as text, sorted. */
    texts: () => batches.flat().map((m) => Buffer.from(m.raw).toString('latin1')).sort(),
  };
}

export type Recorder = ReturnType<typeof recorder>;

export async function fetchWith(server: FakePop3, retention: RetentionPolicy, commit: Recorder, batchSize = 2): Promise<FetchSummary> {
  return runFetchSession({
    account: account(server, retention),
    secret: { password: 'secret' },
    popState: [],
    commit: commit.commit,
    read: readMessage,
    newId: randomUUID,
    batchSize,
    connect: { timeouts: { connectMs: 2000, greetingMs: 2000, commandMs: 5000, idleMs: 5000 } },
  });
}

/** One Get mail with everything it reports: the summary or the error, the batches, the messages it could not download. */
export async function getMail(
  server: FakePop3,
  over: Partial<FetchSessionOptions> & { retention?: RetentionPolicy; headersOnlyOverBytes?: number | null; store?: Recorder } = {},
): Promise<{ summary: FetchSummary | null; error: (Error & { code?: string }) | null; failed: FailedMessage[]; store: Recorder }> {
  const store = over.store ?? recorder();
  const failed: FailedMessage[] = [];
  const { retention = KEEP, headersOnlyOverBytes = null, store: _s, ...rest } = over;
  try {
    const summary = await runFetchSession({
      account: { ...account(server, retention), headersOnlyOverBytes },
      secret: { password: 'secret' },
      popState: [],
      commit: store.commit,
      read: readMessage,
      newId: randomUUID,
      batchSize: 2,
      connect: { timeouts: { connectMs: 2000, greetingMs: 2000, commandMs: 2000, idleMs: 2000 } },
      onFailed: (f) => failed.push(f),
      ...rest,
    });
    return { summary, error: null, failed, store };
  } catch (error) {
    return { summary: null, error: error as Error & { code?: string }, failed, store };
  }
}

/**
 * The POP state a window would hold after these Get mails (as fetch-store.ts records it): each
 * stored copy's entry, deletions marked, failures on their entries. For planning the next one.
 */
export function stateAfter(runs: ReadonlyArray<Awaited<ReturnType<typeof getMail>>>, at = Date.now()): PopStateEntry[] {
  const entries = new Map<string, PopStateEntry>();
  for (const run of runs) {
    for (const m of run.store.batches.flat()) {
      if (m.uidl === null) continue;
      entries.set(m.id, { accountId: 'acc1', uidl: m.uidl, localId: m.id, downloadedAt: at, status: m.partial ? 'headers-only' : 'stored', size: m.size });
    }
    for (const id of run.summary?.deletedLocalIds ?? []) {
      const e = entries.get(id);
      if (e && e.status !== 'headers-only') entries.set(id, { ...e, status: 'deleted-on-server' });
    }
    for (const id of run.summary?.goneLocalIds ?? []) entries.delete(id);
    for (const f of run.failed) {
      const e = entries.get(f.localId);
      entries.set(f.localId, e ? { ...e, failure: f.failure } : { accountId: 'acc1', uidl: f.uidl, localId: f.localId, downloadedAt: f.failure.at, status: 'failed', size: f.size, failure: f.failure });
    }
  }
  return [...entries.values()];
}
