import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { HeronDb } from './db';
import { testStores } from './test-fixtures';
import { applyFetchDone } from './fetch-store';

const stores = testStores('heron-fetch-limits');
let db: HeronDb;
beforeEach(() => {
  db = stores.open();
});
afterEach(() => stores.closeAll());

const summary = { serverCount: 0, downloaded: 0, deletedLocalIds: [], goneLocalIds: [], refusedTooBig: [], newMessages: [], unidentified: 0 };

it('a check records the server\'s LOGIN-DELAY and the RFC 3206 code of a refused session; one that could not log in keeps the delay it knew', async () => {
  await applyFetchDone(db, { accountId: 'a1', summary: { ...summary, loginDelaySeconds: 900 }, error: null }, 10);
  expect(await db.popState.get('a1')).toMatchObject({ loginDelaySeconds: 900, lastError: null });
  const locked = { code: 'ELOCKED' as const, message: 'The mailbox on localhost is in use by another session; try again later (POP3: -ERR [IN-USE] locked).', retryable: true, detail: { responseCode: 'IN-USE' } };
  await applyFetchDone(db, { accountId: 'a1', summary: null, error: locked }, 20);
  expect(await db.popState.get('a1')).toMatchObject({ loginDelaySeconds: 900, lastError: { code: 'ELOCKED', message: locked.message, responseCode: 'IN-USE' } });
  await applyFetchDone(db, { accountId: 'a1', summary, error: null }, 30);
  expect(await db.popState.get('a1')).not.toHaveProperty('loginDelaySeconds');
});
