/**
 * Entry of the store worker (a Web Worker in the window's process): it opens the store and serves
 * the port main handed the window (serve.ts). The window's main thread starts it and passes the
 * port on (renderer/src/main.tsx, bridge/store-port.ts).
 */
import { getDb } from '../db';
import { serveStore } from './serve';

globalThis.addEventListener(
  'message',
  (event: MessageEvent<{ type?: unknown; port?: unknown }>) => {
    if (event.data?.type === 'port' && event.data.port instanceof MessagePort) serveStore(getDb(), event.data.port);
  },
  { once: true },
);
