/**
 * Preload: exposes exactly the contract as `window.heron`, built from its keys. Nothing generic
 * (no invoke(channel), no raw ipcRenderer) crosses the bridge.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from '../../shared/ipc/api';
import { API_GLOBAL, callChannel, eventChannel } from '../../shared/ipc/contract';
import { ownViews } from '../../shared/ipc/own-views';
import { STORE_PORT_CHANNEL } from '../../shared/ipc/store-port';

const api = buildApi(
  (name, input) => ipcRenderer.invoke(callChannel(name), input),
  (name, listener) => {
    // Strip the IpcRendererEvent: the renderer gets the payload only. Byte views of a shared
    // buffer are copied out first: the bridge would clone the whole buffer for each (own-views.ts).
    const wrapped = (_event: unknown, payload: unknown) => listener(ownViews(payload));
    ipcRenderer.on(eventChannel(name), wrapped);
    return () => {
      ipcRenderer.removeListener(eventChannel(name), wrapped);
    };
  },
  () => ipcRenderer.send(STORE_PORT_CHANNEL),
);

// The store port main sends on request: a MessagePort cannot cross the contextBridge, so it goes to
// the page as a window message, to the app's own origin only (bridge/store-port.ts takes it).
const page = globalThis as unknown as { postMessage(message: string, targetOrigin: string, transfer: unknown[]): void; location: { origin: string } };
ipcRenderer.on(STORE_PORT_CHANNEL, (event) => page.postMessage(STORE_PORT_CHANNEL, page.location.origin, [...event.ports]));

contextBridge.exposeInMainWorld(API_GLOBAL, api);
