/**
 * RETR, the two ways `Pop3Client` offers it: one message as a stream with backpressure, or many
 * messages pipelined (RFC 2449 §6.6) under a window in messages and in bytes. Both read the socket
 * only as fast as the consumer takes the mail, so memory stays bounded whatever the mailbox holds.
 */
import { Readable } from 'node:stream';
import { HeronError } from '../../../shared/ipc/result';
import type { Pop3Connection, Reply } from './connection';
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

export interface PipelinedRetrieveOptions {
  cap: number;
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

export async function* retrievePipelined(
  conn: Pop3Connection,
  msgs: number[],
  opts: PipelinedRetrieveOptions,
): AsyncGenerator<{ msg: number; data: Buffer }> {
  const { cap, window, signal, listedSize } = opts;
  const allocate = (msg: number, size: number) => opts.bufferFor?.(msg, size) ?? Buffer.allocUnsafe(size);
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
          if (announced > 0 && announced <= Math.min(cap, PREALLOCATE_MAX)) into = allocate(msg, announced);
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
      // Refilled once half of it is answered, the new requests in one write, not a write per RETR.
      if (next - i <= window / 2) {
        conn.sendTogether(() => {
          while (next < msgs.length && next - i < window && (next === i || outstanding < MAX_OUTSTANDING_BYTES)) {
            const m = msgs[next++] as number;
            outstanding += listedSize(m);
            issue(m);
          }
        });
      }
      const data = await (requests[i] as Promise<Buffer>);
      requests[i] = Promise.resolve(Buffer.alloc(0)); // let the buffer go once handed over
      readyBytes -= data.length;
      outstanding -= listedSize(msgs[i] as number);
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
