/**
 * `npm run bench:open`: opening a message with a large HTML body, in Debian's Chromium on the
 * production renderer, with the mail fetched from a real Dovecot through Get mail (issue 15's
 * goal: no main-thread task over 100 ms when opening any message).
 *
 * For each HTML size: click the row (after another message was open), then until the reader's
 * frame has loaded the formatted message and 1.5 s more, every long task of the window's thread (the Long Tasks
 * API: tasks of 50 ms and more, the app's frame and any same-process frame), the time until the
 * first content (the text, for large HTML) and until the formatted message. The message is a
 * newsletter-like table of stories, links and (blocked) remote images.
 *
 * Every opening is also traced (CDP, devtools.timeline), which gives each task's CPU time: on a
 * busy machine a task can take far longer than the CPU it used, waiting for a core, and the
 * CPU time is what the code controls.
 *
 *   npm run bench:open -- [--sizes 100k,1m,5m,20m] [--opens 3] [--screenshot DIR] [--tasks]
 *
 * With --tasks, each task over 50 ms (the app's window, and the message frame's own process) is
 * printed with what it spent its time on, and the app window's with the functions a CPU profile
 * sampled in it (the bundle is minified: names are the bundle's).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { bigHtmlMail } from '../../e2e/damaged-mailbox';
import { dovecotAvailable, startDovecot } from '../../e2e/servers';
import { addBenchAccount, countRows, fmt, loadNote, mib, openApp, option, type AppRig } from './browser-rig';
import { profileWindow, type CpuProfile } from './profile';

const USER = { name: 'bench', password: 'bench-pw' };
const SIZES = option('sizes', '100k,1m,5m,20m')
  .split(',')
  .map((s) => {
    const m = /^(\d+(?:\.\d+)?)([km])$/i.exec(s.trim());
    if (!m) throw new Error(`--sizes: "${s}" is not like 100k or 20m`);
    return Math.round(Number(m[1]) * ((m[2] ?? 'k').toLowerCase() === 'm' ? 1024 * 1024 : 1024));
  });
const OPENS = Number(option('opens', '3'));
const SHOTS = option('screenshot', '') || null;
const TASKS = process.argv.includes('--tasks');
if (!Number.isInteger(OPENS) || OPENS < 1 || OPENS > 20) throw new Error('--opens must be 1–20');
if (SIZES.some((n) => n < 1024 || n > 64 * 1024 * 1024)) throw new Error('--sizes must be 1k–64m each');

type BenchWindow = { __loaded?: Promise<number>; __open?: { clickAt: number; longTasks: number[]; firstAt: number | null } };
const subjectOf = (bytes: number) => `Newsletter of ${mib(bytes)}`;

interface Opening {
  readonly longest: number;
  readonly over100: number;
  readonly longTasks: number;
  readonly firstMs: number;
  readonly doneMs: number;
}

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly ts: number;
  readonly dur?: number;
  /** Thread (CPU) time: a task much longer than its CPU time waited for a core. */
  readonly tdur?: number;
  readonly pid: number;
  readonly tid: number;
  readonly args?: { data?: { functionName?: string; url?: string; frame?: string; frames?: Array<{ url: string; processId: number }> }; name?: string };
}

interface Traced {
  /** The longest CPU time of one task of the app window's main thread, in ms. */
  readonly appCpuMs: number;
  /** Tasks over 50 ms of wall time, described. */
  readonly lines: string[];
}

