/**
 * `npm run bench:fetch`: getting mail end to end — real Dovecot → the fetch worker → main → the
 * production renderer in Chromium → committed IndexedDB — next to Debian's mpop on the same
 * mailbox in the same run (issue 4).
 *
 * Heron's clock starts at the click on "Get mail" (a capture listener in the page) and stops when
 * fetchDone reaches the page: the worker sends it only after every batch was acknowledged, and the
 * renderer acknowledges a batch only after its strict-durability transaction resolved, so at that
 * moment every row is committed (the count is checked afterwards).
 *
 * Harness caveat: main talks to the page through the e2e stand-in (binary frames over HTTP on the
 * app's origin, e2e/harness/codec.ts), not Electron's structured-clone IPC, and the Node process
 * that runs main's services also runs Playwright's client.
 *
 *   npm run bench:fetch -- [--messages 10000] [--profile]
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';
import type { FetchDone } from '../../shared/ipc/calls/fetch';
import type { HeronApi } from '../../shared/ipc/contract';
import { dovecotAvailable, mpopAvailable, startDovecot, type DovecotInstance } from '../../e2e/servers';
import { seedMailbox, warmDovecot } from './measure';
import {
  benchAccount, chromiumProcesses, countRows, flag, fmt, jsHeap, loadNote, mib, openApp, option, peakRss, putRows, resetPeakRss, ROOT,
} from './browser-rig';
import { printProfile, summarizeProfile, type CpuProfile } from './profile';
import { installWorkerProbe } from './worker-probe';
import { cpuMeter, systemCpu } from './cpu';

type BenchWindow = { heron: HeronApi };

const USER = { name: 'bench', password: 'bench-pw' };
const COUNT = Number(option('messages', '10000'));
if (!Number.isInteger(COUNT) || COUNT < 1 || COUNT > 100_000) throw new Error('--messages must be 1–100000');
const PROFILE = flag('profile');
const size = (i: number) => 4_000 + ((i * 7_919) % 8_001); // 4–12 KB

interface MpopResult {
  ms: number;
  peakRss: number | null;
}

async function mpop(dovecot: DovecotInstance, work: string, caFile: string): Promise<MpopResult> {
  const dir = await mkdtemp(path.join(work, 'mpop-'));
  const mbox = path.join(dir, 'mbox');
  const config = path.join(dir, 'mpoprc');
  await writeFile(
    config,
    [
      'defaults', 'tls on', 'tls_starttls off', `tls_trust_file ${caFile}`, 'pipelining on', 'keep on', 'received_header off',
      `uidls_file ${path.join(dir, 'uidls')}`, '', 'account bench', 'host 127.0.0.1', `port ${dovecot.pop3sPort}`, 'auth user',
      `user ${USER.name}`, `password ${USER.password}`, `delivery mbox ${mbox}`, '',
    ].join('\n'),
  );
  await chmod(config, 0o600); // mpop refuses a password file others can read
  const hasTime = existsSync('/usr/bin/time');
  const started = performance.now();
  const stderr = await new Promise<string>((resolve, reject) => {
    const child = hasTime ? spawn('/usr/bin/time', ['-v', 'mpop', '-C', config, '-q', 'bench'], { stdio: ['ignore', 'ignore', 'pipe'] }) : spawn('mpop', ['-C', config, '-q', 'bench'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-20_000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30 * 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(err);
      else reject(new Error(`mpop exited with ${code}: ${err.replace(/\n\tCommand being timed:[\s\S]*$/, '').trim().slice(-400)}`));
    });
  });
  const ms = performance.now() - started;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const text = readFileSync(mbox);
  let delivered = text.subarray(0, 5).toString() === 'From ' ? 1 : 0;
  const marker = Buffer.from('\n\nFrom ');
  for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + 1)) delivered += 1;
  await rm(dir, { recursive: true, force: true });
  if (delivered !== COUNT) throw new Error(`mpop delivered ${delivered} of ${COUNT} messages`);
  return { ms, peakRss: rss ? Number(rss[1]) * 1024 : null };
}

interface PageFigures {
  clickAt: number | null;
  /** When the renderer acknowledged the batch that completed the count (every row committed). */
  allCommittedAt: number | null;
  committed: number;
  sizes: Record<number, number>;
  /** Per batch: when it reached the page and when the renderer acknowledged it (page clock). */
  arrived: Record<number, number>;
  acked: Record<number, number>;
  firstBatchAt: number | null;
  doneAt: number | null;
  settledAt: number | null;
  batches: number;
  batchMessages: number;
  /** When the body parser's queue (features/fetch/body-parser.ts) was found empty: every body stored. */
  bodiesAt: number | null;
  /** When each parseStoredMessages call went out (the body parser, after the fetch). */
  parseCalls: number[];
  /** When startFetch went out, and when each fetch phase was first reported (fetchProgress). */
  startCallAt: number | null;
  phases: Record<string, number>;
  done: FetchDone | null;
}

