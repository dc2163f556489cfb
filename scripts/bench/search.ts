/**
 * `npm run bench:search`: issue 18's figures, in Debian's Chromium on real IndexedDB. A store of
 * generated mail (search-corpus.ts) is filled the way fetches leave it (the app's commitFetched),
 * then, in a worker as in the app:
 *
 *   index build from the stored text to searchable     ≥ 2,000 messages/s
 *   index size                                          ≤ 1 KB per message
 *   query p50/p95, newest-first top 50                  ≤ 10 ms  (one word, two words, phrase,
 *   query p50/p95, ranked                               ≤ 100 ms  prefix, from:, has:attachment, dates)
 *   longest main-thread task during indexing / queries
 *   first sort by subject and by sender                 ≤ 500 ms
 *
 * beside MiniSearch and FlexSearch in memory (same texts, on the page's thread) and a linear scan
 * of the stored text.
 *
 *   npm run bench:search -- [--messages 100000] [--samples 20] [--peers no]
 *
 * `--peers no` leaves out the linear scan and the peers (Heron's figures only).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { startStaticServer } from '../../e2e/harness/static-server';
import { CHROMIUM, percentile } from './browser-rig';
import { fmt, loadNote, option, root } from './measure';
import { benchMail, VOCABULARY } from './search-corpus';

const COUNT = Number(option('messages', '100000'));
const SAMPLES = Number(option('samples', '20'));
const PEERS = option('peers', 'yes') !== 'no';
if (!Number.isInteger(COUNT) || COUNT < 1_000 || COUNT > 500_000) throw new Error('--messages must be 1000–500000');
if (!Number.isInteger(SAMPLES) || SAMPLES < 1 || SAMPLES > 1_000) throw new Error('--samples must be 1–1000');

interface Timed {
  ms: number;
  hits: number;
}

/** Deterministic picks, so runs compare. */
function picker(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
}

function querySets(total: number): Record<string, Array<{ heron: string; peer: { text: string; field: 'any' | 'from'; prefix: boolean } | null }>> {
  const pick = picker(42);
  const word = () => VOCABULARY[50 + pick(3_000)] as string;
  const phrase = () => {
    const words = benchMail(pick(total), total).text.toLowerCase().split(/[^a-z]+/).filter((w) => w.length > 2);
    const at = pick(Math.max(1, words.length - 1));
    return `${words[at] ?? 'the'} ${words[at + 1] ?? 'of'}`;
  };
  const last = ['lovelace', 'hopper', 'turing', 'dijkstra', 'liskov', 'knuth', 'muller', 'tanaka', 'zhang', 'garcia'];
  const sets: Record<string, Array<{ heron: string; peer: { text: string; field: 'any' | 'from'; prefix: boolean } | null }>> = {
    'one word': [],
    'two words': [],
    phrase: [],
    prefix: [],
    'from:': [],
    'has:attachment': [],
    'date range': [],
  };
  for (let i = 0; i < SAMPLES; i++) {
    const w = word();
    sets['one word']?.push({ heron: w, peer: { text: w, field: 'any', prefix: false } });
    const two = `${word()} ${word()}`;
    sets['two words']?.push({ heron: two, peer: { text: two, field: 'any', prefix: false } });
    const p = phrase();
    sets.phrase?.push({ heron: `"${p}"`, peer: { text: p, field: 'any', prefix: false } });
    const stem = word().slice(0, 4);
    sets.prefix?.push({ heron: `${stem}*`, peer: { text: stem, field: 'any', prefix: true } });
    const who = last[pick(last.length)] as string;
    sets['from:']?.push({ heron: `from:${who}`, peer: { text: who, field: 'from', prefix: false } });
    sets['has:attachment']?.push({ heron: i % 2 === 0 ? 'has:attachment' : `has:attachment ${word()}`, peer: null });
    const year = 2021 + pick(5);
    const month = 1 + pick(11);
    sets['date range']?.push({ heron: `after:${year}-${String(month).padStart(2, '0')} before:${year}-${String(month + 1).padStart(2, '0')}`, peer: null });
  }
  return sets;
}