/** The renderer main threads' tasks (the app's window, and the message frame's own process). */
function tasksOf(events: readonly TraceEvent[], profile: CpuProfile | null): Traced {
  const started = events.find((e) => e.name === 'TracingStartedInBrowser')?.args?.data?.frames ?? [];
  const appPid = started.find((f) => f.url.endsWith('/index.html'))?.processId;
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const on = (e: TraceEvent) => mains.has(`${e.pid}:${e.tid}`) && e.ph === 'X' && e.dur !== undefined;
  const all = events.filter((e) => on(e) && e.name === 'RunTask');
  const appCpuMs = Math.max(0, ...all.filter((t) => t.pid === appPid).map((t) => (t.tdur ?? 0) / 1000));
  const tasks = all.filter((e) => (e.dur ?? 0) > 50_000);
  const lines = tasks.map((t) => {
    const inside = events.filter((e) => on(e) && e.pid === t.pid && e.tid === t.tid && e.name !== 'RunTask' && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + (t.dur ?? 0));
    const parts = inside
      .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
      .slice(0, 3)
      .map((e) => `${e.name}${e.args?.data?.functionName ? ` ${e.args.data.functionName}` : ''} ${fmt((e.dur ?? 0) / 1000)} ms`);
    // The profile and the trace share the monotonic clock (microseconds).
    const sampled = profile && t.pid === appPid ? profileWindow(profile, t.ts / 1000, (t.ts + (t.dur ?? 0)) / 1000, 0).map((f) => `${f.name} ${fmt(f.ms)} ms`) : [];
    return `${t.pid === appPid ? "app's window" : 'message frame (its own process)'}: ${fmt((t.dur ?? 0) / 1000)} ms (CPU ${fmt((t.tdur ?? 0) / 1000)} ms) — ${parts.join(', ')}${sampled.length ? ` | sampled: ${sampled.join(', ')}` : ''}`;
  });
  return { appCpuMs, lines };
}

async function traced<T>(rig: AppRig, run: () => Promise<T>): Promise<{ value: T; tasks: Traced }> {
  const cdp = await rig.cdp();
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...(d.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,__metadata', transferMode: 'ReportEvents' });
  if (TASKS) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  const value = await run();
  const profile = TASKS ? ((await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile }).profile : null;
  await cdp.send('Tracing.end');
  await complete;
  return { value, tasks: tasksOf(events, profile) };
}

/**
 * Clicks a row and resolves when the reader's frame has loaded the formatted message (the frame's
 * load event, with no text-first note shown): nothing of the harness touches the frame or its
 * 20 MB srcdoc, which would cost the window's thread what the app does not.
 */
async function openRow(page: Page, subject: string): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as BenchWindow;
    w.__loaded = new Promise<number>((resolve) => {
      const onLoad = (e: Event) => {
        if (!(e.target instanceof HTMLIFrameElement) || !e.target.classList.contains('reader-frame') || document.querySelector('.reader-preparing') !== null) return;
        document.removeEventListener('load', onLoad, true);
        resolve(performance.now());
      };
      document.addEventListener('load', onLoad, true);
    });
  });
  await page.getByRole('listbox', { name: 'Messages in Inbox' }).getByRole('option').filter({ hasText: subject }).click();
  return page.evaluate(() => (window as unknown as BenchWindow).__loaded as Promise<number>);
}

