/**
 * A scriptable POP3 server for tests (plain `net`/`tls` on 127.0.0.1, port 0), after Thunderbird's
 * fake server: RFC 1939 at the core, CAPA/PIPELINING/RESP-CODES (RFC 2449), STLS (RFC 2595) and SASL
 * (RFC 5034: PLAIN, LOGIN, CRAM-MD5, XOAUTH2) and APOP as layers a test switches on or off. Any
 * command's handler can be replaced to inject a fault, and every line a client sends is recorded.
 *
 *   const server = await startFakePop3({ messages: [Buffer.from('Subject: a\r\n\r\nhi\r\n')] });
 *   // … connect to server.port …
 *   expect(server.transcript).toEqual(['CAPA', 'USER alice', 'PASS secret', …]);
 *   expect(server.deleted).toEqual(['uid-1']);   // committed at QUIT only (RFC 1939 §6)
 *
 * Overrides get the session and the command's arguments; `s.next()` runs the normal behaviour.
 *   overrides: { PASS: (s) => { s.reply('-ERR [IN-USE] locked'); s.close(); } }
 *   overrides: { GREETING: (s) => s.write(`+OK ${'x'.repeat(200_000)}\r\n`) }
 * Messages may be Buffers/strings (CRLF line ends) or lazy `{ size, chunks }` generators, so a 100 MB
 * message never sits in memory. The server dot-stuffs and writes with backpressure.
 */
import net, { type AddressInfo, type Socket } from 'node:net';
import tls from 'node:tls';
import { commonAuthHandlers, transactionHandlers } from './fake-handlers';
import { stuffer } from './stuff';

export interface LazyMessage {
  /** Octets of the message as stored (CRLF line ends), as LIST and STAT report it. */
  readonly size: number;
  readonly uid?: string;
  readonly chunks: () => AsyncIterable<Buffer> | Iterable<Buffer>;
}
export type FakeMessage = Buffer | string | LazyMessage;

export interface FakeCapabilities {
  /** false: CAPA answers -ERR (a bare RFC 1939 server). */
  capa?: boolean;
  pipelining?: boolean;
  uidl?: boolean;
  top?: boolean;
  user?: boolean;
  /** Defaults to true when tls.mode is 'starttls'. */
  stls?: boolean;
  sasl?: string[];
  respCodes?: boolean;
  authRespCode?: boolean;
  extra?: string[];
}

export type FakeHandler = (s: FakeSession, args: string[], line: string) => unknown;

export interface FakePop3Options {
  messages?: FakeMessage[];
  /** user → password (and XOAUTH2 token). Default: alice / secret / token "ya29.alice-token". */
  users?: Record<string, { password?: string; token?: string }>;
  capabilities?: FakeCapabilities;
  tls?: { mode: 'implicit' | 'starttls'; cert: string; key: string };
  /** The greeting line; must contain `<…@…>` for APOP. */
  greeting?: string;
  /** Replace one command's behaviour: keys are verbs (`RETR`, `PASS`…) or `GREETING`. */
  overrides?: Partial<Record<string, FakeHandler>>;
}

export interface StoredMessage {
  readonly uid: string;
  readonly size: number;
  readonly source: FakeMessage;
}

export interface FakeSessionRecord {
  readonly transcript: string[];
  readonly deletedAtQuit: string[];
}

export interface FakePop3 {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** Every line clients sent, all sessions in order, exactly as received (without CRLF). */
  readonly transcript: string[];
  readonly sessions: FakeSessionRecord[];
  /** UIDs removed from the mailbox by a QUIT in the transaction state. */
  readonly deleted: string[];
  /** UIDs still in the mailbox. */
  mailbox(): string[];
  close(): Promise<void>;
}

export const DEFAULT_GREETING = '+OK Heron fake POP3 ready <1896.697170952@fake.heron>';

