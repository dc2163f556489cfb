/**
 * A web MessagePort as the store link's port: the fault matrix and the link's tests use one
 * (a MessageChannel in the test process); the app uses Electron's (shell/store-port.ts).
 */
import type { StorePort } from './link';

interface WebPort {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  start(): void;
  close(): void;
}

export function webStorePort(port: WebPort): StorePort {
  const closed: Array<() => void> = [];
  let open = true;
  return {
    postMessage: (message) => {
      if (open) port.postMessage(message);
    },
    onMessage: (listener) => {
      port.addEventListener('message', (event) => listener(event.data));
      port.start();
    },
    onClose: (listener) => void closed.push(listener),
    close: () => {
      if (!open) return;
      open = false;
      port.close();
      for (const listener of closed.splice(0)) listener();
    },
  };
}
