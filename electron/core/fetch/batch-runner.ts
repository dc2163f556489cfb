/**
 * One session's downloads: the plan's fetch actions, cut into batches that are committed with a
 * bounded number in flight, each acknowledged by the store before it counts as stored.
 *
 * A message the server will not or cannot deliver (issue 16 §1, §3, §4) stops nothing that came
 * before it: a refusal (-ERR) is noted and the session goes on; a message that arrives too big,
 * that is not the message the server described, or whose connection fails, ends the session —
 * but what was downloaded before it is committed first, and one that arrived too big keeps its
 * headers as a headers-only copy. The caller decides whether the Get mail goes on in a new session.
 */
import { HeronError } from '../../../shared/ipc/result';
import type { FetchProgress } from '../../../shared/ipc/calls/fetch';
import type { FetchedMessage } from '../../../shared/model/fetched-message';
import type { FailureReason } from '../../../shared/model/pop-state';
import { PREALLOCATE_MAX, type Pop3Client, type RetrieveProblem } from '../pop3';
import { BatchBuffers, planBatches } from './batches';
import type { FetchMemory } from './memory';
import type { PlanAction, StoredNow } from './plan';
import { commitError, untilAborted, type CommitOutcome } from './commit';
import type { FetchSessionOptions } from './session-options';

export type FetchAction = Extract<PlanAction, { kind: 'fetch' | 'fetch-headers' }>;

/** What ended a session early, for the message that did it. */
export interface Broken {
  readonly kind: Exclude<RetrieveProblem['kind'], 'refused'>;
  readonly error: HeronError;
  readonly action: FetchAction;
}

/** The first batch of a session: small, so the store is already committing while the rest downloads. */
const FIRST_BATCH = 100;
/** TOP for a headers-only copy: more than this is not headers. */
export const MAX_HEADER_BYTES = 1024 * 1024;

/**
 * The counts a Get mail reports, across its sessions. `total` is what the store will receive:
 * it shrinks when a message fails, and is cut to what was handed over when a session breaks.
 */
export class FetchCounts {
  done = 0;
  handed = 0;
  total = 0;
  bytes = 0;
  bytesTotal = 0;

  constructor(private readonly progress: (p: Omit<FetchProgress, 'fetchId' | 'accountId'>) => void) {}

  report(phase: FetchProgress['phase']): void {
    this.progress({ phase, messagesDone: this.done, messagesTotal: this.total, bytesDone: this.bytes, bytesTotal: this.bytesTotal });
  }
}

type Pending = { message: FetchedMessage; status: StoredNow['status']; msg: number; uid: string | null };

export class BatchRunner {
  readonly storedNow: StoredNow[] = [];
  readonly newMessages: Array<{ from: string; subject: string }> = [];
  private readonly byMsg: Map<number, FetchAction>;
  /** Batch boundaries, planned from LIST's sizes (batches.ts): the message that ends each batch, and its index. */
  private readonly batchEnds = new Map<number, number>();
  private readonly buffers: BatchBuffers;
  private readonly bytesLimit: number;
  private readonly pending = new Set<Promise<void>>();
  private failure: HeronError | null = null;
  private batch: Pending[] = [];
  private batchBytes = 0;

  constructor(
    private readonly options: FetchSessionOptions,
    private readonly counts: FetchCounts,
    private readonly memory: FetchMemory,
    private readonly fetches: readonly FetchAction[],
    /** The most that may arrive of a message planned whole (the account's limit, plus a final line end). */
    private readonly limitFor: (action: FetchAction) => number,
  ) {
    this.byMsg = new Map(fetches.map((a) => [a.msg, a]));
    counts.total = counts.handed + fetches.length;
    counts.bytesTotal += fetches.reduce((n, a) => n + a.size, 0);
    this.bytesLimit = options.batchBytes ?? 4 * 1024 * 1024;
    // Download order: the headers-only copies (TOP) first, then whole messages. A headers-only
    // copy counts no bytes here and has no region in a batch buffer: TOP has no size to plan by.
    const ordered = [...fetches.filter((a) => a.kind === 'fetch-headers'), ...fetches.filter((a) => a.kind === 'fetch')];
    const listed = (a: FetchAction) => (a.kind === 'fetch' ? a.size : 0);
    const planned = planBatches(
      ordered.map((a) => ({ msg: a.msg, size: listed(a) })),
      { first: FIRST_BATCH, messages: options.batchSize ?? 500, bytes: this.bytesLimit },
    );
    planned.forEach((b, i) => this.batchEnds.set(b.msgs[b.msgs.length - 1] as number, i));
    this.buffers = new BatchBuffers(
      planned,
      (msg) => {
        const a = this.byMsg.get(msg);
        return a === undefined ? 0 : listed(a);
      },
      PREALLOCATE_MAX,
    );
  }

