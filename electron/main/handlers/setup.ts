import type { HandlersOf } from '../../../shared/ipc/define';
import type { setupCalls } from '../../../shared/ipc/calls/setup';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the setup feature
export interface SetupDeps {}

export function createSetupHandlers(_deps: SetupDeps): HandlersOf<typeof setupCalls> {
  return {};
}
