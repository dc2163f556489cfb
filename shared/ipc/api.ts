import type { Result } from './result';
import { CALL_NAMES, EVENT_NAMES, type CallName, type EventName, type HeronApi } from './contract';

export type Invoke = (name: CallName, input: unknown) => Promise<Result<unknown>>;
export type Subscribe = (name: EventName, listener: (payload: unknown) => void) => () => void;
export type ConnectStore = () => void;

/**
 * Builds the renderer-facing API from the contract's keys. Preload passes `ipcRenderer`-backed
 * functions; the e2e stand-in passes calls over HTTP to the test process. Both therefore expose
 * exactly the contract: one narrow function per call, one subscription per event, the store port's
 * request, nothing generic.
 */
export function buildApi(invoke: Invoke, subscribe: Subscribe, connectStore: ConnectStore = () => {}): HeronApi {
  const calls: Record<string, (input?: unknown) => Promise<Result<unknown>>> = {};
  for (const name of CALL_NAMES) {
    calls[name] = (input?: unknown) => invoke(name, input);
  }
  const events: Record<string, (listener: (payload: unknown) => void) => () => void> = {};
  for (const name of EVENT_NAMES) {
    events[name] = (listener) => subscribe(name, listener);
  }
  return Object.freeze({
    calls: Object.freeze(calls),
    events: Object.freeze(events),
    connectStore: () => connectStore(),
  }) as unknown as HeronApi;
}
