import type { AttachedMessage, fetchCalls } from '../../../shared/ipc/calls/fetch';
import type { HandlersOf } from '../../../shared/ipc/define';
import type { JobWorker } from '../fetch/job-worker';
import type { FetchService } from '../fetch/service';

export interface FetchDeps {
  readonly service: Pick<FetchService, 'start' | 'cancel' | 'stopAll'>;
  /** The worker that runs one-off jobs; stopped when the app quits. */
  readonly jobs: Pick<JobWorker, 'stop'>;
  /** One message that was stored headers-only, downloaded whole on request and stored. */
  readonly fetchWhole: (input: Parameters<HandlersOf<typeof fetchCalls>['fetchWholeMessage']>[0]) => Promise<void>;
  /** Reads an attached message, off main's event loop. */
  readonly parseAttached: (raw: Uint8Array) => Promise<AttachedMessage>;
}

export function createFetchHandlers(deps: FetchDeps): HandlersOf<typeof fetchCalls> {
  return {
    startFetch: ({ account }) => deps.service.start(account),
    cancelFetch: async ({ accountId }) => deps.service.cancel(accountId),
    fetchWholeMessage: (input) => deps.fetchWhole(input),
    parseAttachedMessage: ({ raw }) => deps.parseAttached(raw),
  };
}
