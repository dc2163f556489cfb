/**
 * One fetch of one POP3 account: connect, plan, download in batches, hand each batch to the local
 * store and wait for its durable commit, and only then delete what the policy says — the order
 * that makes "no mail lost or duplicated" hold (issue 4 §3):
 *
 *   1. UIDL/LIST → planFetch (pure): what to fetch, keep, delete (already stored earlier).
 *   2. RETR pipelined; every `batchSize` messages (or `batchBytes`) → commit(batch). Downloading
 *      goes on while a batch commits, but at most `maxPendingCommits` batches wait at once.
 *   3. A commit that fails (disk full, the renderer gone, no answer in time) stops everything: the
 *      socket is destroyed without QUIT, so the server deletes nothing (RFC 1939 §6).
 *   4. planDeletes for what was committed this session, DELE (pipelined), then QUIT — DELE only
 *      takes effect at QUIT, so deletions are reported only when QUIT succeeded.
 *
 * Plain Node: runs in a worker thread in the app and in-process in tests.
 */
import { HeronError } from '../../../shared/ipc/result';
import type { FetchAccount, FetchedHeaders, FetchedMessage, FetchProgress, FetchSummary } from '../../../shared/ipc/calls/fetch';
import type { PopStateEntry } from '../../../shared/model/pop-state';
import { openSession, PREALLOCATE_MAX, type Pop3Client, type Pop3ConnectOptions, type Pop3Credentials } from '../pop3';
import { BatchBuffers, planBatches } from './batches';
import { planDeletes, planFetch, type FetchPolicy, type PlanAction, type StoredNow } from './plan';

/** Over this a message is never downloaded (the person sees it listed as too big). */
export const SAFETY_CAP_BYTES = 256 * 1024 * 1024;

/**
 * The byte cap for reading a message planned by its LIST size. LIST is the server's count, not
 * what RETR sends: a message without a final line break arrives 2 bytes longer (RFC 1939 §3; Dovecot
 * does this), and a server counting stored LF line ends lists at most half of what it sends as CRLF.
 * A message the plan accepted must never fail the whole fetch halfway — on every later check too.
 */
export function retrievalCap(listedCap: number): number {
  return listedCap * 2 + 2;
}

export type CommitOutcome =
  | { committed: true }
  | { committed: false; code: 'EQUOTA' | 'ESTORAGE' | 'ETIMEDOUT' | 'EABORTED'; message: string };

export interface FetchSessionOptions {
  readonly account: FetchAccount;
  readonly secret: { password?: string; token?: string };
  readonly popState: readonly PopStateEntry[];
  /** Durably stores one batch; resolves with the store's answer (never rejects for store errors). */
  readonly commit: (messages: FetchedMessage[]) => Promise<CommitOutcome>;
  readonly readHeaders: (raw: Buffer) => FetchedHeaders;
  readonly onProgress?: (progress: Omit<FetchProgress, 'fetchId' | 'accountId'>) => void;
  readonly newId: () => string;
  readonly now?: () => number;
  readonly signal?: AbortSignal;
  /** Test hooks and tuning: extra CA, deadlines, transcript. */
  readonly connect?: Partial<Omit<Pop3ConnectOptions, 'host' | 'port' | 'security' | 'signal'>>;
  /** Messages per commit (default 500): a commit costs the store per transaction as well as per message. */
  readonly batchSize?: number;
  /**
   * Bytes per commit (default 4 MiB, whichever limit comes first): main copies each batch on its
   * way to the window, on its own thread, and a batch of big messages must stay inside main's 50 ms budget.
   */
  readonly batchBytes?: number;
  readonly maxPendingCommits?: number;
  readonly maxMessageBytes?: number;
}

export async function runFetchSession(options: FetchSessionOptions): Promise<FetchSummary> {
  const { account } = options;
  const now = options.now ?? Date.now;
  const policy: FetchPolicy = {
    ...account.retention,
    headersOnlyOverBytes: account.headersOnlyOverBytes,
    maxMessageBytes: options.maxMessageBytes ?? SAFETY_CAP_BYTES,
  };
  const progress = options.onProgress ?? (() => {});
  progress({ phase: 'connecting', messagesDone: 0, messagesTotal: 0, bytesDone: 0, bytesTotal: 0 });

  const session = await openSession({
    ...connectOptionsFor(account, options.connect, options.signal),
    credentials: credentialsFor(account, options.secret),
    // Keep modes cannot work without UIDL; the planner explains why in words.
    needUidl: false,
  });
  const { client } = session;
  let healthy = false;
  try {
    progress({ phase: 'listing', messagesDone: 0, messagesTotal: session.count, bytesDone: 0, bytesTotal: session.size });
    const plan = planFetch(session.messages, options.popState, policy, now());
    const run = new BatchRunner(options, progress, plan.actions);
    await run.download(client);
    const deletes = [
      ...plan.actions.filter((a): a is Extract<PlanAction, { kind: 'delete' }> => a.kind === 'delete'),
      ...planDeletes(plan, run.storedNow, policy, now()),
    ];
    if (deletes.length > 0) {
      progress({ ...run.counts(), phase: 'deleting' });
      await client.deleteMany(
        deletes.map((d) => d.msg),
        options.signal,
      );
    }
    progress({ ...run.counts(), phase: 'finishing' });
    await client.quit(options.signal);
    healthy = true;
    return {
      serverCount: session.count,
      downloaded: run.storedNow.length,
      deletedLocalIds: deletes.map((d) => d.localId),
      goneLocalIds: plan.forget.map((e) => e.localId),
      refusedTooBig: plan.actions.flatMap((a) => (a.kind === 'refuse-too-big' ? [{ uidl: a.uid, size: a.size }] : [])),
      newMessages: run.newMessages,
    };
  } finally {
    // Anything but a clean QUIT: drop the socket so the server rolls back every DELE.
    if (!healthy) client.destroy();
  }
}

