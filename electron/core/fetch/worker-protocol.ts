/**
 * The conversation between main and the fetch worker. The worker side (`serveFetchWorker`) runs
 * one fetch session per 'start' message; every batch it downloads goes to main, which forwards it
 * to the renderer and sends the renderer's acknowledgement back. A batch's raw bytes move as one
 * transferred ArrayBuffer: no copy between threads.
 *
 * The same code runs in a real `worker_threads` Worker (the app; the fault matrix kills it) and
 * in-process over a pair of linked ports (fast unit tests).
 */
import { batchOf, type FailedMessage, type FetchAccount, type FetchedMessage, type FetchProgress, type FetchSummary, type BodyUpdate, type ParseItem } from '../../../shared/ipc/calls/fetch';
import { serializeError, type SerializedError } from '../../../shared/ipc/result';
import type { LogSession } from '../../../shared/ipc/calls/connection-log';
import type { PopStateEntry } from '../../../shared/model/pop-state';
import { SessionRecorder } from '../log/session-recorder';
import type { Pop3ConnectOptions } from '../pop3';
import { fetchWholeMessage } from './whole';
import { runFetchSession, type CommitOutcome, type FetchSessionOptions } from './session';

export type ToWorker =
  | {
      type: 'start';
      fetchId: string;
      account: FetchAccount;
      secret: { password?: string; token?: string };
      popState: readonly PopStateEntry[];
      /** Test-only connection options (extra CA, short deadlines). */
      connect?: Partial<Pick<Pop3ConnectOptions, 'ca' | 'timeouts' | 'servername'>>;
      tuning?: Pick<FetchSessionOptions, 'batchSize' | 'batchBytes' | 'maxPendingCommits' | 'maxMessageBytes'>;
    }
  | { type: 'ack'; fetchId: string; batchId: number; outcome: CommitOutcome }
  | { type: 'cancel'; fetchId: string }
  /** One-off jobs that must not run on main's event loop. */
  | { type: 'parse'; jobId: string; items: ParseItem[] }
  | {
      type: 'whole';
      jobId: string;
      account: FetchAccount;
      secret: { password?: string; token?: string };
      uidl: string;
      localId: string;
      connect?: Partial<Pick<Pop3ConnectOptions, 'ca' | 'timeouts' | 'servername'>>;
    };

export type FromWorker =
  | { type: 'batch'; fetchId: string; batchId: number; bytes: Uint8Array; index: Uint8Array }
  | { type: 'progress'; fetchId: string; progress: Omit<FetchProgress, 'fetchId' | 'accountId'> }
  /** `log`: the session for the account's connection log (redacted and scrubbed here, in the worker). */
  | { type: 'done'; fetchId: string; summary: FetchSummary | null; error: SerializedError | null; failed: FailedMessage[]; log: LogSession }
  | { type: 'job'; jobId: string; value: BodyUpdate[] | FetchedMessage | null; error: SerializedError | null; log?: { accountId: string; session: LogSession } };

