/** bench:fetch's report: mpop's runs and Heron's against them, where the time went, CPU and memory. */
import type { FetchDone } from '../../shared/ipc/calls/fetch';
import { fmt, loadNote, mib } from './browser-rig';
import type { MpopResult } from './fetch-mpop';
import type { installWorkerProbe } from './worker-probe';

/** What the page records (window.__bench), on the page's clock. */
export interface PageFigures {
  clickAt: number | null;
  /** When the worker reported every message committed (fetchProgress, sent once the store acknowledged the last batch). */
  allCommittedAt: number | null;
  committed: number;
  doneAt: number | null;
  settledAt: number | null;
  /** When a read first found a body stored for every message. */
  bodiesAt: number | null;
  /** Every fetched message findable: the search index's queue empty. */
  indexedAt: number | null;
  /** When startFetch went out, and when each fetch phase was first reported (fetchProgress). */
  startCallAt: number | null;
  phases: Record<string, number>;
  done: FetchDone | null;
  /** Tasks of the window's main thread over 50 ms (Long Tasks API): start (page clock) and duration. */
  longTasks: Array<{ start: number; ms: number }>;
}

/** One batch on the store port, seen at main's end (Node's clock): sent, answered, its messages. */
export interface CommitFigures {
  sentAt: number;
  answeredAt: number | null;
  messages: number;
}

export interface HeronResult {
  page: PageFigures;
  commits: CommitFigures[];
  /** Main asking the store for the POP state, right after startFetch (Node's clock), for the first batch's delay. */
  startedAt: number | null;
  rows: Record<'messages' | 'rawChunks' | 'bodies' | 'popChunks', number>;
  /** Sum of the stored raw messages' sizes (Blob bytes), to hold against the mailbox. */
  rawBytes: number;
  /** The Node process running main's services, the fetch worker and the stand-in. */
  nodePid: number;
  mainPeakRss: number | null;
  mainHeapPeak: number;
  workers: ReturnType<typeof installWorkerProbe>['workers'];
  chromium: Array<{ type: string; pid: number; peak: number | null; atClick: number | null; parts: { RssAnon: number; RssShmem: number; RssFile: number } | null }>;
  rendererHeapPeak: number;
  rendererHeapTotalPeak: number;
  /** The renderer's JS heap once the fetch settled and a GC ran: garbage or kept? */
  heapAfterGc: number;
  /** The page's workers, each at its sampled highest (CDP Runtime.getHeapUsage, 200 ms). */
  workerHeapPeaks: ReadonlyArray<{ url: string; used: number; total: number; backing: number }>;
  loop: { max: number; p99: number; mean: number; over50: number };
  /** CPU seconds from the click to the last row committed: per process, and the whole machine. */
  cpu: {
    node: number | null;
    /** Node's threads, busiest first (cpu.ts threadMeter). */
    nodeThreads: Array<{ tid: number; name: string; seconds: number }>;
    chromium: Map<number, number | null>;
    /** Each Chromium process's threads, busiest first (cpu.ts threadMeter: its main thread is "main thread"). */
    chromiumThreads: Map<number, Array<{ tid: number; name: string; seconds: number }>>;
    /** Minor page faults per process (Node's pid and Chromium's), same span (cpu.ts faultMeter). */
    faults: Map<number, number | null>;
    machineBusy: number | null;
    machineTotal: number | null;
  };
}

const committedMs = (h: HeronResult) => (h.page.allCommittedAt ?? Number.NaN) - (h.page.clickAt ?? 0);

/** The middle value (the lower of the two middle ones for an even count). */
function median<T>(xs: readonly T[], by: (x: T) => number): T | undefined {
  return [...xs].sort((a, b) => by(a) - by(b))[Math.floor((xs.length - 1) / 2)];
}

/**
 * The machine's speed drifts (on this VM it halved within an hour): Heron's run i ran between
 * mpop runs i and i + 1, so each round's ratio compares runs minutes apart at most.
 */
function pairedRatios(mpopRuns: ReadonlyArray<MpopResult | Error>, heronRuns: ReadonlyArray<HeronResult | Error>): number[] {
  return heronRuns.flatMap((h, i) => {
    const before = mpopRuns[i];
    const after = mpopRuns[i + 1];
    if (h instanceof Error || !before || !after || before instanceof Error || after instanceof Error) return [];
    return [(before.ms + after.ms) / 2 / committedMs(h)];
  });
}

