/// <reference lib="dom" />
/**
 * The IndexedDB floor under bench:fetch: how fast bare IndexedDB in the same Chromium writes the
 * same records (200 messages per strict-durability transaction), with no Heron code, no
 * transport and no Dexie. Chromium's browser process, where IndexedDB's backend runs, is the
 * busiest process of a fetch; this says how much of that is the store itself and how much the
 * layout adds (one row per message or per batch for the raw bytes and POP entries, and the
 * message row's indexes).
 *
 *   npm run bench:idb-floor -- [--messages 3000] [--rounds 3]
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { makeMessage } from '../../e2e/servers/messages';
import { chromiumProcesses } from './browser-rig';
import { cpuSeconds } from './cpu';
import { rendererData, type Stores } from './dexie-spec';
import { ACCOUNT, layouts, messageRow, type Layout } from './idb-layouts';
import { fmt, intOption, loadNote } from './measure';

const CHROMIUM = '/usr/bin/chromium';
/** Messages per transaction, as main hands the renderer a batch. */
const BATCH = 200;

export interface FloorProcessCpu {
  readonly pid: number;
  /** browser, renderer, gpu-process, utility:<sub-type>, zygote … */
  readonly type: string;
  /** CPU seconds (user + system) during the timed part, the mean over the rounds. */
  readonly seconds: number;
}

export interface FloorResult {
  readonly layout: string;
  readonly description: string;
  readonly chromium: string;
  /** The schema.ts version whose stores the `heron` layout copies. */
  readonly schemaVersion: number;
  readonly messages: number;
  readonly transactions: number;
  /** Sum of the raw messages' sizes. */
  readonly rawBytes: number;
  readonly rounds: number;
  /** From the first transaction's start to the last one's `complete`, timed in the page: the median over the rounds. */
  readonly wallMs: number;
  /** Each round's, in the order they ran. */
  readonly wallMsRounds: readonly number[];
  readonly msgsPerSecond: number;
  readonly cpu: readonly FloorProcessCpu[];
  readonly cpuTotalSeconds: number;
}

interface PreparedBatch {
  readonly ids: string[];
  readonly rows: Record<string, unknown>[];
  readonly pop: Record<string, unknown>[];
  readonly chunkId: string;
}

// ---- the page ----

interface PageState {
  raws: ArrayBuffer[];
  db?: IDBDatabase;
  batches?: {
    ids: string[];
    rows: Record<string, unknown>[];
    pop: Record<string, unknown>[];
    chunkId: string;
    rawRecords: { messageId: string; bytes: ArrayBuffer; size: number }[];
    rawChunk: { id: string; ids?: string[]; members?: string[]; offsets: number[]; sizes: number[]; bytes: ArrayBuffer } | null;
  }[];
}

