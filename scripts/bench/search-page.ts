/// <reference lib="dom" />
/**
 * bench:search's page: it starts the worker that runs Heron's index (search-worker.ts), watches
 * its own main thread for long tasks meanwhile, and runs the in-memory peers (MiniSearch,
 * FlexSearch) over the same generated mail, on this thread, as an app embedding them would.
 */
import { Index } from 'flexsearch';
import MiniSearch from 'minisearch';
import { benchMail } from './search-corpus';

interface Timed {
  ms: number;
  hits: number;
}

let longest = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longest = Math.max(longest, e.duration);
}).observe({ type: 'longtask', buffered: false });

const worker = new Worker('./search-worker.js', { type: 'module' });
let next = 1;
const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
worker.addEventListener('message', (e: MessageEvent<{ id: number; ok: boolean; value?: unknown; error?: string }>) => {
  const w = waiting.get(e.data.id);
  waiting.delete(e.data.id);
  if (e.data.ok) w?.resolve(e.data.value);
  else w?.reject(new Error(e.data.error));
});

function call(cmd: string, ...args: unknown[]): Promise<unknown> {
  const id = next++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    worker.postMessage({ id, cmd, args });
  });
}

function heap(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
}

let mini: MiniSearch | null = null;
let flexAll: Index | null = null;
let flexFrom: Index | null = null;
let dates: Float64Array = new Float64Array(0);

async function buildPeers(total: number): Promise<{ mini: { ms: number; heap: number }; flex: { ms: number; heap: number } }> {
  dates = new Float64Array(total);
  const h0 = heap();
  let t = performance.now();
  mini = new MiniSearch({ fields: ['subject', 'from', 'to', 'text', 'attachments'], idField: 'n' });
  for (let i = 0; i < total; i++) {
    const m = benchMail(i, total);
    dates[i] = m.date;
    mini.add({ n: i, subject: m.subject, from: `${m.from.name} ${m.from.address}`, to: m.to.map((a) => `${a.name} ${a.address}`).join(' '), text: m.text, attachments: m.attachments.join(' ') });
    if (i % 2000 === 0) await new Promise((r) => setTimeout(r, 0));
  }
  const miniMs = performance.now() - t;
  const h1 = heap();
  t = performance.now();
  flexAll = new Index({ tokenize: 'forward', encoder: 'LatinBalance' } as never);
  flexFrom = new Index({ tokenize: 'forward', encoder: 'LatinBalance' } as never);
  for (let i = 0; i < total; i++) {
    const m = benchMail(i, total);
    const from = `${m.from.name} ${m.from.address}`;
    flexAll.add(i, `${m.subject} ${from} ${m.to.map((a) => `${a.name} ${a.address}`).join(' ')} ${m.text} ${m.attachments.join(' ')}`);
    flexFrom.add(i, from);
    if (i % 2000 === 0) await new Promise((r) => setTimeout(r, 0));
  }
  const flexMs = performance.now() - t;
  const h2 = heap();
  return { mini: { ms: miniMs, heap: h1 - h0 }, flex: { ms: flexMs, heap: h2 - h1 } };
}

/** A peer's answer, newest first (its own order is by score): all hits sorted by date, top 50. */
function newest(ids: readonly number[]): number[] {
  return [...ids].sort((a, b) => (dates[b] ?? 0) - (dates[a] ?? 0)).slice(0, 50);
}

function peerQueries(kind: 'mini' | 'flex', queries: ReadonlyArray<{ text: string; field: 'any' | 'from'; prefix: boolean }>, ranked: boolean): Timed[] {
  const out: Timed[] = [];
  for (const q of queries) {
    const t = performance.now();
    let ids: number[];
    if (kind === 'mini') {
      const r = (mini as MiniSearch).search(q.text, { combineWith: 'AND', prefix: q.prefix, ...(q.field === 'from' ? { fields: ['from'] } : {}) });
      ids = r.map((x) => x.id as number);
    } else {
      const index = (q.field === 'from' ? flexFrom : flexAll) as Index;
      ids = index.search(q.text, { limit: 1_000_000 }) as number[];
    }
    if (!ranked) newest(ids);
    else ids.slice(0, 50);
    out.push({ ms: performance.now() - t, hits: ids.length });
  }
  return out;
}

Object.assign(globalThis, {
  bench: {
    call,
    buildPeers,
    peerQueries,
    longest: (reset: boolean) => {
      const l = longest;
      if (reset) longest = 0;
      return l;
    },
  },
});
