import type { fetchCalls, FetchedMessage, BodyUpdate, ParseItem } from '../../../shared/ipc/calls/fetch';
import type { HandlersOf } from '../../../shared/ipc/define';
import type { JobWorker } from '../fetch/job-worker';
import type { FetchService } from '../fetch/service';

export interface FetchDeps {
  readonly service: Pick<FetchService, 'start' | 'cancel' | 'ack' | 'stopAll'>;
  /** The worker that runs one-off jobs; stopped when the app quits. */
  readonly jobs: Pick<JobWorker, 'stop'>;
  /** One message that was stored headers-only, downloaded whole on request. */
  readonly fetchWhole: (input: Parameters<HandlersOf<typeof fetchCalls>['fetchWholeMessage']>[0]) => Promise<FetchedMessage>;
  /** The full parse of stored bytes, off main's event loop. */
  readonly parseStored: (items: readonly ParseItem[]) => Promise<BodyUpdate[]>;
}

export function createFetchHandlers(deps: FetchDeps): HandlersOf<typeof fetchCalls> {
  return {
    startFetch: ({ account, popState }) => deps.service.start(account, popState),
    cancelFetch: async ({ accountId }) => deps.service.cancel(accountId),
    ackFetchBatch: async ({ fetchId, batchId, committed, errorCode, errorMessage }) => {
      deps.service.ack(
        fetchId,
        batchId,
        committed ? { committed: true } : { committed: false, code: errorCode ?? 'ESTORAGE', message: errorMessage ?? 'not stored' },
      );
    },
    fetchWholeMessage: (input) => deps.fetchWhole(input),
    parseStoredMessages: ({ items }) => deps.parseStored(items),
  };
}
