/**
 * One worker thread for one-off jobs (reading an attached message, downloading one whole
 * message), kept for a while after its last job: starting a worker and loading the MIME parser
 * takes a few hundred ms, which a person opening attached messages one after another should not
 * pay each time.
 * A worker that dies fails the jobs it had; the next job starts a fresh one.
 */
import { HeronError } from '../../../shared/ipc/result';
import type { FromWorker, ToWorker } from '../../core/fetch/worker-protocol';
import type { SessionSink } from '../../core/log/session-recorder';
import type { WorkerLike } from './service';

type Job = Extract<ToWorker, { type: 'attached' | 'whole' | 'read' }>;

export class JobWorker {
  private worker: WorkerLike | null = null;
  private readonly pending = new Map<string, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly spawn: () => WorkerLike,
    private readonly idleMs = 15_000,
    /** The connection log, for jobs that connect (downloading a whole message). */
    private readonly log?: SessionSink,
  ) {}

  run<T>(job: Job): Promise<T> {
    const worker = this.current();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    // Busy: the worker keeps the process alive until its jobs are answered.
    worker.ref?.();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(job.jobId, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage(job);
    });
  }

  /** Ends the worker now (app quit, tests); jobs still running fail. */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.discard(worker, 'The mail worker was stopped.');
    await worker?.terminate().catch(() => 0);
  }

  private current(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.spawn();
    this.worker = worker;
    worker.on('message', (reply: FromWorker) => {
      if (reply.type !== 'job') return;
      if (reply.log) this.log?.(reply.log.accountId, reply.log.session);
      const job = this.pending.get(reply.jobId);
      if (!job) return;
      this.pending.delete(reply.jobId);
      if (reply.error) job.reject(new HeronError(reply.error.code, reply.error.message, { retryable: reply.error.retryable }));
      else job.resolve(reply.value);
      if (this.pending.size === 0) this.idle(worker);
    });
    worker.on('error', (error) => this.discard(worker, `The mail worker failed: ${error.message}`));
    worker.on('exit', (code) => this.discard(worker, `The mail worker stopped (exit code ${code}).`));
    return worker;
  }

  private idle(worker: WorkerLike): void {
    // Idle: it no longer holds the process open, and goes after a while.
    worker.unref?.();
    this.idleTimer = setTimeout(() => {
      this.discard(worker, 'The mail worker was idle.');
      void worker.terminate().catch(() => 0);
    }, this.idleMs);
    this.idleTimer.unref?.();
  }

  private discard(worker: WorkerLike | null, why: string): void {
    if (worker === null || this.worker !== worker) return;
    this.worker = null;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    for (const job of this.pending.values()) job.reject(new HeronError('EINTERNAL', why, { retryable: true }));
    this.pending.clear();
  }
}
