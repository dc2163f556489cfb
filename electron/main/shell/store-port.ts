/**
 * Hands the window its store port (shared/ipc/store-port.ts): when the main window's top frame
 * asks on STORE_PORT_CHANNEL (the same sender check as every IPC call), main makes a channel,
 * keeps one end for the store link and sends the other to the page. A new request (a reload)
 * replaces the old port.
 */
import { ipcMain, MessageChannelMain, type IpcMainEvent, type MessagePortMain } from 'electron';
import { STORE_PORT_CHANNEL } from '../../../shared/ipc/store-port';
import type { StoreLink, StorePort } from '../store/link';
import { isTrustedSender, type ExpectedSender } from '../trusted-sender';
import { senderFacts } from './ipc';

/** Electron's MessagePortMain as the store link's port. */
export function storePortOf(port: MessagePortMain): StorePort {
  let open = true;
  return {
    postMessage: (message) => {
      if (open) port.postMessage(message);
    },
    onMessage: (listener) => {
      port.on('message', (event) => listener(event.data));
      port.start();
    },
    onClose: (listener) => void port.on('close', listener),
    close: () => {
      if (!open) return;
      open = false;
      port.close();
    },
  };
}

/** Answers the window's requests for a store port; returns a function that stops answering. */
export function serveStorePort(link: Pick<StoreLink, 'attach'>, expected: () => ExpectedSender): () => void {
  const onRequest = (event: IpcMainEvent) => {
    if (!isTrustedSender(senderFacts(event), expected()).ok) return;
    const { port1, port2 } = new MessageChannelMain();
    link.attach(storePortOf(port1));
    event.sender.postMessage(STORE_PORT_CHANNEL, null, [port2]);
  };
  ipcMain.on(STORE_PORT_CHANNEL, onRequest);
  return () => ipcMain.removeListener(STORE_PORT_CHANNEL, onRequest);
}
