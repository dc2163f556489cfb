/**
 * Entry of the fetch worker thread (bundled to out/main/fetch-worker.cjs). All POP3 I/O and the
 * MIME parse of what it downloads happen here, so main's event loop stays free.
 */
import { randomUUID } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { serveFetchWorker } from '../../core/fetch/worker-protocol';
import { readMessage } from '../../core/fetch/read-message';

if (!parentPort) throw new Error('fetch-worker must run as a worker thread');

serveFetchWorker(parentPort, {
  read: readMessage,
  newId: randomUUID,
});
