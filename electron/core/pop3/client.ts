/**
 * The POP3 client (RFC 1939, with RFC 2449 CAPA/PIPELINING/response codes, RFC 2595 STLS and RFC 5034
 * SASL). See README.md for the contract other engineers code against.
 */
import type { Readable } from 'node:stream';
import { HeronError } from '../../../shared/ipc/result';
import { authenticate, validateCredentials, type Pop3Credentials } from './auth';
import type { Pop3Capabilities } from './capabilities';
import { openConnection, requestCapabilities, type Pop3ConnectOptions, type Pop3TlsInfo } from './connect';
import type { Pop3Connection, Reply } from './connection';
import { errorFromReply, tooBig } from './errors';
import { capText, LineCollector } from './parser';
import { parseUidlLine } from './listing';
import { retrievePipelined, retrieveStream, type PipelinedRetrieveOptions, type Retrieved } from './retrieve';

export type { Pop3ConnectOptions, Pop3TlsInfo } from './connect';

/** LIST/UIDL of a huge mailbox: ~1M messages at ~70 bytes a line. */
const MAX_LISTING_BYTES = 64 * 1024 * 1024;
/** RETR without a cap still has one: nothing in Heron wants a message bigger than this. */
export const DEFAULT_MAX_MESSAGE_BYTES = 512 * 1024 * 1024;
/**
 * RETRs in flight when the server pipelines (the byte window in retrieve.ts bounds big ones),
 * refilled in one write once half is answered: each write is a TLS record and a syscall
 * (docs/performance.md, "Tuning"). DELEs are pipelined up to MAX_WINDOW too.
 */
const MAX_WINDOW = 256;
const DEFAULT_WINDOW = 128;

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

  /** Whether commands can still be sent (false after QUIT, destroy or a failure that ended the session). */
  get isOpen(): boolean {
    return this.state !== 'closed' && this.conn.isOpen;
  }

  static async connect(options: Pop3ConnectOptions): Promise<Pop3Client> {
    const c = await openConnection(options);
    return new Pop3Client(c.conn, c.greeting, c.capabilities, c.capaKnown, c.tls, c.maxLineBytes, c.stopWatching);
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

  /** Every line that names a message and a uid, as opaque strings (listing.ts); other lines are left out. */
  async uidl(signal?: AbortSignal): Promise<Array<{ msg: number; uid: string }>> {
    if (this.capaKnown && !this.caps.uidl) throw this.unsupported('UIDL', 'unique message ids (UIDL)');
    const lines = await this.listing('UIDL', signal, 'latin1');
    return lines.flatMap((line) => parseUidlLine(line) ?? []);
  }

  /** Whether the server answered CAPA (RFC 2449): without it, nothing optional is known either way. */
  get capabilitiesKnown(): boolean {
    return this.capaKnown;
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
    const cap = opts.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    return retrieveStream(this.conn, msg, cap, opts.signal, this.expectStateAsync('transaction', 'fetch mail'));
  }

  async *retrieveMany(
    msgs: number[],
    opts: { maxBytes?: number; limitFor?: PipelinedRetrieveOptions['limitFor']; window?: number; signal?: AbortSignal; bufferFor?: PipelinedRetrieveOptions['bufferFor'] } = {},
  ): AsyncIterable<Retrieved> {
    for (const m of msgs) checkNumber(m, 'message number', 1);
    this.expectState('transaction', 'fetch mail');
    const cap = opts.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    const window = this.caps.pipelining ? Math.max(1, Math.min(MAX_WINDOW, opts.window ?? DEFAULT_WINDOW)) : 1;
    // Looked up as the window moves (not copied now), so a LIST answered meanwhile still counts.
    const listedSize = (msg: number) => this.sizes.get(msg) ?? 0;
    yield* retrievePipelined(this.conn, msgs, {
      cap,
      window,
      signal: opts.signal,
      listedSize,
      ...(opts.limitFor ? { limitFor: opts.limitFor } : {}),
      ...(opts.bufferFor ? { bufferFor: opts.bufferFor } : {}),
    });
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

  private async listing(command: 'LIST' | 'UIDL', signal: AbortSignal | undefined, encoding: 'utf8' | 'latin1' = 'utf8'): Promise<string[]> {
    this.expectState('transaction', command);
    const lines = new LineCollector(this.maxLineBytes, MAX_LISTING_BYTES);
    const reply = await this.conn.command({ line: command, multi: true, signal: signal, onData: lines.push });
    if (reply.status.kind === 'err') {
      if (command === 'UIDL' && !this.capaKnown) throw this.unsupported('UIDL', 'unique message ids (UIDL)', reply.status.line);
      throw errorFromReply(this.conn.host, command, reply.status, false);
    }
    return lines.lines(encoding);
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

function checkNumber(n: number, what: string, min: number): void {
  if (!Number.isSafeInteger(n) || n < min) throw new HeronError('EINVALID', `${String(n)} is not a valid ${what}.`, { detail: { field: what } });
}
