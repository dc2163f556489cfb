/**
 * Entry of the fetch worker thread (bundled to out/main/fetch-worker.cjs). All POP3 I/O, header
 * parsing and the full MIME parse of stored mail happen here, so main's event loop stays free.
 */
import { randomUUID } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { serveFetchWorker } from '../../core/fetch/worker-protocol';
import { readListHeaders } from '../../core/fetch/parse-fetched';

if (!parentPort) throw new Error('fetch-worker must run as a worker thread');

serveFetchWorker(parentPort, {
  readHeaders: readListHeaders,
  // Loaded on the first parse job only (parse-bodies.ts says why).
  parseMany: async (items) => (await import('../../core/fetch/parse-bodies')).parseMany(items),
  newId: randomUUID,
});
