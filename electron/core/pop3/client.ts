/**
 * The POP3 client (RFC 1939, with RFC 2449 CAPA/PIPELINING/response codes, RFC 2595 STLS and RFC 5034
 * SASL). See README.md for the contract other engineers code against.
 */
import { Readable } from 'node:stream';
import { HeronError } from '../../../shared/ipc/result';
import type { TranscriptSink } from '../log/redact';
import { authenticate, validateCredentials, type Pop3Credentials } from './auth';
import { NO_CAPABILITIES, parseCapabilities, type Pop3Capabilities } from './capabilities';
import { DEFAULT_TIMEOUTS, Pop3Connection, type CommandSpec, type Pop3Timeouts, type Reply } from './connection';
import { errorFromReply } from './errors';
import { capText, LineCollector } from './parser';
import { openSocket, upgradeSocket, type TransportOptions } from './transport';

export interface Pop3ConnectOptions {
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  servername?: string;
  ca?: string | Buffer | Array<string | Buffer>;
  pinnedCert?: string;
  timeouts?: Partial<Pop3Timeouts>;
  maxLineBytes?: number;
  localAddress?: string;
  transcript?: TranscriptSink;
  signal?: AbortSignal;
}

export interface Pop3TlsInfo {
  authorized: boolean;
  pinned: boolean;
  fingerprint256: string;
  protocol: string;
}

const DEFAULT_MAX_LINE = 64 * 1024;
/** LIST/UIDL of a huge mailbox: ~1M messages at ~70 bytes a line. */
const MAX_LISTING_BYTES = 64 * 1024 * 1024;
/** RETR without a cap still has one: nothing in Heron wants a message bigger than this. */
export const DEFAULT_MAX_MESSAGE_BYTES = 512 * 1024 * 1024;
const MAX_WINDOW = 64;
const DEFAULT_WINDOW = 32;
/** retrieveMany stops reading the socket while this much fetched mail waits for the consumer. */
const MAX_READY_BYTES = 8 * 1024 * 1024;
/** retrieveMany sends no further RETR while this many listed bytes are requested and not yet handed over. */
const MAX_OUTSTANDING_BYTES = 4 * 1024 * 1024;
/** A size announced in `+OK n octets` is trusted for one allocation only up to this (a liar gains nothing). */
const PREALLOCATE_MAX = 4 * 1024 * 1024;

type State = 'authorization' | 'transaction' | 'closed';

export class Pop3Client {
  private state: State = 'authorization';
  /** Sizes from the last LIST: they let retrieveMany keep big messages from piling up in flight. */
  private sizes = new Map<number, number>();
  private caps: Pop3Capabilities;

  private constructor(
    private readonly conn: Pop3Connection,
    readonly greeting: string,
    capabilities: Pop3Capabilities,
    private capaKnown: boolean,
    readonly tls: Pop3TlsInfo | null,
    private readonly maxLineBytes: number,
    private readonly stopWatching: () => void,
  ) {
    this.caps = capabilities;
    this.applyPipelining();
  }

  get capabilities(): Pop3Capabilities {
    return this.caps;
  }

