/**
 * Builds the fetch feature's handler deps: the FetchService with real worker threads, and the
 * one-off jobs (parse stored bytes, download a whole message) that also run off main's loop.
 */
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { BodyUpdate, FetchAccount, FetchedMessage, FetchSummary } from '../../../shared/ipc/calls/fetch';
import type { MainEmit } from '../../../shared/ipc/contract';
import { HeronError } from '../../../shared/ipc/result';
import type { FromWorker, ToWorker } from '../../core/fetch/worker-protocol';
import type { FetchDeps } from '../handlers/fetch';
import { FetchService, incomingSecret, type SecretReader, type WorkerLike } from './service';

export interface FetchWiring {
  readonly emit: MainEmit;
  readonly secrets: SecretReader;
  /** out/main/fetch-worker.cjs (the build puts it beside main.cjs). */
  readonly workerPath: string;
  readonly onNewMail?: (account: FetchAccount, summary: FetchSummary) => void;
  /** Test-only: extra CA / deadlines for POP3 connections. */
  readonly connect?: Extract<ToWorker, { type: 'start' }>['connect'];
  readonly ackTimeoutMs?: number;
}

export function createFetchDeps(wiring: FetchWiring): FetchDeps & { service: FetchService } {
  const spawnWorker = (): WorkerLike => new Worker(wiring.workerPath) as unknown as WorkerLike;
  const service = new FetchService({
    emit: wiring.emit,
    secrets: wiring.secrets,
    spawnWorker,
    ...(wiring.onNewMail ? { onNewMail: wiring.onNewMail } : {}),
    ...(wiring.connect ? { connect: wiring.connect } : {}),
    ...(wiring.ackTimeoutMs ? { ackTimeoutMs: wiring.ackTimeoutMs } : {}),
  });
  return {
    service,
    parseStored: (items) => runJob<BodyUpdate[]>(spawnWorker, { type: 'parse', jobId: randomUUID(), items: [...items] }),
    fetchWhole: async ({ account, uidl, localId }) => {
      const secret = await incomingSecret(wiring.secrets, account, 'download the message');
      return runJob<FetchedMessage>(spawnWorker, {
        type: 'whole',
        jobId: randomUUID(),
        account,
        secret,
        uidl,
        localId,
        ...(wiring.connect ? { connect: wiring.connect } : {}),
      });
    },
  };
}

/** Runs one job in a fresh worker and ends it; a worker that dies answers with an error. */
function runJob<T>(spawn: () => WorkerLike, message: Extract<ToWorker, { type: 'parse' | 'whole' }>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = spawn();
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate().catch(() => 0);
    };
    worker.on('message', (reply: FromWorker) => {
      if (reply.type !== 'job' || reply.jobId !== message.jobId) return;
      settle(() => (reply.error ? reject(new HeronError(reply.error.code, reply.error.message, { retryable: reply.error.retryable })) : resolve(reply.value as T)));
    });
    worker.on('error', (error) => settle(() => reject(new HeronError('EINTERNAL', `The mail worker failed: ${error.message}`))));
    worker.on('exit', (code) => settle(() => reject(new HeronError('EINTERNAL', `The mail worker stopped (exit code ${code}).`))));
    worker.postMessage(message);
  });
}