export class FakeSession {
  state: 'AUTHORIZATION' | 'TRANSACTION' | 'UPDATE' = 'AUTHORIZATION';
  user: string | null = null;
  closed = false;
  secure: boolean;
  /** Messages numbered 1…n as of login; `deleted` holds numbers marked by DELE. */
  view: StoredMessage[] = [];
  readonly deleted = new Set<number>();
  readonly record: FakeSessionRecord = { transcript: [], deletedAtQuit: [] };
  private buffer = '';
  private readonly lines: string[] = [];
  private waiter: ((line: string | null) => void) | null = null;

  constructor(
    public socket: Socket,
    readonly server: FakeServerState,
    private readonly log: string[],
  ) {
    this.secure = server.options.tls?.mode === 'implicit';
    this.listen(socket);
  }

  reply(line: string): void {
    this.write(`${line}\r\n`);
  }

  write(data: string | Buffer): boolean {
    if (this.closed || this.socket.destroyed) return false;
    return this.socket.write(data);
  }

  /** Resolves when the socket can take more (or is gone). */
  async drain(): Promise<void> {
    if (this.closed || !this.socket.writableNeedDrain) return;
    const socket = this.socket;
    await new Promise<void>((resolve) => {
      const done = () => {
        socket.off('drain', done);
        socket.off('close', done);
        resolve();
      };
      socket.on('drain', done);
      socket.on('close', done);
    });
  }

  /** Graceful close after what was written. */
  close(): void {
    this.closed = true;
    this.socket.end();
  }

  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }

  /** The next client line (for SASL exchanges inside a handler); null when the client left. */
  readLine(): Promise<string | null> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => (this.waiter = resolve));
  }

  /** Runs the built-in behaviour for the current command (from inside an override). */
  next: () => Promise<void> = async () => {};

  /** Server side of STLS: anything the client pipelined in clear after STLS is thrown away. */
  upgradeTls(): void {
    const { cert, key } = this.server.options.tls ?? { cert: '', key: '' };
    this.socket.removeAllListeners('data');
    this.buffer = '';
    this.lines.length = 0;
    const secure = new tls.TLSSocket(this.socket, { isServer: true, secureContext: tls.createSecureContext({ cert, key }) });
    this.socket = secure;
    this.secure = true;
    this.listen(secure);
  }

  /** Writes message n (1-based in this session's view) dot-stuffed, optionally only headers + `lines` body lines. */
  async sendMessage(n: number, topLines?: number): Promise<void> {
    const m = this.view[n - 1] as StoredMessage;
    const stuff = stuffer();
    if (topLines !== undefined) {
      this.write(stuff.push(topOf(await wholeMessage(m.source), topLines)));
    } else {
      for await (const chunk of chunksOf(m.source)) {
        if (this.closed) return;
        if (!this.write(stuff.push(chunk))) await this.drain();
      }
    }
    this.write(stuff.end());
  }

  private listen(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('latin1');
      let lf = this.buffer.indexOf('\n');
      while (lf !== -1) {
        const line = this.buffer.slice(0, lf).replace(/\r$/, '');
        this.buffer = this.buffer.slice(lf + 1);
        this.log.push(line);
        this.record.transcript.push(line);
        if (this.waiter) {
          const w = this.waiter;
          this.waiter = null;
          w(line);
        } else this.lines.push(line);
        lf = this.buffer.indexOf('\n');
      }
    });
    const gone = () => {
      this.closed = true;
      const w = this.waiter;
      this.waiter = null;
      w?.(null);
    };
    socket.on('close', gone);
    socket.on('end', gone);
    socket.on('error', gone);
  }
}

export interface FakeServerState {
  readonly options: FakePop3Options;
  readonly users: Record<string, { password?: string; token?: string }>;
  mailbox: StoredMessage[];
  readonly deleted: string[];
  readonly greeting: string;
  capabilityLines(session: FakeSession): string[];
}

