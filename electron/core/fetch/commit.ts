/**
 * The store's answer for one batch, as the fetch session waits for it: committed, or why not. A
 * batch that was not committed ends the session without QUIT, so the server deletes nothing.
 */
import { HeronError } from '../../../shared/ipc/result';

import type { ServerRequest } from '../../../shared/ipc/store-port';

export type CommitOutcome =
  /** `server`: what rules asked of the server copies of messages in the batch. */
  | { committed: true; server?: readonly ServerRequest[] }
  | { committed: false; code: 'EQUOTA' | 'ESTORAGE' | 'ETIMEDOUT' | 'EABORTED'; message: string };

/** The store's answer, or "not committed: cancelled" as soon as the signal aborts, whichever comes first. */
export function untilAborted(answer: Promise<CommitOutcome>, signal: AbortSignal | undefined): Promise<CommitOutcome> {
  const cancelled: CommitOutcome = { committed: false, code: 'EABORTED', message: 'cancelled' };
  if (!signal) return answer;
  if (signal.aborted) return Promise.resolve(cancelled);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(cancelled);
    signal.addEventListener('abort', onAbort, { once: true });
    answer.then(
      (outcome) => {
        signal.removeEventListener('abort', onAbort);
        resolve(outcome);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export function commitError(outcome: Extract<CommitOutcome, { committed: false }>, stored: number): HeronError {
  const kept = `${stored} ${stored === 1 ? 'message' : 'messages'} stored, nothing deleted from the server`;
  if (outcome.code === 'EQUOTA') {
    return new HeronError('EQUOTA', `Disk full: ${kept}. Free some space and get mail again.`, { detail: { stored, reason: outcome.message } });
  }
  if (outcome.code === 'EABORTED') {
    return new HeronError('EABORTED', `Getting mail was cancelled: ${kept}.`, { detail: { stored } });
  }
  if (outcome.code === 'ETIMEDOUT') {
    return new HeronError('ETIMEDOUT', `Heron's window did not confirm storing the mail in time: ${kept}.`, {
      retryable: true,
      detail: { stored, reason: outcome.message },
    });
  }
  return new HeronError('ESTORAGE', `The local store could not save the mail (${outcome.message}): ${kept}.`, {
    detail: { stored },
  });
}
