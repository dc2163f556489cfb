/**
 * Exporting mail (issue 20): a folder, a selection or everything, as one mboxrd file or as one
 * .eml file per message, each message exactly its stored bytes (electron/core/mbox's writers).
 * Messages come from the store a page at a time, so memory is one page whatever the export's size.
 * A cancelled mbox export leaves no file; a cancelled .eml export leaves only whole files.
 */
import { HeronError } from '../../../shared/ipc/result';
import type { ExportOutcome, ExportPage, ExportScope, StoredCopy, WorkProgress } from '../../../shared/model/own-mail';
import { EmlExporter, envelopeOf, MboxWriter } from '../../core/mbox';
import type { OwnMailStore } from '../store/link';
import { ProgressClock } from './progress';

export type ExportFormat = 'mboxrd' | 'eml';

export interface ExportRequest {
  readonly scope: ExportScope;
  readonly format: ExportFormat;
  /** The mbox file to write, or the folder the .eml files go into. */
  readonly target: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: WorkProgress) => void;
}


/** Every stored message of a scope, a page at a time (also what a backup reads). */
export async function* storedCopies(store: OwnMailStore, scope: ExportScope): AsyncGenerator<StoredCopy> {
  let after: string | null = null;
  do {
    const page: ExportPage = await store.ask({ kind: 'exportPage', accountId: OWN_QUEUE, scope, after });
    yield* page.items;
    after = page.next;
  } while (after !== null);
}

/** The store port's queue for work that is no single account's. */
export const OWN_QUEUE = 'own-mail';

function aborted(): HeronError {
  return new HeronError('EABORTED', 'The export was cancelled.');
}

export async function runExport(store: OwnMailStore, request: ExportRequest, now: () => number = Date.now): Promise<ExportOutcome> {
  const total = await store.ask({ kind: 'exportCount', accountId: OWN_QUEUE, scope: request.scope });
  const clock = new ProgressClock(now, request.onProgress);
  let done = 0;
  const report = () => clock.report({ done, imported: done, duplicates: 0, bytesDone: done, bytesTotal: Math.max(total, done) });
  if (request.format === 'mboxrd') {
    const writer = await MboxWriter.create(request.target);
    try {
      for await (const copy of storedCopies(store, request.scope)) {
        if (request.signal?.aborted) throw aborted();
        const raw = Buffer.from(copy.raw.buffer, copy.raw.byteOffset, copy.raw.byteLength);
        await writer.write(raw, envelopeOf(raw, copy.receivedAt));
        done += 1;
        report();
      }
      await writer.finish();
    } catch (error) {
      await writer.abort();
      if (error instanceof HeronError && error.code === 'EABORTED') return { exported: 0, cancelled: true, target: request.target };
      throw error;
    }
  } else {
    const exporter = await EmlExporter.create(request.target);
    for await (const copy of storedCopies(store, request.scope)) {
      if (request.signal?.aborted) return { exported: done, cancelled: true, target: request.target };
      await exporter.write(Buffer.from(copy.raw.buffer, copy.raw.byteOffset, copy.raw.byteLength), { subject: copy.subject, date: copy.date });
      done += 1;
      report();
    }
  }
  clock.report({ done, imported: done, duplicates: 0, bytesDone: Number.MAX_SAFE_INTEGER, bytesTotal: 0 });
  return { exported: done, cancelled: false, target: request.target };
}
