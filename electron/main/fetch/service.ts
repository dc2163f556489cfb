/**
 * Main's side of getting mail: one worker per running fetch (so main's event loop never parses or
 * scans mail), at most one fetch per account, planned from the POP state the store kept; batches
 * forwarded to the store untouched and its answers forwarded back (store/link.ts). A batch the
 * store does not commit — it failed, it did not answer in time, the window closed — ends the
 * fetch: the worker drops the connection without QUIT and the server deletes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { FailedMessage, FetchAccount, FetchSummary } from '../../../shared/ipc/calls/fetch';
import type { MainEmit } from '../../../shared/ipc/contract';
import { HeronError, serializeError, type SerializedError } from '../../../shared/ipc/result';
import type { PopStateEntry } from '../../../shared/model/pop-state';
import type { LoginSecrets } from '../oauth/login-secrets';
import type { SessionSink } from '../../core/log/session-recorder';
import type { FromWorker, ToWorker } from '../../core/fetch/worker-protocol';
import type { MailStore } from '../store/link';

/** What the service needs of a worker thread (worker_threads.Worker fits). */
export interface WorkerLike {
  postMessage(message: ToWorker, transfer?: ArrayBuffer[]): void;
  on(event: 'message', listener: (message: FromWorker) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
  /** Whether the thread keeps the process alive (worker_threads.Worker has both). */
  ref?(): void;
  unref?(): void;
}

/** The stored password for the server it is about to be sent to, or a fresh access token (oauth/login-secrets.ts). */
export type SecretReader = LoginSecrets;

export interface FetchServiceOptions {
  readonly emit: MainEmit;
  readonly secrets: SecretReader;
  readonly spawnWorker: () => WorkerLike;
  /** Where fetched mail goes, and the POP state comes from. */
  readonly store: MailStore;
  /** Called after a successful fetch that brought new mail (desktop notification). */
  readonly onNewMail?: (account: FetchAccount, summary: FetchSummary) => void;
  /** Test-only: connection options handed to the worker (extra CA, short deadlines). */
  readonly connect?: Extract<ToWorker, { type: 'start' }>['connect'];
  readonly tuning?: Extract<ToWorker, { type: 'start' }>['tuning'];
  /** The account's connection log: the worker sends each session, redacted, when it ends. */
  readonly log?: SessionSink;
}

interface Running {
  readonly fetchId: string;
  readonly account: FetchAccount;
  /** The worker of the current try (a refused token's one renewal starts a second). */
  worker: WorkerLike;
  readonly popState: readonly PopStateEntry[];
  secret: { password?: string; token?: string };
  /** Batches handed to the store: once one was, a retry could download it twice. */
  batches: number;
  renewed: boolean;
  finished: boolean;
}

export class FetchService {
  private readonly byAccount = new Map<string, Running>();
  private readonly byFetch = new Map<string, Running>();
  /** Accounts between the start call and their worker (reading the password and the POP state). */
  private readonly starting = new Set<string>();

  constructor(private readonly options: FetchServiceOptions) {}

  isFetching(accountId: string): boolean {
    return this.byAccount.has(accountId);
  }

  async start(account: FetchAccount): Promise<{ fetchId: string }> {
    if (this.byAccount.has(account.id) || this.starting.has(account.id)) {
      throw new HeronError('EBUSY', `Heron is already getting mail for ${account.address}.`, { retryable: true });
    }
    this.starting.add(account.id);
    let popState: readonly PopStateEntry[];
    let secret: Awaited<ReturnType<typeof incomingSecret>>;
    try {
      secret = await incomingSecret(this.options.secrets, account, 'get mail');
      // After the batches and the end of any fetch before this one: the store applies them in order.
      popState = await this.options.store.plan(account.id);
    } finally {
      this.starting.delete(account.id);
    }
    const fetchId = randomUUID();
    const running: Running = { fetchId, account, worker: this.options.spawnWorker(), popState, secret, batches: 0, renewed: false, finished: false };
    this.byAccount.set(account.id, running);
    this.byFetch.set(fetchId, running);
    this.run(running);
    return { fetchId };
  }

