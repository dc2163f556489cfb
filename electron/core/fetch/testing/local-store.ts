/**
 * A stand-in for the renderer's Dexie store in fetch-pipeline tests: keeps what was committed,
 * the POP state the next fetch starts from, and a timeline shared with the fake server so tests
 * can prove that DELE never reached the wire before the commit that made it safe.
 */
import type { FetchedMessage, FetchSummary } from '../../../../shared/ipc/calls/fetch';
import type { PopStateEntry } from '../../../../shared/model/pop-state';
import type { CommitOutcome } from '../session';

export type StoreFault = { kind: 'reject' | 'quota'; atBatch: number } | null;

export class LocalStore {
  readonly messages = new Map<string, { uidl: string | null; raw: Buffer; partial: boolean }>();
  popState: PopStateEntry[] = [];
  /** `ack:<uidl>` when a commit covering that UIDL succeeded; the server adds `DELE:<uidl>`. */
  readonly timeline: string[] = [];
  private batches = 0;

  constructor(
    private readonly accountId: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The commit function handed to runFetchSession; `fault` makes one batch fail. */
  committer(fault: StoreFault = null): (messages: FetchedMessage[]) => Promise<CommitOutcome> {
    return async (messages) => {
      this.batches += 1;
      if (fault && this.batches === fault.atBatch) {
        return fault.kind === 'quota'
          ? { committed: false, code: 'EQUOTA', message: 'QuotaExceededError' }
          : { committed: false, code: 'ESTORAGE', message: 'transaction aborted' };
      }
      // All or nothing, like the Dexie transaction.
      for (const m of messages) {
        this.messages.set(m.id, { uidl: m.uidl, raw: Buffer.from(m.raw), partial: m.partial });
        if (m.uidl !== null) {
          this.popState = this.popState.filter((e) => e.localId !== m.id);
          this.popState.push({
            accountId: this.accountId,
            uidl: m.uidl,
            localId: m.id,
            downloadedAt: this.now(),
            status: m.partial ? 'headers-only' : 'stored',
            size: m.size,
          });
        }
      }
      for (const m of messages) this.timeline.push(`ack:${m.uidl}`);
      return { committed: true };
    };
  }

  /** What the renderer does on fetchDone. */
  applySummary(summary: FetchSummary): void {
    const deleted = new Set(summary.deletedLocalIds);
    const gone = new Set(summary.goneLocalIds);
    this.popState = this.popState
      .filter((e) => !gone.has(e.localId))
      .map((e) => (deleted.has(e.localId) ? { ...e, status: 'deleted-on-server' as const } : e));
  }

  uidlsStored(): string[] {
    return [...this.messages.values()].map((m) => m.uidl ?? '').sort();
  }
}