interface HeronResult {
  page: PageFigures;
  rows: Record<'messages' | 'rawChunks' | 'bodies' | 'popChunks', number>;
  /** Sum of the stored raw messages' sizes (Blob bytes), to hold against the mailbox. */
  rawBytes: number;
  mainPeakRss: number | null;
  mainHeapPeak: number;
  workers: ReturnType<typeof installWorkerProbe>['workers'];
  chromium: Array<{ type: string; pid: number; peak: number | null }>;
  rendererHeapPeak: number;
  rendererHeapTotalPeak: number;
  /** The renderer's JS heap once the fetch settled and a GC ran: garbage or kept? */
  heapAfterGc: number;
  loop: { max: number; p99: number; mean: number; over50: number };
  /** CPU seconds from the click to the last row committed: per process, and the whole machine. */
  cpu: { node: number | null; chromium: Map<number, number | null>; machineBusy: number | null; machineTotal: number | null };
}

async function heron(dovecot: DovecotInstance): Promise<HeronResult> {
  const probe = installWorkerProbe(path.join(ROOT, 'out/main/fetch-worker.cjs'), { profile: PROFILE });
  const rig = await openApp({ pop3Connect: { ca: dovecot.ca } });
  try {
    const { page } = rig;
    const accountId = 'bench-account';
    await putRows(page, { accounts: [benchAccount(accountId, { host: 'localhost', port: dovecot.pop3sPort, username: USER.name })] });
    const stored = await page.evaluate(
      ({ accountId, password, port, user }) => (window as unknown as BenchWindow).heron.calls.setPassword({ accountId, slot: 'incoming', password, persist: false, servers: [{ host: 'localhost', port, security: 'tls', username: user }] }),
      { accountId, password: USER.password, port: dovecot.pop3sPort, user: USER.name },
    );
    if (!stored.ok) throw new Error(`setPassword failed: ${stored.error.message}`);
    await page.reload();
    const button = page.getByRole('button', { name: 'Get mail', exact: true }).first();
    await button.waitFor();

    // The page's own clock: the click (capture phase), the first batch, fetchDone.
    await page.evaluate((total) => {
      const f: PageFigures = { clickAt: null, allCommittedAt: null, committed: 0, sizes: {}, arrived: {}, acked: {}, firstBatchAt: null, doneAt: null, settledAt: null, batches: 0, batchMessages: 0, bodiesAt: null, parseCalls: [], startCallAt: null, phases: {}, done: null };
      (window as unknown as { __bench: PageFigures }).__bench = f;
      const { heron } = window as unknown as BenchWindow;
      document.addEventListener('click', () => (f.clickAt ??= performance.now()), { capture: true });
      heron.events.fetchBatch((b) => {
        f.firstBatchAt ??= performance.now();
        f.batches += 1;
        f.batchMessages += b.messages.length;
        f.sizes[b.batchId] = b.messages.length;
        f.arrived[b.batchId] = performance.now();
      });
      // The controller acknowledges a batch only after its transaction resolved: the ack is the commit.
      (window as unknown as { __heronObserveCall: (name: string, input: unknown) => void }).__heronObserveCall = (name, input) => {
        const ack = input as { batchId?: number; committed?: boolean };
        if (name === 'ackFetchBatch' && ack.batchId !== undefined) f.acked[ack.batchId] = performance.now();
        if (name === 'parseStoredMessages') f.parseCalls.push(performance.now());
        if (name === 'startFetch') f.startCallAt ??= performance.now();
        if (name === 'ackFetchBatch' && ack.committed === true) {
          f.committed += f.sizes[ack.batchId ?? -1] ?? 0;
          if (f.committed >= total) f.allCommittedAt ??= performance.now();
        }
      };
      heron.events.fetchProgress((p) => {
        f.phases[p.phase] ??= performance.now();
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
    let mainHeapPeak = 0;
    let rendererHeapPeak = 0;
    let rendererHeapTotalPeak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        mainHeapPeak = Math.max(mainHeapPeak, v8.getHeapStatistics().used_heap_size);
        const heap = await jsHeap(cdp).catch(() => ({ used: 0, total: 0 }));
        rendererHeapPeak = Math.max(rendererHeapPeak, heap.used);
        rendererHeapTotalPeak = Math.max(rendererHeapTotalPeak, heap.total);
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
    }
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();

    const nodeCpu = cpuMeter([process.pid]);
    const chromiumCpu = cpuMeter(procs.map((p) => p.pid));
    const machineAtClick = systemCpu();
    let cpuAtCommit: HeronResult['cpu'] | null = null;
    // Sampled when the page reports every row committed (the figure the throughput is about).
    const cpuWatch = (async () => {
      while (cpuAtCommit === null) {
        const committed = await page.evaluate(() => (window as unknown as { __bench: PageFigures }).__bench.allCommittedAt !== null).catch(() => true);
        if (committed) {
          const machine = systemCpu();
          cpuAtCommit = {
            node: nodeCpu.stop().get(process.pid) ?? null,
            chromium: chromiumCpu.stop(),
            machineBusy: machine && machineAtClick ? machine.busy - machineAtClick.busy : null,
            machineTotal: machine && machineAtClick ? machine.total - machineAtClick.total : null,
          };
        } else await new Promise((r) => setTimeout(r, 250));
      }
    })();
    await button.click();
    await page.waitForFunction(() => (window as unknown as { __bench: PageFigures }).__bench.doneAt !== null, null, { timeout: 30 * 60_000, polling: 100 });
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
    await cpuWatch;
    sampling = false;
    await sampler;
    if (inspector) {
      const { profile } = await inspector.post('Profiler.stop');
      const renderer = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
      inspector.disconnect();
      printProfile('main thread (Node: main services + stand-in codec + Playwright client)', summarizeProfile(profile as unknown as CpuProfile));
      printProfile('renderer main thread (Chromium)', summarizeProfile(renderer.profile));
    }
    // Bodies are parsed after the fetch: wait until the parse queue is empty (polled from here:
    // waitForFunction does not wait for an async predicate's promise).
    const queuedNow = () =>
      page.evaluate(
        () =>
          new Promise<number>((resolve, reject) => {
            const req = indexedDB.open('heron');
            req.onsuccess = () => {
              const db = req.result;
              const count = db.transaction('parseQueue').objectStore('parseQueue').count();
              count.onsuccess = () => {
                db.close();
                resolve(count.result);
              };
              count.onerror = () => reject(count.error);
            };
            req.onerror = () => reject(req.error);
          }),
      );
    for (const until = Date.now() + 30 * 60_000; (await queuedNow()) > 0; ) {
      if (Date.now() > until) throw new Error('the parse queue did not empty within 30 minutes');
      await new Promise((r) => setTimeout(r, 250));
    }
    await page.evaluate(() => {
      const f = (window as unknown as { __bench: PageFigures }).__bench;
      f.bodiesAt = performance.now();
    });
    const figures = await page.evaluate(() => (window as unknown as { __bench: PageFigures }).__bench);
    await cdp.send('HeapProfiler.collectGarbage');
    const heapAfterGc = (await jsHeap(cdp)).used;
    const result: HeronResult = {
      page: figures,
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
            sum += (cursor.value as { bytes: ArrayBuffer }).bytes.byteLength;
            cursor.continue();
          };
          req.onerror = () => reject(req.error);
        });
        db.close();
        return sum;
      }),
      mainPeakRss: peakRss(process.pid),
      mainHeapPeak,
      workers: probe.workers,
      chromium: procs.map((p) => ({ ...p, peak: peakRss(p.pid) })),
      cpu: cpuAtCommit ?? { node: null, chromium: new Map(), machineBusy: null, machineTotal: null },
      rendererHeapPeak,
      rendererHeapTotalPeak,
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
    probe.uninstall();
  }
}