  /** Downloads and commits every action; answers what broke the session, or null when it is still good. */
  async download(client: Pop3Client): Promise<Broken | null> {
    const signal = this.options.signal;
    this.counts.report('downloading');
    for (const a of this.fetches) {
      if (a.kind !== 'fetch-headers') continue;
      let raw: Buffer;
      try {
        raw = await client.top(a.msg, a.bodyLines, { maxBytes: MAX_HEADER_BYTES, ...(signal ? { signal } : {}) });
      } catch (error) {
        if (!(error instanceof HeronError) || error.code === 'EABORTED') throw error;
        // -ERR (or no TOP at all): the session goes on. Anything else ended it.
        if (client.isOpen) {
          await this.fail(a, refusal(error), said(error));
          continue;
        }
        return this.broke({ kind: error.code === 'ETOOBIG' ? 'too-big' : 'lost', error, action: a });
      }
      await this.add(a, raw, true);
    }
    const full = this.fetches.filter((a) => a.kind === 'fetch');
    if (full.length > 0) {
      const bufferFor = (msg: number, size: number) => this.buffers.bufferFor(msg, size);
      const limitFor = (msg: number) => this.limitFor(this.byMsg.get(msg) as FetchAction);
      const maxBytes = full.reduce((n, a) => Math.max(n, this.limitFor(a)), 0);
      for await (const item of client.retrieveMany(full.map((a) => a.msg), { maxBytes, limitFor, bufferFor, ...(signal ? { signal } : {}) })) {
        const action = this.byMsg.get(item.msg);
        if (!action) throw new HeronError('EINTERNAL', `The server returned message ${item.msg}, which was not asked for.`);
        if (item.data !== null) {
          await this.add(action, item.data, false);
          continue;
        }
        const { problem } = item;
        if (problem.kind === 'refused') {
          await this.fail(action, refusal(problem.error), said(problem.error));
          continue;
        }
        if (problem.kind === 'too-big') {
          // What arrived first is the header block: kept, so the person sees the message and can ask for it.
          const head = headerBlock(problem.head);
          const copyId = head !== null && action.uid !== null ? await this.add(action, head, true) : undefined;
          return this.broke({ kind: 'too-big', error: problem.error, action }, copyId);
        }
        return this.broke({ kind: problem.kind, error: problem.error, action });
      }
    }
    await this.settle();
    return null;
  }

  /** A message that ended the session: noted (with the headers-only copy kept of it), and what came before it committed. */
  private async broke(broken: Broken, copyId?: string): Promise<Broken> {
    this.memory.fail(broken.action, broken.kind, broken.error.message, this.now(), copyId);
    await this.settle();
    return broken;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Commits what is left, waits for every acknowledgement; a commit that failed fails the session. */
  private async settle(): Promise<void> {
    await this.flush();
    // Nothing more is coming in this session: the store is owed only what was handed over.
    this.counts.total = this.counts.handed;
    this.counts.report('downloading');
    await Promise.all(this.pending);
    if (this.failure) throw this.failure;
  }

  /** A message that could not be downloaded, while the session goes on. */
  private async fail(action: FetchAction, reason: FailureReason, detail: string): Promise<void> {
    this.memory.fail(action, reason, detail, this.now());
    this.counts.total -= 1;
    this.counts.report('downloading');
    await this.endOfBatch(action.msg);
  }

  /** Adds a download to the batch; answers its local id. */
  private async add(action: FetchAction, raw: Buffer, partial: boolean): Promise<string> {
    if (this.failure) throw this.failure;
    const receivedAt = this.now();
    // Read whole here, where the bytes are: the store keeps the body with them.
    const { headers, content } = await this.options.read(raw, receivedAt);
    // A headers-only copy being completed, or a message that failed before, keeps its local id, so the store replaces it.
    const reuse = action.reuseId;
    const message: FetchedMessage = {
      id: reuse ?? this.options.newId(),
      uidl: action.uid,
      size: action.size,
      raw: new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength),
      partial,
      ...(reuse ? { replaces: true } : {}),
      headers,
      receivedAt,
      ...(content ? { content } : {}),
    };
    if (!(action.kind === 'fetch' && action.upgrade)) {
      this.newMessages.push({ from: headers.from?.name || headers.from?.address || '', subject: headers.subject });
    }
    this.batch.push({ message, status: partial ? 'headers-only' : 'stored', msg: action.msg, uid: action.uid });
    this.counts.handed += 1;
    this.batchBytes += raw.byteLength;
    // Far more bytes than LIST promised: the worker then packs the batch by copying (its messages no longer tile one buffer).
    if (this.batchBytes >= 2 * this.bytesLimit) await this.flush();
    await this.endOfBatch(action.msg);
    return message.id;
  }

