import type { HandlersOf } from '../../../shared/ipc/define';
import type { fetchCalls } from '../../../shared/ipc/calls/fetch';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the fetch feature
export interface FetchDeps {}

export function createFetchHandlers(_deps: FetchDeps): HandlersOf<typeof fetchCalls> {
  return {};
}
