/**
 * Hands the store worker its port to main (shared/ipc/store-port.ts). Main sends the port to the
 * preload, which posts it to this window as a message (a port cannot cross the contextBridge);
 * the window passes it on to the worker untouched. Only a message this window posted to itself
 * counts: a frame inside it (the reader's) cannot pass for the preload.
 */
import type { HeronApi } from '../../../shared/ipc/contract';
import { STORE_PORT_CHANNEL } from '../../../shared/ipc/store-port';

/** The store worker, as this needs it. */
export interface PortTaker {
  postMessage(message: { type: 'port'; port: MessagePort }, transfer: Transferable[]): void;
}

/** Asks main for the store port and gives it to `worker`; false when there is no main to ask (a plain tab). */
export function connectStorePort(worker: PortTaker, target: Window = window): boolean {
  const api = (globalThis as { heron?: HeronApi }).heron;
  if (!api) return false;
  const onMessage = (event: MessageEvent) => {
    if (event.source !== target || event.data !== STORE_PORT_CHANNEL) return;
    const port = event.ports[0];
    if (!port) return;
    target.removeEventListener('message', onMessage);
    worker.postMessage({ type: 'port', port }, [port]);
  };
  target.addEventListener('message', onMessage);
  api.connectStore();
  return true;
}
