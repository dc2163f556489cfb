/**
 * What every `npm run bench:*` script shares: each contender in its own child process (under
 * `/usr/bin/time -v` when present) so its peak RSS is its own, Node contenders as a plain esbuild
 * bundle (not through tsx), a table of figures with the machine's load, and ratios.
 */
import type { DovecotInstance } from '../../e2e/servers';
import { makeMessage } from '../../e2e/servers/messages';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tls from 'node:tls';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `--name value` from the command line, or `fallback`. */
export function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? (process.argv[at + 1] as string) : fallback;
}

/** An integer option within [min, max]; anything else stops the script with a clear message. */
export function intOption(name: string, fallback: number, min: number, max: number): number {
  const value = Number(option(name, String(fallback)));
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
  return value;
}

export interface Measured {
  ms: number;
  peakRssKiB: number | null;
  messages: number;
  /** Bytes the contender counted, when it counts them. */
  bytes: number | null;
  /** User + system CPU seconds of the contender's process (GNU time), when known. */
  cpuSeconds?: number | null;
}
export type Row = { name: string } & ({ ok: true; result: Measured } | { ok: false; why: string });

const GNU_TIME = '/usr/bin/time';
export const hasGnuTime = existsSync(GNU_TIME);
export const rssSource = hasGnuTime ? 'GNU time' : '/proc VmHWM polling';

export interface Run {
  stdout: string;
  ms: number;
  peakRssKiB: number | null;
  /** User + system CPU seconds (GNU time); null without it. */
  cpuSeconds: number | null;
}

/**
 * Runs a command, returning its stdout, wall time, and peak RSS. Rejects on a non-zero exit or
 * after `timeoutMs` (the child is killed). `stdinFile` becomes the child's standard input.
 */
export function measure(command: string, args: string[], timeoutMs: number, options: { stdinFile?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const stdin = options.stdinFile === undefined ? 'ignore' : openSync(options.stdinFile, 'r');
    const started = performance.now();
    const [file, argv] = hasGnuTime ? [GNU_TIME, ['-v', command, ...args]] : [command, args];
    const child = spawn(file, argv, { cwd: root, stdio: [stdin, 'pipe', 'pipe'] });
    if (typeof stdin === 'number') closeSync(stdin); // the child holds its own copy
    let stdout = '';
    let stderr = '';
    let polledHwm: number | null = null;
    // Both are pipes (stdio above); the types cannot follow a computed stdio array.
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-20_000)));
    // Without GNU time: the kernel's high-water mark, read while the child lives.
    const poll = hasGnuTime
      ? null
      : setInterval(() => {
          try {
            const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (hwm) polledHwm = Math.max(polledHwm ?? 0, Number(hwm[1]));
          } catch {
            // Exited between polls.
          }
        }, 20);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = performance.now() - started;
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
      const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
      const own = stderr.replace(/\n?(Command (exited with non-zero status|terminated by signal) \d+\n)?\tCommand being timed:[\s\S]*$/, '').trim();
      if (code !== 0) {
        reject(new Error(`${path.basename(command)} exited with ${code ?? signal}${own ? `: ${own.slice(-600)}` : ''}`));
        return;
      }
      const cpuSeconds = user && system ? Number(user[1]) + Number(system[1]) : null;
      resolve({ stdout, ms, peakRssKiB: rss ? Number(rss[1]) : polledHwm, cpuSeconds });
    });
  });
}

/** The last stdout line of a contender, as JSON. */
export function lastJsonLine<T>(stdout: string): T {
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as T;
}

const bundles = new Map<string, Promise<string>>();

/**
 * A TypeScript entry as one plain CommonJS bundle to run under `node`: running it through tsx
 * would add its loader and esbuild to the child's RSS (about 60 MiB), which is not Heron's memory.
 */
export function bundled(entry: string): Promise<string> {
  let out = bundles.get(entry);
  if (!out) {
    out = (async () => {
      const { build } = await import('esbuild');
      const dir = await mkdtemp(path.join(os.tmpdir(), 'heron-bench-bundle-'));
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      const outfile = path.join(dir, `${path.basename(entry, '.ts')}.cjs`);
      await build({ entryPoints: [path.join(root, entry)], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'error' });
      return outfile;
    })();
    bundles.set(entry, out);
  }
  return out;
}

