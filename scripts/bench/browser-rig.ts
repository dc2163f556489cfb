/// <reference lib="dom" />
/**
 * What bench:fetch and bench:inbox share: Debian's Chromium on the production renderer with the
 * e2e stand-in over main's real services, and the process figures both report (peak RSS from the
 * kernel's high-water mark, reset before the measured phase; Chromium processes by type).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { seedAccount, seeder } from '../../e2e/harness/seed';
import { startStaticServer, type StaticServer } from '../../e2e/harness/static-server';
import { bundleStandin, installStandin, ROOT, type Standin, type StandinOptions } from '../../e2e/harness/standin';

export { ROOT };
// The command-line and formatting helpers every bench shares.
export { fmt, loadNote, option } from './measure';
import type { HeronApi } from '../../shared/ipc/contract';
import type { Account } from '../../shared/model/account';
import { fmt } from './measure';

export const flag = (name: string): boolean => process.argv.includes(`--${name}`);

export const mib = (bytes: number | null): string => (bytes === null ? 'n/a' : `${fmt(bytes / 1024 / 1024, 1)} MiB`);

// ---- processes (Linux /proc) ----

function statusField(pid: number, field: 'VmHWM' | 'VmRSS' | RssPart): number | null {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Peak resident set size in bytes since start or the last `resetPeakRss` (VmHWM). */
export const peakRss = (pid: number): number | null => statusField(pid, 'VmHWM');
export const currentRss = (pid: number): number | null => statusField(pid, 'VmRSS');

/** The kinds of resident memory the kernel tells apart: the process's own, shared memory (Chromium's IPC buffers), mapped files. */
export type RssPart = 'RssAnon' | 'RssShmem' | 'RssFile';
export const RSS_PARTS: readonly RssPart[] = ['RssAnon', 'RssShmem', 'RssFile'];

/** The process's resident memory now, by kind (null where unreadable). */
export function rssParts(pid: number): Record<RssPart, number | null> {
  return { RssAnon: statusField(pid, 'RssAnon'), RssShmem: statusField(pid, 'RssShmem'), RssFile: statusField(pid, 'RssFile') };
}

/** Resets the kernel's high-water mark to the current RSS (writing 5 to clear_refs), so a phase is measured alone. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

function parentOf(pid: number): number | null {
  try {
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

export interface ChromiumProcess {
  readonly pid: number;
  /** browser, renderer, gpu-process, utility:<sub-type>, zygote … */
  readonly type: string;
}

/** Every Chromium process this Node process started (directly or through the zygote). */
export function chromiumProcesses(): ChromiumProcess[] {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const ppid = parentOf(pid);
    if (ppid !== null) parents.set(pid, ppid);
  }
  const isOurs = (pid: number): boolean => {
    for (let p: number | undefined = parents.get(pid), hops = 0; p !== undefined && hops < 16; p = parents.get(p), hops += 1) {
      if (p === process.pid) return true;
    }
    return false;
  };
  const out: ChromiumProcess[] = [];
  for (const pid of parents.keys()) {
    if (!isOurs(pid)) continue;
    let cmd: string;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!/chrom/i.test(cmd.split('\0')[0] ?? '')) continue;
    const type = /--type=([\w-]+)/.exec(cmd)?.[1] ?? 'browser';
    const sub = /--utility-sub-type=([\w.-]+)/.exec(cmd)?.[1];
    out.push({ pid, type: sub ? `utility:${sub.replace(/\.mojom\..*$/, '')}` : type });
  }
  return out;
}

// ---- the app in Chromium ----

export const CHROMIUM = process.env.HERON_CHROMIUM ?? '/usr/bin/chromium';
// The flags of playwright.config.ts, plus precise `performance.memory`.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info', ...(process.env.HERON_BENCH_JS_FLAGS ? [`--js-flags=${process.env.HERON_BENCH_JS_FLAGS}`] : [])];

export interface AppRig {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly standin: Standin;
  readonly origin: string;
  readonly profileDir: string;
  cdp(): Promise<CDPSession>;
  close(): Promise<void>;
}

