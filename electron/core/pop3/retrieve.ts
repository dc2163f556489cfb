/**
 * RETR, the two ways `Pop3Client` offers it: one message as a stream with backpressure, or many
 * messages pipelined (RFC 2449 §6.6) under a window in messages and in bytes. Both read the socket
 * only as fast as the consumer takes the mail, so memory stays bounded whatever the mailbox holds.
 */
import { Readable } from 'node:stream';
import { HeronError } from '../../../shared/ipc/result';
import type { Pop3Connection, Reply } from './connection';
import { DeliveryCheck, type DeliveryProblem } from './delivery';
import { errorFromReply, tooBig } from './errors';

/** retrieveMany stops reading the socket while this much fetched mail waits for the consumer. */
const MAX_READY_BYTES = 8 * 1024 * 1024;
/** retrieveMany sends no further RETR while this many listed bytes are requested and not yet handed over. */
const MAX_OUTSTANDING_BYTES = 4 * 1024 * 1024;
/** A size announced in `+OK n octets` is trusted for one allocation only up to this (a liar gains nothing). */
export const PREALLOCATE_MAX = 4 * 1024 * 1024;

/**
 * One message as a Readable. `notReady` is the client's verdict on its state: when set, the stream
 * fails with it (asynchronously, as any other failure would) and no command is sent.
 */