function report(wireBytes: number, mpopRuns: Array<MpopResult | Error>, h: HeronResult | Error): void {
  const ok = mpopRuns.filter((r): r is MpopResult => !(r instanceof Error));
  // The machine's load drifts: mpop runs before and after Heron, and the ratio uses their mean.
  const mpopRun: MpopResult | Error = ok.length === 0 ? (mpopRuns[0] ?? new Error('mpop did not run')) : { ms: ok.reduce((n, r) => n + r.ms, 0) / ok.length, peakRss: Math.max(...ok.map((r) => r.peakRss ?? 0)) };
  const mb = wireBytes / 1024 / 1024;
  console.log(`\nGetting ${fmt(COUNT)} messages of 4–12 KB (${fmt(mb, 1)} MiB on the wire, POP3S on loopback)`);
  console.log(`  ${loadNote()}`);
  console.log(`  ${'contender'.padEnd(64)}${'msgs/s'.padStart(9)}${'MiB/s'.padStart(8)}${'time'.padStart(10)}`);
  const line = (name: string, ms: number) => console.log(`  ${name.padEnd(64)}${fmt(COUNT / (ms / 1000)).padStart(9)}${fmt(mb / (ms / 1000), 1).padStart(8)}${`${fmt(ms / 1000, 2)} s`.padStart(10)}`);
  if (mpopRun instanceof Error) console.log(`  ${'mpop (pipelining, mbox)'.padEnd(64)}unavailable: ${mpopRun.message}`);
  else {
    mpopRuns.forEach((r, i) => (r instanceof Error ? console.log(`  mpop run ${i + 1} failed: ${r.message}`) : line(`mpop (pipelining → mbox on disk), ${i === 0 ? 'before' : 'after'} Heron`, r.ms)));
    if (ok.length > 1) line('mpop, mean of both runs', mpopRun.ms);
  }
  if (h instanceof Error) {
    console.log(`  ${'Heron end to end'.padEnd(64)}failed: ${h.message.split('\n')[0]}`);
    return;
  }
  const p = h.page;
  const total = (p.allCommittedAt ?? Number.NaN) - (p.clickAt ?? 0);
  line('Heron: click → every row committed in IndexedDB (last ack)', total);
  line('Heron: click → fetchDone in the page (after QUIT and the trailing parse)', (p.doneAt ?? 0) - (p.clickAt ?? 0));
  if (p.settledAt !== null) line('Heron: click → controller idle (POP state saved, button back)', p.settledAt - (p.clickAt ?? 0));
  if (p.bodiesAt !== null) line('Heron: click → every body parsed and stored (trails the fetch)', p.bodiesAt - (p.clickAt ?? 0));
  if (!(mpopRun instanceof Error)) console.log(`  ratio (messages/s): Heron/mpop ${fmt(mpopRun.ms / total, 2)}×  (goal ≥ 1.00×)`);
  if (p.parseCalls.length > 0) {
    const rel = p.parseCalls.map((t) => fmt((t - (p.clickAt ?? 0)) / 1000, 2));
    console.log(`  body parser: ${p.parseCalls.length} parse calls, sent at ${rel.length > 8 ? [...rel.slice(0, 4), '…', ...rel.slice(-3)].join(', ') : rel.join(', ')} s after the click`);
  }
  const since = (t: number | null | undefined) => (t === null || t === undefined ? 'n/a' : `${fmt(t - (p.clickAt ?? 0))} ms`);
  console.log(`  before the first batch: startFetch sent ${since(p.startCallAt)}, connecting ${since(p.phases.connecting)}, listing ${since(p.phases.listing)}, downloading ${since(p.phases.downloading)} after the click`);
  console.log(`  first batch in the page ${fmt((p.firstBatchAt ?? 0) - (p.clickAt ?? 0))} ms after the click; ${p.batches} batches, ${fmt(p.batchMessages)} messages`);
  // Where a batch's time goes: in the renderer (arrival → ack: queue wait + transaction) or
  // elsewhere (ack → next batch arriving: main, the worker, the stand-in's transport).
  const ids = Object.keys(p.arrived).map(Number).sort((a, b) => a - b);
  const inRenderer = ids.map((id) => (p.acked[id] ?? Number.NaN) - (p.arrived[id] ?? Number.NaN));
  const between = ids.slice(1).map((id) => (p.arrived[id] ?? Number.NaN) - (p.arrived[id - 1] ?? Number.NaN));
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const third = Math.max(1, Math.floor(ids.length / 3));
  console.log(`  per batch: arrival → ack in the renderer ${fmt(avg(inRenderer))} ms mean (first third ${fmt(avg(inRenderer.slice(0, third)))}, last third ${fmt(avg(inRenderer.slice(-third)))}); batch arrivals every ${fmt(avg(between))} ms (first third ${fmt(avg(between.slice(0, third)))}, last third ${fmt(avg(between.slice(-third)))})`);
  const s = p.done?.summary;
  console.log(`  fetchDone: ${p.done?.error ? `error ${p.done.error.code}: ${p.done.error.message}` : `downloaded ${s?.downloaded}, server count ${s?.serverCount}`}`);
  console.log(`  IndexedDB after: messages ${fmt(h.rows.messages)}, raw chunks ${fmt(h.rows.rawChunks)}, bodies ${fmt(h.rows.bodies)}, POP state rows ${fmt(h.rows.popChunks)}${h.rows.messages === COUNT ? ' (all committed)' : '  ← NOT all committed'}`);
  console.log(`  stored raw bytes ${fmt(h.rawBytes)} ${h.rawBytes === wireBytes ? '= the mailbox\'s bytes exactly' : `≠ the mailbox's ${fmt(wireBytes)} bytes  ← WRONG`}`);

  const c = h.cpu;
  const secs = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${fmt(x, 2)} s`);
  console.log(`\n  CPU from the click to the last row committed (${fmt(total / 1000, 2)} s of wall time; /proc, all threads of each process)`);
  console.log(`    whole machine: ${secs(c.machineBusy)} busy of ${secs(c.machineTotal)} available (${c.machineBusy !== null && c.machineTotal ? fmt((100 * c.machineBusy) / c.machineTotal, 0) : 'n/a'}% of all cores)`);
  console.log(`    Node (main services + fetch worker + stand-in transport + Playwright client): ${secs(c.node)}`);
  for (const p of h.chromium) console.log(`    Chromium ${p.type.padEnd(22)} pid ${String(p.pid).padEnd(8)} ${secs(c.chromium.get(p.pid))}`);
  console.log('    (the rest of the busy time is Dovecot and the system)');

  console.log('\n  Peak memory during the fetch (high-water marks reset at the click)');
  console.log(`    mpop process, peak RSS (GNU time)                              ${mpopRun instanceof Error ? 'n/a' : mib(mpopRun.peakRss)}`);
  console.log(`    main: Node process peak RSS (VmHWM: services + worker thread + Playwright client) ${mib(h.mainPeakRss)}`);
  console.log(`    main: main thread V8 heap used, peak (sampled 200 ms)          ${mib(h.mainHeapPeak)}`);
  for (const w of h.workers.values()) {
    console.log(`    fetch worker thread #${w.threadId}: own V8 heap used/total peak ${mib(w.peak.used)} / ${mib(w.peak.total)}, external ${mib(w.peak.external)}, malloc peak ${mib(w.peak.malloced)}; event-loop utilization ${fmt(w.elu.utilization * 100, 1)}% of ${fmt((w.elu.active + w.elu.idle) / 1000, 1)} s`);
  }
  console.log(`    renderer JS heap used / total, peak (CDP Performance.getMetrics, 200 ms) ${mib(h.rendererHeapPeak)} / ${mib(h.rendererHeapTotalPeak)}; after the fetch and a forced GC ${mib(h.heapAfterGc)}`);
  for (const c of h.chromium.sort((a, b) => (b.peak ?? 0) - (a.peak ?? 0))) {
    console.log(`    Chromium ${c.type.padEnd(22)} pid ${String(c.pid).padEnd(8)} peak RSS ${mib(c.peak)}`);
  }
  console.log('\n  Main thread event-loop delay during the fetch (monitorEventLoopDelay, 5 ms resolution; goal: never over 50 ms)');
  console.log(`    max ${fmt(h.loop.max, 1)} ms, p99 ${fmt(h.loop.p99, 1)} ms, mean ${fmt(h.loop.mean, 1)} ms, share of samples over 50 ms ≈ ${fmt(h.loop.over50, 2)}%`);
  console.log('    (this thread also frames every batch for the stand-in\'s HTTP transport and runs Playwright\'s client: the app\'s main does neither)');
}

async function main(): Promise<void> {
  if (!dovecotAvailable.available) {
    console.error(`bench:fetch needs a real Dovecot: ${dovecotAvailable.reason}`);
    process.exit(2);
  }
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'ignore' });
  console.log(`bench:fetch — ${os.cpus().length} cores, Node ${process.version}, Chromium ${execFileSync('/usr/bin/chromium', ['--version']).toString().trim()}`);
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
    const runMpop = () =>
      mpopAvailable.available ? mpop(dovecot, work, caFile).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))) : Promise.resolve(new Error(mpopAvailable.reason ?? 'mpop is not installed'));
    console.log('running mpop…');
    const before = await runMpop();
    console.log('running Heron (Chromium + stand-in + worker)…');
    const h = await heron(dovecot).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    console.log('running mpop again…');
    const after = await runMpop();
    report(wireBytes, [before, after], h);
    if (h instanceof Error) process.exitCode = 1;
  } finally {
    await stopAll();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
