/**
 * The fault matrix's axes (issue 4, issue 15 §3), shared by its rows in e2e/fetch-matrix/: the
 * connection dropped and the worker thread killed at every step below, the store failing at each
 * batch, in every mode — each run through main's fetch service and the renderer's real commit.
 *
 * The mailbox spans several commits (MATRIX_BATCH messages each, the session's `batchSize`), and
 * an acknowledgement reaches main only once the next batch went to the window (the app's order:
 * the worker downloads on while the window commits). So a step gated on `afterAcks` batches strikes
 * once those are committed and acknowledged and the one after them is in the window's hands: what is
 * stored then is exactly `storedAtFault`.
 */
import type { RetentionPolicy } from '../../../../shared/model/account';
import type { FakeHandler } from '../../pop3/testing/fake-server';

/** Messages in the matrix's mailbox, and per batch: batches [1 2] [3 4] [5 6] [7]. */
export const MATRIX_MESSAGES = 7;
export const MATRIX_BATCH = 2;

/** The mailbox: bytes that exercise dot-stuffing and lines that look like status replies. */
export const MATRIX_MAILBOX: readonly Buffer[] = Array.from({ length: MATRIX_MESSAGES }, (_, i) => i + 1).map((n) =>
  Buffer.from(
    `From: Sender ${n} <s${n}@example.com>\r\nTo: alice@example.com\r\nSubject: Message ${n}\r\n` +
      `Date: Sat, 21 Nov 2026 10:0${n}:00 +0000\r\nMessage-ID: <m${n}@example.com>\r\n\r\n` +
      `Line one of ${n}\r\n.\r\n..two dots\r\n+OK not a status\r\n-ERR not an error\r\n`,
  ),
);

/** `uid-a` … `uid-b`, the fake server's UIDLs of messages a to b. */
export function uids(from: number, to: number): string[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => `uid-${from + i}`);
}

export interface SessionStep {
  readonly name: string;
  /** The command whose arrival at the server is the moment of the fault. */
  readonly verb: string;
  readonly when: (args: readonly string[]) => boolean;
  /** The fault waits until this many batches of the session were acknowledged as committed to main. */
  readonly afterAcks: number;
  /** The UIDLs stored on this computer once the broken session has ended. */
  readonly storedAtFault: readonly string[];
}

const ALL = uids(1, MATRIX_MESSAGES);

export const SESSION_STEPS: readonly SessionStep[] = [
  { name: 'after the greeting, at CAPA', verb: 'CAPA', when: () => true, afterAcks: 0, storedAtFault: [] },
  { name: 'at USER', verb: 'USER', when: () => true, afterAcks: 0, storedAtFault: [] },
  { name: 'at PASS', verb: 'PASS', when: () => true, afterAcks: 0, storedAtFault: [] },
  { name: 'at STAT', verb: 'STAT', when: () => true, afterAcks: 0, storedAtFault: [] },
  { name: 'at LIST', verb: 'LIST', when: () => true, afterAcks: 0, storedAtFault: [] },
  { name: 'at UIDL', verb: 'UIDL', when: () => true, afterAcks: 0, storedAtFault: [] },
  { name: 'at the first RETR', verb: 'RETR', when: (a) => a[0] === '1', afterAcks: 0, storedAtFault: [] },
  // Batch 1 acknowledged, batch 2 (3–4) in the window, message 5 not yet sent.
  { name: 'at RETR 5, after batch 1 was committed and acknowledged', verb: 'RETR', when: (a) => a[0] === '5', afterAcks: 1, storedAtFault: uids(1, 4) },
  { name: 'at the last RETR, after batch 2 was committed and acknowledged', verb: 'RETR', when: (a) => a[0] === String(MATRIX_MESSAGES), afterAcks: 2, storedAtFault: uids(1, 6) },
  { name: 'at the first DELE', verb: 'DELE', when: (a) => a[0] === '1', afterAcks: 0, storedAtFault: ALL },
  { name: 'at the last DELE', verb: 'DELE', when: (a) => a[0] === String(MATRIX_MESSAGES), afterAcks: 0, storedAtFault: ALL },
  { name: 'at QUIT', verb: 'QUIT', when: () => true, afterAcks: 0, storedAtFault: ALL },
];

export interface StoreFaultStep {
  readonly name: string;
  readonly kind: 'reject' | 'quota';
  /** The batch whose transaction fails (1-based). */
  readonly atBatch: number;
  /**
   * Stored once the session has ended: every batch but the failed one that reached the window
   * before the failure reached the worker (that is, up to the batch after it).
   */
  readonly storedAtFault: readonly string[];
}

export const STORE_FAULTS: readonly StoreFaultStep[] = [
  { name: 'the commit of batch 1 fails', kind: 'reject', atBatch: 1, storedAtFault: uids(3, 4) },
  { name: 'the commit of batch 2 fails', kind: 'reject', atBatch: 2, storedAtFault: [...uids(1, 2), ...uids(5, 6)] },
  { name: 'the disk is full at batch 3', kind: 'quota', atBatch: 3, storedAtFault: [...uids(1, 4), ...uids(7, 7)] },
];

export const FAULT_MODES: Readonly<Record<string, RetentionPolicy>> = {
  'keep forever': { mode: 'keep', keepDays: null, deleteWhenDeletedHere: true },
  'keep 0 days': { mode: 'keep', keepDays: 0, deleteWhenDeletedHere: false },
  'delete after download': { mode: 'delete', keepDays: null, deleteWhenDeletedHere: true },
};

/** Whether a mode deletes what it just downloaded: keep-forever sends no DELE, so it has no DELE step to break. */
export function deletesAfterDownload(retention: RetentionPolicy): boolean {
  return retention.mode === 'delete' || retention.keepDays === 0;
}

/** The steps a session in this mode goes through. */
export function stepsIn(retention: RetentionPolicy): readonly SessionStep[] {
  return deletesAfterDownload(retention) ? SESSION_STEPS : SESSION_STEPS.filter((s) => s.verb !== 'DELE');
}

export interface FaultHooks {
  /** What breaks (drop the socket, kill the worker). */
  readonly fault: FakeHandler;
  /** Resolves once `n` batches were acknowledged as committed (the step's gate). */
  readonly acknowledged: (n: number) => Promise<void>;
  /** Shown every DELE the server carries out (its UID) before it answers, so a test can check it came after that message's commit. */
  readonly onDele: (uid: string) => void | Promise<void>;
}

/** The fake server's overrides for one fault: `fault` the first time `step` comes (once its gate is open), the normal answer otherwise. */
export function faultAt(step: SessionStep, hooks: FaultHooks): Partial<Record<string, FakeHandler>> {
  let armed = true;
  const dele: FakeHandler = async (s, args) => {
    await hooks.onDele(s.view[Number(args[0]) - 1]?.uid ?? '?');
    await s.next();
  };
  const normal: FakeHandler = step.verb === 'DELE' ? dele : (s) => s.next();
  return {
    DELE: dele,
    [step.verb]: async (s, args, line) => {
      if (armed && step.when(args)) {
        armed = false;
        await hooks.acknowledged(step.afterAcks);
        await hooks.fault(s, args, line);
        return;
      }
      await normal(s, args, line);
    },
  };
}