export function printFetch(count: number, wireBytes: number, mpopRuns: Array<MpopResult | Error>, heronRuns: Array<HeronResult | Error>, mpopInMemory: MpopResult | Error | null = null): void {
  const ok = mpopRuns.filter((r): r is MpopResult => !(r instanceof Error));
  // The machine's load drifts: mpop runs before, between and after Heron's runs, and the ratio
  // uses the median of each (the mean of two when there are two mpop runs).
  const mpopMs = ok.length === 2 ? ((ok[0]?.ms ?? 0) + (ok[1]?.ms ?? 0)) / 2 : (median(ok, (r) => r.ms)?.ms ?? Number.NaN);
  const mpopRun: MpopResult | Error = ok.length === 0 ? (mpopRuns[0] ?? new Error('mpop did not run')) : { ms: mpopMs, peakRss: Math.max(...ok.map((r) => r.peakRss ?? 0)), storage: ok[0]?.storage ?? 'disk' };
  const heronOk = heronRuns.filter((r): r is HeronResult => !(r instanceof Error));
  const h: HeronResult | Error = median(heronOk, committedMs) ?? heronRuns[0] ?? new Error('Heron did not run');
  const mb = wireBytes / 1024 / 1024;
  console.log(`\nGetting ${fmt(count)} messages of 4–12 KB (${fmt(mb, 1)} MiB on the wire, POP3S on loopback)`);
  console.log(`  ${loadNote()}`);
  console.log(`  ${'contender'.padEnd(64)}${'msgs/s'.padStart(9)}${'MiB/s'.padStart(8)}${'time'.padStart(10)}`);
  const line = (name: string, ms: number) => console.log(`  ${name.padEnd(64)}${fmt(count / (ms / 1000)).padStart(9)}${fmt(mb / (ms / 1000), 1).padStart(8)}${`${fmt(ms / 1000, 2)} s`.padStart(10)}`);
  if (mpopRun instanceof Error) console.log(`  ${'mpop (pipelining, mbox)'.padEnd(64)}unavailable: ${mpopRun.message}`);
  else {
    const when = (i: number) => (i === 0 ? 'before Heron' : i === mpopRuns.length - 1 ? 'after Heron' : `after Heron's run ${i}`);
    mpopRuns.forEach((r, i) => (r instanceof Error ? console.log(`  mpop run ${i + 1} failed: ${r.message}`) : line(`mpop (pipelining → mbox on ${r.storage}), ${when(i)}`, r.ms)));
    if (ok.length > 1) line(ok.length === 2 ? 'mpop, mean of both runs' : `mpop, median of ${ok.length} runs`, mpopRun.ms);
  }
  // mpop delivers each message with an fsync of its own (strace -c: 10,001 fsync calls for 10,000
  // messages): on tmpfs those cost nothing, which says how much of its time is the disk's.
  if (mpopInMemory instanceof Error) console.log(`  mpop with its mbox on tmpfs: failed: ${mpopInMemory.message}`);
  else if (mpopInMemory) line('  (not the reference) mpop, mbox on tmpfs: its fsyncs are free', mpopInMemory.ms);
  heronRuns.forEach((r, i) => {
    if (r instanceof Error) console.log(`  Heron run ${i + 1} failed: ${r.message.split('\n')[0]}`);
  });
  if (heronOk.length > 1) {
    console.log(`  Heron runs, click → last row committed: ${heronOk.map((r) => `${fmt(committedMs(r) / 1000, 2)} s`).join(', ')}; the median run's figures follow`);
  }
  if (h instanceof Error) {
    console.log(`  ${'Heron end to end'.padEnd(64)}failed: ${h.message.split('\n')[0]}`);
    return;
  }
  const p = h.page;
  const total = committedMs(h);
  line('Heron: click → every message committed in IndexedDB (its batch answered)', total);
  line('Heron: click → fetchDone in the page (after QUIT)', (p.doneAt ?? 0) - (p.clickAt ?? 0));
  if (p.settledAt !== null) line('Heron: click → controller idle (POP state saved, button back)', p.settledAt - (p.clickAt ?? 0));
  if (p.bodiesAt !== null) line('Heron: click → every body parsed and stored', p.bodiesAt - (p.clickAt ?? 0));
  if (p.indexedAt !== null) line('Heron: click → every message findable (search index caught up)', p.indexedAt - (p.clickAt ?? 0));
  if (!(mpopRun instanceof Error)) console.log(`  ratio (messages/s): Heron/mpop ${fmt(mpopRun.ms / total, 2)}×  (goal ≥ 1.00×)`);
  const paired = pairedRatios(mpopRuns, heronRuns);
  if (paired.length > 1) {
    console.log(`  ratio per round (each Heron run against the mean of the mpop runs either side of it): ${paired.map((r) => `${fmt(r, 2)}×`).join(', ')}; median ${fmt(median(paired, (r) => r) ?? Number.NaN, 2)}×`);
  }
  const since = (t: number | null | undefined) => (t === null || t === undefined ? 'n/a' : `${fmt(t - (p.clickAt ?? 0))} ms`);
  console.log(`  before the first batch: startFetch sent ${since(p.startCallAt)}, connecting ${since(p.phases.connecting)}, listing ${since(p.phases.listing)}, downloading ${since(p.phases.downloading)} after the click`);
  // Where a batch's time goes, at main's end of the store port: sent → answered (the store worker's
  // decode and transaction, and the port's transport), and how often batches leave main.
  const commits = h.commits;
  const inStore = commits.map((x) => (x.answeredAt ?? Number.NaN) - x.sentAt);
  const between = commits.slice(1).map((x, i) => x.sentAt - (commits[i]?.sentAt ?? x.sentAt));
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const third = Math.max(1, Math.floor(commits.length / 3));
  console.log(`  first batch sent to the store ${h.startedAt === null || commits[0] === undefined ? 'n/a' : `${fmt(commits[0].sentAt - h.startedAt)} ms`} after main asked it for the POP state; ${commits.length} batches, ${fmt(commits.reduce((n, x) => n + x.messages, 0))} messages`);
  console.log(`  per batch: sent → committed answer ${fmt(avg(inStore))} ms mean (first third ${fmt(avg(inStore.slice(0, third)))}, last third ${fmt(avg(inStore.slice(-third)))}); batches sent every ${fmt(avg(between))} ms (first third ${fmt(avg(between.slice(0, third)))}, last third ${fmt(avg(between.slice(-third)))})`);
  const s = p.done?.summary;
  console.log(`  fetchDone: ${p.done?.error ? `error ${p.done.error.code}: ${p.done.error.message}` : `downloaded ${s?.downloaded}, server count ${s?.serverCount}`}`);
  console.log(`  IndexedDB after: messages ${fmt(h.rows.messages)}, raw chunks ${fmt(h.rows.rawChunks)}, bodies ${fmt(h.rows.bodies)}, POP state rows ${fmt(h.rows.popChunks)}${h.rows.messages === count ? ' (all committed)' : '  ← NOT all committed'}`);
  console.log(`  stored raw bytes ${fmt(h.rawBytes)} ${h.rawBytes === wireBytes ? '= the mailbox\'s bytes exactly' : `≠ the mailbox's ${fmt(wireBytes)} bytes  ← WRONG`}`);

  const c = h.cpu;
  const secs = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${fmt(x, 2)} s`);
  console.log(`\n  CPU from the click to the last row committed (${fmt(total / 1000, 2)} s of wall time; /proc, all threads of each process)`);
  console.log(`    whole machine: ${secs(c.machineBusy)} busy of ${secs(c.machineTotal)} available (${c.machineBusy !== null && c.machineTotal ? fmt((100 * c.machineBusy) / c.machineTotal, 0) : 'n/a'}% of all cores)`);
  const faults = (pid: number) => {
    const n = c.faults.get(pid);
    return n === null || n === undefined || n === 0 ? '' : `, ${fmt(n)} page faults (${fmt((n * 4) / 1024, 0)} MiB of fresh pages)`;
  };
  console.log(`    Node (main services + fetch worker + stand-in transport + Playwright client): ${secs(c.node)}${faults(h.nodePid)}`);
  // The fetch worker is the busiest "node" thread besides main; V8's GC helpers and libuv's pool have their own names.
  const threads = c.nodeThreads.filter((t) => t.seconds >= 0.02).map((t) => `${t.name} ${secs(t.seconds)}`);
  if (threads.length > 0) console.log(`      by thread: ${threads.join(', ')}`);
  for (const p of h.chromium) {
    console.log(`    Chromium ${p.type.padEnd(22)} pid ${String(p.pid).padEnd(8)} ${secs(c.chromium.get(p.pid))}${faults(p.pid)}`);
    const busy = (c.chromiumThreads.get(p.pid) ?? []).filter((t) => t.seconds >= 0.05).map((t) => `${t.name} ${secs(t.seconds)}`);
    if (busy.length > 0) console.log(`      by thread: ${busy.join(', ')}`);
  }
  console.log('    (the rest of the busy time is Dovecot and the system)');

  console.log('\n  Peak memory during the fetch (high-water marks reset at the click)');
  console.log(`    mpop process, peak RSS (GNU time)                              ${mpopRun instanceof Error ? 'n/a' : mib(mpopRun.peakRss)}`);
  console.log(`    main: Node process peak RSS (VmHWM: services + worker thread + Playwright client) ${mib(h.mainPeakRss)}`);
  console.log(`    main: main thread V8 heap used, peak (sampled 200 ms)          ${mib(h.mainHeapPeak)}`);
  for (const w of h.workers.values()) {
    console.log(`    fetch worker thread #${w.threadId}: own V8 heap used/total peak ${mib(w.peak.used)} / ${mib(w.peak.total)}, external ${mib(w.peak.external)}, malloc peak ${mib(w.peak.malloced)}; event-loop utilization ${fmt(w.elu.utilization * 100, 1)}% of ${fmt((w.elu.active + w.elu.idle) / 1000, 1)} s`);
  }
  console.log(`    renderer JS heap used / total, peak (CDP Performance.getMetrics, 200 ms) ${mib(h.rendererHeapPeak)} / ${mib(h.rendererHeapTotalPeak)}; after the fetch and a forced GC ${mib(h.heapAfterGc)}`);
  for (const w of h.workerHeapPeaks) console.log(`    renderer worker ${w.url.split('/').pop() ?? w.url}: V8 heap used / total, peak ${mib(w.used)} / ${mib(w.total)}; ArrayBuffers outside the heap, peak ${mib(w.backing)} (CDP Runtime.getHeapUsage, 200 ms)`);
  for (const c of h.chromium.sort((a, b) => (b.peak ?? 0) - (a.peak ?? 0))) {
    const parts = c.parts ? `; sampled highest: own ${mib(c.parts.RssAnon)}, shared memory ${mib(c.parts.RssShmem)}, files ${mib(c.parts.RssFile)}` : '';
    console.log(`    Chromium ${c.type.padEnd(22)} pid ${String(c.pid).padEnd(8)} peak RSS ${mib(c.peak)} (at the click ${mib(c.atClick)}${parts})`);
  }
  console.log('\n  Main thread event-loop delay during the fetch (monitorEventLoopDelay, 5 ms resolution; goal: never over 50 ms)');
  console.log(`    max ${fmt(h.loop.max, 1)} ms, p99 ${fmt(h.loop.p99, 1)} ms, mean ${fmt(h.loop.mean, 1)} ms, share of samples over 50 ms ≈ ${fmt(h.loop.over50, 2)}%`);
  console.log('    (this thread also frames every batch for the stand-in\'s HTTP transport and runs Playwright\'s client: the app\'s main does neither)');

  const paired2 = pairedRatios(mpopRuns, heronRuns);
  const ratio = paired2.length > 0 ? (median(paired2, (r) => r) ?? Number.NaN) : mpopRun instanceof Error ? Number.NaN : mpopRun.ms / total;
  printGoals(h, total, ratio);
}

