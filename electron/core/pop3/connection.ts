/**
 * One POP3 connection: writes command lines, matches replies to them in order, enforces the
 * deadlines and caps, and keeps the transcript. Each command is a send step (a line, maybe held in
 * the outbox until the pipelining window allows it) and a response step (a status line, then for a
 * `+OK` multi-line reply the body, decoded by the pure parser).
 *
 * Any failure — timeout, protocol error, lost connection, abort — is fatal: the socket is destroyed
 * without QUIT (RFC 1939 §6: no deletion is committed) and every queued command fails with it.
 */
import type { Socket } from 'node:net';
import { HeronError } from '../../../shared/ipc/result';
import { createRedactor, messageDataLine, type Redactor, type TranscriptSink } from '../log/redact';
import { abortError, describeSocketError } from './errors';
import { Pop3ResponseParser, type StatusLine } from './parser';

export interface Pop3Timeouts {
  connectMs: number;
  greetingMs: number;
  commandMs: number;
  idleMs: number;
}

export const DEFAULT_TIMEOUTS: Pop3Timeouts = { connectMs: 15_000, greetingMs: 15_000, commandMs: 30_000, idleMs: 60_000 };

/** A long body pushes the whole-reply deadline forward once per MiB received: a slow trickle still times out. */
const PROGRESS_BYTES = 1 << 20;

export interface CommandSpec {
  /** The line to send without CRLF; null for the greeting, which arrives unasked. */
  readonly line: string | null;
  /** Whether a `+OK` reply has a body (RETR, TOP, LIST, UIDL, CAPA without argument). */
  readonly multi?: boolean;
  /** SASL: a `+ ` continuation is a valid reply. */
  readonly allowContinue?: boolean;
  /** Receives the decoded body; throw a HeronError to end the session (a cap was passed). */
  readonly onData?: (chunk: Buffer) => void;
  /** Told the status line as soon as it arrives (before the body). */
  readonly onStatus?: (status: StatusLine) => void;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal | undefined;
  /** Leave bytes that follow this reply unread: STLS, where they must be discarded, not parsed. */
  readonly lastBeforeUpgrade?: boolean;
}

export interface Reply {
  readonly status: StatusLine;
  readonly bytes: number;
}

interface Pending {
  readonly spec: CommandSpec;
  readonly label: string;
  readonly resolve: (reply: Reply) => void;
  readonly reject: (error: HeronError) => void;
  status: StatusLine | null;
  bytes: number;
  nextProgress: number;
  unlisten: () => void;
}

export class Pop3Connection {
  private socket: Socket;
  private readonly parser: Pop3ResponseParser;
  private readonly redactor: Redactor = createRedactor();
  private readonly inflight: Pending[] = [];
  private readonly outbox: Pending[] = [];
  private headTimer: NodeJS.Timeout | null = null;
  private headTimerMs = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  private pauses = 0;
  private failure: HeronError | null = null;
  private closed = false;
  private holdUnsolicited = false;
  private readonly signals = new Map<AbortSignal, { count: number; onAbort: () => void }>();
  /** Commands in flight at once when the server advertised PIPELINING (RFC 2449 §6.6). */
  pipelineWindow = 1;

  constructor(
    socket: Socket,
    readonly host: string,
    private readonly timeouts: Pop3Timeouts,
    maxLineBytes: number,
    private readonly transcript: TranscriptSink | undefined,
  ) {
    this.parser = new Pop3ResponseParser(maxLineBytes);
    this.socket = socket;
    this.attach(socket);
  }

  get isOpen(): boolean {
    return !this.closed && this.failure === null;
  }

  /**
   * Runs `send`, which issues several commands, so their lines leave in one write: a pipelined
   * burst is then one TLS record and one syscall for the server to read, not one per command.
   */
  sendTogether<T>(send: () => T): T {
    if (!this.isOpen) return send();
    this.socket.cork();
    try {
      return send();
    } finally {
      this.socket.uncork();
    }
  }