  static async connect(options: Pop3ConnectOptions): Promise<Pop3Client> {
    const { host, port, security } = options;
    if (!['tls', 'starttls', 'none'].includes(security)) {
      throw new HeronError('EINVALID', `"${capText(String(security), 40)}" is not a connection security Heron knows.`, { detail: { field: 'security' } });
    }
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new HeronError('EINVALID', `${String(port)} is not a valid port number.`, { detail: { field: 'port' } });
    }
    const timeouts: Pop3Timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE;
    const transport: TransportOptions = {
      host,
      port,
      connectMs: timeouts.connectMs,
      ...(options.servername !== undefined ? { servername: options.servername } : {}),
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
      ...(options.pinnedCert !== undefined ? { pinnedCert: options.pinnedCert } : {}),
      ...(options.localAddress !== undefined ? { localAddress: options.localAddress } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    };
    const { socket, peer } = await openSocket(transport, security === 'tls');
    const conn = new Pop3Connection(socket, host, timeouts, maxLineBytes, options.transcript);
    const signal = options.signal;
    const onAbort = () => conn.fail(new HeronError('EABORTED', `The POP3 session with ${host} was cancelled.`, { detail: { host } }));
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const hello = await conn.command({ line: null, timeoutMs: timeouts.greetingMs, signal });
      if (hello.status.kind !== 'ok') {
        throw new HeronError('ECONNECTION', `${host} refused the connection (POP3: ${capText(hello.status.line)}).`, {
          retryable: true,
          detail: { host, command: 'greeting', response: capText(hello.status.line) },
        });
      }
      let tlsInfo = peer === null ? null : tlsSummary(peer);
      let capa = await requestCapabilities(conn, signal, maxLineBytes);
      if (security === 'starttls') {
        // RFC 2595 §4: no credential before TLS, and what the server said in clear is forgotten.
        if (!capa.caps.stls) {
          throw new HeronError('ETLS', `${host} does not offer STLS, so Heron cannot secure the connection as this account requires.`, {
            detail: { host, command: 'CAPA' },
          });
        }
        const reply = await conn.command({ line: 'STLS', signal, lastBeforeUpgrade: true });
        if (reply.status.kind !== 'ok') {
          throw new HeronError('ETLS', `${host} refused to start TLS (POP3: ${capText(reply.status.line)}).`, {
            detail: { host, command: 'STLS', response: capText(reply.status.line) },
          });
        }
        const { socket: raw } = conn.detachForUpgrade();
        const upgraded = await upgradeSocket(raw, transport);
        conn.attachUpgraded(upgraded.socket);
        tlsInfo = tlsSummary(upgraded.peer);
        capa = await requestCapabilities(conn, signal, maxLineBytes);
      }
      // The connect signal stays watched for the whole session: aborting it drops the connection.
      const stopWatching = () => signal?.removeEventListener('abort', onAbort);
      return new Pop3Client(conn, hello.status.line, capa.caps, capa.known, tlsInfo, maxLineBytes, stopWatching);
    } catch (error) {
      signal?.removeEventListener('abort', onAbort);
      conn.destroy(error instanceof HeronError ? error : undefined);
      throw error;
    }
  }

  async login(credentials: Pop3Credentials, signal?: AbortSignal): Promise<void> {
    validateCredentials(credentials);
    this.expectState('authorization', 'log in');
    try {
      await authenticate(
        {
          host: this.conn.host,
          greeting: this.greeting,
          capabilities: this.caps,
          capaKnown: this.capaKnown,
          encrypted: this.tls !== null,
          signal: signal,
          send: (spec) => this.conn.command(spec),
        },
        credentials,
      );
    } catch (error) {
      // A refused login ends the session: most servers close, and none lets us learn anything more.
      this.state = 'closed';
      this.conn.destroy(error instanceof HeronError ? error : undefined);
      throw error;
    }
    this.state = 'transaction';
    // RFC 2449 §5: capabilities may change after login (PIPELINING, UIDL and TOP matter now).
    if (this.capaKnown) {
      const again = await requestCapabilities(this.conn, signal, this.maxLineBytes);
      if (again.known) this.caps = again.caps;
      this.applyPipelining();
    }
  }

  async stat(signal?: AbortSignal): Promise<{ count: number; size: number }> {
    const reply = await this.simple('STAT', signal);
    const m = /^(\d+)\s+(\d+)/.exec(reply.status.text);
    if (!m) throw this.malformed('STAT', reply.status.line);
    return { count: Number(m[1]), size: Number(m[2]) };
  }

  async list(signal?: AbortSignal): Promise<Array<{ msg: number; size: number }>> {
    const lines = await this.listing('LIST', signal);
    const listed = lines.map((line) => {
      const m = /^(\d+)\s+(\d+)/.exec(line);
      if (!m) throw this.malformed('LIST', line);
      return { msg: Number(m[1]), size: Number(m[2]) };
    });
    this.sizes = new Map(listed.map((m) => [m.msg, m.size]));
    return listed;
  }

  async uidl(signal?: AbortSignal): Promise<Array<{ msg: number; uid: string }>> {
    if (this.capaKnown && !this.caps.uidl) throw this.unsupported('UIDL', 'unique message ids (UIDL)');
    const lines = await this.listing('UIDL', signal);
    return lines.map((line) => {
      // RFC 1939 §7: a uid is 1–70 characters in 0x21–0x7E.
      const m = /^(\d+)\s+([\x21-\x7e]{1,70})$/.exec(line.trim());
      if (!m) throw this.malformed('UIDL', line);
      return { msg: Number(m[1]), uid: m[2] as string };
    });
  }

  async top(msg: number, lines: number, opts: { maxBytes?: number; signal?: AbortSignal } = {}): Promise<Buffer> {
    checkNumber(msg, 'message number', 1);
    checkNumber(lines, 'line count', 0);
    if (this.capaKnown && !this.caps.top) throw this.unsupported('TOP', 'message headers without the body (TOP)');
    this.expectState('transaction', 'read headers');
    const parts: Buffer[] = [];
    const cap = opts.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    let size = 0;
    const reply = await this.conn.command({
      line: `TOP ${msg} ${lines}`,
      multi: true,
      signal: opts.signal,
      onData: (chunk) => {
        size += chunk.length;
        if (size > cap) throw tooBig(this.conn.host, `TOP ${msg}`, cap);
        parts.push(chunk);
      },
    });
    if (reply.status.kind === 'err') {
      if (!this.capaKnown) throw this.unsupported('TOP', 'message headers without the body (TOP)', reply.status.line);
      throw errorFromReply(this.conn.host, `TOP ${msg}`, reply.status, false);
    }
    return Buffer.concat(parts, size);
  }

  retrieve(msg: number, opts: { maxBytes?: number; signal?: AbortSignal } = {}): Readable {
    checkNumber(msg, 'message number', 1);
    const conn = this.conn;
    const cap = opts.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    let paused = false;
    let size = 0;
    const stream = new Readable({
      read: () => {
        if (paused) {
          paused = false;
          conn.resume();
        }
      },
      destroy: (error, callback) => {
        if (paused) {
          paused = false;
          conn.resume();
        }
        // A consumer that stops early leaves the rest of the reply unread: the session cannot go on.
        if (!finished) conn.destroy(error instanceof HeronError ? error : new HeronError('EABORTED', `Reading message ${msg} from ${conn.host} was stopped.`, { detail: { host: conn.host, command: `RETR ${msg}` } }));
        callback(error);
      },
    });
    let finished = false;
    const started = this.expectStateAsync('transaction', 'fetch mail');
    if (started) {
      queueMicrotask(() => stream.destroy(started));
      return stream;
    }
    conn
      .command({
        line: `RETR ${msg}`,
        multi: true,
        signal: opts.signal,
        onData: (chunk) => {
          size += chunk.length;
          if (size > cap) throw tooBig(conn.host, `RETR ${msg}`, cap);
          if (!stream.push(chunk) && !paused) {
            paused = true;
            conn.pause();
          }
        },
      })
      .then(
        (reply) => {
          finished = true;
          if (reply.status.kind === 'err') stream.destroy(errorFromReply(conn.host, `RETR ${msg}`, reply.status, false));
          else stream.push(null);
        },
        (error: unknown) => {
          finished = true;
          stream.destroy(error as Error);
        },
      );
    return stream;
  }

  async *retrieveMany(
    msgs: number[],
    opts: { maxBytes?: number; window?: number; signal?: AbortSignal } = {},
  ): AsyncIterable<{ msg: number; data: Buffer }> {
    for (const m of msgs) checkNumber(m, 'message number', 1);
    this.expectState('transaction', 'fetch mail');
    const cap = opts.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    const window = this.caps.pipelining ? Math.max(1, Math.min(MAX_WINDOW, opts.window ?? DEFAULT_WINDOW)) : 1;
    const signal = opts.signal;
    const conn = this.conn;
    const requests: Array<Promise<Buffer>> = [];
    let readyBytes = 0;
    let paused = false;
    let settled = 0;
    const issue = (msg: number) => {
      const parts: Buffer[] = [];
      let size = 0;
      // When the server announces the size ("+OK 1234 octets"), copy straight into one buffer: the socket's
      // chunks then die young instead of being held until the message completes (half the peak memory).
      let into: Buffer | null = null;
      const request = conn
        .command({
          line: `RETR ${msg}`,
          multi: true,
          signal,
          onStatus: (status) => {
            const announced = status.kind === 'ok' ? Number(/^(\d+)(?:\s|$)/.exec(status.text)?.[1] ?? NaN) : NaN;
            if (announced > 0 && announced <= Math.min(cap, PREALLOCATE_MAX)) into = Buffer.allocUnsafe(announced);
          },
          onData: (chunk) => {
            if (size + chunk.length > cap) throw tooBig(conn.host, `RETR ${msg}`, cap);
            if (into !== null && size + chunk.length <= into.length) chunk.copy(into, size);
            else {
              if (into !== null) parts.push(into.subarray(0, size)); // the server said less than it sent
              into = null;
              parts.push(chunk);
            }
            size += chunk.length;
          },
        })
        .then((reply: Reply) => {
          if (reply.status.kind === 'err') throw errorFromReply(conn.host, `RETR ${msg}`, reply.status, false);
          readyBytes += size;
          if (readyBytes > MAX_READY_BYTES && !paused) {
            paused = true;
            conn.pause();
          }
          const whole: Buffer | null = into;
          return whole !== null ? whole.subarray(0, size) : Buffer.concat(parts, size);
        });
      // Observed when its turn comes; a failure fails the whole session anyway.
      request.then(
        () => (settled += 1),
        () => (settled += 1),
      );
      requests.push(request);
    };
    let next = 0;
    let outstanding = 0;
    try {
      for (let i = 0; i < msgs.length; i += 1) {
        // Window in messages, and in bytes when LIST told the sizes: a few 1 MB messages already fill the link.
        while (next < msgs.length && next - i < window && (next === i || outstanding < MAX_OUTSTANDING_BYTES)) {
          const m = msgs[next++] as number;
          outstanding += this.sizes.get(m) ?? 0;
          issue(m);
        }
        const data = await (requests[i] as Promise<Buffer>);
        requests[i] = Promise.resolve(Buffer.alloc(0)); // let the buffer go once handed over
        readyBytes -= data.length;
        outstanding -= this.sizes.get(msgs[i] as number) ?? 0;
        if (paused && readyBytes <= MAX_READY_BYTES / 2) {
          paused = false;
          conn.resume();
        }
        yield { msg: msgs[i] as number, data };
      }
    } finally {
      if (paused) conn.resume();
      // Leaving early with RETRs still in flight: their replies would arrive unread. Drop the session.
      if (settled < next && conn.isOpen) {
        conn.destroy(new HeronError('EABORTED', `Fetching mail from ${conn.host} was stopped.`, { detail: { host: conn.host } }));
      }
    }
  }

  async delete(msg: number, signal?: AbortSignal): Promise<void> {
    checkNumber(msg, 'message number', 1);
    await this.simple(`DELE ${msg}`, signal);
  }

  async deleteMany(msgs: number[], signal?: AbortSignal): Promise<void> {
    for (const m of msgs) checkNumber(m, 'message number', 1);
    // The connection's window paces them: all are queued at once and pipelined when the server allows.
    const replies = msgs.map((m) => this.simple(`DELE ${m}`, signal));
    const results = await Promise.allSettled(replies);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  async reset(signal?: AbortSignal): Promise<void> {
    await this.simple('RSET', signal);
  }

  async noop(signal?: AbortSignal): Promise<void> {
    await this.simple('NOOP', signal);
  }

  /** RFC 1939 §6: QUIT in the transaction state commits the deletions (UPDATE state). */
  async quit(signal?: AbortSignal): Promise<void> {
    if (this.state === 'closed') return;
    const reply = await this.conn.command({ line: 'QUIT', signal: signal });
    this.state = 'closed';
    this.stopWatching();
    this.conn.end();
    if (reply.status.kind === 'err') throw errorFromReply(this.conn.host, 'QUIT', reply.status, false);
  }

  destroy(): void {
    this.state = 'closed';
    this.stopWatching();
    this.conn.destroy();
  }

  private async simple(line: string, signal: AbortSignal | undefined): Promise<Reply> {
    this.expectState('transaction', line.split(' ')[0] as string);
    const reply = await this.conn.command({ line, signal: signal });
    if (reply.status.kind === 'err') throw errorFromReply(this.conn.host, line, reply.status, false);
    return reply;
  }

  private async listing(command: 'LIST' | 'UIDL', signal: AbortSignal | undefined): Promise<string[]> {
    this.expectState('transaction', command);
    const lines = new LineCollector(this.maxLineBytes, MAX_LISTING_BYTES);
    const reply = await this.conn.command({ line: command, multi: true, signal: signal, onData: lines.push });
    if (reply.status.kind === 'err') {
      if (command === 'UIDL' && !this.capaKnown) throw this.unsupported('UIDL', 'unique message ids (UIDL)', reply.status.line);
      throw errorFromReply(this.conn.host, command, reply.status, false);
    }
    return lines.lines();
  }

  private applyPipelining(): void {
    this.conn.pipelineWindow = this.caps.pipelining ? MAX_WINDOW : 1;
  }

  private expectState(state: State, action: string): void {
    const problem = this.expectStateAsync(state, action);
    if (problem) throw problem;
  }

  private expectStateAsync(state: State, action: string): HeronError | null {
    if (this.state === state) return null;
    if (this.state === 'closed' || !this.conn.isOpen) {
      return new HeronError('ECONNECTION', `The connection to ${this.conn.host} is closed.`, { retryable: true, detail: { host: this.conn.host } });
    }
    return new HeronError('EINTERNAL', `Heron tried to ${action} on ${this.conn.host} in the ${this.state} state.`, { detail: { host: this.conn.host } });
  }

  private unsupported(command: string, what: string, response?: string): HeronError {
    return new HeronError('EUNSUPPORTED', `${this.conn.host} does not support ${what}${response ? ` (POP3: ${capText(response)})` : ''}.`, {
      detail: { host: this.conn.host, command, response: response === undefined ? null : capText(response) },
    });
  }

  private malformed(command: string, line: string): HeronError {
    const response = capText(line);
    return new HeronError('EPROTOCOL', `${this.conn.host} answered ${command} with a line Heron cannot read: "${response}".`, {
      detail: { host: this.conn.host, command, response },
    });
  }
}

