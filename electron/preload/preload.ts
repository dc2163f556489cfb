/**
 * Preload: exposes exactly the contract as `window.heron`, built from its keys. Nothing generic
 * (no invoke(channel), no raw ipcRenderer) crosses the bridge.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from '../../shared/ipc/api';
import { API_GLOBAL, callChannel, eventChannel } from '../../shared/ipc/contract';
import { ownViews } from '../../shared/ipc/own-views';

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
);

contextBridge.exposeInMainWorld(API_GLOBAL, api);