/** The issue-17 goals, each with its measured value and PASS or FAIL. */
function printGoals(h: HeronResult, committed: number, ratio: number): void {
  const p = h.page;
  const click = p.clickAt ?? 0;
  const bodies = p.bodiesAt === null ? Number.NaN : p.bodiesAt - click;
  const end = p.bodiesAt ?? Infinity;
  const during = p.longTasks.filter((t) => t.start >= click && t.start <= end);
  const over = during.filter((t) => t.ms > 50).sort((a, b) => b.ms - a.ms);
  const renderers = h.chromium.filter((c) => c.type === 'renderer');
  const rendererPeak = renderers.length === 0 ? null : Math.max(...renderers.map((c) => c.peak ?? 0));
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const rows: Array<[string, string, string, boolean]> = [
    ['every body parsed and stored, against the last raw message committed', `${fmt(bodies / committed, 2)}× (${fmt(bodies / 1000, 2)} s / ${fmt(committed / 1000, 2)} s)`, '≤ 1.50×', bodies / committed <= 1.5],
    ['tasks over 50 ms on the window\'s main thread, click → bodies stored', over.length === 0 ? 'none' : `${over.length}, longest ${fmt(over[0]?.ms ?? 0)} ms, ${fmt(over.reduce((n, t) => n + t.ms, 0))} ms in all`, 'none', over.length === 0],
    ['renderer process peak RSS during the fetch', mib(rendererPeak), '≤ 250 MiB', rendererPeak !== null && rendererPeak <= 250 * 1024 * 1024],
    ['end to end (last row committed) against mpop', `${fmt(ratio, 2)}×`, '≥ 1.00×', ratio >= 1],
  ];
  console.log(`\n  Goals (issue 17), the median run; ${loadNote()}`);
  for (const [name, value, goal, ok] of rows) console.log(`    ${verdict(ok)}  ${name.padEnd(74)}${value.padStart(36)}   goal ${goal}`);
}
