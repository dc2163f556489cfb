/**
 * `npm run bench:fetch`: getting mail end to end — real Dovecot → the fetch worker → main → the
 * store worker of the production renderer in Chromium → committed IndexedDB — next to Debian's
 * mpop on the same mailbox in the same run (issue 4), with issue 17's goals printed at the end.
 *
 * Heron's clock starts at the click on "Get mail" (a capture listener in the page) and stops when
 * the page hears that every message is committed: the worker counts a message done only once the
 * store answered its batch, and the store answers only after its strict-durability transaction
 * resolved (the count is checked afterwards). Bodies are "stored" when a read first finds one per
 * message.
 *
 * mpop delivers every message with an fsync of its own, so on a slow disk its time is mostly the
 * disk's; the report adds (outside the ratio) mpop with its mbox on tmpfs, where fsync is free.
 *
 * Harness caveat: main talks to the page through the e2e stand-in (binary frames over HTTP on the
 * app's origin, e2e/harness/codec.ts; the store port's through a worker of the stand-in's), not
 * Electron's structured-clone IPC, and the Node process that runs main's services also runs
 * Playwright's client.
 *
 * With `--rules N`, each round also runs Heron with N header-only rules in place (bench:junk's,
 * header-rules.ts), the two in alternating order, and the report ends with both figures from
 * the same run (issue 19: rules slow the fetch by ≤ 5 %).
 *
 *   npm run bench:fetch -- [--messages 10000] [--rounds 3] [--rules 20] [--profile]   (HERON_PROFILE_TOP=N: longer profile lists; HERON_PROFILE_DIR=dir: keep the .cpuprofile files)
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';
import type { Page } from '@playwright/test';
import type { HeronApi } from '../../shared/ipc/contract';
import type { Rule } from '../../shared/model/rule';
import { headerRules } from './header-rules';
import { dovecotAvailable, mpopAvailable, startDovecot, type DovecotInstance } from '../../e2e/servers';
import { seedMailbox, warmDovecot } from './measure';
import {
  addBenchAccount,
  chromiumProcesses,
  countRows,
  currentRss,
  flag,
  fmt,
  jsHeap,
  loadNote,
  openApp,
  option,
  peakRss,
  resetPeakRss,
  pageWorkers,
  memoryDumps,
  type WorkerHeap,
  ROOT,
  RSS_PARTS,
  rssParts,
} from './browser-rig';
import { runMpop } from './fetch-mpop';
import { printFetch, type CommitFigures, type HeronResult, type PageFigures } from './fetch-report';
import { printProfile, summarizeProfile, type CpuProfile } from './profile';
import { installWorkerProbe } from './worker-probe';
import { cpuMeter, faultMeter, settle, systemCpu, threadMeter } from './cpu';

type BenchWindow = { heron: HeronApi };

const USER = { name: 'bench', password: 'bench-pw' };
const COUNT = Number(option('messages', '10000'));
if (!Number.isInteger(COUNT) || COUNT < 1 || COUNT > 100_000) throw new Error('--messages must be 1–100000');
const PROFILE = flag('profile');
/**
 * Heron runs, each between two mpop runs; the report takes medians. Three by default: the first
 * run in a bench process is 10–15% slower than the rest (warming Chromium's files up first did
 * not change that), and a median of three leaves it out.
 */
const ROUNDS = Number(option('rounds', PROFILE ? '1' : '3')); // a profile is of one run
if (!Number.isInteger(ROUNDS) || ROUNDS < 1 || ROUNDS > 9) throw new Error('--rounds must be 1–9');
const RULES = Number(option('rules', '0'));
if (!Number.isInteger(RULES) || RULES < 0 || RULES > 1000) throw new Error('--rules must be 0–1000');
const size = (i: number) => 4_000 + ((i * 7_919) % 8_001); // 4–12 KB

