/**
 * What one Get mail has learnt beyond the POP state it started from: what it committed, what it
 * deleted, what it could not download. When a message breaks a session (issue 16 §1, §3, §4: it
 * arrived too big, or its reply did not match), the Get mail goes on in a new session planned from
 * this, so that it neither downloads twice what it stored nor tries again what just failed. The
 * window learns the same from the batches it commits and from fetchDone's `failed`.
 */
import type { FailedMessage } from '../../../shared/ipc/calls/fetch';
import { MAX_DOWNLOAD_ATTEMPTS, type FailureReason, type PopStateEntry } from '../../../shared/model/pop-state';

export interface Attempted {
  readonly uid: string | null;
  readonly size: number;
  /** The entry the download replaces (a headers-only copy, a message that failed before). */
  readonly reuseId?: string;
}

export class FetchMemory {
  /** By local id. */
  private readonly entries = new Map<string, PopStateEntry>();
  private readonly failures: FailedMessage[] = [];

  constructor(
    private readonly accountId: string,
    private readonly started: readonly PopStateEntry[],
    private readonly newId: () => string,
    private readonly onFailed: (failed: FailedMessage) => void,
  ) {
    for (const e of started) this.entries.set(e.localId, e);
  }

  /** The state to plan the next session of this Get mail from. */
  state(): PopStateEntry[] {
    return [...this.entries.values()];
  }

  /** Every message this Get mail could not download, as the window records it. */
  failed(): readonly FailedMessage[] {
    return this.failures;
  }

  /** A download was committed (and acknowledged). A too-big note on a headers-only copy stays. */
  stored(uid: string | null, localId: string, size: number, status: 'stored' | 'headers-only', at: number, serverAction?: PopStateEntry['serverAction']): void {
    if (uid === null) return;
    const failure = status === 'headers-only' ? this.entries.get(localId)?.failure : undefined;
    this.entries.set(localId, { accountId: this.accountId, uidl: uid, localId, downloadedAt: at, status, size, ...(failure ? { failure } : {}), ...(serverAction ? { serverAction } : {}) });
  }

  /** DELE was committed by QUIT. */
  deleted(localIds: readonly string[]): void {
    for (const id of localIds) {
      const e = this.entries.get(id);
      if (e) this.entries.set(id, { ...e, status: 'deleted-on-server' });
    }
  }

  /**
   * A message could not be downloaded. `copyId`: the headers-only copy kept of it (too big). The
   * entry counts one more attempt; within this Get mail it is not tried again. A message without
   * a uid cannot be remembered: the next check simply finds it again.
   */
  fail(message: Attempted, reason: FailureReason, detail: string, at: number, copyId?: string): void {
    if (message.uid === null) return;
    const previous = message.reuseId === undefined ? undefined : this.started.find((e) => e.localId === message.reuseId);
    const localId = copyId ?? message.reuseId ?? this.newId();
    // One line, capped: it travels back in every startFetch, whose validation takes no line breaks.
    const failure = { reason, attempts: (previous?.failure?.attempts ?? 0) + 1, at, detail: detail.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 1000) };
    const failed: FailedMessage = { uidl: message.uid, size: message.size, localId, failure };
    this.failures.push(failed);
    this.onFailed(failed);
    const status = copyId !== undefined || previous?.status === 'headers-only' ? 'headers-only' : 'failed';
    this.entries.set(localId, {
      accountId: this.accountId,
      uidl: message.uid,
      localId,
      downloadedAt: previous?.downloadedAt ?? at,
      status,
      size: message.size,
      // Not again in this Get mail, whatever attempts are left.
      failure: { ...failure, attempts: MAX_DOWNLOAD_ATTEMPTS },
    });
  }
}