export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Other work on the machine skews every column: say how busy it was. */
export function loadNote(): string {
  const [one] = os.loadavg();
  const cores = os.cpus().length;
  const busy = (one ?? 0) > cores * 0.75;
  return `load average ${fmt(one ?? 0, 2)} on ${cores} cores${busy ? ' — the machine is busy: compare ratios within this run, not absolute figures' : ''}`;
}

/** Runs one contender; a failure becomes an "unavailable" row with its reason rather than ending the run. */
export async function contender(name: string, run: () => Promise<Measured>): Promise<Row> {
  process.stdout.write(`  running ${name}…\n`);
  try {
    return { name, ok: true, result: await run() };
  } catch (error) {
    return { name, ok: false, why: error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error) };
  }
}

/** Prints the rows as a table: messages/s, MiB/s over `mib`, peak RSS, wall time. */
export function printTable(count: number, mib: number, rows: readonly Row[], nameWidth = 44): void {
  console.log(`  ${'client'.padEnd(nameWidth)}${'msgs/s'.padStart(10)}${'MiB/s'.padStart(10)}${'peak RSS'.padStart(12)}${'CPU'.padStart(9)}${'time'.padStart(10)}`);
  for (const row of rows) {
    if (!row.ok) {
      console.log(`  ${row.name.padEnd(nameWidth)}  unavailable: ${row.why}`);
      continue;
    }
    const s = row.result.ms / 1000;
    const rss = row.result.peakRssKiB === null ? 'n/a' : `${fmt(row.result.peakRssKiB / 1024, 1)} MiB`;
    const cpu = row.result.cpuSeconds == null ? 'n/a' : `${fmt(row.result.cpuSeconds, 2)} s`;
    console.log(`  ${row.name.padEnd(nameWidth)}${fmt(count / s, count / s < 100 ? 1 : 0).padStart(10)}${fmt(mib / s, 1).padStart(10)}${rss.padStart(12)}${cpu.padStart(9)}${`${fmt(s, 2)} s`.padStart(10)}`);
  }
}

/** Messages per second of the first row whose name starts with `prefix`, or null when it is unavailable. */
export function rateOf(rows: readonly Row[], prefix: string, count: number): number | null {
  const row = rows.find((r) => r.name.startsWith(prefix));
  return row?.ok ? count / (row.result.ms / 1000) : null;
}

export const ratio = (a: number | null, b: number | null): string => (a === null || b === null ? 'n/a (a column is unavailable)' : `${fmt(a / b, 2)}×`);

/** The `--version` output of a command ('' when it cannot run). */
export function versionOf(command: string): Promise<string> {
  return measure(command, ['--version'], 10_000).then(
    (r) => r.stdout,
    () => '',
  );
}

/**
 * Seeds `count` generated messages into a user's Maildir (cleared first), in batches so a large
 * mailbox never sits in memory at once. Returns the bytes Dovecot will serve (it sends CRLF).
 */
export async function seedMailbox(
  dovecot: Pick<DovecotInstance, 'clearMaildir' | 'seed'>,
  user: string,
  count: number,
  size: (i: number) => number,
): Promise<number> {
  await dovecot.clearMaildir(user);
  let wireBytes = 0;
  for (let start = 0; start < count; start += 100) {
    const batch: Buffer[] = [];
    for (let i = start; i < Math.min(count, start + 100); i += 1) {
      const message = makeMessage(i, { size: size(i) });
      let lf = 0;
      for (let at = message.indexOf(10); at !== -1; at = message.indexOf(10, at + 1)) lf += 1;
      wireBytes += message.length + lf;
      batch.push(message);
    }
    await dovecot.seed(user, batch);
  }
  return wireBytes;
}

/** UIDL once, so Dovecot's uidlist and index exist before the first measured fetch (no contender pays for them). */
export function warmDovecot(dovecot: Pick<DovecotInstance, 'host' | 'pop3sPort' | 'ca'>, user: { name: string; password: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: dovecot.host, port: dovecot.pop3sPort, ca: dovecot.ca, servername: 'localhost' });
    let tail = '';
    const timer = setTimeout(() => socket.destroy(new Error('warming Dovecot took over 5 minutes')), 5 * 60_000);
    socket.once('secureConnect', () => socket.write(`USER ${user.name}\r\nPASS ${user.password}\r\nUIDL\r\nQUIT\r\n`));
    socket.on('data', (c: Buffer) => {
      tail = (tail + c.toString('latin1')).slice(-200);
      if (tail.includes('-ERR')) socket.destroy(new Error(`Dovecot refused: ${tail.trim()}`));
    });
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