/** Where and how to connect for this account (shared by the regular fetch and single downloads). */
export function connectOptionsFor(
  account: FetchAccount,
  extra: Partial<Omit<Pop3ConnectOptions, 'host' | 'port' | 'security' | 'signal'>> | undefined,
  signal: AbortSignal | undefined,
): Pop3ConnectOptions {
  return {
    ...extra,
    host: account.incoming.host,
    port: account.incoming.port,
    security: account.incoming.security,
    ...(account.incoming.pinnedCert ? { pinnedCert: account.incoming.pinnedCert } : {}),
    ...(signal ? { signal } : {}),
  };
}

export function credentialsFor(account: FetchAccount, secret: { password?: string; token?: string }): Pop3Credentials {
  const base = {
    method: account.incoming.auth,
    username: account.incoming.username,
    ...(account.incoming.allowPlaintextPassword ? { allowPlaintextPassword: true } : {}),
  };
  if (account.incoming.auth === 'xoauth2') {
    if (!secret.token) throw new HeronError('ENOSECRET', `No sign-in token is stored for ${account.address}.`);
    return { ...base, token: secret.token };
  }
  if (!secret.password) throw new HeronError('ENOSECRET', `No password is stored for ${account.address}.`);
  return { ...base, password: secret.password };
}

/** The first batch of a session: small, so the store is already committing while the rest downloads. */
const FIRST_BATCH = 100;

/** Downloads the plan's fetch actions in batches with bounded commits in flight. */
class BatchRunner {
  readonly storedNow: StoredNow[] = [];
  readonly newMessages: Array<{ from: string; subject: string }> = [];
  private readonly fetches: Array<Extract<PlanAction, { kind: 'fetch' | 'fetch-headers' }>>;
  private readonly byMsg: Map<number, Extract<PlanAction, { kind: 'fetch' | 'fetch-headers' }>>;
  private readonly upgradeIds: Map<string, string>;
  /** Batch boundaries, planned from LIST's sizes (batches.ts): the message that ends each batch, and its index. */
  private readonly batchEnds = new Map<number, number>();
  private readonly buffers: BatchBuffers;
  private readonly bytesLimit: number;
  private readonly pending = new Set<Promise<void>>();
  private failure: HeronError | null = null;
  private batch: Array<{ message: FetchedMessage; status: StoredNow['status']; msg: number }> = [];
  private batchBytes = 0;
  private done = 0;
  private bytes = 0;
  private readonly total: number;
  private readonly bytesTotal: number;