/** Messages exactly as Dovecot serves them (CRLF), base64 for the trip into the page. */
async function loadMessages(page: Page, count: number, sizeOf: (i: number) => number): Promise<number> {
  let rawBytes = 0;
  await page.evaluate(() => {
    (globalThis as unknown as { __floor: PageState }).__floor = { raws: [] };
  });
  for (let start = 0; start < count; start += BATCH) {
    const chunk: string[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i += 1) {
      const crlf = Buffer.from(makeMessage(i, { size: sizeOf(i) }).toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
      rawBytes += crlf.length;
      chunk.push(crlf.toString('base64'));
    }
    await page.evaluate((b64s) => {
      const state = (globalThis as unknown as { __floor: PageState }).__floor;
      for (const b64 of b64s) {
        const text = atob(b64);
        const bytes = new Uint8Array(text.length);
        for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
        state.raws.push(bytes.buffer);
      }
    }, chunk);
  }
  return rawBytes;
}

/** Opens a fresh database with the layout's stores and builds every record, so the timed part only writes. */
function prepare(page: Page, dbName: string, stores: Stores, batches: PreparedBatch[], chunked: boolean, chunkList: Layout['chunkList']): Promise<void> {
  return page.evaluate(
    async ({ dbName, stores, batches, chunked, chunkList }) => {
      const state = (globalThis as unknown as { __floor: PageState }).__floor;
      let next = 0;
      state.batches = batches.map((b) => {
        const buffers = b.ids.map(() => state.raws[next++] as ArrayBuffer);
        const rawRecords = b.ids.map((id, i) => ({ messageId: id, bytes: buffers[i] as ArrayBuffer, size: (buffers[i] as ArrayBuffer).byteLength }));
        let rawChunk: NonNullable<PageState['batches']>[number]['rawChunk'] = null;
        if (chunked) {
          const offsets: number[] = [];
          let size = 0;
          for (const buf of buffers) {
            offsets.push(size);
            size += buf.byteLength;
          }
          const all = new Uint8Array(size);
          buffers.forEach((buf, i) => all.set(new Uint8Array(buf), offsets[i]));
          rawChunk = { id: b.chunkId, [chunkList]: b.ids, offsets, sizes: buffers.map((buf) => buf.byteLength), bytes: all.buffer };
        }
        return { ...b, rawRecords, rawChunk };
      });
      state.db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(dbName, 1);
        req.onupgradeneeded = () => {
          for (const [name, spec] of Object.entries(stores)) {
            const store = req.result.createObjectStore(name, { keyPath: spec.keyPath, autoIncrement: spec.autoIncrement });
            for (const ix of spec.indexes) store.createIndex(ix.name, ix.keyPath, { unique: ix.unique, multiEntry: ix.multiEntry });
          }
        };
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    },
    { dbName, stores, batches, chunked, chunkList },
  );
}

/** The timed part: every batch in its own strict transaction, one after another as Heron commits them. */
function writeAll(page: Page, layout: Pick<Layout, 'raws' | 'pop' | 'extras' | 'scope'>): Promise<{ ms: number; stored: number }> {
  return page.evaluate(async ({ raws, pop, extras, scope }) => {
    const state = (globalThis as unknown as { __floor: PageState }).__floor;
    const db = state.db as IDBDatabase;
    const batches = state.batches ?? [];
    const now = Date.now();
    const started = performance.now();
    for (const b of batches) {
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(scope, 'readwrite', { durability: 'strict' });
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
        const messages = tx.objectStore('messages');
        for (const row of b.rows) messages.add(row);
        if (extras) {
          // The counters middleware reads the folder's counter, then puts it back changed.
          const counts = tx.objectStore('folderCounts');
          const key = [b.rows[0]?.accountId as string, 'inbox'];
          const got = counts.get(key);
          got.onsuccess = () => {
            const current = got.result as { total: number; unread: number } | undefined;
            counts.put({ accountId: key[0], folder: key[1], total: (current?.total ?? 0) + b.rows.length, unread: (current?.unread ?? 0) + b.rows.length });
          };
        }
        if (raws === 'row') {
          const store = tx.objectStore('raws');
          for (const r of b.rawRecords) store.put(r);
        } else tx.objectStore('rawChunks').put(b.rawChunk);
        if (pop === 'row') {
          const store = tx.objectStore('popEntries');
          for (const e of b.pop) store.put(e);
        } else tx.objectStore('popChunks').put({ id: b.chunkId, accountId: b.pop[0]?.accountId, entries: b.pop });
        if (extras) tx.objectStore('parseQueue').add({ accountId: b.pop[0]?.accountId, ids: b.ids, queuedAt: now, attempts: 0 });
      });
    }
    const ms = performance.now() - started;
    const stored = await new Promise<number>((resolve, reject) => {
      const req = db.transaction('messages').objectStore('messages').count();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return { ms, stored };
  }, layout);
}

function dropDatabase(page: Page, dbName: string): Promise<void> {
  return page.evaluate(async (name) => {
    const state = (globalThis as unknown as { __floor: PageState }).__floor;
    state.db?.close();
    delete state.db;
    delete state.batches;
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.deleteDatabase(name);
      req.onsuccess = () => resolve();
      req.onerror = () => reject(req.error);
    });
  }, dbName);
}

function cpuNow(): Map<number, { type: string; seconds: number | null }> {
  return new Map(chromiumProcesses().map((p) => [p.pid, { type: p.type, seconds: cpuSeconds(p.pid) }]));
}

