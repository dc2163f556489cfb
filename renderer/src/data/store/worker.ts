/**
 * Entry of the store worker (a Web Worker in the window's process): it opens the store, serves
 * the port main handed the window (serve.ts), the window's own requests to file and delete mail
 * (organize.ts) and its searches (search/service.ts), and keeps the search index caught up with
 * what is stored. The window's main thread starts it and passes the port on
 * (features/shell/background.ts, bridge/store-port.ts).
 */
import { getDb } from '../db';
import { junkRepo } from '../junk-repo';
import { SearchIndexer } from '../search/indexer';
import { answerRebuild, answerSearch, isRebuildCall, isSearchCall } from '../search/service';
import { serveOrganize, type OrganizeEndpoint } from './organize';
import { serveStore } from './serve';

const db = getDb();
const indexer = new SearchIndexer(db);
let served = false;

globalThis.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data as { type?: unknown; port?: unknown } | null;
  if (isSearchCall(data)) {
    void answerSearch(db, indexer, data).then((reply) => globalThis.postMessage(reply));
    return;
  }
  if (isRebuildCall(data)) {
    void answerRebuild(indexer, data, (reply) => globalThis.postMessage(reply));
    return;
  }
  if (!served && data?.type === 'port' && data.port instanceof MessagePort) {
    served = true;
    serveStore(db, data.port, { indexer });
  }
});
serveOrganize(db, globalThis as unknown as OrganizeEndpoint);
// A junk model counted on older words gains the new ones; if this fails, the next training upgrades it.
void junkRepo(db).upgrade().catch(() => undefined);