  /** The planned end of a batch, whether its last message arrived or failed. */
  private async endOfBatch(msg: number): Promise<void> {
    const end = this.batchEnds.get(msg);
    if (end === undefined) return;
    this.buffers.release(end);
    await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    // Backpressure: never more than maxPendingCommits batches (and their bytes) waiting.
    while (this.pending.size >= (this.options.maxPendingCommits ?? 2)) await Promise.race(this.pending);
    if (this.failure) throw this.failure;
    const job = this.commit(batch).finally(() => this.pending.delete(job));
    this.pending.add(job);
  }

  private async commit(batch: Pending[]): Promise<void> {
    // Only what the acknowledgement needs is kept while it is awaited: the messages (headers,
    // bytes) go out now and can die young, not be promoted in the worker's heap for every batch.
    const sent = batch.map((b) => ({ msg: b.msg, uid: b.uid, localId: b.message.id, size: b.message.size, status: b.status }));
    let outcome: CommitOutcome;
    try {
      // The store may never answer (a window gone quiet): the session's signal still ends the wait.
      const answer = untilAborted(this.options.commit(batch.map((b) => b.message)), this.options.signal);
      batch.length = 0;
      outcome = await answer;
    } catch (error) {
      outcome = { committed: false, code: 'ESTORAGE', message: error instanceof Error ? error.message : String(error) };
    }
    if (!outcome.committed) {
      this.failure ??= commitError(outcome, this.counts.done);
      return;
    }
    const at = this.now();
    const asked = new Map(outcome.server?.map((r) => [r.localId, r.action]));
    for (const b of sent) {
      const serverAction = asked.get(b.localId);
      this.storedNow.push({ msg: b.msg, localId: b.localId, downloadedAt: at, status: b.status, ...(serverAction ? { serverAction } : {}) });
      this.memory.stored(b.uid, b.localId, b.size, b.status, at, serverAction);
      this.counts.done += 1;
      this.counts.bytes += b.size;
    }
    this.counts.report('downloading');
  }
}

/** -ERR [SYS/TEMP] (or a mailbox in use) passes; any other refusal may not. */
function refusal(error: HeronError): FailureReason {
  return error.code === 'ETEMPORARY' || error.code === 'ELOCKED' ? 'temporary' : 'refused';
}

/** The server's own words when it gave any (a -ERR line), else Heron's. */
function said(error: HeronError): string {
  const response = (error.detail as { response?: unknown } | undefined)?.response;
  return typeof response === 'string' && response !== '' ? response : error.message;
}

/** The header block at the start of what arrived (through its blank line), or null when it is not all there. */
export function headerBlock(head: Buffer): Buffer | null {
  const crlf = head.indexOf('\r\n\r\n');
  const lf = head.indexOf('\n\n');
  const end = crlf !== -1 && (lf === -1 || crlf < lf) ? crlf + 4 : lf !== -1 ? lf + 2 : -1;
  if (end === -1 || end > MAX_HEADER_BYTES) return null;
  return Buffer.from(head.subarray(0, end));
}
