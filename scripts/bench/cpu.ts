/**
 * CPU time per process (Linux /proc/<pid>/stat utime + stime, all threads), so a bench can say
 * where a run's cycles went: on a 2-core machine the processes of a pipeline compete, and the
 * busiest one is not always the one whose JavaScript a profile shows.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds a process has used so far, or null when it is gone or /proc is unavailable. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * Minor page faults a process has taken so far (/proc/<pid>/stat field 10, all threads), or null.
 * Each is a page of fresh memory the kernel zeroed and mapped on first touch: a buffer of several
 * MB allocated for every batch (one the allocator maps afresh instead of reusing) costs ~250 of
 * them per MB, which the CPU figures include but do not name.
 */
export function minorFaults(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[7]);
  } catch {
    return null;
  }
}

function meter(read: (pid: number) => number | null, pids: readonly number[]): { stop(): Map<number, number | null> } {
  const start = new Map(pids.map((pid) => [pid, read(pid)]));
  return {
    stop: () =>
      new Map(
        pids.map((pid) => {
          const a = start.get(pid);
          const b = read(pid);
          return [pid, a === null || a === undefined || b === null ? null : b - a];
        }),
      ),
  };
}

/** Starts counting for the given processes; `stop()` gives each one's CPU seconds since. */
export function cpuMeter(pids: readonly number[]): { stop(): Map<number, number | null> } {
  return meter(cpuSeconds, pids);
}

/** Starts counting for the given processes; `stop()` gives each one's minor page faults since. */
export function faultMeter(pids: readonly number[]): { stop(): Map<number, number | null> } {
  return meter(minorFaults, pids);
}

/** The whole machine's busy and total CPU seconds so far (/proc/stat, all cores). */
export function systemCpu(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [, ...values] = line.trim().split(/\s+/);
    const n = values.map(Number);
    const total = n.reduce((a, b) => a + b, 0);
    const idle = (n[3] ?? 0) + (n[4] ?? 0); // idle + iowait
    return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/**
 * Waits until the disks are flushed and the machine has been quiet (under `maxBusy` of all cores)
 * for `quietMs`, or `timeoutMs` passed; says how long that took. What one contender leaves behind
 * (a browser's storage compacting, dirty pages on their way to disk) otherwise lands on the next
 * one's clock: mpop's fsync waits for every dirty page before it (seen here: one mpop run right
 * after Heron took 6.0 s, the next 2.8 s).
 */
export async function settle(opts: { quietMs?: number; maxBusy?: number; timeoutMs?: number } = {}): Promise<{ ms: number; quiet: boolean }> {
  const { quietMs = 1000, maxBusy = 0.1, timeoutMs = 20_000 } = opts;
  const started = Date.now();
  execFileSync('sync');
  let quietSince = Date.now();
  let last = systemCpu();
  // Bounded by timeoutMs.
  while (Date.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = systemCpu();
    const busy = last && now && now.total > last.total ? (now.busy - last.busy) / (now.total - last.total) : 0;
    last = now;
    if (busy > maxBusy) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietMs) return { ms: Date.now() - started, quiet: true };
  }
  return { ms: Date.now() - started, quiet: false };
}

/** Each thread's name and CPU seconds so far (/proc/<pid>/task): tid → { name, seconds }. */
function threadSeconds(pid: number): Map<number, { name: string; seconds: number }> {
  const out = new Map<number, { name: string; seconds: number }>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), { name, seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND });
    } catch {
      // The thread ended meanwhile.
    }
  }
  return out;
}

/**
 * Per-thread CPU of one process since the call, busiest first. Node names its worker threads
 * "node" like its main thread (and V8's helper threads too); the main thread is the one whose id
 * is the process id. With `poll` the threads are read every 100 ms, so one that ends before
 * `stop` (a fetch's worker ends with its fetch) still counts, up to its last reading; without,
 * only at the start and at `stop` (a process of many long-lived threads, read cheaply).
 */
export function threadMeter(pid: number, options: { poll?: boolean } = {}): { stop(): Array<{ tid: number; name: string; seconds: number }> } {
  const start = threadSeconds(pid);
  const last = new Map(start);
  const read = () => {
    for (const [tid, t] of threadSeconds(pid)) last.set(tid, t);
  };
  // Unref'd: a meter never stopped (a run that failed) must not keep the bench running.
  const timer = options.poll === false ? null : setInterval(read, 100).unref();
  return {
    stop: () => {
      if (timer) clearInterval(timer);
      read();
      return [...last]
        .map(([tid, t]) => ({ tid, name: tid === pid ? 'main thread' : t.name, seconds: t.seconds - (start.get(tid)?.seconds ?? 0) }))
        .filter((t) => t.seconds > 0)
        .sort((a, b) => b.seconds - a.seconds);
    },
  };
}
