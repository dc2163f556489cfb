/**
 * Measures the fetch worker thread from inside (a worker's memory is not a process of its own, so
 * /proc cannot tell it apart from main): while the bench runs, every `new Worker(<fetch worker>)`
 * starts a small wrapper instead that samples the thread's own V8 heap and event-loop utilization
 * and reports them on a BroadcastChannel, then loads the real bundle unchanged.
 *
 * The wrapper also drops tsx's loader flags from the worker (the app's worker has none).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type * as WorkerThreads from 'node:worker_threads';
import type { WorkerOptions } from 'node:worker_threads';
import type { CpuProfile } from './profile';

const CHANNEL = 'heron-bench-worker';

const WRAPPER = `
const { workerData, threadId } = require('node:worker_threads');
const v8 = require('node:v8');
const { performance } = require('node:perf_hooks');
const channel = new BroadcastChannel(${JSON.stringify(CHANNEL)});
channel.unref();
const peak = { used: 0, total: 0, external: 0, malloced: 0 };
function sample() {
  const h = v8.getHeapStatistics();
  peak.used = Math.max(peak.used, h.used_heap_size);
  peak.total = Math.max(peak.total, h.total_heap_size);
  peak.external = Math.max(peak.external, h.external_memory || 0);
  peak.malloced = Math.max(peak.malloced, h.peak_malloced_memory);
  channel.postMessage({ threadId, peak, elu: performance.eventLoopUtilization() });
}
setInterval(sample, 100).unref();
sample();
if (workerData.__benchProfile) {
  // A CPU profile of this thread, handed over when main is about to end it.
  const { Session } = require('node:inspector');
  const session = new Session();
  session.connect();
  session.post('Profiler.enable', () => session.post('Profiler.start'));
  channel.onmessage = (event) => {
    if (event.data && event.data.type === 'stop' && event.data.threadId === threadId) {
      sample();
      session.post('Profiler.stop', (error, result) => channel.postMessage({ type: 'profile', threadId, profile: error ? null : result.profile }));
    }
  };
}
require(workerData.__benchTarget);
`;

export interface WorkerFigures {
  readonly threadId: number;
  /** Peaks of the worker isolate's own heap (bytes), sampled every 100 ms. */
  readonly peak: { used: number; total: number; external: number; malloced: number };
  /** The thread's cumulative event-loop utilization at its last sample (≤ 100 ms before it ended). */
  readonly elu: { idle: number; active: number; utilization: number };
}

export interface WorkerProbe {
  /** Last report of each fetch worker started since install, by thread id. */
  readonly workers: ReadonlyMap<number, WorkerFigures>;
  /** With `profile`: each worker's CPU profile, taken just before main ended it. */
  readonly profiles: ReadonlyMap<number, CpuProfile>;
  uninstall(): void;
}

export function installWorkerProbe(target: string, options: { profile?: boolean } = {}): WorkerProbe {
  const require = createRequire(import.meta.url);
  const threads = require('node:worker_threads') as typeof WorkerThreads;
  const Original = threads.Worker;
  const wrapperPath = path.join(os.tmpdir(), `heron-bench-worker-probe-${process.pid}.cjs`);
  writeFileSync(wrapperPath, WRAPPER);
  const workers = new Map<number, WorkerFigures>();
  const profiles = new Map<number, CpuProfile>();
  const waiting = new Map<number, () => void>();
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event) => {
    const data = (event as MessageEvent<WorkerFigures | { type: 'profile'; threadId: number; profile: CpuProfile | null }>).data;
    if ('type' in data) {
      if (data.type !== 'profile') return;
      if (data.profile) profiles.set(data.threadId, data.profile);
      waiting.get(data.threadId)?.();
      return;
    }
    workers.set(data.threadId, data);
  };
  const profile = options.profile === true;
  class ProbedWorker extends Original {
    constructor(filename: string | URL, options: WorkerOptions = {}) {
      if (path.resolve(String(filename)) === path.resolve(target)) {
        super(wrapperPath, { ...options, execArgv: [], workerData: { __benchTarget: target, __benchProfile: profile } });
      } else {
        super(filename, options);
      }
    }

    override async terminate(): Promise<number> {
      if (profile && !profiles.has(this.threadId) && this.threadId >= 0) {
        // Ask for the profile first (at most 10 s): ending the thread would lose it.
        const id = this.threadId;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 10_000);
          waiting.set(id, () => {
            clearTimeout(timer);
            resolve();
          });
          channel.postMessage({ type: 'stop', threadId: id });
        });
        waiting.delete(id);
      }
      return super.terminate();
    }
  }
  threads.Worker = ProbedWorker;
  // `import { Worker } from 'node:worker_threads'` bindings see the patched class too.
  syncBuiltinESMExports();
  return {
    workers,
    profiles,
    uninstall() {
      threads.Worker = Original;
      syncBuiltinESMExports();
      channel.close();
      rmSync(wrapperPath, { force: true });
    },
  };
}
