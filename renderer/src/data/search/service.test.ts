import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { makeAccount, testStores } from '../test-fixtures';
import { SearchIndexer } from './indexer';
import { answerRebuild, answerSearch, type RebuildReply } from './service';

const stores = testStores('heron-search-service');
afterEach(() => stores.closeAll());

const call = (query: string) => ({ type: 'search' as const, requestId: 1, request: { query, scope: { accountId: null, folder: null }, order: 'newest' as const } });

describe('the store worker’s rebuild', () => {
  it('posts its progress and a count; a search meanwhile says the index is being rebuilt, and finds mail after', async () => {
    const db = stores.open();
    await db.accounts.put(makeAccount('a1'));
    await db.drafts.put({
      id: 'd1',
      accountId: 'a1',
      from: { name: 'A', address: 'a@example.org' },
      to: [],
      cc: [],
      bcc: [],
      subject: 'Harbour notes',
      text: 'the lighthouse',
      html: null,
      plainTextMode: true,
      attachments: [],
      inReplyTo: null,
      references: [],
      updatedAt: 1,
      outboxId: null,
      sourceMessageId: null,
    });
    const indexer = new SearchIndexer(db);
    await indexer.catchUp();
    const replies: RebuildReply[] = [];
    const rebuilt = answerRebuild(indexer, { type: 'search-rebuild', requestId: 7 }, (r) => replies.push(r));
    const during = await answerSearch(db, indexer, call('lighthouse'));
    expect(during.answer).toEqual({ ok: false, message: 'The search index is being rebuilt (Settings shows how far); search answers again when it is done.' });
    await rebuilt;
    expect(replies.at(-1)).toEqual({ type: 'search-rebuild-progress', requestId: 7, indexed: 1, total: 1, done: true });
    expect(replies.slice(0, -1).every((r) => !r.done && r.requestId === 7)).toBe(true);
    expect((await answerSearch(db, indexer, call('lighthouse'))).answer).toEqual({ ok: true, ids: ['draft:d1'], highlight: ['lighthouse'], capped: false });
  });

  it('a second rebuild while one runs is refused in words, and the first completes', async () => {
    const db = stores.open();
    const indexer = new SearchIndexer(db);
    const first: RebuildReply[] = [];
    const second: RebuildReply[] = [];
    const a = answerRebuild(indexer, { type: 'search-rebuild', requestId: 1 }, (r) => first.push(r));
    await answerRebuild(indexer, { type: 'search-rebuild', requestId: 2 }, (r) => second.push(r));
    await a;
    expect(second).toEqual([{ type: 'search-rebuild-progress', requestId: 2, indexed: 0, total: 0, done: true, error: 'Heron could not rebuild the search index (The search index is already being rebuilt.). Mail is untouched; try again.' }]);
    expect(first.at(-1)?.done).toBe(true);
    expect(first.at(-1)?.error).toBeUndefined();
  });
});