  /** Sends a command (or awaits the greeting) and resolves with its reply; `-ERR` resolves too. */
  command(spec: CommandSpec): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      const label = spec.line === null ? 'greeting' : this.redactor.client(spec.line);
      if (spec.signal?.aborted) return reject(abortError(this.host, label));
      if (!this.isOpen) return reject(this.closedError(label));
      const pending: Pending = { spec, label, resolve, reject, status: null, bytes: 0, nextProgress: PROGRESS_BYTES, unlisten: () => {} };
      if (spec.signal) {
        const signal = spec.signal;
        this.watch(signal, label);
        pending.unlisten = () => this.unwatch(signal);
      }
      if (spec.line === null) {
        this.inflight.push(pending);
        this.armTimers();
        this.pump();
      } else {
        this.outbox.push(pending);
        this.flush();
      }
    });
  }

  /**
   * One abort listener per signal however many commands share it (a pipelined batch of thousands
   * would otherwise trip the max-listeners warning).
   */
  private watch(signal: AbortSignal, label: string): void {
    const entry = this.signals.get(signal);
    if (entry) {
      entry.count += 1;
      return;
    }
    const onAbort = () => this.fail(abortError(this.host, label));
    signal.addEventListener('abort', onAbort, { once: true });
    this.signals.set(signal, { count: 1, onAbort });
  }

  private unwatch(signal: AbortSignal): void {
    const entry = this.signals.get(signal);
    if (!entry || --entry.count > 0) return;
    signal.removeEventListener('abort', entry.onAbort);
    this.signals.delete(signal);
  }

  /** Backpressure from a body consumer: stop reading the socket (and the deadlines with it). */
  pause(): void {
    if (this.pauses++ === 0) {
      this.socket.pause();
      this.clearTimers();
    }
  }

  resume(): void {
    if (this.pauses === 0) return;
    if (--this.pauses === 0 && this.isOpen) {
      this.socket.resume();
      this.armTimers();
    }
  }

  /**
   * STLS (RFC 2595 §4): hands the raw socket to the caller for the TLS handshake, dropping every byte
   * that arrived before it — anything the server (or a man in the middle) sent in clear after
   * `+OK` must never be read as a reply to a command sent under TLS.
   */
  detachForUpgrade(): { socket: Socket; discarded: number } {
    this.socket.removeAllListeners('data');
    this.socket.removeAllListeners('end');
    this.socket.removeAllListeners('close');
    this.socket.removeAllListeners('error');
    this.clearTimers();
    this.holdUnsolicited = false;
    const discarded = this.parser.discard();
    if (discarded > 0) this.log('I', `(${discarded} bytes received before the TLS handshake discarded)`);
    return { socket: this.socket, discarded };
  }

  attachUpgraded(socket: Socket): void {
    this.socket = socket;
    this.attach(socket);
  }

  /** The end of the session after QUIT: close our side, no error. */
  end(): void {
    this.closed = true;
    this.clearTimers();
    this.socket.end();
    this.socket.destroySoon?.();
  }

  /** Drop the connection without QUIT. */
  destroy(reason?: HeronError): void {
    if (reason) this.fail(reason);
    else {
      this.closed = true;
      this.fail(new HeronError('EABORTED', `The POP3 session with ${this.host} was closed.`, { detail: { host: this.host } }));
    }
  }

  fail(error: HeronError): void {
    if (this.failure !== null) return;
    this.failure = error;
    this.clearTimers();
    this.socket.destroy();
    const all = [...this.inflight.splice(0), ...this.outbox.splice(0)];
    for (const p of all) {
      p.unlisten();
      p.reject(error);
    }
  }

  private attach(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => {
      this.parser.push(chunk);
      this.idleTimer?.refresh();
      this.pump();
    });
    socket.on('error', (error) => {
      this.fail(
        new HeronError('ECONNECTION', `The connection to ${this.host} failed: ${describeSocketError(error)}.`, {
          retryable: true,
          detail: { host: this.host, command: this.inflight[0]?.label ?? null, reason: describeSocketError(error) },
        }),
      );
    });
    const onGone = () => {
      if (this.closed || this.failure !== null) {
        this.closed = true;
        return;
      }
      const head = this.inflight[0];
      this.closed = true;
      if (head === undefined && this.outbox.length === 0) return;
      const waiting = head === undefined ? '' : ` while Heron waited for the answer to ${head.label}`;
      this.fail(
        new HeronError('ECONNECTION', `${this.host} closed the connection${waiting}.`, {
          retryable: true,
          detail: { host: this.host, command: head?.label ?? null, bytesReceived: head?.bytes ?? 0 },
        }),
      );
    };
    socket.on('end', onGone);
    socket.on('close', onGone);
  }

  private flush(): void {
    if (this.outbox.length === 0 || !this.isOpen) return;
    let wrote = false;
    while (this.outbox.length > 0 && (this.inflight.length === 0 || this.inflight.length < this.pipelineWindow)) {
      const p = this.outbox.shift() as Pending;
      if (p.spec.signal?.aborted) {
        this.fail(abortError(this.host, p.label));
        return;
      }
      if (!wrote) this.socket.cork();
      wrote = true;
      this.socket.write(`${p.spec.line as string}\r\n`);
      this.log('C', p.label);
      this.inflight.push(p);
      if (this.inflight.length === 1) this.armTimers();
      if (p.spec.lastBeforeUpgrade) this.holdUnsolicited = true;
    }
    if (wrote) this.socket.uncork();
  }

  private pump(): void {
    try {
      for (;;) {
        if (this.failure !== null) return;
        const head = this.inflight[0];
        if (head === undefined) {
          if (this.parser.pending > 0 && !this.holdUnsolicited) {
            throw new HeronError('EPROTOCOL', `${this.host} sent data that no command asked for.`, { detail: { host: this.host } });
          }
          return;
        }
        if (head.status === null) {
          const status = this.parser.readStatus(head.spec.allowContinue === true);
          if (status === null) return;
          head.status = status;
          head.spec.onStatus?.(status);
          if (!(head.spec.multi === true && status.kind === 'ok')) {
            this.log('S', this.redactor.server(status.line));
            this.complete(head);
            continue;
          }
        }
        const done = this.parser.readBody((chunk) => {
          head.bytes += chunk.length;
          if (head.bytes >= head.nextProgress) {
            head.nextProgress += PROGRESS_BYTES;
            this.armTimers();
          }
          head.spec.onData?.(chunk);
        });
        if (!done) return;
        // A message's content never reaches the log: only how much of it came.
        if (this.transcript) {
          this.log('S', this.redactor.server(head.status.line));
          this.log('I', messageDataLine(head.bytes, /^(RETR|TOP)\b/i.test(head.label) ? 'message data' : 'listing'));
        }
        this.complete(head);
      }
    } catch (error) {
      this.fail(error instanceof HeronError ? error : new HeronError('EPROTOCOL', String(error), { detail: { host: this.host } }));
    }
  }

  private complete(p: Pending): void {
    this.inflight.shift();
    p.unlisten();
    p.resolve({ status: p.status as StatusLine, bytes: p.bytes });
    this.armTimers();
    this.flush();
  }

  /**
   * The head command's deadline and the idle deadline, restarted whenever the head changes or
   * makes progress. The timers are kept and restarted (`refresh`), not made anew: a pipelined
   * fetch restarts them for every message. Each names the command that is the head when it fires.
   */
  private armTimers(): void {
    const head = this.inflight[0];
    if (head === undefined || this.pauses > 0 || !this.isOpen) {
      this.clearTimers();
      return;
    }
    const ms = head.spec.timeoutMs ?? this.timeouts.commandMs;
    if (this.headTimer !== null && this.headTimerMs === ms) this.headTimer.refresh();
    else {
      if (this.headTimer !== null) clearTimeout(this.headTimer);
      this.headTimerMs = ms;
      this.headTimer = setTimeout(() => {
        const late = this.inflight[0];
        if (late === undefined) return;
        this.fail(
          new HeronError('ETIMEDOUT', `${this.host} did not finish answering ${late.label} within ${seconds(ms)}.`, {
            retryable: true,
            detail: { host: this.host, command: late.label, timeoutMs: ms, bytesReceived: late.bytes },
          }),
        );
      }, ms);
    }
    if (this.idleTimer !== null) this.idleTimer.refresh();
    else {
      const idle = this.timeouts.idleMs;
      this.idleTimer = setTimeout(() => {
        const late = this.inflight[0];
        if (late === undefined) return;
        this.fail(
          new HeronError('ETIMEDOUT', `${this.host} sent nothing for ${seconds(idle)} while Heron waited for the answer to ${late.label}.`, {
            retryable: true,
            detail: { host: this.host, command: late.label, timeoutMs: idle, bytesReceived: late.bytes },
          }),
        );
      }, idle);
    }
  }

  private clearTimers(): void {
    if (this.headTimer) clearTimeout(this.headTimer);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.headTimer = null;
    this.idleTimer = null;
  }

  private closedError(label: string): HeronError {
    const earlier = this.failure ? ` after an earlier error (${this.failure.message})` : '';
    return new HeronError('ECONNECTION', `The connection to ${this.host} is closed${earlier}.`, {
      retryable: true,
      detail: { host: this.host, command: label },
    });
  }

  private log(dir: 'C' | 'S' | 'I', text: string): void {
    this.transcript?.({ dir, text });
  }
}

export function seconds(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
