/**
 * The stall detector bench:main-loop measures main with: a setTimeout(0) loop noting every long
 * gap in the event loop, with how much of each gap the thread spent on a CPU and how much waiting
 * for one (Linux /proc schedstat). On a busy 2-core machine a long gap is often not main's own
 * work, and this tells the two apart.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** The goal of issue 4. */
export const GOAL_MS = 50;
/** Gaps at least this long are kept and explained (what main was doing, GC, CPU, run queue). */
export const NOTE_MS = 20;

export interface Stall {
  /** When the gap began, ms after the fetch started. */
  readonly atMs: number;
  readonly gapMs: number;
  /** Main thread time on a CPU and waiting for one (/proc schedstat; null where unavailable). */
  readonly onCpuMs: number | null;
  readonly runQueueMs: number | null;
  /** Main-isolate GC pauses inside the gap. */
  readonly gcMs: number;
  /** Time main spent handling fetch-worker messages (the service's handler incl. the emit) inside the gap. */
  readonly handlerMs: number;
  /** Time main spent on renderer → main calls (deserialize, dispatchCall, reply) inside the gap. */
  readonly callMs: number;
  /** With a profile: the functions with the most self time inside the gap. */
  readonly top?: ReadonlyArray<{ name: string; ms: number }>;
}

/** Main thread run time and run-queue wait in ns, from one pread of schedstat (≈2 µs). */
export function schedReader(): { read(): { runNs: number; waitNs: number } | null; close(): void } {
  let fd: number | null = null;
  try {
    fd = openSync(`/proc/${process.pid}/task/${process.pid}/schedstat`, 'r');
  } catch {
    fd = null;
  }
  const buf = Buffer.alloc(128);
  return {
    read() {
      if (fd === null) return null;
      try {
        const n = readSync(fd, buf, 0, buf.length, 0);
        const [run, wait] = buf.toString('latin1', 0, n).trim().split(' ');
        return { runNs: Number(run), waitNs: Number(wait) };
      } catch {
        return null;
      }
    },
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}

export type RawStall = Omit<Stall, 'atMs' | 'gcMs' | 'handlerMs' | 'callMs'> & { startMs: number };
interface TickGaps {
  max: number;
  ticks: number;
  over50: number;
  overNote: number;
}

/**
 * The direct stall detector: a setTimeout(0) loop (1 ms in Node) noting every long gap, with how
 * much of it main was on a CPU or waiting for one (schedstat read at every tick, ≈2 µs).
 */
export function stallDetector(sched: ReturnType<typeof schedReader>): { start(): void; stop(): { tickGap: TickGaps; stalls: RawStall[] } } {
  const stalls: RawStall[] = [];
  const tickGap: TickGaps = { max: 0, ticks: 0, over50: 0, overNote: 0 };
  let ticking = false;
  let last = 0;
  let lastSched: ReturnType<typeof sched.read> = null;
  let timer: NodeJS.Timeout | null = null;
  const tick = () => {
    const now = performance.now();
    const s = sched.read();
    const gap = now - last;
    tickGap.ticks += 1;
    tickGap.max = Math.max(tickGap.max, gap);
    if (gap > GOAL_MS) tickGap.over50 += 1;
    if (gap >= NOTE_MS) {
      tickGap.overNote += 1;
      stalls.push({
        startMs: last,
        gapMs: gap,
        onCpuMs: s && lastSched ? (s.runNs - lastSched.runNs) / 1e6 : null,
        runQueueMs: s && lastSched ? (s.waitNs - lastSched.waitNs) / 1e6 : null,
      });
    }
    last = now;
    lastSched = s;
    if (ticking) timer = setTimeout(tick, 0);
  };
  return {
    start() {
      ticking = true;
      last = performance.now();
      lastSched = sched.read();
      timer = setTimeout(tick, 0);
    },
    stop() {
      ticking = false;
      if (timer) clearTimeout(timer);
      return { tickGap, stalls };
    },
  };
}

/**
 * The same detector on an idle main for `ms`: how long the loop waits with nothing of Heron's
 * running — the machine's own load (other processes, a busy 2-core box) sets this floor.
 */
export async function idleBaseline(ms: number): Promise<{ maxGapMs: number; over50: number; overNote: number; ticks: number; maxRunQueueMs: number | null }> {
  const sched = schedReader();
  const detector = stallDetector(sched);
  detector.start();
  await new Promise((r) => setTimeout(r, ms));
  const { tickGap, stalls } = detector.stop();
  sched.close();
  const waits = stalls.map((s) => s.runQueueMs).filter((x): x is number => x !== null);
  return { maxGapMs: tickGap.max, over50: tickGap.over50, overNote: tickGap.overNote, ticks: tickGap.ticks, maxRunQueueMs: waits.length > 0 ? Math.max(...waits) : null };
}