/** Builds must exist: the benches measure the production renderer and the bundled worker. */
export function assertBuilt(): void {
  for (const file of ['out/renderer/index.html', 'out/main/fetch-worker.cjs']) {
    if (!existsSync(path.join(ROOT, file))) throw new Error(`${file} is missing: run \`node scripts/build.mjs\` first`);
  }
}

/**
 * Chromium with a fresh profile (or `keepProfile`, reused and left in place: a seeded store can
 * serve several runs), the production renderer, and main's services behind the stand-in.
 */
export async function openApp(options: StandinOptions = {}, keepProfile: string | null = null): Promise<AppRig> {
  assertBuilt();
  const server: StaticServer = await startStaticServer(path.join(ROOT, 'out/renderer'));
  const profileDir = keepProfile ?? (await mkdtemp(path.join(os.tmpdir(), 'heron-bench-profile-')));
  let context: BrowserContext | null = null;
  let standin: Standin | null = null;
  const close = async () => {
    await context?.close().catch(() => {});
    await standin?.services.fetch.service.stopAll().catch(() => {});
    await standin?.dispose().catch(() => {});
    await server.close();
    if (keepProfile === null) await rm(profileDir, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, args: ARGS, viewport: { width: 1280, height: 800 } });
    // tsx compiles with esbuild's keepNames, which wraps named functions in `__name(...)`; functions
    // handed to page.evaluate carry that call into the page, so the page gets a no-op one.
    await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
    standin = await installStandin(context, await bundleStandin(server), options);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${server.origin}/index.html`);
    await page.waitForFunction(() => document.querySelector('.app:not(.app-loading)') !== null);
    const ctx = context;
    let session: CDPSession | null = null;
    return {
      context: ctx,
      page,
      standin,
      origin: server.origin,
      profileDir,
      cdp: async () => (session ??= await ctx.newCDPSession(page)),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The renderer's JS heap (CDP Performance metrics), in bytes. */
export async function jsHeap(cdp: CDPSession): Promise<{ used: number; total: number }> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  const get = (n: string) => metrics.find((m) => m.name === n)?.value ?? 0;
  return { used: get('JSHeapUsedSize'), total: get('JSHeapTotalSize') };
}

/** One worker's V8 heap: used and total, and the ArrayBuffers' backing stores outside it, in bytes. */
export interface WorkerHeap {
  readonly url: string;
  readonly used: number;
  readonly total: number;
  readonly backing: number;
}

/**
 * The page's workers' heaps (the store worker, the stand-in's transport worker), through CDP:
 * Performance metrics see the window's thread only. A session of our own attaches to each worker
 * (not flattened, so Playwright's own sessions are untouched) and asks Runtime.getHeapUsage.
 */
export interface PageWorkers {
  /** Each worker's heap now. */
  heaps(): Promise<WorkerHeap[]>;
  /** Sends one CDP method to every worker of the page; each worker's result, by its URL (a profile, with `--profile`). */
  send(method: string): Promise<Array<{ url: string; result: unknown }>>;
}

export async function pageWorkers(cdp: CDPSession): Promise<PageWorkers> {
  const sessions = new Map<string, string>();
  const pending = new Map<number, (value: Record<string, unknown> | null) => void>();
  let next = 1;
  cdp.on('Target.attachedToTarget', (e: { sessionId: string; targetInfo: { type: string; url: string } }) => {
    if (e.targetInfo.type === 'worker') sessions.set(e.sessionId, e.targetInfo.url);
  });
  cdp.on('Target.detachedFromTarget', (e: { sessionId: string }) => sessions.delete(e.sessionId));
  cdp.on('Target.receivedMessageFromTarget', (e: { message: string }) => {
    const m = JSON.parse(e.message) as { id?: number; result?: Record<string, unknown> };
    if (m.id === undefined) return;
    pending.get(m.id)?.(m.result ?? null);
    pending.delete(m.id);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const ask = (method: string, timeoutMs: number) =>
    Promise.all(
      [...sessions].map(async ([sessionId, url]) => {
        const id = next++;
        const answer = new Promise<Record<string, unknown> | null>((resolve) => {
          pending.set(id, resolve);
          setTimeout(() => resolve(null), timeoutMs);
        });
        await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) }).catch(() => undefined);
        return { url, result: await answer };
      }),
    );
  return {
    send: (method) => ask(method, 20_000),
    heaps: async () =>
      (await ask('Runtime.getHeapUsage', 2_000)).map(({ url, result }) => {
        const r = result as Record<string, number> | null;
        return { url, used: r?.usedSize ?? 0, total: r?.totalSize ?? 0, backing: r?.backingStorageSize ?? 0 };
      }),
  };
}

/**
 * Chromium's own account of a process's memory by allocator (memory-infra: partition_alloc,
 * blink_gc, v8, malloc, …), from one detailed memory dump: what RSS alone cannot say.
 * `start` before the work, `dump` at the moment to look at; sizes in bytes, by process id.
 */
export async function memoryDumps(cdp: CDPSession): Promise<{ dump: () => Promise<Map<number, Map<string, number>>> }> {
  const events: Array<{ ph?: string; pid?: number; args?: { dumps?: { allocators?: Record<string, { attrs?: { size?: { value?: string } } }> } } }> = [];
  cdp.on('Tracing.dataCollected', (e: { value: typeof events }) => events.push(...e.value));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['disabled-by-default-memory-infra'] }, transferMode: 'ReportEvents' });
  return {
    async dump() {
      await cdp.send('Tracing.requestMemoryDump', { deterministic: false, levelOfDetail: 'detailed' });
      const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
      await cdp.send('Tracing.end');
      await complete;
      const out = new Map<number, Map<string, number>>();
      for (const e of events) {
        if (e.ph !== 'v' || e.pid === undefined || !e.args?.dumps?.allocators) continue;
        const sizes = out.get(e.pid) ?? new Map<string, number>();
        for (const [name, a] of Object.entries(e.args.dumps.allocators)) {
          const hex = a.attrs?.size?.value;
          if (hex !== undefined && name.split('/').length <= 4) sizes.set(name, Number.parseInt(hex, 16));
        }
        out.set(e.pid, sizes);
      }
      return out;
    },
  };
}

/** Rows in one object store, counted with raw IndexedDB. */
export function countRows(page: Page, store: string): Promise<number> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('heron');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    try {
      return await new Promise<number>((resolve, reject) => {
        const req = db.transaction(name).objectStore(name).count();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    } finally {
      db.close();
    }
  }, store);
}

/** A benchmark account (no automatic checks; keep forever, so the mailbox stays for every contender). */
export function benchAccount(id: string, incoming: { host: string; port: number; username: string }, now = Date.now()): Account {
  return seedAccount({
    id,
    label: 'Bench',
    name: 'Bench',
    address: 'bench@test.domain',
    incoming: { ...incoming, security: 'tls' },
    outgoing: { host: incoming.host, port: 465, security: 'tls', username: incoming.username, ownPassword: true },
    retention: { mode: 'keep', keepDays: null, deleteWhenDeletedHere: false },
    createdAt: now,
  });
}

/** The bench account in the store, its POP3 password in main (bound to its server), and the app reloaded to see them. */
export async function addBenchAccount(page: Page, accountId: string, pop3: { port: number; username: string; password: string }): Promise<void> {
  await seeder(page).accounts([benchAccount(accountId, { host: 'localhost', port: pop3.port, username: pop3.username })]);
  const stored = await page.evaluate(
    ({ accountId, password, port, user }) =>
      (window as unknown as { heron: HeronApi }).heron.calls.setPassword({ accountId, slot: 'incoming', password, persist: false, servers: [{ host: 'localhost', port, security: 'tls', username: user }] }),
    { accountId, password: pop3.password, port: pop3.port, user: pop3.username },
  );
  if (!stored.ok) throw new Error(`setPassword failed: ${stored.error.message}`);
  await page.reload();
}

/** Percentile of sorted numbers (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}
