/**
 * `npm run bench:window`: the window while Get mail brings 10,000 messages from a real Dovecot
 * into the production renderer in Debian's Chromium (issue 17). From the click until every body is
 * stored, the bench takes turns: it opens a message in the list, then scrolls the list for a
 * while; all along, it watches the list's count. Goals:
 *
 *   scrolling frame time p95         ≤ 20 ms   (rAF deltas while scrolling a fixed step per frame)
 *   click a row → subject and text   ≤ 100 ms  (the reader's subject, and its body frame loaded)
 *   the list's count moves           at least every 500 ms until every message is in
 *
 *   npm run bench:window -- [--messages 10000] [--scroll-ms 1500] [--scroll-step 400]
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { dovecotAvailable, startDovecot } from '../../e2e/servers';
import { addBenchAccount, chromiumProcesses, countRows, fmt, loadNote, mib, openApp, percentile, peakRss, resetPeakRss, ROOT } from './browser-rig';
import { intOption, seedMailbox, warmDovecot } from './measure';

const USER = { name: 'bench', password: 'bench-pw' };
const COUNT = intOption('messages', 10_000, 100, 100_000);
const SCROLL_MS = intOption('scroll-ms', 1_500, 100, 60_000);
const STEP = intOption('scroll-step', 400, 1, 100_000);
const size = (i: number) => 4_000 + ((i * 7_919) % 8_001); // the mailbox of bench:fetch

/** What the page records (window.__win), on the page's clock. */
interface WindowFigures {
  clickAt: number | null;
  /** Each change of the list's count: when, and the number shown. */
  counts: Array<{ at: number; n: number }>;
  longTasks: Array<{ start: number; ms: number }>;
}