export async function startFakePop3(options: FakePop3Options = {}): Promise<FakePop3> {
  const caps = options.capabilities ?? {};
  const state: FakeServerState = {
    options,
    users: options.users ?? { alice: { password: 'secret', token: 'ya29.alice-token' } },
    mailbox: (options.messages ?? []).map((m, i) => toStored(m, i)),
    deleted: [],
    greeting: options.greeting ?? DEFAULT_GREETING,
    capabilityLines(session) {
      const on = (v: boolean | undefined) => v ?? true;
      const lines: string[] = [];
      if (on(caps.top)) lines.push('TOP');
      if (on(caps.uidl)) lines.push('UIDL');
      if (on(caps.respCodes)) lines.push('RESP-CODES');
      if (on(caps.pipelining)) lines.push('PIPELINING');
      if (on(caps.authRespCode)) lines.push('AUTH-RESP-CODE');
      if (session.state === 'AUTHORIZATION') {
        if (!session.secure && (caps.stls ?? options.tls?.mode === 'starttls')) lines.push('STLS');
        if (on(caps.user)) lines.push('USER');
        const sasl = caps.sasl ?? ['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'];
        if (sasl.length > 0) lines.push(`SASL ${sasl.join(' ')}`);
      }
      return [...lines, ...(caps.extra ?? [])];
    },
  };
  const transcript: string[] = [];
  const sessions: FakeSessionRecord[] = [];
  const sockets = new Set<Socket>();
  const handlers = { ...commonAuthHandlers, ...transactionHandlers };

  const onConnection = (socket: Socket) => {
    sockets.add(socket);
    // Replies go out in several writes; without this, Nagle + delayed ACK add 40 ms per reply.
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const session = new FakeSession(socket, state, transcript);
    sessions.push(session.record);
    void run(session).catch(() => session.destroy());
  };

  async function run(session: FakeSession): Promise<void> {
    const greet = options.overrides?.GREETING;
    if (greet) await greet(session, [], '');
    else session.reply(state.greeting);
    for (;;) {
      const line = await session.readLine();
      if (line === null) return;
      const [verb = '', ...args] = line.split(' ');
      const key = verb.toUpperCase();
      const builtin = handlers[key];
      const fallback = async () => {
        if (builtin) await builtin(session, args, line);
        else session.reply('-ERR Unknown command');
      };
      session.next = fallback;
      const override = options.overrides?.[key];
      if (override) await override(session, args, line);
      else await fallback();
      if (session.closed) return;
    }
  }

  const server = options.tls?.mode === 'implicit' ? tls.createServer({ cert: options.tls.cert, key: options.tls.key }, onConnection) : net.createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    transcript,
    sessions,
    deleted: state.deleted,
    mailbox: () => state.mailbox.map((m) => m.uid),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function toStored(m: FakeMessage, i: number): StoredMessage {
  if (typeof m === 'string') return { uid: `uid-${i + 1}`, size: Buffer.byteLength(m), source: Buffer.from(m) };
  if (Buffer.isBuffer(m)) return { uid: `uid-${i + 1}`, size: m.length, source: m };
  return { uid: m.uid ?? `uid-${i + 1}`, size: m.size, source: m };
}

async function* chunksOf(source: FakeMessage): AsyncIterable<Buffer> {
  if (typeof source === 'string') yield Buffer.from(source);
  else if (Buffer.isBuffer(source)) yield source;
  else yield* source.chunks();
}

async function wholeMessage(source: FakeMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of chunksOf(source)) parts.push(c);
  return Buffer.concat(parts);
}

/** RFC 1939 §7 TOP: the header, the blank line, then `n` lines of the body. */
function topOf(message: Buffer, n: number): Buffer {
  const split = message.indexOf('\r\n\r\n');
  if (split === -1) return message;
  let end = split + 4;
  for (let i = 0; i < n && end < message.length; i += 1) {
    const lf = message.indexOf('\n', end);
    end = lf === -1 ? message.length : lf + 1;
  }
  return message.subarray(0, end);
}
