/**
 * Main's end of the store port (shared/ipc/store-port.ts): it sends the window's store worker
 * what mail brings and waits for its answers. Plain Node: Electron's MessagePortMain, a web
 * MessagePort (tests) and the e2e stand-in's HTTP port all fit `StorePort`.
 *
 * What it promises the fetch: a commit resolves with the store's answer, or with "not committed"
 * when the window does not answer in time, its port closes, or there is no window — never with a
 * guess. A batch that was not committed ends the fetch without QUIT, so the server deletes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { FetchDone } from '../../../shared/ipc/calls/fetch';
import type { MailBatch } from '../../../shared/ipc/mail-batch';
import { HeronError } from '../../../shared/ipc/result';
import { parseFromStore, STORE_ANSWERS, type FromStore, type ImportMarkOnPort, type StoreRequest, type StoreRequestKind, type StoreRequests, type ToStore } from '../../../shared/ipc/store-port';
import type { QueuedOutgoing } from '../../../shared/model/outgoing';
import type { CommitOutcome } from '../../core/fetch/commit';

/** What the link needs of a port. */
export interface StorePort {
  postMessage(message: ToStore): void;
  onMessage(listener: (data: unknown) => void): void;
  onClose(listener: () => void): void;
  close(): void;
}

export interface StoreLinkOptions {
  /** How long the store may take to commit one batch. */
  readonly commitTimeoutMs?: number;
  /** How long a request waits for a window to connect, and then for its answer. */
  readonly requestTimeoutMs?: number;
  /** Told of a message from the window that is not well-formed (it is dropped). */
  readonly onRejected?: (why: string) => void;
  /** Applied to every message before it leaves main (the secret scrubber: a fetch's end quotes servers). */
  readonly outgoing?: (message: ToStore) => ToStore;
  /** The store worker's warnings and errors, for main's log. */
  readonly onLog?: (level: 'warn' | 'error', message: string) => void;
}

interface Pending<T> {
  readonly resolve: (value: T) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** What sending needs of the store: queue a built message, read queued bytes back. */
export interface OutboxStore {
  /** Puts a built message in the Outbox (item, bytes, the draft's link), strictly committed, before it resolves. */
  queue(item: QueuedOutgoing, raw: Uint8Array): Promise<void>;
  /** The stored bytes of these Outbox items; items the store no longer has are left out. */
  outgoing(accountId: string, ids: readonly string[]): Promise<StoreRequests['outgoing']['output']>;
}

/** What the fetch and the handlers need of the store. */
export interface MailStore {
  /** The account's POP state as the store keeps it, after everything sent before; marks the check started. */
  plan(accountId: string): Promise<StoreRequests['plan']['output']>;
  /** Commits one batch; resolves with the store's answer, never rejects. */
  commit(accountId: string, batch: MailBatch): Promise<CommitOutcome>;
  /** A fetch's end, applied by the store after the batches sent before it. */
  done(done: FetchDone): void;
}

/** What import, export, backup and restore need of the store (issue 20; electron/main/own/). */
export interface OwnMailStore {
  /** Commits an imported or restored batch, and where the import stands, in one transaction. */
  commit(accountId: string, batch: MailBatch, mark?: ImportMarkOnPort): Promise<CommitOutcome>;
  /** Any request of the store port; the answer is checked (`STORE_ANSWERS`). */
  ask<K extends StoreRequestKind>(request: StoreRequest & { kind: K }): Promise<StoreRequests[K]['output']>;
}

export class StoreLink implements MailStore, OutboxStore, OwnMailStore {
  private port: StorePort | null = null;
  private readonly commits = new Map<string, Pending<CommitOutcome>>();
  private readonly requests = new Map<string, Pending<{ ok: true; value: unknown } | { ok: false; error: HeronError }> & { kind: StoreRequestKind }>();
  private readonly waiting = new Set<() => void>();

  constructor(private readonly options: StoreLinkOptions = {}) {}

  get connected(): boolean {
    return this.port !== null;
  }

  /** A window connected (its port replaces any earlier one, whose pending work fails). */
  attach(given: StorePort): void {
    this.detach(this.port, 'the window was replaced');
    const outgoing = this.options.outgoing ?? ((message: ToStore) => message);
    const port: StorePort = {
      postMessage: (message) => given.postMessage(outgoing(message)),
      onMessage: (listener) => given.onMessage(listener),
      onClose: (listener) => given.onClose(listener),
      close: () => given.close(),
    };
    this.port = port;
    port.onMessage((data) => this.receive(port, data));
    port.onClose(() => this.detach(port, 'the window closed'));
    for (const wake of [...this.waiting]) wake();
  }

  async plan(accountId: string): Promise<StoreRequests['plan']['output']> {
    return this.request({ kind: 'plan', accountId });
  }