async function requestCapabilities(conn: Pop3Connection, signal: AbortSignal | undefined, maxLine: number): Promise<{ caps: Pop3Capabilities; known: boolean }> {
  const lines = new LineCollector(maxLine, 1024 * 1024);
  const spec: CommandSpec = { line: 'CAPA', multi: true, signal, onData: lines.push };
  const reply = await conn.command(spec);
  if (reply.status.kind !== 'ok') return { caps: NO_CAPABILITIES, known: false };
  return { caps: parseCapabilities(lines.lines()), known: true };
}

function tlsSummary(peer: { authorized: boolean; pinned: boolean; fingerprint256: string; protocol: string }): Pop3TlsInfo {
  return { authorized: peer.authorized, pinned: peer.pinned, fingerprint256: peer.fingerprint256, protocol: peer.protocol };
}

function tooBig(host: string, command: string, cap: number): HeronError {
  return new HeronError('ETOOBIG', `The message from ${host} is larger than the limit of ${cap} bytes (${command}).`, {
    detail: { host, command, maxBytes: cap },
  });
}

function checkNumber(n: number, what: string, min: number): void {
  if (!Number.isSafeInteger(n) || n < min) throw new HeronError('EINVALID', `${String(n)} is not a valid ${what}.`, { detail: { field: what } });
}
