/**
 * The conversation between main and the fetch worker. The worker side (`serveFetchWorker`) runs
 * one fetch session per 'start' message; every batch it downloads and reads goes to main, encoded
 * (shared/ipc/mail-batch.ts), which forwards it to the store and sends the store's
 * acknowledgement back. A batch's arrays move as transferred ArrayBuffers: no copy between threads.
 *
 * The same code runs in a real `worker_threads` Worker (the app; the fault matrix kills it) and
 * in-process over a pair of linked ports (fast unit tests).
 */
import type { AttachedMessage, FailedMessage, FetchAccount, FetchProgress, FetchSummary } from '../../../shared/ipc/calls/fetch';
import { encodeMailBatch, type MailBatch } from '../../../shared/ipc/mail-batch';
import type { FetchedMessage, ParsedContent } from '../../../shared/model/fetched-message';
import { HeronError, serializeError, type SerializedError } from '../../../shared/ipc/result';
import type { LogSession } from '../../../shared/ipc/calls/connection-log';
import type { PopStateEntry } from '../../../shared/model/pop-state';
import { SessionRecorder } from '../log/session-recorder';
import type { Pop3ConnectOptions } from '../pop3';
import type { ReadMessage } from './read-message';
import { fetchWholeMessage } from './whole';
import type { CommitOutcome } from './commit';
import { runFetchSession } from './session';
import type { FetchSessionOptions } from './session-options';

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
  | { type: 'attached'; jobId: string; raw: Uint8Array }
  /** Reads a message that did not come from a server (an import): its list fields, and its content when it can be read. */
  | { type: 'read'; jobId: string; raw: Uint8Array; receivedAt: number }
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
  | ({ type: 'batch'; fetchId: string; batchId: number } & MailBatch)
  | { type: 'progress'; fetchId: string; progress: Omit<FetchProgress, 'fetchId' | 'accountId'> }
  /** `log`: the session for the account's connection log (redacted and scrubbed here, in the worker). */
  | { type: 'done'; fetchId: string; summary: FetchSummary | null; error: SerializedError | null; failed: FailedMessage[]; log: LogSession }
  | { type: 'job'; jobId: string; value: AttachedMessage | FetchedMessage | ReadMessage | null; error: SerializedError | null; log?: { accountId: string; session: LogSession } };

/** The subset of MessagePort/parentPort the protocol needs. */
export interface PortLike {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

export interface WorkerTools {
  /** Reads a downloaded message, whole as a rule (read-message.ts). */
  readonly read: FetchSessionOptions['read'];
  readonly newId: () => string;
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
    if (message.type === 'attached' || message.type === 'whole' || message.type === 'read') void job(message);
  });

  async function job(message: Extract<ToWorker, { type: 'attached' | 'whole' | 'read' }>): Promise<void> {
    const recorder = message.type === 'whole' ? recorderFor(message.account, 'download', message.secret) : null;
    const log = (error: unknown) => (recorder && message.type === 'whole' ? { log: { accountId: message.account.id, session: recorder.finish(error) } } : {});
    try {
      let value: AttachedMessage | FetchedMessage | ReadMessage;
      let transfer: ArrayBuffer[];
      if (message.type === 'read') {
        const raw = message.raw;
        const { headers, content } = await tools.read(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), message.receivedAt);
        const owned = content ? ownContent(content) : undefined;
        value = owned ? { headers, content: owned } : { headers };
        transfer = transferables(owned?.attachments.map((a) => a.content) ?? []);
      } else if (message.type === 'attached') {
        const raw = message.raw;
        const { headers, content } = await tools.read(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), Date.now());
        if (!content) throw new HeronError('EINVALID', 'Heron could not read this attached message. Save it to look at it with another program.');
        const owned = ownContent(content);
        value = { headers, content: owned };
        transfer = transferables(owned.attachments.map((a) => a.content));
      } else {
        const connect = { ...message.connect, ...(recorder ? { transcript: recorder.sink } : {}) };
        const whole = await fetchWholeMessage({ ...message, connect, read: tools.read });
        value = { ...whole, raw: ownBytes(whole.raw), ...(whole.content ? { content: ownContent(whole.content) } : {}) };
        transfer = transferables([value.raw, ...(value.content?.attachments.map((a) => a.content) ?? [])]);
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
        read: tools.read,
        newId: tools.newId,
        connect: { ...message.connect, transcript: recorder.sink },
        ...message.tuning,
        onProgress: (progress) => post({ type: 'progress', fetchId, progress }),
        onFailed: (message) => failed.push(message),
        commit: async (fetched) => {
          const id = ++batchId;
          const answered = new Promise<CommitOutcome>((resolve) => acks.set(id, resolve));
          // The batch's raw bytes travel as the session wrote them (or packed by a copy), with
          // what was read of each message (mail-batch.ts).
          const batch = encodeMailBatch(fetched);
          post({ type: 'batch', fetchId, batchId: id, ...batch }, transferables([batch.raw, batch.parts, batch.index]));
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

function ownContent(content: ParsedContent): ParsedContent {
  return { ...content, attachments: content.attachments.map((a) => ({ ...a, content: ownBytes(a.content) })) };
}

function transferables(views: readonly Uint8Array[]): ArrayBuffer[] {
  // After ownBytes, or as a batch's arrays, every buffer holds these views' bytes and nothing
  // else; a SharedArrayBuffer cannot be transferred.
  const seen = new Set<ArrayBuffer>();
  for (const view of views) if (view.buffer instanceof ArrayBuffer) seen.add(view.buffer);
  return [...seen];
}