  async queue(item: QueuedOutgoing, raw: Uint8Array): Promise<void> {
    await this.request({ kind: 'queue', accountId: item.accountId, item, raw });
  }

  outgoing(accountId: string, ids: readonly string[]): Promise<StoreRequests['outgoing']['output']> {
    return this.request({ kind: 'outgoing', accountId, ids });
  }

  ask<K extends StoreRequestKind>(request: StoreRequest & { kind: K }): Promise<StoreRequests[K]['output']> {
    return this.request<K>(request);
  }

  commit(accountId: string, batch: MailBatch, mark?: ImportMarkOnPort): Promise<CommitOutcome> {
    const port = this.port;
    if (port === null) return Promise.resolve({ committed: false, code: 'ESTORAGE', message: "Heron's window is closed" });
    const commitId = randomUUID();
    return new Promise<CommitOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.commits.delete(commitId);
        resolve({ committed: false, code: 'ETIMEDOUT', message: 'no answer from the window' });
      }, this.options.commitTimeoutMs ?? 120_000);
      this.commits.set(commitId, { resolve, timer });
      port.postMessage({ type: 'commit', commitId, accountId, raw: batch.raw, parts: batch.parts, index: batch.index, ...(mark ? { mark } : {}) });
    });
  }

  done(done: FetchDone): void {
    // No window: the next fetch plans from what was stored, and settles what this one left.
    this.port?.postMessage({ type: 'done', done });
  }

  private async request<K extends StoreRequestKind>(request: StoreRequest & { kind: K }): Promise<StoreRequests[K]['output']> {
    const limit = this.options.requestTimeoutMs ?? 15_000;
    const port = this.port ?? (await this.waitForPort(limit));
    const requestId = randomUUID();
    const answer = await new Promise<{ ok: true; value: unknown } | { ok: false; error: HeronError }>((resolve) => {
      const timer = setTimeout(() => {
        this.requests.delete(requestId);
        resolve({ ok: false, error: new HeronError('ETIMEDOUT', "Heron's window did not answer in time.", { retryable: true }) });
      }, limit);
      this.requests.set(requestId, { resolve, timer, kind: request.kind });
      port.postMessage({ type: 'request', requestId, request });
    });
    if (!answer.ok) throw answer.error;
    return answer.value as StoreRequests[K]['output'];
  }

  private waitForPort(limit: number): Promise<StorePort> {
    return new Promise((resolve, reject) => {
      const wake = () => {
        if (this.port === null) return;
        clearTimeout(timer);
        this.waiting.delete(wake);
        resolve(this.port);
      };
      const timer = setTimeout(() => {
        this.waiting.delete(wake);
        reject(new HeronError('ESTORAGE', "Heron's window is not open, so there is nowhere to store mail.", { retryable: true }));
      }, limit);
      this.waiting.add(wake);
    });
  }

  private receive(port: StorePort, data: unknown): void {
    if (port !== this.port) return;
    let message: FromStore;
    try {
      message = parseFromStore(data);
    } catch (error) {
      this.options.onRejected?.(error instanceof Error ? error.message : String(error));
      return;
    }
    if (message.type === 'log') {
      this.options.onLog?.(message.level, message.message);
      return;
    }
    if (message.type === 'committed') {
      const pending = this.commits.get(message.commitId);
      if (!pending) return; // late: the fetch already counted it as not committed
      clearTimeout(pending.timer);
      this.commits.delete(message.commitId);
      pending.resolve(message.committed ? { committed: true, ...(message.server ? { server: message.server } : {}) } : { committed: false, code: message.errorCode, message: message.errorMessage });
      return;
    }
    const pending = this.requests.get(message.requestId);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.requests.delete(message.requestId);
    if (!message.ok) {
      pending.resolve({ ok: false, error: new HeronError(message.error.code, message.error.message, { retryable: message.error.retryable }) });
      return;
    }
    try {
      pending.resolve({ ok: true, value: STORE_ANSWERS[pending.kind].parse(message.value, 'value') });
    } catch (error) {
      this.options.onRejected?.(error instanceof Error ? error.message : String(error));
      pending.resolve({ ok: false, error: new HeronError('ESTORAGE', "Heron's window answered with something it should not have.") });
    }
  }

  /** The port is gone: everything waiting on it fails now, not at its deadline. */
  private detach(port: StorePort | null, why: string): void {
    if (port === null || port !== this.port) return;
    this.port = null;
    for (const [id, pending] of this.commits) {
      clearTimeout(pending.timer);
      this.commits.delete(id);
      pending.resolve({ committed: false, code: 'ESTORAGE', message: why });
    }
    for (const [id, pending] of this.requests) {
      clearTimeout(pending.timer);
      this.requests.delete(id);
      pending.resolve({ ok: false, error: new HeronError('ESTORAGE', `Heron's store could not answer: ${why}.`, { retryable: true }) });
    }
    port.close();
  }
}