  constructor(
    private readonly options: FetchSessionOptions,
    private readonly progress: NonNullable<FetchSessionOptions['onProgress']>,
    actions: readonly PlanAction[],
  ) {
    this.fetches = actions.filter((a): a is Extract<PlanAction, { kind: 'fetch' | 'fetch-headers' }> => a.kind === 'fetch' || a.kind === 'fetch-headers');
    this.byMsg = new Map(this.fetches.map((a) => [a.msg, a]));
    // A headers-only copy being completed keeps its local id, so the store replaces it.
    this.upgradeIds = new Map(
      options.popState.filter((e) => e.status === 'headers-only').map((e) => [e.uidl, e.localId]),
    );
    this.total = this.fetches.length;
    this.bytesTotal = this.fetches.reduce((n, a) => n + a.size, 0);
    this.bytesLimit = options.batchBytes ?? 4 * 1024 * 1024;
    // Download order: the headers-only copies (TOP) first, then whole messages. A headers-only
    // copy counts no bytes here and has no region in a batch buffer: TOP has no size to plan by.
    const ordered = [...this.fetches.filter((a) => a.kind === 'fetch-headers'), ...this.fetches.filter((a) => a.kind === 'fetch')];
    const listed = (a: (typeof ordered)[number]) => (a.kind === 'fetch' ? a.size : 0);
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

  counts() {
    return { messagesDone: this.done, messagesTotal: this.total, bytesDone: this.bytes, bytesTotal: this.bytesTotal };
  }

  async download(client: Pop3Client): Promise<void> {
    const signal = this.options.signal;
    this.progress({ ...this.counts(), phase: 'downloading' });
    const headerOnly = this.fetches.filter((a) => a.kind === 'fetch-headers');
    for (const a of headerOnly) {
      const raw = await client.top(a.msg, a.kind === 'fetch-headers' ? a.bodyLines : 0, { maxBytes: 1024 * 1024, ...(signal ? { signal } : {}) });
      await this.add(a.msg, raw, true);
    }
    const full = this.fetches.filter((a) => a.kind === 'fetch').map((a) => a.msg);
    if (full.length > 0) {
      const maxBytes = retrievalCap(this.options.maxMessageBytes ?? SAFETY_CAP_BYTES);
      const bufferFor = (msg: number, size: number) => this.buffers.bufferFor(msg, size);
      for await (const { msg, data } of client.retrieveMany(full, { maxBytes, bufferFor, ...(signal ? { signal } : {}) })) {
        await this.add(msg, data, false);
      }
    }
    await this.flush();
    await Promise.all(this.pending);
    if (this.failure) throw this.failure;
  }

  private async add(msg: number, raw: Buffer, partial: boolean): Promise<void> {
    if (this.failure) throw this.failure;
    const action = this.byMsg.get(msg);
    if (!action) throw new HeronError('EINTERNAL', `The server returned message ${msg}, which was not asked for.`);
    const upgradeId = action.kind === 'fetch' && action.upgrade && action.uid !== null ? this.upgradeIds.get(action.uid) : undefined;
    const headers = this.options.readHeaders(raw);
    const message: FetchedMessage = {
      id: upgradeId ?? this.options.newId(),
      uidl: action.uid,
      size: action.size,
      raw: new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength),
      partial,
      ...(upgradeId ? { replaces: true } : {}),
      headers,
      receivedAt: (this.options.now ?? Date.now)(),
    };
    if (!upgradeId) {
      this.newMessages.push({ from: headers.from?.name || headers.from?.address || '', subject: headers.subject });
    }
    this.batch.push({ message, status: partial ? 'headers-only' : 'stored', msg });
    this.batchBytes += raw.byteLength;
    const end = this.batchEnds.get(msg);
    if (end !== undefined) this.buffers.release(end);
    // The planned end of a batch; or far more bytes than LIST promised (the worker then packs
    // the batch by copying: its messages no longer tile one buffer).
    if (end !== undefined || this.batchBytes >= 2 * this.bytesLimit) await this.flush();
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

  private async commit(batch: Array<{ message: FetchedMessage; status: StoredNow['status']; msg: number }>): Promise<void> {
    // Only what the acknowledgement needs is kept while it is awaited: the messages (headers,
    // bytes) go out now and can die young, not be promoted in the worker's heap for every batch.
    const sent = batch.map((b) => ({ msg: b.msg, localId: b.message.id, size: b.message.size, status: b.status }));
    let outcome: CommitOutcome;
    try {
      const answer = this.options.commit(batch.map((b) => b.message));
      batch.length = 0;
      outcome = await answer;
    } catch (error) {
      outcome = { committed: false, code: 'ESTORAGE', message: error instanceof Error ? error.message : String(error) };
    }
    if (!outcome.committed) {
      this.failure ??= commitError(outcome, this.storedNow.length);
      return;
    }
    const at = (this.options.now ?? Date.now)();
    for (const b of sent) {
      this.storedNow.push({ msg: b.msg, localId: b.localId, downloadedAt: at, status: b.status });
      this.done += 1;
      this.bytes += b.size;
    }
    this.progress({ ...this.counts(), phase: 'downloading' });
  }
}

function commitError(outcome: Extract<CommitOutcome, { committed: false }>, stored: number): HeronError {
  const kept = `${stored} ${stored === 1 ? 'message' : 'messages'} stored, nothing deleted from the server`;
  if (outcome.code === 'EQUOTA') {
    return new HeronError('EQUOTA', `Disk full: ${kept}. Free some space and get mail again.`, { detail: { stored, reason: outcome.message } });
  }
  if (outcome.code === 'EABORTED') {
    return new HeronError('EABORTED', `Getting mail was cancelled: ${kept}.`, { detail: { stored } });
  }
  if (outcome.code === 'ETIMEDOUT') {
    return new HeronError('ETIMEDOUT', `Heron's window did not confirm storing the mail in time: ${kept}.`, {
      retryable: true,
      detail: { stored, reason: outcome.message },
    });
  }
  return new HeronError('ESTORAGE', `The local store could not save the mail (${outcome.message}): ${kept}.`, {
    detail: { stored },
  });
}
