/**
 * `npm run bench:main-loop`: main's event loop during a fetch, on a thread that does nothing but
 * what the app's main does (issue 4: "main's event loop never stalls more than 50 ms, even during
 * a 10,000-message fetch").
 *
 * bench:fetch cannot answer that: its Node thread also runs Playwright's client and frames every
 * batch for the e2e stand-in's HTTP transport. Here main's thread runs only the real pieces — the
 * FetchService from createFetchDeps with the real worker bundle (out/main/fetch-worker.cjs) and
 * the real store link, calls entering through the real dispatchCall and fetch handlers — and
 * Electron's IPC is modelled by what it costs main: `webContents.send` and the store port's
 * `postMessage` serialize with V8's structured clone on main's thread (v8.serialize here) before
 * handing the bytes to the renderer; what the renderer sends is deserialized on main. The
 * renderer's store worker is a separate thread that deserializes every batch and answers each
 * after a commit delay, one batch at a time (its IndexedDB writes are queued, not parallel).
 *
 *   npm run bench:main-loop -- [--messages 10000] [--profile]
 */
import { execFileSync } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { constants as perfConstants, monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import type * as WorkerThreads from 'node:worker_threads';
import type { FetchAccount, FetchDone } from '../../shared/ipc/calls/fetch';
import type { MainEmit, MainHandlers } from '../../shared/ipc/contract';
import { dispatchCall } from '../../electron/main/dispatch';
import { createFetchHandlers } from '../../electron/main/handlers/fetch';
import { createFetchDeps } from '../../electron/main/fetch/wire';
import { StoreLink } from '../../electron/main/store/link';
import { dovecotAvailable, startDovecot, type DovecotInstance } from '../../e2e/servers';
import { fmt, loadNote, option, root, seedMailbox, warmDovecot } from './measure';
import { printProfile, profileWindow, summarizeProfile, type CpuProfile, type ProfileSummary } from './profile';
import { printMainLoop } from './main-loop-report';
import { ensureWorkerBuilt, owned, patchFetchWorker, RENDERER, WORKER_PATH } from './main-loop-threads';
import { GOAL_MS, idleBaseline, NOTE_MS, schedReader, stallDetector, type Stall } from './stall-detector';

export type { Stall };
export { ensureWorkerBuilt };

export interface MainLoopResult {
  readonly count: number;
  readonly commitDelayMs: number;
  readonly profiled: boolean;
  readonly wallMs: number;
  readonly msgsPerSec: number;
  readonly batches: number;
  /** monitorEventLoopDelay, 1 ms resolution, ms. */
  readonly loopDelay: { max: number; p99: number; p50: number; mean: number };
  /** Longest gap between setTimeout(0) ticks (Node makes that 1 ms), and how many gaps exceeded the goal. */
  readonly tickGap: { max: number; ticks: number; over50: number; overNote: number };
  /** Main thread only: /proc/<pid>/task/<pid>/schedstat run time (Node 20 has no process.threadCpuUsage). */
  readonly mainCpuMs: number | null;
  /** Main thread time spent runnable but waiting for a CPU (the machine was busy). */
  readonly mainRunQueueMs: number | null;
  /** The whole process: main + fetch worker + renderer model + V8/libuv helper threads. */
  readonly processCpuMs: number;
  readonly gc: { count: number; maxMs: number; totalMs: number; byKind: Record<string, { count: number; maxMs: number }> };
  /** The IPC model on main: events serialized and posted, calls deserialized, dispatched and answered. */
  readonly ipc: { events: number; eventBytes: number; serializeMaxMs: number; serializeTotalMs: number; calls: number; callMaxMs: number; callTotalMs: number };
  /** The service's handling of one worker message (deserialized already by Node; includes the emit). */
  readonly handler: { count: number; maxMs: number; totalMs: number };
  /** Gaps ≥ NOTE_MS, longest first (at most 8). */
  readonly stalls: readonly Stall[];
  readonly profile: ProfileSummary | null;
}

export interface MainLoopOptions {
  readonly dovecot: DovecotInstance;
  readonly user: { name: string; password: string };
  readonly count: number;
  /** How long the modelled renderer takes to commit one batch (default 150 ms, about a real 200-message commit). */
  readonly commitDelayMs?: number;
  /** CPU-profile main during the fetch (node:inspector) to name what runs in each stall. */
  readonly profile?: boolean;
}

function gcKind(kind: number | undefined): string {
  switch (kind) {
    case perfConstants.NODE_PERFORMANCE_GC_MINOR:
      return 'minor';
    case perfConstants.NODE_PERFORMANCE_GC_MAJOR:
      return 'major';
    case perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL:
      return 'incremental';
    case perfConstants.NODE_PERFORMANCE_GC_WEAKCB:
      return 'weak callbacks';
    default:
      return 'other';
  }
}

const overlap = (spans: ReadonlyArray<readonly [number, number]>, start: number, end: number): number =>
  spans.reduce((sum, [a, b]) => sum + Math.max(0, Math.min(b, end) - Math.max(a, start)), 0);

export async function measureMainLoop(opts: MainLoopOptions): Promise<MainLoopResult> {
  const { dovecot, user, count } = opts;
  const commitDelayMs = opts.commitDelayMs ?? 150;
  ensureWorkerBuilt();

  // benchAccount's incoming side (browser-rig.ts), on the loopback address the test certificate names.
  const account: FetchAccount = {
    id: 'bench-main-loop',
    address: 'bench@test.domain',
    incoming: { protocol: 'pop3', host: dovecot.host, port: dovecot.pop3sPort, security: 'tls', username: user.name, auth: 'user' },
    // keep: the mailbox is the same for the next run.
    retention: { mode: 'keep', keepDays: null, deleteWhenDeletedHere: false },
    headersOnlyOverBytes: null,
  };

  const handlerSpans: Array<readonly [number, number]> = [];
  const callSpans: Array<readonly [number, number]> = [];
  const handler = { count: 0, maxMs: 0, totalMs: 0 };
  const ipc = { events: 0, eventBytes: 0, serializeMaxMs: 0, serializeTotalMs: 0, calls: 0, callMaxMs: 0, callTotalMs: 0 };
  let batches = 0;
  let batchMessages = 0;

  const unpatch = patchFetchWorker((a, b) => {
    const ms = b - a;
    handler.count += 1;
    handler.totalMs += ms;
    handler.maxMs = Math.max(handler.maxMs, ms);
    if (ms >= 1) handlerSpans.push([a, b]);
  });
  const require = createRequire(import.meta.url);
  const { Worker } = require('node:worker_threads') as typeof WorkerThreads;
  const renderer = new Worker(RENDERER, { eval: true, execArgv: [], workerData: { commitDelayMs } });
  const sched = schedReader();
  let stopTicks = (): void => {};
  let service: ReturnType<typeof createFetchDeps>['service'] | null = null;
  let stopGc = (): void => {};
  const inspector = opts.profile ? new Session() : null;
  try {
    let finish: (done: FetchDone) => void = () => {};
    const finished = new Promise<FetchDone>((resolve) => (finish = resolve));

    // webContents.send and the store port: the structured clone happens on main, synchronously, then the bytes leave.
    const send = (kind: 'event' | 'store', payload: unknown, name = '') => {
      const t0 = performance.now();
      const bytes = owned(v8.serialize(payload));
      const size = bytes.byteLength; // before the transfer detaches it
      renderer.postMessage({ kind, name, bytes }, [bytes]);
      const ms = performance.now() - t0;
      ipc.events += 1;
      ipc.eventBytes += size;
      ipc.serializeTotalMs += ms;
      ipc.serializeMaxMs = Math.max(ipc.serializeMaxMs, ms);
    };
    const emit: MainEmit = (name, payload) => {
      send('event', payload, name);
      if (name === 'fetchDone') finish(payload as FetchDone);
    };
    const fromStore: Array<(data: unknown) => void> = [];
    const store = new StoreLink();
    store.attach({
      postMessage: (message) => {
        if (message.type === 'commit') batches += 1;
        send('store', message);
      },
      onMessage: (listener) => void fromStore.push(listener),
      onClose: () => undefined,
      close: () => undefined,
    });
    const deps = createFetchDeps({ emit, secrets: { get: async () => user.password, renew: async () => null }, store, workerPath: WORKER_PATH, connect: { ca: dovecot.ca } });
    service = deps.service;
    // Only the fetch calls exist here; dispatchCall looks up just the one it is asked for.
    const handlers = createFetchHandlers(deps) as unknown as MainHandlers;

    // The store's answers: deserialized on main, then checked and handled by the store link.
    renderer.on('message', (message: { kind: 'store'; bytes: ArrayBuffer } | { kind: 'count'; messages: number }) => {
      if (message.kind === 'count') {
        batchMessages += message.messages;
        return;
      }
      const t0 = performance.now();
      const data = v8.deserialize(new Uint8Array(message.bytes)) as unknown;
      for (const listener of fromStore) listener(data);
      const t1 = performance.now();
      ipc.calls += 1;
      ipc.callTotalMs += t1 - t0;
      ipc.callMaxMs = Math.max(ipc.callMaxMs, t1 - t0);
      if (t1 - t0 >= 1) callSpans.push([t0, t1]);
    });
    renderer.on('error', (error) => finish({ fetchId: '', accountId: account.id, summary: null, error: { code: 'EINTERNAL', message: `renderer model: ${error.message}`, retryable: false } }));

    const gcs: Array<{ start: number; ms: number; kind: string }> = [];
    const gcObs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) gcs.push({ start: e.startTime, ms: e.duration, kind: gcKind((e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind) });
    });
    gcObs.observe({ entryTypes: ['gc'] });
    stopGc = () => gcObs.disconnect();

    if (inspector) {
      inspector.connect();
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.start');
    }
    // performance.now() and the profiler's monotonic microseconds, related once.
    const hrOffsetMs = Number(process.hrtime.bigint()) / 1e6 - performance.now();

    const detector = stallDetector(sched);
    stopTicks = () => void detector.stop();

    const loop = monitorEventLoopDelay({ resolution: 1 });
    const cpu0 = process.cpuUsage();
    const sched0 = sched.read();
    const t0 = performance.now();
    loop.enable();
    detector.start();

    // startFetch as the renderer sends it, through the same dispatch (the store's POP state is empty: every message is new).
    const started = await dispatchCall(handlers, 'startFetch', { account, reason: 'manual' });
    if (!started.ok) throw new Error(`startFetch failed: ${started.error.code}: ${started.error.message}`);
    const guard = setTimeout(() => finish({ fetchId: '', accountId: account.id, summary: null, error: { code: 'ETIMEDOUT', message: 'the fetch took over 30 minutes', retryable: false } }), 30 * 60_000);
    const done = await finished;
    clearTimeout(guard);

    const t1 = performance.now();
    loop.disable();
    const { tickGap, stalls } = detector.stop();
    const cpu = process.cpuUsage(cpu0);
    const sched1 = sched.read();
    let profile: CpuProfile | null = null;
    if (inspector) {
      profile = (await inspector.post('Profiler.stop')).profile as unknown as CpuProfile;
      inspector.disconnect();
    }
    // GC entries are delivered asynchronously: let the last ones arrive.
    await new Promise((r) => setTimeout(r, 50));
    stopGc();

    if (done.error || !done.summary) throw new Error(`the fetch failed: ${done.error ? `${done.error.code}: ${done.error.message}` : 'no summary'}`);
    if (done.summary.downloaded !== count) throw new Error(`the fetch downloaded ${done.summary.downloaded} of ${count} messages`);
    if (batchMessages !== count) throw new Error(`the renderer model got ${batchMessages} of ${count} messages`);

    const inWindow = gcs.filter((g) => g.start >= t0 && g.start <= t1);
    const gcSpans = inWindow.map((g) => [g.start, g.start + g.ms] as const);
    const explained: Stall[] = stalls
      .sort((a, b) => b.gapMs - a.gapMs)
      .slice(0, 8)
      .map(({ startMs, ...s }) => {
        const end = startMs + s.gapMs;
        return {
          ...s,
          atMs: startMs - t0,
          gcMs: overlap(gcSpans, startMs, end),
          handlerMs: overlap(handlerSpans, startMs, end),
          callMs: overlap(callSpans, startMs, end),
          ...(profile ? { top: profileWindow(profile, startMs, end, hrOffsetMs) } : {}),
        };
      });
    const wallMs = t1 - t0;
    return {
      count,
      commitDelayMs,
      profiled: inspector !== null,
      wallMs,
      msgsPerSec: count / (wallMs / 1000),
      batches,
      loopDelay: { max: loop.max / 1e6, p99: loop.percentile(99) / 1e6, p50: loop.percentile(50) / 1e6, mean: loop.mean / 1e6 },
      tickGap,
      mainCpuMs: sched0 && sched1 ? (sched1.runNs - sched0.runNs) / 1e6 : null,
      mainRunQueueMs: sched0 && sched1 ? (sched1.waitNs - sched0.waitNs) / 1e6 : null,
      processCpuMs: (cpu.user + cpu.system) / 1000,
      gc: {
        count: inWindow.length,
        maxMs: Math.max(0, ...inWindow.map((g) => g.ms)),
        totalMs: inWindow.reduce((n, g) => n + g.ms, 0),
        byKind: inWindow.reduce<Record<string, { count: number; maxMs: number }>>((by, g) => {
          const k = (by[g.kind] ??= { count: 0, maxMs: 0 });
          k.count += 1;
          k.maxMs = Math.max(k.maxMs, g.ms);
          return by;
        }, {}),
      },
      ipc,
      handler,
      stalls: explained,
      profile: profile ? summarizeProfile(profile) : null,
    };
  } finally {
    stopTicks();
    stopGc();
    sched.close();
    if (inspector) {
      try {
        inspector.disconnect();
      } catch {
        // already disconnected
      }
    }
    await service?.stopAll();
    await renderer.terminate();
    unpatch();
  }
}