async function openOnce(page: Page, subject: string, shot: string | null): Promise<Opening> {
  await openRow(page, 'A short note');
  await page.waitForTimeout(1000);
  await page.evaluate(() => {
    const w = window as unknown as BenchWindow;
    const f = { clickAt: 0, longTasks: [] as number[], firstAt: null as number | null };
    w.__open = f;
    new PerformanceObserver((entries) => {
      for (const e of entries.getEntries()) if (e.startTime >= f.clickAt) f.longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
    document.addEventListener('click', () => (f.clickAt = performance.now()), { capture: true, once: true });
    // First content: a frame (the text, or the formatted message) replaces "Preparing the message…".
    const first = (e: Event) => {
      if (!(e.target instanceof HTMLIFrameElement) || f.clickAt === 0) return;
      f.firstAt = performance.now();
      document.removeEventListener('load', first, true);
    };
    document.addEventListener('load', first, true);
  });
  const opening = openRow(page, subject);
  if (shot) {
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${shot}-early.png` });
  }
  const doneAt = await opening;
  // Tasks that come after the frame loaded (the store's own work, collecting garbage).
  await page.waitForTimeout(1500);
  if (shot) await page.screenshot({ path: `${shot}-done.png` });
  const f = await page.evaluate(() => (window as unknown as BenchWindow).__open);
  if (!f) throw new Error('the page lost its figures');
  return {
    longest: Math.max(0, ...f.longTasks),
    over100: f.longTasks.filter((d) => d > 100).length,
    longTasks: f.longTasks.length,
    firstMs: (f.firstAt ?? doneAt) - f.clickAt,
    doneMs: doneAt - f.clickAt,
  };
}

async function main(): Promise<void> {
  if (!dovecotAvailable.available) throw new Error(dovecotAvailable.title('real Dovecot'));
  const dovecot = await startDovecot({ users: [USER] });
  try {
    const note = Buffer.from(
      ['From: Ada <ada@example.org>', 'To: bench@test.domain', 'Subject: A short note', 'Date: Tue, 10 Mar 2026 08:00:00 +0000', 'Content-Type: text/plain; charset=utf-8', '', 'Just a short note.', ''].join('\r\n'),
    );
    await dovecot.seed(USER.name, [note, ...SIZES.map((n) => bigHtmlMail(subjectOf(n), n))]);
    const rig = await openApp({ pop3Connect: { ca: dovecot.ca } });
    try {
      const { page } = rig;
      const accountId = 'bench-account';
      await addBenchAccount(page, accountId, { port: dovecot.pop3sPort, username: USER.name, password: USER.password });
      await page.getByRole('button', { name: 'Get mail', exact: true }).first().click();
      const total = SIZES.length + 1;
      const deadline = Date.now() + 10 * 60_000;
      while ((await countRows(page, 'bodies')) < total) {
        if (Date.now() > deadline) throw new Error('the fetched mail was not parsed within 10 minutes');
        await page.waitForTimeout(500);
      }
      if (SHOTS) await mkdir(SHOTS, { recursive: true });
      console.log(`bench:open — ${total} messages fetched from Dovecot and parsed; each HTML message opened ${OPENS}× after a short one (${loadNote()})`);
      console.log('HTML size      longest task   its CPU max   tasks >100 ms   tasks ≥50 ms   first content   formatted message');
      let largest = { bytes: 0, longest: 0, cpu: 0 };
      for (const bytes of SIZES) {
        const runs: Opening[] = [];
        const traces: string[] = [];
        let cpu = 0;
        for (let i = 0; i < OPENS; i++) {
          const t = await traced(rig, () => openOnce(page, subjectOf(bytes), SHOTS && i === 0 ? path.join(SHOTS, `open-${Math.round(bytes / 1024)}k`) : null));
          runs.push(t.value);
          cpu = Math.max(cpu, t.tasks.appCpuMs);
          if (TASKS) traces.push(`opening ${i + 1}:`, ...t.tasks.lines);
        }
        const longest = Math.max(...runs.map((r) => r.longest));
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
        console.log(
          `${mib(bytes).padEnd(14)} ${`${fmt(longest)} ms`.padStart(12)}   ${`${fmt(cpu)} ms`.padStart(11)}   ${String(Math.max(...runs.map((r) => r.over100))).padStart(13)}   ${String(median(runs.map((r) => r.longTasks))).padStart(12)}   ${`${fmt(median(runs.map((r) => r.firstMs)))} ms`.padStart(13)}   ${`${fmt(median(runs.map((r) => r.doneMs)))} ms`.padStart(17)}`,
        );
        for (const line of traces) console.log(`    ${line}`);
        if (bytes > largest.bytes) largest = { bytes, longest, cpu };
      }
      console.log(`largest HTML opened: ${mib(largest.bytes)}; its longest task on the window's main thread: ${fmt(largest.longest)} ms (CPU time of the longest: ${fmt(largest.cpu)} ms)`);
      console.log("longest task: the Long Tasks API's longest on the app's window (wall time, from the click until 1.5 s after the frame loaded the formatted message); its CPU max: the trace's longest CPU time of one task of that thread");
    } finally {
      await rig.close();
    }
  } finally {
    await dovecot.stop();
  }
}

await main();
