import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { popStateFor } from './fetch-store';
import { moveMessages } from './move-messages';
import { addPopEntries } from './pop-store';
import { settingsRepo } from './settings-repo';
import { countersAndRecount, makeMessage, testStores } from './test-fixtures';
import { purgeExpiredTrash } from './trash-retention';

const { open, closeAll } = testStores('heron-trash-retention-test');
afterEach(closeAll);

const T = 1_700_000_000_000;
const DAY = 86_400_000;

describe('Trash retention', () => {
  it('deletes for good what was trashed more than N days ago, as the person would (the server is told), and keeps the rest', async () => {
    const db = open();
    await db.messages.bulkAdd(['old', 'new', 'kept'].map((id) => ({ ...makeMessage(id, { uidl: `U-${id}` }), unreadFlag: 1 as const })));
    await addPopEntries(db, 'a1', ['old', 'new', 'kept'].map((id) => ({ accountId: 'a1', uidl: `U-${id}`, localId: id, downloadedAt: T, status: 'stored' as const, size: 1 })));
    await moveMessages(db, ['old'], 'trash', T);
    await moveMessages(db, ['new'], 'trash', T + 29 * DAY);

    // The default: 30 days.
    expect(await purgeExpiredTrash(db, T + 30 * DAY)).toBe(1);
    expect((await db.messages.toArray()).map((r) => `${r.id} ${r.folder}`)).toEqual(['kept inbox', 'new trash']);
    expect((await popStateFor(db, 'a1')).map((e) => `${e.localId} ${e.status}`).sort()).toEqual(['kept stored', 'new stored', 'old deleted-here']);
    const { stored, recounted } = await countersAndRecount(db);
    expect(stored).toEqual(recounted);

    await settingsRepo(db).set('trashKeepDays', null);
    expect(await purgeExpiredTrash(db, T + 400 * DAY)).toBe(0);
    await settingsRepo(db).set('trashKeepDays', 7);
    expect(await purgeExpiredTrash(db, T + 29 * DAY + 7 * DAY - 1)).toBe(0);
    expect(await purgeExpiredTrash(db, T + 29 * DAY + 7 * DAY)).toBe(1);
    expect(await db.messages.count()).toBe(1);
  });
});
