/**
 * What main knows of the Outbox items it was asked to send: which are on the wire now, and each
 * one's last outcome. A window that restarts (a reload, a renderer crash) while main goes on asks
 * here before it calls anything it left 'sending' "may have been sent": main's answer is exact,
 * so only a restart of main itself leaves the person to decide. Bounded: the oldest outcomes go.
 */
import type { SendOutcome } from '../../../shared/model/draft';

export class SendLedger {
  private readonly outcomes = new Map<string, SendOutcome>();
  private readonly onWire = new Set<string>();

  constructor(private readonly maxOutcomes = 2_000) {}

  /** A send of these items starts: what an earlier try came to no longer says anything. */
  begin(ids: readonly string[]): void {
    for (const id of ids) {
      this.outcomes.delete(id);
      this.onWire.add(id);
    }
  }

  /** An item's outcome is known; answers false when it was known already (so it is reported once). */
  settle(outcome: SendOutcome): boolean {
    if (this.outcomes.has(outcome.id)) return false;
    this.outcomes.set(outcome.id, outcome);
    for (const oldest of this.outcomes.keys()) {
      if (this.outcomes.size <= this.maxOutcomes) break;
      this.outcomes.delete(oldest);
    }
    return true;
  }

  has(id: string): boolean {
    return this.outcomes.has(id);
  }

  end(ids: readonly string[]): void {
    for (const id of ids) this.onWire.delete(id);
  }

  /** For these items: the outcomes main knows, and those still being sent (the rest main never saw, or forgot). */
  state(ids: readonly string[]): { outcomes: SendOutcome[]; sending: string[] } {
    return {
      outcomes: ids.flatMap((id) => {
        const o = this.outcomes.get(id);
        return o ? [o] : [];
      }),
      sending: ids.filter((id) => this.onWire.has(id) && !this.outcomes.has(id)),
    };
  }
}