/** The subset of MessagePort/parentPort the protocol needs. */
export interface PortLike {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

export interface WorkerTools {
  readonly readHeaders: FetchSessionOptions['readHeaders'];
  readonly newId: () => string;
  /** The full parse of stored bytes (a 'parse' job); a fetch itself never parses bodies. */
  readonly parseMany?: (items: readonly ParseItem[]) => Promise<BodyUpdate[]>;
}

export function serveFetchWorker(port: PortLike, tools: WorkerTools): void {
  const sessions = new Map<string, { abort: AbortController; acks: Map<number, (outcome: CommitOutcome) => void> }>();

  port.on('message', (raw) => {
    const message = raw as ToWorker;
    if (message.type === 'ack') {
      const resolve = sessions.get(message.fetchId)?.acks.get(message.batchId);
      resolve?.(message.outcome);
      return;
    }
    if (message.type === 'cancel') {
      sessions.get(message.fetchId)?.abort.abort();
      return;
    }
    if (message.type === 'start') void start(message);
    if (message.type === 'parse' || message.type === 'whole') void job(message);
  });

  async function job(message: Extract<ToWorker, { type: 'parse' | 'whole' }>): Promise<void> {
    const recorder = message.type === 'whole' ? recorderFor(message.account, 'download', message.secret) : null;
    const log = (error: unknown) => (recorder && message.type === 'whole' ? { log: { accountId: message.account.id, session: recorder.finish(error) } } : {});
    try {
      let value: BodyUpdate[] | FetchedMessage;
      let transfer: ArrayBuffer[];
      if (message.type === 'parse') {
        if (!tools.parseMany) throw new Error('this worker cannot parse');
        const bodies = ownBodies(await tools.parseMany(message.items));
        value = bodies;
        transfer = transferables(bodies.flatMap((b) => b.attachments.map((a) => a.content)));
      } else {
        const connect = { ...message.connect, ...(recorder ? { transcript: recorder.sink } : {}) };
        value = ownMessages([await fetchWholeMessage({ ...message, connect, readHeaders: tools.readHeaders })])[0] as FetchedMessage;
        transfer = transferables([value.raw]);
      }
      port.postMessage({ type: 'job', jobId: message.jobId, value, error: null, ...log(null) } satisfies FromWorker, transfer);
    } catch (error) {
      port.postMessage({ type: 'job', jobId: message.jobId, value: null, error: serializeError(error), ...log(error) } satisfies FromWorker);
    }
  }

  async function start(message: Extract<ToWorker, { type: 'start' }>): Promise<void> {
    const { fetchId } = message;
    const abort = new AbortController();
    const acks = new Map<number, (outcome: CommitOutcome) => void>();
    sessions.set(fetchId, { abort, acks });
    let batchId = 0;
    const post = (m: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);
    let summary: FetchSummary | null = null;
    let failure: SerializedError | null = null;
    const failed: FailedMessage[] = [];
    const recorder = recorderFor(message.account, 'fetch', message.secret);
    try {
      summary = await runFetchSession({
        account: message.account,
        secret: message.secret,
        popState: message.popState,
        signal: abort.signal,
        readHeaders: tools.readHeaders,
        newId: tools.newId,
        connect: { ...message.connect, transcript: recorder.sink },
        ...message.tuning,
        onProgress: (progress) => post({ type: 'progress', fetchId, progress }),
        onFailed: (message) => failed.push(message),
        commit: async (fetched) => {
          const id = ++batchId;
          const answered = new Promise<CommitOutcome>((resolve) => acks.set(id, resolve));
          // Only the raw bytes and the list's header fields go before the acknowledgement; the
          // renderer queues the full parse for after the fetch (its parse queue), so parsing
          // never competes with downloading and committing.
          // One buffer for the batch (FetchBatch): as the session wrote it, or packed by a copy.
          const { bytes, index } = batchOf({ fetchId, accountId: message.account.id, batchId: id }, fetched);
          post({ type: 'batch', fetchId, batchId: id, bytes, index }, transferables([bytes, index]));
          // The session stops waiting when the fetch is cancelled (untilAborted in session.ts).
          const outcome = await answered;
          acks.delete(id);
          return outcome;
        },
      });
    } catch (error) {
      failure = serializeError(error);
    }
    sessions.delete(fetchId);
    post({ type: 'done', fetchId, summary, error: failure, failed, log: recorder.finish(failure) });
  }
}

function secretsOf(secret: { password?: string; token?: string }): string[] {
  return [secret.password, secret.token].filter((s): s is string => typeof s === 'string');
}

function recorderFor(account: FetchAccount, purpose: 'fetch' | 'download', secret: { password?: string; token?: string }): SessionRecorder {
  const { host, port, security } = account.incoming;
  return new SessionRecorder({ side: 'incoming', purpose, host, port, security }, secretsOf(secret));
}

/**
 * Bytes that own their whole ArrayBuffer. A small Buffer is a view into Node's shared 8 KiB pool,
 * and cloning a view clones its entire buffer: the neighbouring bytes — other messages, the
 * base64 of a SASL PLAIN login — would travel to main and on to the renderer. Such views are
 * copied out; the rest are already whole and move without a copy.
 */
function ownBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
}

function ownMessages(messages: readonly FetchedMessage[]): FetchedMessage[] {
  return messages.map((m) => ({ ...m, raw: ownBytes(m.raw) }));
}

function ownBodies(bodies: readonly BodyUpdate[]): BodyUpdate[] {
  return bodies.map((b) => ({ ...b, attachments: b.attachments.map((a) => ({ ...a, content: ownBytes(a.content) })) }));
}

function transferables(views: readonly Uint8Array[]): ArrayBuffer[] {
  // After ownBytes, or as a batch's one `bytes`, every buffer holds these views' bytes and nothing
  // else; a SharedArrayBuffer cannot be transferred.
  const seen = new Set<ArrayBuffer>();
  for (const view of views) if (view.buffer instanceof ArrayBuffer) seen.add(view.buffer);
  return [...seen];
}
