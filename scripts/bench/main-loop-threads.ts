/**
 * bench:main-loop's other threads: the renderer model (a worker that stands for the renderer
 * process) and the real fetch worker, started as the app starts it with its message handling timed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as WorkerThreads from 'node:worker_threads';
import type { WorkerOptions } from 'node:worker_threads';
import { root } from './measure';

export const WORKER_PATH = path.join(root, 'out/main/fetch-worker.cjs');

export function ensureWorkerBuilt(): void {
  if (!existsSync(WORKER_PATH)) execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), 'main'], { cwd: root, stdio: 'ignore' });
}

/**
 * The renderer's store worker: its own thread, so its deserialization and commits cost main
 * nothing — as in the app, where it is another process. Commits run one at a time: a batch that
 * arrives while one is committing waits for it, as the store's queue of IndexedDB transactions
 * does. It answers on the store port as the real one does (shared/ipc/store-port.ts).
 */
export const RENDERER = `
const { parentPort, workerData } = require('node:worker_threads');
const v8 = require('node:v8');
const delay = workerData.commitDelayMs;
let busyUntil = 0;
function owned(bytes) {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}
function answer(message) {
  const bytes = owned(v8.serialize(message));
  parentPort.postMessage({ kind: 'store', bytes }, [bytes]);
}
parentPort.on('message', (message) => {
  if (message.kind !== 'store') return;
  const m = v8.deserialize(new Uint8Array(message.bytes));
  if (m.type === 'request') return answer({ type: 'answer', requestId: m.requestId, ok: true, value: [] });
  if (m.type !== 'commit') return;
  // The store reads a batch's index (shared/ipc/mail-batch.ts); the count goes back to the bench.
  const messages = JSON.parse(new TextDecoder().decode(m.index)).length;
  parentPort.postMessage({ kind: 'count', messages });
  const now = performance.now();
  busyUntil = Math.max(now, busyUntil) + delay;
  setTimeout(() => answer({ type: 'committed', commitId: m.commitId, committed: true }), busyUntil - now);
});
`;

/** A serialized payload as a transferable ArrayBuffer (v8.serialize may hand back a view). */
export function owned(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  return new Uint8Array(bytes).buffer;
}

/**
 * The fetch worker as the app starts it: without tsx's loader flags (this bench runs under tsx,
 * and a Worker inherits them), and with its 'message' handling timed — that is the service's
 * handler running on main. Scoped to this measurement; the previous Worker class comes back after.
 */
export function patchFetchWorker(onHandled: (startMs: number, endMs: number) => void): () => void {
  const require = createRequire(import.meta.url);
  const threads = require('node:worker_threads') as typeof WorkerThreads;
  const Previous = threads.Worker;
  class AppWorker extends Previous {
    private readonly timed: boolean;
    constructor(filename: string | URL, options: WorkerOptions = {}) {
      const isFetchWorker = path.resolve(String(filename)) === path.resolve(WORKER_PATH);
      super(filename, isFetchWorker ? { ...options, execArgv: [] } : options);
      this.timed = isFetchWorker;
    }

    override emit(event: string | symbol, ...args: unknown[]): boolean {
      if (!this.timed || event !== 'message') return super.emit(event, ...args);
      const t0 = performance.now();
      const handled = super.emit(event, ...args);
      onHandled(t0, performance.now());
      return handled;
    }
  }
  threads.Worker = AppWorker;
  syncBuiltinESMExports();
  return () => {
    threads.Worker = Previous;
    syncBuiltinESMExports();
  };
}