  /** Starts the running fetch's current worker; events of a worker that was replaced are ignored. */
  private run(running: Running): void {
    const { worker, account, fetchId } = running;
    const current = () => running.worker === worker;
    worker.on('message', (message) => {
      if (current()) this.onMessage(running, message);
    });
    worker.on('error', (error) => {
      if (current()) this.finish(running, null, crashed(account, error.message), []);
    });
    worker.on('exit', (code) => {
      if (current()) this.finish(running, null, crashed(account, `exit code ${code}`), []);
    });
    worker.postMessage({
      type: 'start',
      fetchId,
      account,
      secret: running.secret,
      popState: running.popState,
      ...(this.options.connect ? { connect: this.options.connect } : {}),
      ...(this.options.tuning ? { tuning: this.options.tuning } : {}),
    });
  }

  /**
   * The server refused the access token before any mail moved: one fresh token, one more try with
   * a new worker under the same fetch id. Never a third: a refused renewal is the fetch's answer.
   */
  private async retryWithRenewedToken(running: Running, refused: SerializedError): Promise<void> {
    running.renewed = true;
    let token: string | null;
    try {
      token = await this.options.secrets.renew(running.account.id, running.account.incoming, running.secret.token ?? '');
    } catch (error) {
      this.finish(running, null, serializeError(error), []);
      return;
    }
    if (token === null || token === running.secret.token || running.finished) {
      this.finish(running, null, refused, []);
      return;
    }
    const old = running.worker;
    running.secret = { token };
    running.worker = this.options.spawnWorker();
    void old.terminate().catch(() => 0);
    this.run(running);
  }

  cancel(accountId: string): void {
    const running = this.byAccount.get(accountId);
    if (running) running.worker.postMessage({ type: 'cancel', fetchId: running.fetchId });
  }

  /** Stops every fetch (app quit): workers are terminated, so no QUIT is sent and nothing is deleted. */
  async stopAll(): Promise<void> {
    const all = [...this.byAccount.values()];
    await Promise.all(all.map((r) => r.worker.terminate()));
  }


  private onMessage(running: Running, message: FromWorker): void {
    const { emit } = this.options;
    const { fetchId, account } = running;
    switch (message.type) {
      case 'batch': {
        // Forwarded untouched; the store's answer (or its absence: store/link.ts) goes back to the worker.
        const { batchId } = message;
        running.batches += 1;
        void this.options.store.commit(account.id, { raw: message.raw, parts: message.parts, index: message.index }).then((outcome) => {
          if (!running.finished) running.worker.postMessage({ type: 'ack', fetchId, batchId, outcome });
        });
        return;
      }
      case 'progress':
        emit('fetchProgress', { fetchId, accountId: account.id, ...message.progress });
        return;
      case 'done':
        this.options.log?.(account.id, message.log);
        if (message.error?.code === 'EAUTH' && running.secret.token !== undefined && running.batches === 0 && !running.renewed) {
          void this.retryWithRenewedToken(running, message.error);
          return;
        }
        this.finish(running, message.summary, message.error, message.failed);
        return;
    }
  }

  private finish(running: Running, summary: FetchSummary | null, error: SerializedError | null, failed: readonly FailedMessage[]): void {
    if (running.finished) return;
    running.finished = true;
    this.byAccount.delete(running.account.id);
    this.byFetch.delete(running.fetchId);
    // The worker's job is done (or it died): it holds no state worth keeping.
    void running.worker.terminate().catch(() => 0);
    const done = { fetchId: running.fetchId, accountId: running.account.id, summary, error, failed };
    // The store applies it after the batches sent before it; the window's status learns of it at once.
    this.options.store.done(done);
    this.options.emit('fetchDone', done);
    if (summary && summary.downloaded > 0) this.options.onNewMail?.(running.account, summary);
  }
}

/** The account's incoming secret as the POP3 login wants it (a token for XOAUTH2, else the password). */
export async function incomingSecret(secrets: SecretReader, account: FetchAccount, purpose: string): Promise<{ password?: string; token?: string }> {
  const secret = await secrets.get(account.id, 'incoming', account.incoming);
  if (secret === null) {
    throw new HeronError('ENOSECRET', `Heron needs the password for ${account.address} to ${purpose}.`, {
      detail: { accountId: account.id, slot: 'incoming' },
    });
  }
  return account.incoming.auth === 'xoauth2' ? { token: secret } : { password: secret };
}

function crashed(account: FetchAccount, why: string): SerializedError {
  return {
    code: 'EINTERNAL',
    message: `Getting mail for ${account.address} stopped unexpectedly (${why}). Mail already shown is stored; nothing was deleted from the server.`,
    retryable: true,
  };
}