export function retrieveStream(
  conn: Pop3Connection,
  msg: number,
  cap: number,
  signal: AbortSignal | undefined,
  notReady: HeronError | null,
): Readable {
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
  if (notReady) {
    queueMicrotask(() => stream.destroy(notReady));
    return stream;
  }
  conn
    .command({
      line: `RETR ${msg}`,
      multi: true,
      signal,
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

/** What retrieveMany hands over for each message: its bytes, or why there are none. */
export type Retrieved =
  | { readonly msg: number; readonly data: Buffer; readonly problem?: undefined }
  | { readonly msg: number; readonly data: null; readonly problem: RetrieveProblem };

export type RetrieveProblem =
  /** The server answered -ERR: the session goes on with the next message. */
  | { readonly kind: 'refused'; readonly error: HeronError }
  /** More arrived than the limit or than the server said (delivery.ts): reading stopped; `head` is what arrived. */
  | { readonly kind: 'too-big'; readonly error: HeronError; readonly head: Buffer }
  /** Not the message the server described (delivery.ts). */
  | { readonly kind: 'mismatch'; readonly error: HeronError }
  /** The session failed while this message was due (timeout, connection lost, a reply that is not POP3). */
  | { readonly kind: 'lost'; readonly error: HeronError };

export interface PipelinedRetrieveOptions {
  cap: number;
  /** The most that may arrive of this message (default `cap`). */
  limitFor?: (msg: number) => number;
  /** Messages requested ahead of the one being handed over (1 when the server does not pipeline). */
  window: number;
  signal: AbortSignal | undefined;
  /** The size the last LIST gave, or 0: it keeps big messages from piling up in flight. */
  listedSize: (msg: number) => number;
  /**
   * Where a message the server announced as `size` bytes goes: a buffer of exactly that length
   * (the fetch session hands out regions of one buffer per batch), or null for one of its own.
   */
  bufferFor?: (msg: number, size: number) => Buffer | null;
}

/**
 * Every message of `msgs` in order, each checked against what the server said of it (delivery.ts).
 * After a problem other than `refused` the session is over: that item is the last.
 */
export async function* retrievePipelined(
  conn: Pop3Connection,
  msgs: number[],
  opts: PipelinedRetrieveOptions,
): AsyncGenerator<Retrieved> {
  const { cap, window, signal, listedSize } = opts;
  const allocate = (msg: number, size: number) => opts.bufferFor?.(msg, size) ?? Buffer.allocUnsafe(size);
  const requests: Array<Promise<Retrieved>> = [];
  /**
   * Per request (and, last, the NOOP after the final RETR): null once its status line arrived, or
   * the error that ended the session before it did. A message that did not arrive at exactly the
   * size the server gave is only handed over once the reply after it began as a reply: a dot line
   * the server forgot to stuff ends a message early, and what follows it is then mail, not POP3.
   */
  const started: Begun[] = [];
  /** Per request: whether its message arrived at exactly the size the server gave (DeliveryCheck.exact). */
  const exact: boolean[] = [];
  let readyBytes = 0;
  let paused = false;
  let settled = 0;
  let next = 0;
  const issue = (msg: number, index: number) => {
    const parts: Buffer[] = [];
    let size = 0;
    // When the server announces the size ("+OK 1234 octets"), copy straight into one buffer: the socket's
    // chunks then die young instead of being held until the message completes (half the peak memory).
    let into: Buffer | null = null;
    const limit = Math.min(cap, opts.limitFor?.(msg) ?? cap);
    const listed = listedSize(msg);
    // A reply swallowed into this one can only come from a RETR on the wire after it.
    const check = new DeliveryCheck(listed > 0 ? listed : null, limit, () => conn.pipelineWindow > 1 && next > index + 1);
    const begun = new Begun();
    const command = `RETR ${msg}`;
    let problem: RetrieveProblem | null = null;
    const stop = (p: DeliveryProblem): never => {
      const error = deliveryError(conn.host, command, p, listed, announced);
      problem = p.kind === 'too-big' ? { kind: 'too-big', error, head: bytes() } : { kind: 'mismatch', error };
      throw error; // ends the session: the rest of this reply, and every reply after it, go unread
    };
    const bytes = (): Buffer => {
      const whole: Buffer | null = into;
      return whole !== null ? whole.subarray(0, size) : Buffer.concat(parts, size);
    };
    let announced: number | null = null;
    const request = conn
      .command({
        line: command,
        multi: true,
        signal,
        onStatus: (status) => {
          begun.mark(null);
          if (status.kind !== 'ok') return;
          const said = Number(/^(\d+)(?:\s|$)/.exec(status.text)?.[1] ?? NaN);
          announced = Number.isSafeInteger(said) ? said : null;
          const p = check.announce(announced);
          if (p) stop(p);
          if (announced !== null && announced > 0 && announced <= Math.min(limit, PREALLOCATE_MAX)) into = allocate(msg, announced);
        },
        onData: (chunk) => {
          const p = check.push(chunk);
          if (p) {
            // What arrived up to the limit, for its headers (never more than the limit).
            if (p.kind === 'too-big') keep(chunk.subarray(0, chunk.length - (p.received - p.limit)));
            stop(p);
          }
          keep(chunk);
        },
      })
      .then(
        (reply: Reply): Retrieved => {
          if (reply.status.kind === 'err') return { msg, data: null, problem: { kind: 'refused', error: errorFromReply(conn.host, command, reply.status, false) } };
          const p = check.finish();
          if (p) {
            const error = deliveryError(conn.host, command, p, listed, announced);
            conn.destroy(error);
            return { msg, data: null, problem: { kind: 'mismatch', error } };
          }
          exact[index] = check.exact();
          readyBytes += size;
          if (readyBytes > MAX_READY_BYTES && !paused) {
            paused = true;
            conn.pause();
          }
          return { msg, data: bytes() };
        },
        (error: unknown): Retrieved => {
          begun.mark(error instanceof HeronError ? error : null);
          if (problem !== null) return { msg, data: null, problem };
          // Cancelled: not this message's doing.
          if (error instanceof HeronError && error.code === 'EABORTED') throw error;
          const lost = error instanceof HeronError ? error : new HeronError('ECONNECTION', String(error), { detail: { host: conn.host, command } });
          return { msg, data: null, problem: { kind: 'lost', error: lost } };
        },
      );
    function keep(chunk: Buffer): void {
      if (into !== null && size + chunk.length <= into.length) chunk.copy(into, size);
      else {
        if (into !== null) parts.push(into.subarray(0, size)); // the server said less than it sent
        into = null;
        parts.push(chunk);
      }
      size += chunk.length;
    }
    // Observed when its turn comes; a failure fails the whole session anyway.
    request.then(
      () => (settled += 1),
      () => (settled += 1),
    );
    requests.push(request);
    started.push(begun);
  };
  /** The NOOP after the last RETR: its reply shows where the last message really ended. */
  let probed = false;
  const probe = () => {
    probed = true;
    const begun = new Begun();
    started.push(begun);
    conn.command({ line: 'NOOP', signal }).then(
      () => {
        settled += 1;
        begun.mark(null);
      },
      (error: unknown) => {
        settled += 1;
        begun.mark(error instanceof HeronError ? error : null);
      },
    );
  };
  let outstanding = 0;
  try {
    for (let i = 0; i < msgs.length; i += 1) {
      // Window in messages, and in bytes when LIST told the sizes: a few 1 MB messages already fill the link.
      // Refilled once half of it is answered, the new requests in one write, not a write per RETR.
      // The reply after this one is always asked for (held back by the connection when the server
      // does not pipeline): this message is handed over only once that reply has begun.
      if (next - i <= Math.max(1, window / 2)) {
        conn.sendTogether(() => {
          while (next < msgs.length && (next <= i + 1 || (next - i < window && outstanding < MAX_OUTSTANDING_BYTES))) {
            const m = msgs[next] as number;
            outstanding += listedSize(m);
            issue(m, next);
            next += 1;
          }
          if (next === msgs.length && !probed) probe();
        });
      }
      let item = await (requests[i] as Promise<Retrieved>);
      requests[i] = DONE; // let the buffer go once handed over
      if (item.data !== null && exact[i] !== true) {
        const after = await (started[i + 1] as Begun).seen();
        // What followed it is not a reply: this message did not end where the server meant it to.
        if (after !== null && after.code === 'EPROTOCOL') item = { msg: item.msg, data: null, problem: { kind: 'mismatch', error: endedEarly(conn.host, item.msg, after) } };
      }
      outstanding -= listedSize(msgs[i] as number);
      if (item.data !== null) readyBytes -= item.data.length;
      if (paused && readyBytes <= MAX_READY_BYTES / 2) {
        paused = false;
        conn.resume();
      }
      yield item;
      // Any problem but a refusal ended the session: nothing after it can be trusted.
      if (item.problem !== undefined && item.problem.kind !== 'refused') return;
    }
    // The NOOP's reply is read before the session goes on to other commands.
    if (probed) await (started[msgs.length] as Begun).seen();
  } finally {
    if (paused) conn.resume();
    // Leaving early with RETRs in flight: their replies would arrive unread. Drop the session.
    if (settled < next + (probed ? 1 : 0) && conn.isOpen) {
      conn.destroy(new HeronError('EABORTED', `Fetching mail from ${conn.host} was stopped.`, { detail: { host: conn.host } }));
    }
  }
}

const DONE: Promise<Retrieved> = Promise.resolve({ msg: 0, data: Buffer.alloc(0) });

/**
 * Whether a reply has begun: null once its status line arrived, or the error that came first. A
 * promise is made only for whoever waits (rarely: most messages arrive at the size given).
 */
class Begun {
  private done = false;
  private error: HeronError | null = null;
  private wake: ((error: HeronError | null) => void) | null = null;

  mark(error: HeronError | null): void {
    if (this.done) return;
    this.done = true;
    this.error = error;
    this.wake?.(error);
  }

  seen(): Promise<HeronError | null> {
    if (this.done) return Promise.resolve(this.error);
    return new Promise((resolve) => (this.wake = resolve));
  }
}

function endedEarly(host: string, msg: number, after: HeronError): HeronError {
  return new HeronError('EPROTOCOL', `${host} sent something after message ${msg} that is not a POP3 reply: the message did not end where the server meant it to (RETR ${msg}).`, {
    detail: { host, command: `RETR ${msg}`, after: after.message },
  });
}

/** A reply that is not the message described, in words: the command, the sizes, what arrived. */
function deliveryError(host: string, command: string, p: DeliveryProblem, listed: number, announced: number | null): HeronError {
  const detail = { host, command, listed: listed > 0 ? listed : null, announced, received: p.received };
  if (p.kind === 'too-big') {
    return new HeronError('ETOOBIG', `The message from ${host} is larger than the limit of ${p.limit} bytes (${command}).`, { detail: { ...detail, maxBytes: p.limit } });
  }
  const said = p.why === 'announced' ? `announced ${announced ?? '?'} bytes for a message it listed at ${listed}` : p.why === 'reply-line' ? `sent another reply inside the message it listed at ${p.expected} bytes` : `sent ${p.received} bytes of a message it said has ${p.expected}`;
  return new HeronError('EPROTOCOL', `${host} ${said} (${command}): its replies no longer match Heron's commands.`, { detail });
}
