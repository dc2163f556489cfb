import type { HandlersOf } from '../../../shared/ipc/define';
import type { sendCalls } from '../../../shared/ipc/calls/send';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the send feature
export interface SendDeps {}

export function createSendHandlers(_deps: SendDeps): HandlersOf<typeof sendCalls> {
  return {};
}
