/** Small pieces the server starters share: free ports, readiness by greeting, process bookkeeping. */
import { type ChildProcess } from 'node:child_process';
import { readdirSync, readlinkSync, readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';

function listenOnce(host: string, port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(null));
    server.listen({ host, port, exclusive: true }, () => {
      const address = server.address();
      const got = typeof address === 'object' && address !== null ? address.port : null;
      server.close(() => resolve(got));
    });
  });
}

/**
 * `count` distinct ports free on 127.0.0.1 and ::1 right now. A port can still be taken between
 * this check and the server's bind; the starters report that as a start-up failure with the log.
 */
export async function freePorts(count: number, ipv6: boolean): Promise<number[]> {
  const ports: number[] = [];
  for (let attempt = 0; attempt < count * 20 && ports.length < count; attempt += 1) {
    const port = await listenOnce('127.0.0.1', 0);
    if (port === null || ports.includes(port)) continue;
    if (ipv6 && (await listenOnce('::1', port)) === null) continue;
    ports.push(port);
  }
  if (ports.length < count) throw new Error(`Could not find ${count} free loopback ports.`);
  return ports;
}

let ipv6Cache: boolean | undefined;
/** Whether ::1 can be bound here (some containers have no IPv6 loopback). */
export async function hasIpv6Loopback(): Promise<boolean> {
  ipv6Cache ??= (await listenOnce('::1', 0)) !== null;
  return ipv6Cache;
}

/** Connects, reads the first line (the greeting), closes. Rejects on error or after `timeoutMs`. */
export function readGreeting(
  port: number,
  options: { host?: string; tls?: { ca: string; servername?: string }; timeoutMs?: number } = {},
): Promise<string> {
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const socket = options.tls
      ? tls.connect({ host, port, ca: options.tls.ca, servername: options.tls.servername ?? 'localhost' })
      : net.connect({ host, port });
    let buffered = '';
    const timer = setTimeout(() => finish(new Error(`No greeting from ${host}:${port} within ${options.timeoutMs ?? 5000} ms`)), options.timeoutMs ?? 5000);
    const finish = (error: Error | null, line?: string): void => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(line ?? '');
    };
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      const end = buffered.indexOf('\r\n');
      if (end >= 0) finish(null, buffered.slice(0, end));
    });
    socket.on('error', (error) => finish(error));
    socket.on('close', () => finish(new Error(`${host}:${port} closed before greeting`)));
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` every `intervalMs` until it resolves, at most `deadlineMs`; rethrows the last error,
 * or at once an error `fatal` recognises (e.g. the server process has exited).
 */
export async function waitFor<T>(
  probe: () => Promise<T>,
  deadlineMs: number,
  intervalMs = 50,
  fatal: (error: unknown) => boolean = () => false,
): Promise<T> {
  const end = Date.now() + deadlineMs;
  let last: unknown = new Error('never probed');
  while (Date.now() < end) {
    try {
      return await probe();
    } catch (error) {
      if (fatal(error)) throw error;
      last = error;
      await sleep(intervalMs);
    }
  }
  throw last;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Resolves when the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Pids of processes whose working directory or command line mentions `marker` (a state dir or an
 * instance name). Postfix daemons chdir into their queue directory and Dovecot's carry the instance
 * name in their title, so this finds every process an instance left behind.
 */
export function processesMatching(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'latin1').replace(/\0/g, ' ');
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${entry}/cwd`);
      } catch {
        // A zombie or a process we may not inspect: the command line still counts.
      }
      if (cmdline.includes(marker) || cwd.startsWith(marker)) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** The last `maxBytes` of a log file, for start-up error messages. */
export function tail(file: string, maxBytes = 4000): string {
  try {
    const text = readFileSync(file, 'utf8');
    return text.length > maxBytes ? `…${text.slice(-maxBytes)}` : text;
  } catch {
    return '(no log written)';
  }
}