const stat = (xs: readonly Timed[]): string => {
  const s = xs.map((x) => x.ms).sort((a, b) => a - b);
  return `${fmt(percentile(s, 50), 1)} / ${fmt(percentile(s, 95), 1)} ms`;
};

async function main(): Promise<void> {
  const { build } = await import('esbuild');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'heron-bench-search-'));
  const profile = await mkdtemp(path.join(os.tmpdir(), 'heron-bench-search-profile-'));
  for (const entry of ['search-page', 'search-worker'])
    await build({ entryPoints: [path.join(root, `scripts/bench/${entry}.ts`)], bundle: true, platform: 'browser', format: 'esm', target: 'chrome120', outfile: path.join(dir, `${entry}.js`), logLevel: 'error' });
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="./search-page.js"></script>');
  const server = await startStaticServer(dir);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--enable-precise-memory-info', '--js-flags=--expose-gc'],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${server.origin}/index.html`);
    await page.waitForFunction(() => 'bench' in globalThis);
    type Bench = { call(cmd: string, ...args: unknown[]): Promise<unknown>; longest(reset: boolean): number; buildPeers(n: number): Promise<unknown>; peerQueries(k: string, q: unknown, ranked: boolean): Timed[] };
    const call = <T>(cmd: string, ...args: unknown[]) => page.evaluate(([c, a]) => (globalThis as unknown as { bench: Bench }).bench.call(c as string, ...(a as unknown[])), [cmd, args] as const) as Promise<T>;
    const longest = (reset: boolean) => page.evaluate((r) => (globalThis as unknown as { bench: Bench }).bench.longest(r), reset);

    console.log(`bench:search — ${fmt(COUNT)} generated messages, ${SAMPLES} queries of each kind; ${loadNote()}`);
    const seeded = await call<{ ms: number; rawBytes: number }>('seed', COUNT);
    console.log(`store filled through commitFetched: ${fmt(seeded.ms / 1000, 1)} s (${fmt(seeded.rawBytes / 1024 / 1024, 0)} MiB of raw messages)`);

    await longest(true);
    const built = await call<{ ms: number; termRows: number; termBytes: number; docBytes: number; usageDelta: number }>('build');
    const longBuild = await longest(true);
    const perMessage = (built.termBytes + built.docBytes) / COUNT;
    console.log('\nHeron (Dexie tables of its own, in the store worker)');
    console.log(`  build from stored text:   ${fmt(built.ms / 1000, 1)} s = ${fmt(COUNT / (built.ms / 1000))} messages/s  (goal ≥ 2,000)`);
    console.log(`  index size:               ${fmt(perMessage)} B/message stored (${fmt(built.termRows)} term rows; postings, positions and terms ${fmt(built.termBytes / 1024 / 1024, 1)} MiB, documents ${fmt(built.docBytes / 1024 / 1024, 1)} MiB); Chromium's usage estimate grew ${fmt(built.usageDelta / 1024 / 1024, 1)} MiB = ${fmt(built.usageDelta / COUNT)} B/message  (goal ≤ 1,024)`);
    console.log(`  longest main-thread task while indexing: ${fmt(longBuild, 0)} ms`);

    const sets = querySets(COUNT);
    type Run = { timed: Timed[]; stages: Record<string, number> };
    const heron: Record<string, { newest: Timed[]; ranked: Timed[]; stages: Record<string, number> }> = {};
    for (const [kind, qs] of Object.entries(sets)) {
      // One untimed query warms the connection and the document table; a word of no message, so no
      // timed query finds its postings already held (posting-cache.ts).
      await call('queries', ['qqwarmupqq'], 'newest');
      const newest = await call<Run>('queries', qs.map((q) => q.heron), 'newest');
      // Ranked runs the same queries next, as a person switching the order would: their postings are held.
      const ranked = await call<Run>('queries', qs.map((q) => q.heron), 'relevance');
      heron[kind] = { newest: newest.timed, ranked: ranked.timed, stages: newest.stages };
    }
    const longQuery = await longest(true);
    console.log('  query p50 / p95 (hits median)       newest-first top 50 (≤ 10 ms)   ranked (≤ 100 ms)');
    for (const [kind, r] of Object.entries(heron)) {
      const hits = r.newest.map((x) => x.hits).sort((a, b) => a - b);
      console.log(`    ${kind.padEnd(16)} ${fmt(percentile(hits, 50)).padStart(8)}        ${stat(r.newest).padEnd(30)} ${stat(r.ranked)}`);
    }
    console.log(`  longest main-thread task during queries: ${fmt(longQuery, 0)} ms`);
    console.log('  where a newest-first query’s time goes (mean ms a query: catch-up, postings read and decoded, filter, order, ids)');
    for (const [kind, r] of Object.entries(heron)) {
      const per = (k: string) => fmt((r.stages[k] ?? 0) / SAMPLES, 2);
      console.log(`    ${kind.padEnd(16)} ${per('catchUp')} / ${per('postings')} / ${per('filter')} / ${per('order')} / ${per('ids')}`);
    }

    const sorts = await call<Record<string, number>>('sorts');
    console.log(`  first sort of the ${fmt(COUNT)}-message folder: subject ${fmt(sorts.subject ?? 0)} ms, sender ${fmt(sorts.from ?? 0)} ms, date ${fmt(sorts.date ?? 0)} ms  (goal ≤ 500 ms)`);

    if (!PEERS) return;
    const words = sets['one word']?.slice(0, 3).map((q) => q.heron) ?? [];
    const scans = await call<Timed[]>('linear', words);
    console.log(`\nLinear scan of the stored text (no index): ${scans.map((s) => `${fmt(s.ms)} ms`).join(', ')} for one word (${words.join(', ')})`);

    const peers = await page.evaluate((n) => (globalThis as unknown as { bench: Bench }).bench.buildPeers(n), COUNT) as { mini: { ms: number; heap: number }; flex: { ms: number; heap: number } };
    for (const kind of ['mini', 'flex'] as const) {
      const name = kind === 'mini' ? 'MiniSearch 7.2.0' : 'FlexSearch 0.8.212';
      const b = peers[kind];
      console.log(`\n${name} (in memory, on the page's thread; rebuilt from the texts at every start)`);
      console.log(`  build: ${fmt(b.ms / 1000, 1)} s = ${fmt(COUNT / (b.ms / 1000))} messages/s; JS heap ${fmt(b.heap / 1024 / 1024, 0)} MiB = ${fmt(b.heap / COUNT)} B/message`);
      for (const [k, qs] of Object.entries(sets)) {
        const peerQs = qs.flatMap((q) => (q.peer ? [q.peer] : []));
        if (peerQs.length === 0) {
          console.log(`    ${k.padEnd(16)} n/a (no such filter)`);
          continue;
        }
        const newest = await page.evaluate(([kk, q]) => (globalThis as unknown as { bench: Bench }).bench.peerQueries(kk as string, q, false), [kind, peerQs] as const);
        const ranked = await page.evaluate(([kk, q]) => (globalThis as unknown as { bench: Bench }).bench.peerQueries(kk as string, q, true), [kind, peerQs] as const);
        const note = k === 'phrase' ? ' (words, not the phrase)' : kind === 'flex' && k === 'prefix' ? ' (forward tokens)' : '';
        console.log(`    ${k.padEnd(16)} ${stat(newest).padEnd(30)} ${stat(ranked)}${note}`);
      }
    }
  } finally {
    await context.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true, maxRetries: 3 });
  }
}

await main();
