import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commitFetched } from './fetch-store';
import * as junk from './junk-repo';
import { rulesRepo } from './rules-repo';
import { fetchedText, testStores } from './test-fixtures';

vi.mock('./junk-repo', async (importOriginal) => {
  const original = await importOriginal<typeof junk>();
  return { ...original, wordsOf: vi.fn(original.wordsOf) };
});

const stores = testStores('heron-rules-arrival-words');
afterEach(() => stores.closeAll());

describe('rules on arrival with an untrained junk filter', () => {
  it('never read the bodies for junk words (regression: every arriving body was tokenized for a filter that could not judge)', async () => {
    const db = stores.open();
    await rulesRepo(db).save({ id: 'r', name: 'Lists', enabled: true, order: 1, accountId: null, triggers: { arrival: true, manual: false, sending: false }, junkPhase: 'after', match: 'all', conditions: [{ field: 'header', header: 'List-Id', operator: 'contains', value: 'dev' }], actions: [{ kind: 'star' }] });
    await commitFetched(db, 'acc', [fetchedText(1, 'a@test.domain', 'One', 'Hello'), fetchedText(2, 'b@test.domain', 'Two', 'Hi', 'List-Id: dev <dev.example>\r\n')], Date.UTC(2026, 11, 8));
    expect(vi.mocked(junk.wordsOf)).not.toHaveBeenCalled();
    expect((await db.messages.get('m2'))?.starred).toBe(true);
  });
});
