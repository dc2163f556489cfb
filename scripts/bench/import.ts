/**
 * `npm run bench:import`: how fast Heron reads a large mbox, and in how much memory, next to
 * Python's standard `mailbox` module reading the same file in the same run.
 *
 * Workload: a generated mbox of realistic messages with `From ` traps (import-mbox.ts), 2 GB by
 * default. Heron's reader runs with the importer's per-message work (fingerprint through the
 * duplicate filter); Python's `mailbox.mbox` gets each message's bytes and their SHA-256. Heron's
 * messages must be exactly those written — count and every SHA-256 — or its row is an error, so a
 * broken reader cannot print a fast number. Python's count is printed as it comes: it starts a
 * message at every line beginning "From ", so the unquoted traps split messages for it.
 *
 * Goal (issue 20): Heron ≥ 2,000 messages/s and < 300 MB peak memory. The generated file is
 * removed at the end, also on Ctrl-C.
 *
 *   npm run bench:import -- [--gb 2]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bundled, contender, fmt, lastJsonLine, loadNote, measure, option, printTable, root, rssSource, type Measured, type Row } from './measure';
import { generateMbox, type GeneratedMbox } from './import-mbox';

const GB = Number(option('gb', '2'));
if (!Number.isFinite(GB) || GB < 0.01 || GB > 64) throw new Error('--gb must be a number from 0.01 to 64');
const GOAL_RATE = 2_000;
const GOAL_RSS_MIB = 300;
const HOUR = 3_600_000;

interface HeronOutcome {
  messages: number;
  skipped: number;
  bytes: number;
  ms: number;
  digest: string;
  duplicates: number;
  peakBufferBytes: number;
}

let dir: string | null = null;
const cleanUp = async () => {
  if (dir !== null) await rm(dir, { recursive: true, force: true });
  dir = null;
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void cleanUp().then(() => process.exit(130));
  });
}

async function heron(file: string, expected: GeneratedMbox): Promise<Measured & { outcome: HeronOutcome }> {
  const run = await measure(process.execPath, [await bundled('scripts/bench/import-clients.ts'), file], HOUR);
  const outcome = lastJsonLine<HeronOutcome>(run.stdout);
  if (outcome.messages !== expected.messages) throw new Error(`read ${outcome.messages} messages of ${expected.messages}`);
  if (outcome.digest !== expected.digest) throw new Error('the messages read are not byte for byte those written');
  return { ms: outcome.ms, peakRssKiB: run.peakRssKiB, cpuSeconds: run.cpuSeconds, messages: outcome.messages, bytes: outcome.bytes, outcome };
}

async function python(file: string): Promise<Measured> {
  const run = await measure('python3', [path.join(root, 'scripts/bench/import-mailbox.py'), file], HOUR);
  const outcome = lastJsonLine<{ messages: number; bytes: number; ms: number }>(run.stdout);
  return { ms: outcome.ms, peakRssKiB: run.peakRssKiB, cpuSeconds: run.cpuSeconds, messages: outcome.messages, bytes: outcome.bytes };
}

async function main(): Promise<void> {
  dir = await mkdtemp(path.join(os.tmpdir(), 'heron-bench-import-'));
  const file = path.join(dir, 'generated.mbox');
  process.stdout.write(`generating ${fmt(GB, 2)} GB of mbox in ${dir}…\n`);
  const startedGen = performance.now();
  const generated = await generateMbox(file, Math.round(GB * 1e9));
  process.stdout.write(`  ${fmt(generated.messages)} messages, ${fmt(generated.bytes / 1024 / 1024, 1)} MiB, ${fmt(generated.unquotedFromLines)} unquoted "From " lines, in ${fmt((performance.now() - startedGen) / 1000, 1)} s\n`);

  let heronOutcome: HeronOutcome | null = null;
  const rows: Row[] = [];
  rows.push(
    await contender('Heron (electron/core/mbox reader + fingerprint)', async () => {
      const r = await heron(file, generated);
      heronOutcome = r.outcome;
      return r;
    }),
  );
  const pythonVersion = (await measure('python3', ['--version'], 10_000).catch(() => ({ stdout: '' }))).stdout.trim();
  rows.push(await contender(`Python mailbox.mbox (${pythonVersion || 'python3'})`, () => python(file)));

  const mib = generated.bytes / 1024 / 1024;
  console.log(`\nImport: one mbox of ${fmt(mib, 1)} MiB, ${fmt(generated.messages)} messages (generated; the file is in the page cache for both)`);
  console.log(`  ${loadNote()}; peak RSS from ${rssSource}`);
  printTable(generated.messages, mib, rows, 52);
  for (const row of rows) {
    if (row.ok && row.result.messages !== generated.messages) {
      console.log(`  ${row.name} found ${fmt(row.result.messages)} messages where ${fmt(generated.messages)} were written (it splits at every line starting "From ")`);
    }
  }
  const done = heronOutcome as HeronOutcome | null;
  if (done !== null) {
    console.log(`  Heron: every message SHA-256-identical to what the exporter wrote (${fmt(done.messages)}), read buffer at most ${fmt(done.peakBufferBytes / 1024 / 1024, 1)} MiB`);
  }
  const heronRow = rows[0];
  if (heronRow?.ok) {
    const rate = generated.messages / (heronRow.result.ms / 1000);
    const rssMiB = heronRow.result.peakRssKiB === null ? null : heronRow.result.peakRssKiB / 1024;
    const pass = rate >= GOAL_RATE && rssMiB !== null && rssMiB < GOAL_RSS_MIB;
    console.log(
      `  goal (issue 20): ≥ ${fmt(GOAL_RATE)} messages/s and < ${GOAL_RSS_MIB} MB peak memory — ${pass ? 'PASS' : 'FAIL'} (${fmt(rate)} messages/s, ${rssMiB === null ? 'n/a' : `${fmt(rssMiB, 1)} MiB`})`,
    );
    if (!pass) process.exitCode = 1;
  } else {
    console.log(`  goal (issue 20): FAIL — Heron's run failed: ${heronRow && !heronRow.ok ? heronRow.why : 'no result'}`);
    process.exitCode = 1;
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());