/** Runs in the page before the click: the count watcher (every frame) and the long-task observer. */
function installProbes(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w: WindowFigures = { clickAt: null, counts: [], longTasks: [] };
    (window as unknown as { __win: WindowFigures }).__win = w;
    document.addEventListener('click', () => (w.clickAt ??= performance.now()), { capture: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push({ start: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask' });
    let last = -1;
    const watch = () => {
      const text = document.querySelector('#message-list .pane-subtitle')?.textContent ?? '';
      const n = Number(/^([\d,]+) message/.exec(text)?.[1]?.replace(/,/g, '') ?? '0');
      if (n !== last) {
        last = n;
        w.counts.push({ at: performance.now(), n });
      }
      requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
  });
}

/** Clicks a loaded row in view and times until the reader shows its subject and its body frame has loaded. */
function openOne(page: Page, pick: number): Promise<{ ms: number } | null> {
  return page.evaluate(async (pick) => {
    const scroller = document.querySelector<HTMLElement>('.message-scroller');
    const top = scroller?.getBoundingClientRect().top ?? 0;
    const bottom = scroller?.getBoundingClientRect().bottom ?? 0;
    const rows = [...document.querySelectorAll<HTMLElement>('.message-row:not(.placeholder)')].filter((r) => {
      const box = r.getBoundingClientRect();
      return box.top >= top && box.bottom <= bottom && r.getAttribute('aria-selected') !== 'true';
    });
    const row = rows[pick % Math.max(1, rows.length)];
    if (!row) return null;
    const subject = row.querySelector('.row-subject')?.textContent?.replace(/^Unread\. /, '') ?? '';
    // Load events do not bubble, but a capture listener on the document sees the frame's.
    let loadedAt: number | null = null;
    const onLoad = (e: Event) => {
      if (e.target instanceof HTMLIFrameElement && e.target.classList.contains('reader-frame') && e.target.srcdoc !== '') loadedAt ??= performance.now();
    };
    document.addEventListener('load', onLoad, true);
    const started = performance.now();
    row.click();
    return new Promise<{ ms: number } | null>((resolve, reject) => {
      const check = () => {
        const shown = document.getElementById('reader-subject')?.textContent === subject;
        if (shown && loadedAt !== null) {
          document.removeEventListener('load', onLoad, true);
          // The frame loaded its text; the task after the next rAF runs once it was drawn.
          requestAnimationFrame(() => setTimeout(() => resolve({ ms: performance.now() - started }), 0));
        } else if (performance.now() - started > 20_000) {
          document.removeEventListener('load', onLoad, true);
          reject(new Error(`the reader did not show “${subject}” with its text within 20 s`));
        } else setTimeout(check, 1);
      };
      check();
    });
  }, pick);
}

/** Scrolls the list for `ms`, `step` px per frame, turning at either end; every frame's duration. */
function scrollFor(page: Page, ms: number, step: number): Promise<number[]> {
  return page.evaluate(
    ({ ms, step }) =>
      new Promise<number[]>((resolve) => {
        const scroller = document.querySelector<HTMLElement>('.message-scroller');
        if (!scroller) return resolve([]);
        const deltas: number[] = [];
        const started = performance.now();
        let last: number | null = null;
        let dir = 1;
        const frame = (t: number) => {
          if (last !== null) deltas.push(t - last);
          last = t;
          if (performance.now() - started >= ms) return resolve(deltas);
          const bottom = scroller.scrollHeight - scroller.clientHeight;
          if (scroller.scrollTop >= bottom - 1) dir = -1;
          else if (scroller.scrollTop <= 0) dir = 1;
          scroller.scrollTop = Math.max(0, Math.min(bottom, scroller.scrollTop + dir * step));
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
    { ms, step },
  );
}

async function main(): Promise<void> {
  if (!dovecotAvailable.available) {
    console.error(`bench:window needs a real Dovecot: ${dovecotAvailable.reason}`);
    process.exit(2);
  }
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'ignore' });
  console.log(`bench:window — ${os.cpus().length} cores, Node ${process.version}, ${fmt(COUNT)} messages`);
  const dovecot = await startDovecot({ users: [USER] });
  try {
    console.log(`seeding ${fmt(COUNT)} messages…`);
    await seedMailbox(dovecot, USER.name, COUNT, size);
    await warmDovecot(dovecot, USER);
    const rig = await openApp({ pop3Connect: { ca: dovecot.ca } });
    try {
      const { page } = rig;
      await addBenchAccount(page, 'bench-account', { port: dovecot.pop3sPort, username: USER.name, password: USER.password });
      const button = page.getByRole('button', { name: 'Get mail', exact: true }).first();
      await button.waitFor();
      await installProbes(page);
      const renderers = chromiumProcesses().filter((p) => p.type === 'renderer');
      for (const p of renderers) resetPeakRss(p.pid);
      const opens: number[] = [];
      const frames: number[] = [];
      await button.click();
      const deadline = Date.now() + 30 * 60_000;
      let turn = 0;
      // Until every message is listed and every body stored.
      for (;;) {
        const shown = await page.evaluate(() => (window as unknown as { __win: WindowFigures }).__win.counts.at(-1)?.n ?? 0);
        if (shown >= COUNT && (await countRows(page, 'bodies')) >= COUNT) break;
        if (Date.now() > deadline) throw new Error('the fetch did not finish within 30 minutes');
        if (shown < 40) {
          await page.waitForTimeout(50);
          continue;
        }
        const opened = await openOne(page, turn * 7 + 3);
        if (opened) opens.push(opened.ms);
        frames.push(...(await scrollFor(page, SCROLL_MS, STEP)));
        turn += 1;
      }
      const endAt = await page.evaluate(() => performance.now());
      const figures = await page.evaluate(() => (window as unknown as { __win: WindowFigures }).__win);
      const rendererPeak = Math.max(0, ...renderers.map((p) => peakRss(p.pid) ?? 0));
      report(figures, endAt, opens, frames, rendererPeak);
    } finally {
      await rig.close();
    }
  } finally {
    await dovecot.stop();
  }
}

function report(w: WindowFigures, endAt: number, opens: number[], frames: number[], rendererPeak: number): void {
  const click = w.clickAt ?? 0;
  // The count's steps while mail was arriving: from the click until it first showed every message.
  const counts = w.counts.filter((c) => c.at >= click);
  const full = counts.findIndex((c) => c.n >= COUNT);
  const moving = full === -1 ? counts : counts.slice(0, full + 1);
  const gaps = moving.slice(1).map((c, i) => c.at - (moving[i]?.at ?? c.at));
  const firstMove = moving[1]?.at ?? Number.NaN;
  const longestGap = Math.max(0, ...gaps);
  const sortedOpens = [...opens].sort((a, b) => a - b);
  const sortedFrames = [...frames].sort((a, b) => a - b);
  const tasks = w.longTasks.filter((t) => t.start >= click && t.start <= endAt).sort((a, b) => b.ms - a.ms);
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const p95 = percentile(sortedFrames, 95);
  const openMedian = percentile(sortedOpens, 50);
  const openWorst = sortedOpens.at(-1) ?? Number.NaN;
  const rows: Array<[string, string, string, boolean | null]> = [
    [`scrolling frame time p95 (${fmt(frames.length)} frames)`, `${fmt(p95, 1)} ms`, '≤ 20 ms', p95 <= 20],
    [`click → subject and text, median of ${opens.length} opens`, `${fmt(openMedian)} ms`, '≤ 100 ms', openMedian <= 100],
    ['  worst open', `${fmt(openWorst)} ms`, '≤ 100 ms', openWorst <= 100],
    [`the list's count, longest time without moving (${moving.length} steps)`, `${fmt(longestGap)} ms`, '≤ 500 ms', full !== -1 && longestGap <= 500],
  ];
  console.log(`\nThe window while Get mail brings ${fmt(COUNT)} messages — production renderer in ${execFileSync('/usr/bin/chromium', ['--version']).toString().trim()}`);
  console.log(`  ${loadNote()}`);
  for (const [name, value, goal, ok] of rows) console.log(`    ${ok === null ? '    ' : verdict(ok)}  ${name.padEnd(60)}${value.padStart(12)}   goal ${goal}`);
  console.log(`\n  click → count first moved ${fmt(firstMove - click)} ms, → every message listed ${full === -1 ? 'never' : `${fmt((moving.at(-1)?.at ?? 0) - click)} ms`}, → every body stored ${fmt(endAt - click)} ms (or sooner: polled)`);
  console.log(`  opens (ms): ${opens.map((o) => fmt(o)).join(', ')}`);
  console.log(`  scroll frames: p50 ${fmt(percentile(sortedFrames, 50), 1)} ms, max ${fmt(sortedFrames.at(-1) ?? Number.NaN, 1)} ms, over 20 ms ${fmt(frames.filter((f) => f > 20).length)}, over 50 ms ${fmt(frames.filter((f) => f > 50).length)}`);
  console.log(`  long tasks of the window's main thread: ${tasks.length}${tasks.length > 0 ? `, ${fmt(tasks.reduce((n, t) => n + t.ms, 0))} ms in all, longest ${fmt(tasks[0]?.ms ?? 0)} ms` : ''}`);
  console.log(`  renderer peak RSS ${mib(rendererPeak)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