async function main(): Promise<void> {
  const count = Number(option('messages', '10000'));
  if (!Number.isInteger(count) || count < 1 || count > 100_000) throw new Error('--messages must be 1–100000');
  const profile = process.argv.includes('--profile');
  if (!dovecotAvailable.available) {
    console.error(`bench:main-loop needs a real Dovecot: ${dovecotAvailable.reason}`);
    process.exit(2);
  }
  // Always rebuild main (as bench:fetch does): a stale worker bundle would measure old code.
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), 'main'], { cwd: root, stdio: 'ignore' });
  console.log(`bench:main-loop — ${os.cpus().length} cores, Node ${process.version}; main's thread runs only the fetch service, dispatchCall and the IPC model`);
  const user = { name: 'bench', password: 'bench-pw' };
  const dovecot = await startDovecot({ users: [user] });
  process.once('SIGINT', () => void dovecot.stop().finally(() => process.exit(130)));
  try {
    console.log(`seeding ${fmt(count)} messages…`);
    const size = (i: number) => 4_000 + ((i * 7_919) % 8_001); // 4–12 KB, as bench:fetch
    const wireBytes = await seedMailbox(dovecot, user.name, count, size);
    await warmDovecot(dovecot, user);
    console.log('idle baseline (5 s, no fetch)…');
    const idle = await idleBaseline(5_000);
    const results: MainLoopResult[] = [];
    for (const commitDelayMs of [150, 0]) {
      console.log(`fetching with ${commitDelayMs} ms per commit${profile ? ' (profiling main)' : ''}…`);
      results.push(await measureMainLoop({ dovecot, user, count, commitDelayMs, profile }));
    }
    console.log(`\nMain's event loop while getting ${fmt(count)} messages of 4–12 KB (${fmt(wireBytes / 1024 / 1024, 1)} MiB, POP3S on loopback)`);
    console.log(`  ${loadNote()}`);
    console.log(
      `  idle baseline, same detector, no fetch running (5 s): longest tick gap ${fmt(idle.maxGapMs, 1)} ms, ${idle.over50} gaps > ${GOAL_MS} ms, ${idle.overNote} ≥ ${NOTE_MS} ms of ${fmt(idle.ticks)}${idle.maxRunQueueMs === null ? '' : `; longest wait for a CPU in one gap ${fmt(idle.maxRunQueueMs, 1)} ms`}`,
    );
    printMainLoop(results);
    for (const r of results) if (r.profile) printProfile(`main thread, ${r.commitDelayMs} ms commits`, r.profile);
    console.log('\n  Not modelled: Electron\'s sender-frame check on each call, the Mojo copy of each event\'s bytes, Chromium\'s own work on main (none of it per message).');
    console.log('  Node 20 has no process.threadCpuUsage: main\'s CPU comes from /proc/<pid>/task/<pid>/schedstat; process.cpuUsage() cannot separate the threads.');
  } finally {
    await dovecot.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  });
}
