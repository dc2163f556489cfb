/**
 * Progress of a long piece of work (an import, an export, a backup, a restore): counts, bytes and
 * the time left, estimated from the bytes done so far; reported at most a few times a second so a
 * large import does not flood the window with events.
 */
import type { WorkProgress } from '../../../shared/model/own-mail';


const EVERY_MS = 250;
/** Too early to estimate: the first moments say little about the rate. */
const MIN_ELAPSED_MS = 500;

export class ProgressClock {
  private readonly started: number;
  private last = -Infinity;

  constructor(
    private readonly now: () => number,
    private readonly sink: ((progress: WorkProgress) => void) | undefined,
  ) {
    this.started = now();
  }

  /** `bytesDone` past `bytesTotal` means finished: always reported, with no time left. */
  report(p: Omit<WorkProgress, 'etaMs'>): void {
    if (!this.sink) return;
    const t = this.now();
    const finished = p.bytesDone >= p.bytesTotal;
    if (!finished && t - this.last < EVERY_MS) return;
    this.last = t;
    const elapsed = t - this.started;
    const etaMs = finished ? 0 : elapsed >= MIN_ELAPSED_MS && p.bytesDone > 0 ? Math.round(((p.bytesTotal - p.bytesDone) * elapsed) / p.bytesDone) : null;
    this.sink({ ...p, bytesDone: Math.min(p.bytesDone, p.bytesTotal), etaMs });
  }
}