/** HERON_PROFILE_DIR=dir keeps each profile as `<thread>.cpuprofile` there (Chromium DevTools opens them). */
async function saveProfiles(profiles: Record<string, unknown>): Promise<void> {
  const dir = process.env.HERON_PROFILE_DIR;
  if (!dir) return;
  for (const [name, profile] of Object.entries(profiles))
    await writeFile(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
}

async function heron(dovecot: DovecotInstance, rules: readonly Rule[] = []): Promise<HeronResult> {
  const probe = installWorkerProbe(path.join(ROOT, 'out/main/fetch-worker.cjs'), { profile: PROFILE });
  // Each batch at main's end of the store port: when it left, when the store answered it.
  const commits = new Map<string, CommitFigures & { index: Uint8Array }>();
  let startedAt: number | null = null;
  const observeStore = (direction: 'to-store' | 'from-store', message: unknown) => {
    const m = message as { type?: string; commitId?: string; index?: Uint8Array };
    if (direction === 'to-store' && m.type === 'request') startedAt ??= performance.now();
    if (direction === 'to-store' && m.type === 'commit' && m.commitId && m.index) commits.set(m.commitId, { sentAt: performance.now(), answeredAt: null, messages: 0, index: m.index });
    if (direction === 'from-store' && m.type === 'committed' && m.commitId) {
      const c = commits.get(m.commitId);
      if (c) c.answeredAt = performance.now();
    }
  };
  const rig = await openApp({ pop3Connect: { ca: dovecot.ca }, observeStore });
  try {
    const { page } = rig;
    const accountId = 'bench-account';
    await addBenchAccount(page, accountId, { port: dovecot.pop3sPort, username: USER.name, password: USER.password });
    // The store worker reads the rules for each batch it commits (rules-arrival.ts).
    if (rules.length > 0) await putRules(page, rules);
    const button = page.getByRole('button', { name: 'Get mail', exact: true }).first();
    await button.waitFor();

    let onAllCommitted: () => void = () => {};
    await page.exposeBinding('__benchAllCommitted', () => onAllCommitted());
    // The page's own clock: the click (capture phase), the first batch, fetchDone.
    await page.evaluate((total) => {
      const f: PageFigures = {
        clickAt: null,
        allCommittedAt: null,
        committed: 0,

        doneAt: null,
        settledAt: null,

        bodiesAt: null,
        indexedAt: null,
        startCallAt: null,
        phases: {},
        done: null,
        longTasks: [],
      };
      (window as unknown as { __bench: PageFigures }).__bench = f;
      // Every task of the window's main thread over 50 ms (Long Tasks API), from here on.
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) f.longTasks.push({ start: e.startTime, ms: e.duration });
      }).observe({ type: 'longtask' });
      const { heron } = window as unknown as BenchWindow;
      document.addEventListener('click', () => (f.clickAt ??= performance.now()), { capture: true });
      (window as unknown as { __heronObserveCall: (name: string, input: unknown) => void }).__heronObserveCall = (
        name,
        input,
      ) => {
        void input;
        if (name === 'startFetch') f.startCallAt ??= performance.now();
      };
      // The worker counts a message done only once the store acknowledged its batch as committed.
      heron.events.fetchProgress((p) => {
        f.phases[p.phase] ??= performance.now();
        f.committed = Math.max(f.committed, p.messagesDone);
        if (p.messagesDone >= total && f.allCommittedAt === null) {
          f.allCommittedAt = performance.now();
          void (window as unknown as { __benchAllCommitted: () => Promise<void> }).__benchAllCommitted();
        }
      });
      heron.events.fetchDone((d) => {
        f.doneAt = performance.now();
        f.done = d;
      });
    }, COUNT);

    const cdp = await rig.cdp();
    await cdp.send('Performance.enable');
    const procs = chromiumProcesses();
    resetPeakRss(process.pid);
    for (const p of procs) resetPeakRss(p.pid);
    const rssAtClick = new Map(procs.map((p) => [p.pid, currentRss(p.pid)]));
    let mainHeapPeak = 0;
    let rendererHeapPeak = 0;
    let rendererHeapTotalPeak = 0;
    // Each of the page's workers at its sampled highest (heap used, and ArrayBuffers outside it).
    const workersPeak = new Map<string, WorkerHeap>();
    const workers = await pageWorkers(cdp);
    // HERON_BENCH_TIMELINE=1: the busiest renderer's RSS and its workers' heaps, each sample.
    const timeline: string[] = [];
    // HERON_BENCH_MEMDUMP=1: Chromium's memory by allocator, once every row is committed.
    const memdump = process.env.HERON_BENCH_MEMDUMP ? await memoryDumps(await rig.page.context().browser()!.newBrowserCDPSession()) : null;
    let memdumpTaken: Promise<void> = Promise.resolve();
    const sampleStart = performance.now();
    let sampling = true;
    // Each Chromium process's resident memory by kind, at its sampled highest (what the peak is made of).
    const partsPeak = new Map(procs.map((p) => [p.pid, { RssAnon: 0, RssShmem: 0, RssFile: 0 }]));
    const sampler = (async () => {
      while (sampling) {
        for (const p of procs) {
          const now = rssParts(p.pid);
          const peak = partsPeak.get(p.pid);
          if (peak) for (const k of RSS_PARTS) peak[k] = Math.max(peak[k], now[k] ?? 0);
        }
        mainHeapPeak = Math.max(mainHeapPeak, v8.getHeapStatistics().used_heap_size);
        const heap = await jsHeap(cdp).catch(() => ({ used: 0, total: 0 }));
        rendererHeapPeak = Math.max(rendererHeapPeak, heap.used);
        rendererHeapTotalPeak = Math.max(rendererHeapTotalPeak, heap.total);
        const sampled = await workers.heaps().catch(() => []);
        if (process.env.HERON_BENCH_TIMELINE) {
          const committed = await page.evaluate(() => (window as unknown as { __bench?: PageFigures }).__bench?.committed ?? 0).catch(() => 0);
          const rss = Math.max(...procs.filter((p) => p.type === 'renderer').map((p) => currentRss(p.pid) ?? 0));
          timeline.push(`${fmt((performance.now() - sampleStart) / 1000, 1)} s  committed ${committed}  renderer RSS ${fmt(rss / 2 ** 20, 0)} MiB  ${sampled.map((w) => `${w.url.split('/').pop()}: ${fmt(w.used / 2 ** 20, 0)}/${fmt(w.total / 2 ** 20, 0)}+${fmt(w.backing / 2 ** 20, 0)}`).join('  ')}`);
        }
        for (const w of sampled) {
          const peak = workersPeak.get(w.url);
          workersPeak.set(w.url, { url: w.url, used: Math.max(peak?.used ?? 0, w.used), total: Math.max(peak?.total ?? 0, w.total), backing: Math.max(peak?.backing ?? 0, w.backing) });
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    const inspector = PROFILE ? new Session() : null;
    if (inspector) {
      inspector.connect();
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.start');
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
      await workers.send('Profiler.enable');
      await workers.send('Profiler.start');
    }
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();

    const nodeCpu = cpuMeter([process.pid]);
    const nodeThreads = threadMeter(process.pid);
    const chromiumCpu = cpuMeter(procs.map((p) => p.pid));
    const chromiumThreads = new Map(procs.map((p) => [p.pid, threadMeter(p.pid, { poll: false })]));
    const faults = faultMeter([process.pid, ...procs.map((p) => p.pid)]);
    const machineAtClick = systemCpu();
    let cpuAtCommit: HeronResult['cpu'] | null = null;
    // Read when the page reports every row committed (the figure the throughput is about): the
    // page calls this binding at that moment, so no CPU spent after it counts, and no polling
    // adds work on either side while the fetch runs.
    let stopWatching: () => void = () => {};
    const cpuWatch = new Promise<void>((resolve) => {
      stopWatching = resolve; // a fetch that never committed everything leaves the figures n/a
      onAllCommitted = () => {
        if (cpuAtCommit !== null) return;
        if (memdump)
          memdumpTaken = memdump.dump().then((dumps) => {
            for (const [pid, sizes] of dumps) {
              const top = [...sizes].filter(([, b]) => b > 1 << 20).sort((a, b) => b[1] - a[1]);
              console.log(`  memory dump pid ${pid}: ${top.map(([n, b]) => `${n} ${fmt(b / 2 ** 20, 1)}`).join(', ')}`);
            }
          });
        const machine = systemCpu();
        cpuAtCommit = {
          node: nodeCpu.stop().get(process.pid) ?? null,
          nodeThreads: nodeThreads.stop(),
          chromiumThreads: new Map([...chromiumThreads].map(([pid, m]) => [pid, m.stop()])),
          chromium: chromiumCpu.stop(),
          faults: faults.stop(),
          machineBusy: machine && machineAtClick ? machine.busy - machineAtClick.busy : null,
          machineTotal: machine && machineAtClick ? machine.total - machineAtClick.total : null,
        };
        resolve();
      };
    });
    // Every body parsed and stored: the bodies table holds one row per message. Polled from here
    // from the moment every row is committed (waitForFunction does not wait for an async predicate's promise); the page's clock at the
    // end of the read that first saw them all, so the figure is never early.
    const countNow = (store: 'bodies' | 'searchChanges') =>
      page.evaluate(
        (store) =>
          new Promise<{ count: number; at: number }>((resolve, reject) => {
            const req = indexedDB.open('heron');
            req.onsuccess = () => {
              const db = req.result;
              const count = db.transaction(store).objectStore(store).count();
              count.onsuccess = () => {
                db.close();
                resolve({ count: count.result, at: performance.now() });
              };
              count.onerror = () => reject(count.error);
            };
            req.onerror = () => reject(req.error);
          }),
        store,
      );
    /** Polls a table's count until `reached`, then records the time under `field` in the page's figures. */
    const pollUntil = async (store: 'bodies' | 'searchChanges', reached: (count: number) => boolean, field: 'bodiesAt' | 'indexedAt', what: string) => {
      for (const until = Date.now() + 30 * 60_000; ;) {
        const { count, at } = await countNow(store);
        if (reached(count)) {
          await page.evaluate(([field, at]) => ((window as unknown as { __bench: PageFigures }).__bench[field] = at), [field, at] as const);
          return;
        }
        if (Date.now() > until) throw new Error(`${what} not reached within 30 minutes (${store}: ${count})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await button.click();
    // Polled once every row is committed: earlier reads would only add work to the fetch. Then the
    // search index: the store worker indexes once the batches pause (index-when-quiet.ts).
    const bodiesStored = cpuWatch
      .then(() => pollUntil('bodies', (n) => n >= COUNT, 'bodiesAt', `all ${COUNT} bodies stored`))
      .then(() => pollUntil('searchChanges', (n) => n === 0, 'indexedAt', 'every message indexed'));
    await page.waitForFunction(() => (window as unknown as { __bench: PageFigures }).__bench.doneAt !== null, null, {
      timeout: 30 * 60_000,
      polling: 100,
    });
    // The controller has applied fetchDone when the button is back.
    await page.waitForFunction(
      () => {
        const f = (window as unknown as { __bench: PageFigures }).__bench;
        const b = [...document.querySelectorAll('button')].find((x) => x.textContent === 'Get mail');
        if (b && !b.disabled) f.settledAt ??= performance.now();
        return f.settledAt !== null;
      },
      null,
      { timeout: 10 * 60_000, polling: 'raf' },
    );
    loop.disable();
    stopWatching();
    await cpuWatch;
    sampling = false;
    await sampler;
    if (inspector) {
      const { profile } = await inspector.post('Profiler.stop');
      const renderer = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
      inspector.disconnect();
      printProfile(
        'main thread (Node: main services + stand-in codec + Playwright client)',
        summarizeProfile(profile as unknown as CpuProfile),
      );
      printProfile('renderer main thread (Chromium)', summarizeProfile(renderer.profile));
      for (const w of await workers.send('Profiler.stop')) {
        const p = (w.result as { profile?: CpuProfile } | null)?.profile;
        if (p) printProfile(`renderer worker ${w.url.split('/').pop() ?? w.url}`, summarizeProfile(p));
      }
      await saveProfiles({ main: profile, renderer: renderer.profile });
    }
    await bodiesStored;
    await memdumpTaken;
    if (timeline.length > 0) console.log(`  timeline (heap used/total+ArrayBuffers, MiB):\n    ${timeline.join('\n    ')}`);
    const figures = await page.evaluate(() => (window as unknown as { __bench: PageFigures }).__bench);
    await cdp.send('HeapProfiler.collectGarbage');
    const heapAfterGc = (await jsHeap(cdp)).used;
    const utf8 = new TextDecoder();
    const result: HeronResult = {
      page: figures,
      // Counted once the fetch is over, not while it runs.
      commits: [...commits.values()].map(({ index, ...c }) => ({ ...c, messages: (JSON.parse(utf8.decode(index)) as unknown[]).length })),
      startedAt,
      rows: {
        messages: await countRows(page, 'messages'),
        rawChunks: await countRows(page, 'rawChunks'),
        bodies: await countRows(page, 'bodies'),
        popChunks: await countRows(page, 'popChunks'),
      },
      rawBytes: await page.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = indexedDB.open('heron');
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        // Fetched bytes are kept a batch to a row (renderer/src/data/raw-store.ts).
        let sum = 0;
        await new Promise<void>((resolve, reject) => {
          const req = db.transaction('rawChunks').objectStore('rawChunks').openCursor();
          req.onsuccess = () => {
            const cursor = req.result;
            if (!cursor) return resolve();
            sum += (cursor.value as { bytes: Blob }).bytes.size;
            cursor.continue();
          };
          req.onerror = () => reject(req.error);
        });
        db.close();
        return sum;
      }),
      nodePid: process.pid,
      mainPeakRss: peakRss(process.pid),
      mainHeapPeak,
      workers: probe.workers,
      chromium: procs.map((p) => ({ ...p, peak: peakRss(p.pid), atClick: rssAtClick.get(p.pid) ?? null, parts: partsPeak.get(p.pid) ?? null })),
      cpu: cpuAtCommit ?? {
        node: null,
        nodeThreads: [],
        chromiumThreads: new Map(),
        chromium: new Map(),
        faults: new Map(),
        machineBusy: null,
        machineTotal: null,
      },
      rendererHeapPeak,
      rendererHeapTotalPeak,
      workerHeapPeaks: [...workersPeak.values()],
      heapAfterGc,
      loop: { max: loop.max / 1e6, p99: loop.percentile(99) / 1e6, mean: loop.mean / 1e6, over50: 0 },
    };
    // How many 50 ms stalls: the histogram's buckets above 50 ms.
    let over = 0;
    for (const [pct, ns] of loop.percentiles) if (ns > 50e6) over = Math.max(over, 100 - pct);
    result.loop.over50 = over;
    return result;
  } finally {
    await rig.close();
    for (const [id, profile] of probe.profiles) printProfile(`fetch worker thread #${id}`, summarizeProfile(profile));
    await saveProfiles(Object.fromEntries([...probe.profiles].map(([id, profile]) => [`worker-${id}`, profile])));
    probe.uninstall();
  }
}

/** Writes rules into the app's store as Settings does (one row each in `rules`). */
async function putRules(page: Page, rules: readonly Rule[]): Promise<void> {
  await page.evaluate(
    (rows) =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('heron');
        req.onsuccess = () => {
          const tx = req.result.transaction('rules', 'readwrite');
          for (const r of rows) tx.objectStore('rules').put(r);
          tx.oncomplete = () => {
            req.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
        req.onerror = () => reject(req.error);
      }),
    rules as Rule[],
  );
}

/** The same run's Heron figures without and with rules: click → last row committed, medians, and the slowdown. */
function printRulesEffect(without: ReadonlyArray<HeronResult | Error>, withRules: ReadonlyArray<HeronResult | Error>): void {
  const ms = (runs: ReadonlyArray<HeronResult | Error>) =>
    runs.flatMap((r) => (r instanceof Error ? [] : [(r.page.allCommittedAt ?? Number.NaN) - (r.page.clickAt ?? 0)]));
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? Number.NaN;
  const a = ms(without);
  const b = ms(withRules);
  const list = (xs: number[]) => xs.map((x) => `${fmt(x / 1000, 2)} s`).join(', ');
  console.log(`\nRules during the fetch (issue 19 goal: ≤ 5 % slower), ${RULES} header-only rules; ${loadNote()}`);
  console.log(`  without rules, click → last row committed: ${list(a)}; median ${fmt(med(a) / 1000, 2)} s (${fmt(COUNT / (med(a) / 1000))} msgs/s)`);
  console.log(`  with rules,    click → last row committed: ${list(b)}; median ${fmt(med(b) / 1000, 2)} s (${fmt(COUNT / (med(b) / 1000))} msgs/s)`);
  // Where the time went, per run: CPU seconds of the renderer's threads by name (the store worker is a DedicatedWorker).
  const threads = (r: HeronResult | Error) => {
    if (r instanceof Error) return 'failed';
    const sum = new Map<string, number>();
    for (const list of r.cpu.chromiumThreads.values()) for (const t of list) sum.set(t.name, (sum.get(t.name) ?? 0) + t.seconds);
    return [...sum].filter(([, sec]) => sec >= 0.2).sort((x, y) => y[1] - x[1]).slice(0, 4).map(([name, sec]) => `${name} ${fmt(sec, 2)} s`).join(', ');
  };
  without.forEach((r, i) => console.log(`  without rules, run ${i + 1}: ${threads(r)}`));
  withRules.forEach((r, i) => console.log(`  with rules,    run ${i + 1}: ${threads(r)}`));
  const slower = (100 * (med(b) - med(a))) / med(a);
  console.log(`  rules cost ${fmt(slower, 1)} % of the fetch's time: ${slower <= 5 ? 'goal met' : 'goal NOT met'}`);
}

async function main(): Promise<void> {
  if (!dovecotAvailable.available) {
    console.error(`bench:fetch needs a real Dovecot: ${dovecotAvailable.reason}`);
    process.exit(2);
  }
  // A profile names functions only in an unminified build (renderer/vite.config.ts).
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], {
    cwd: ROOT,
    stdio: 'ignore',
    env: { ...process.env, ...(PROFILE ? { HERON_NO_MINIFY: '1' } : {}) },
  });
  console.log(
    `bench:fetch — ${os.cpus().length} cores, Node ${process.version}, Chromium ${execFileSync('/usr/bin/chromium', ['--version']).toString().trim()}`,
  );
  const work = await mkdtemp(path.join(os.tmpdir(), 'heron-bench-fetch-'));
  const dovecot = await startDovecot({ users: [USER] });
  const stopAll = async () => {
    await dovecot.stop();
    await rm(work, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  try {
    const caFile = path.join(work, 'ca.crt');
    await writeFile(caFile, dovecot.ca);
    console.log(`seeding ${fmt(COUNT)} messages…`);
    const wireBytes = await seedMailbox(dovecot, USER.name, COUNT, size);
    await warmDovecot(dovecot, USER);
    const mpop = (dir = work) =>
      mpopAvailable.available
        ? runMpop(dovecot, dir, caFile, USER, COUNT).catch((e: unknown) =>
            e instanceof Error ? e : new Error(String(e)),
          )
        : Promise.resolve(new Error(mpopAvailable.reason ?? 'mpop is not installed'));
    // Every contender starts on flushed disks and a quiet machine (cpu.ts `settle`).
    const settled = async () => {
      const s = await settle();
      if (!s.quiet)
        console.log(`  (the machine did not go quiet within ${fmt(s.ms / 1000, 1)} s: figures below are noisier)`);
    };
    console.log('running mpop…');
    await settled();
    const mpops = [await mpop()];
    const herons: Array<HeronResult | Error> = [];
    const withRules: Array<HeronResult | Error> = [];
    const rules = headerRules(RULES);
    const asError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));
    const runWithRules = async (round: number) => {
      console.log(`running Heron with ${RULES} rules, run ${round} of ${ROUNDS}…`);
      await settled();
      withRules.push(await heron(dovecot, rules).catch(asError));
    };
    // Interleaved, so drift in the machine's load falls on both alike.
    for (let round = 1; round <= ROUNDS; round += 1) {
      // With rules, before the run without them in odd rounds and after it in even ones.
      if (RULES > 0 && round % 2 === 1) await runWithRules(round);
      console.log(`running Heron (Chromium + stand-in + worker)${ROUNDS > 1 ? `, run ${round} of ${ROUNDS}` : ''}…`);
      await settled();
      herons.push(await heron(dovecot).catch(asError));
      if (RULES > 0 && round % 2 === 0) await runWithRules(round);
      console.log('running mpop again…');
      await settled();
      mpops.push(await mpop());
    }
    // For the record, not the ratio: mpop's time with its per-message fsyncs made free.
    let inMemory: Awaited<ReturnType<typeof mpop>> | null = null;
    if (mpopAvailable.available && existsSync('/dev/shm')) {
      const shm = await mkdtemp('/dev/shm/heron-bench-mpop-');
      try {
        // The first run on fresh tmpfs pages is slower (the VM faults the memory in): the second counts.
        for (let i = 0; i < 2; i += 1) {
          await settled();
          inMemory = await mpop(shm);
        }
      } finally {
        await rm(shm, { recursive: true, force: true });
      }
    }
    printFetch(COUNT, wireBytes, mpops, herons, inMemory);
    if (RULES > 0) printRulesEffect(herons, withRules);
    if ([...herons, ...withRules].some((h) => h instanceof Error)) process.exitCode = 1;
  } finally {
    await stopAll();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
