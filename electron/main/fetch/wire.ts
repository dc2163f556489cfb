/**
 * Builds the fetch feature's handler deps: the FetchService with real worker threads, and the
 * one-off jobs (read an attached message, download a whole message) that also run off main's
 * loop, in one worker kept between jobs (job-worker.ts).
 */
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { AttachedMessage, FetchAccount, FetchSummary } from '../../../shared/ipc/calls/fetch';
import { encodeMailBatch } from '../../../shared/ipc/mail-batch';
import { commitError } from '../../core/fetch/commit';
import type { FetchedMessage } from '../../../shared/model/fetched-message';
import type { MainEmit } from '../../../shared/ipc/contract';
import { HeronError } from '../../../shared/ipc/result';
import type { ToWorker } from '../../core/fetch/worker-protocol';
import type { SessionSink } from '../../core/log/session-recorder';
import type { FetchDeps } from '../handlers/fetch';
import { JobWorker } from './job-worker';
import type { MailStore } from '../store/link';
import { FetchService, incomingSecret, type SecretReader, type WorkerLike } from './service';

export interface FetchWiring {
  readonly emit: MainEmit;
  readonly secrets: SecretReader;
  /** The window's store, over the store port (store/link.ts). */
  readonly store: MailStore;
  /** out/main/fetch-worker.cjs (the build puts it beside main.cjs). */
  readonly workerPath: string;
  readonly onNewMail?: (account: FetchAccount, summary: FetchSummary) => void;
  /** Test-only: extra CA / deadlines for POP3 connections. */
  readonly connect?: Extract<ToWorker, { type: 'start' }>['connect'];
  /** Test-only: batch sizes, so a small mailbox spans several commits. */
  readonly tuning?: Extract<ToWorker, { type: 'start' }>['tuning'];
  /** Test-only: where the worker's code runs (the fault matrix runs it in-process to set the clock). */
  readonly spawnWorker?: () => WorkerLike;
  /** The accounts' connection logs. */
  readonly log?: SessionSink;
}

export function createFetchDeps(wiring: FetchWiring): FetchDeps & { service: FetchService; jobs: JobWorker } {
  const spawnWorker = wiring.spawnWorker ?? ((): WorkerLike => new Worker(wiring.workerPath) as unknown as WorkerLike);
  const service = new FetchService({
    emit: wiring.emit,
    secrets: wiring.secrets,
    store: wiring.store,
    spawnWorker,
    ...(wiring.onNewMail ? { onNewMail: wiring.onNewMail } : {}),
    ...(wiring.connect ? { connect: wiring.connect } : {}),
    ...(wiring.tuning ? { tuning: wiring.tuning } : {}),
    ...(wiring.log ? { log: wiring.log } : {}),
  });
  const jobs = new JobWorker(spawnWorker, undefined, wiring.log);
  return {
    service,
    jobs,
    parseAttached: (raw) => jobs.run<AttachedMessage>({ type: 'attached', jobId: randomUUID(), raw }),
    fetchWhole: async ({ account, uidl, localId }) => {
      const secret = await incomingSecret(wiring.secrets, account, 'download the message');
      const download = (secret: { password?: string; token?: string }) =>
        jobs.run<FetchedMessage>({
          type: 'whole',
          jobId: randomUUID(),
          account,
          secret,
          uidl,
          localId,
          ...(wiring.connect ? { connect: wiring.connect } : {}),
        });
      const downloaded = async (): Promise<FetchedMessage> => {
        if (secret.token === undefined) return download(secret);
        // A refused access token gets one renewal and one more try, as a fetch does.
        try {
          return await download(secret);
        } catch (error) {
          if (!(error instanceof HeronError) || error.code !== 'EAUTH') throw error;
          const token = await wiring.secrets.renew(account.id, account.incoming, secret.token);
          if (token === null || token === secret.token) throw error;
          return download({ token });
        }
      };
      const message = await downloaded();
      // Stored like any fetched batch (replacing the headers-only copy), before the call answers.
      const outcome = await wiring.store.commit(account.id, encodeMailBatch([message]));
      if (!outcome.committed) throw commitError(outcome, 0);
    },
  };
}
