/**
 * Entry of the store worker (a Web Worker in the window's process): it opens the store, serves
 * the port main handed the window (serve.ts), and the window's own requests to file and delete
 * mail (organize.ts). The window's main thread starts it and passes the port on
 * (features/shell/background.ts, bridge/store-port.ts).
 */
import { getDb } from '../db';
import { serveOrganize, type OrganizeEndpoint } from './organize';
import { serveStore } from './serve';

let served = false;
globalThis.addEventListener('message', (event: MessageEvent<{ type?: unknown; port?: unknown }>) => {
  if (served || event.data?.type !== 'port' || !(event.data.port instanceof MessagePort)) return;
  served = true;
  serveStore(getDb(), event.data.port);
});
serveOrganize(getDb(), globalThis as unknown as OrganizeEndpoint);
