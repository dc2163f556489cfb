/**
 * Preload: exposes exactly the contract as `window.heron`, built from its keys. Nothing generic
 * (no invoke(channel), no raw ipcRenderer) crosses the bridge.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from '../../shared/ipc/api';
import { API_GLOBAL, callChannel, eventChannel } from '../../shared/ipc/contract';

const api = buildApi(
  (name, input) => ipcRenderer.invoke(callChannel(name), input),
  (name, listener) => {
    // Strip the IpcRendererEvent: the renderer gets the payload only.
    const wrapped = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(eventChannel(name), wrapped);
    return () => {
      ipcRenderer.removeListener(eventChannel(name), wrapped);
    };
  },
);

contextBridge.exposeInMainWorld(API_GLOBAL, api);