/** CPU seconds per process between two readings; a process started in between counts from zero. */
function cpuBetween(before: ReturnType<typeof cpuNow>, after: ReturnType<typeof cpuNow>): FloorProcessCpu[] {
  const out: FloorProcessCpu[] = [];
  for (const [pid, a] of after) {
    if (a.seconds === null) continue;
    const b = before.get(pid);
    out.push({ pid, type: a.type, seconds: Math.max(0, a.seconds - (b?.seconds ?? 0)) });
  }
  return out.sort((x, y) => y.seconds - x.seconds);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writes `count` messages of `sizeOf(i)` bytes in each layout, each in a fresh database of one
 * headless Chromium (its own profile, removed after) on a page of a throwaway 127.0.0.1 server.
 * `rounds` > 1 runs every layout that many times, interleaved, for a median wall time: on a
 * shared machine one run of a layout can be twice another's.
 */
export async function measureIdbFloor(count: number, sizeOf: (i: number) => number, options: { rounds?: number } = {}): Promise<FloorResult[]> {
  const rounds = Math.max(1, Math.floor(options.rounds ?? 1));
  const { SCHEMA, sortKeys } = await rendererData();
  const all = layouts(SCHEMA);
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>IndexedDB floor</title>');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let profileDir: string | null = null;
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | null = null;
  try {
    profileDir = await mkdtemp(path.join(os.tmpdir(), 'heron-idb-floor-'));
    context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true });
    // tsx compiles with esbuild's keepNames, which wraps named functions in `__name(...)`; functions
    // handed to page.evaluate carry that call into the page, so the page gets a no-op one.
    await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${origin}/`);
    const version = context.browser()?.version() ?? (await page.evaluate(() => /Chrome\/([\d.]+)/.exec(navigator.userAgent)?.[1] ?? 'unknown'));
    const rawBytes = await loadMessages(page, count, sizeOf);

    // The first database a profile opens also starts IndexedDB's backend: not part of any layout.
    const warmUp: PreparedBatch = { ids: ['w'], rows: [messageRow(sortKeys, 0, 'w', 1, 'w', Date.now())], pop: [{ localId: 'w', accountId: ACCOUNT }], chunkId: 'w' };
    const bare = all.at(-1) as Layout;
    await prepare(page, 'warm-up', bare.stores, [warmUp], true, bare.chunkList);
    await writeAll(page, bare);
    await dropDatabase(page, 'warm-up');

    const samples = all.map(() => [] as { ms: number; cpu: FloorProcessCpu[] }[]);
    for (let round = 0; round < rounds; round += 1) {
      // Each round starts one layout later, so none always runs first (or right after a drop).
      for (let k = 0; k < all.length; k += 1) {
        const n = (round + k) % all.length;
        const layout = all[n] as Layout;
        const now = Date.now();
        const batches: PreparedBatch[] = [];
        for (let start = 0; start < count; start += BATCH) {
          const batch: PreparedBatch = { ids: [], rows: [], pop: [], chunkId: randomUUID() };
          for (let i = start; i < Math.min(count, start + BATCH); i += 1) {
            const id = randomUUID();
            const uidl = `bench-${i}`;
            batch.ids.push(id);
            batch.rows.push(messageRow(layout.sortKeys ? sortKeys : null, i, id, sizeOf(i), uidl, now));
            batch.pop.push({ localId: id, accountId: ACCOUNT, uidl, downloadedAt: now, status: 'stored', size: sizeOf(i) });
          }
          batches.push(batch);
        }
        const dbName = `floor-${round}-${n}`;
        await prepare(page, dbName, layout.stores, batches, layout.raws === 'chunk', layout.chunkList);
        const before = cpuNow();
        const { ms, stored } = await writeAll(page, layout);
        const cpu = cpuBetween(before, cpuNow());
        if (stored !== count) throw new Error(`${layout.name}: ${stored} of ${count} message rows stored`);
        await dropDatabase(page, dbName);
        samples[n]?.push({ ms, cpu });
        // LevelDB compacts after a database is dropped: let that settle outside the next layout's timing.
        await sleep(1_000);
      }
    }
    const results = all.map((layout, n): FloorResult => {
      const runs = samples[n] ?? [];
      const walls = runs.map((r) => r.ms).sort((a, b) => a - b);
      const wallMs = walls[Math.floor((walls.length - 1) / 2)] ?? Number.NaN;
      // Mean CPU per process over the rounds (the same processes serve every round).
      const perPid = new Map<number, { type: string; seconds: number }>();
      for (const r of runs) {
        for (const p of r.cpu) {
          const acc = perPid.get(p.pid) ?? { type: p.type, seconds: 0 };
          acc.seconds += p.seconds / runs.length;
          perPid.set(p.pid, acc);
        }
      }
      const cpu = [...perPid].map(([pid, p]) => ({ pid, type: p.type, seconds: p.seconds })).sort((a, b) => b.seconds - a.seconds);
      return {
        layout: layout.name,
        description: layout.description,
        chromium: version,
        schemaVersion: SCHEMA.at(-1)?.version ?? 0,
        messages: count,
        transactions: Math.ceil(count / BATCH),
        rawBytes,
        rounds: runs.length,
        wallMs,
        wallMsRounds: runs.map((r) => r.ms),
        msgsPerSecond: count / (wallMs / 1000),
        cpu,
        cpuTotalSeconds: cpu.reduce((sum, p) => sum + p.seconds, 0),
      };
    });
    return results;
  } finally {
    await context?.close().catch(() => {});
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (profileDir !== null) await rm(profileDir, { recursive: true, force: true, maxRetries: 3 });
  }
}

// ---- command line ----

/** CPU seconds by process type, the busiest types first. */
function cpuColumns(results: readonly FloorResult[]): string[] {
  const totals = new Map<string, number>();
  for (const r of results) for (const p of r.cpu) totals.set(p.type, (totals.get(p.type) ?? 0) + p.seconds);
  return [...totals].filter(([, s]) => s > 0).sort((a, b) => b[1] - a[1]).map(([type]) => type);
}

export function printFloor(results: readonly FloorResult[]): void {
  const types = cpuColumns(results);
  const width = Math.max(...results.map((r) => r.layout.length), 6) + 2;
  const col = (type: string) => Math.max(type.length, 6) + 2;
  console.log(`  ${'layout'.padEnd(width)}${'msgs/s'.padStart(9)}${'wall'.padStart(10)}${'[min–max]'.padStart(16)}${types.map((t) => t.padStart(col(t))).join('')}${'CPU total'.padStart(11)}`);
  for (const r of results) {
    const byType = types.map((t) => `${fmt(r.cpu.filter((p) => p.type === t).reduce((sum, p) => sum + p.seconds, 0), 2)} s`.padStart(col(t)));
    console.log(`  ${r.layout.padEnd(width)}${fmt(r.msgsPerSecond).padStart(9)}${`${fmt(r.wallMs)} ms`.padStart(10)}${`[${fmt(Math.min(...r.wallMsRounds))}–${fmt(Math.max(...r.wallMsRounds))}]`.padStart(16)}${byType.join('')}${`${fmt(r.cpuTotalSeconds, 2)} s`.padStart(11)}`);
  }
  console.log('');
  for (const r of results) console.log(`  ${r.layout}: ${r.description}`);
}

async function main(): Promise<void> {
  const count = intOption('messages', 3000, 1, 1_000_000);
  const rounds = intOption('rounds', 3, 1, 100);
  // The sizes bench:fetch seeds (fetch.ts): 4–12 KB.
  const size = (i: number) => 4_000 + ((i * 7_919) % 8_001);
  const results = await measureIdbFloor(count, size, { rounds });
  const first = results[0];
  console.log(
    `IndexedDB floor: ${fmt(count)} messages (${fmt((first?.rawBytes ?? 0) / 1024 / 1024, 1)} MiB) in strict transactions of ${BATCH}, ` +
      `schema v${first?.schemaVersion ?? '?'}, Chromium ${first?.chromium ?? 'unknown'} (${CHROMIUM}); ${loadNote()}`,
  );
  console.log(
    `  wall: median of ${first?.rounds ?? 0} round(s), [min–max] after it; CPU: mean seconds of each Chromium process type during the timed part (/proc utime + stime)`,
  );
  printFloor(results);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
