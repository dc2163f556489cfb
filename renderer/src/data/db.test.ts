import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { accountsRepo } from './accounts-repo';
import { commitFetched, popStateFor } from './fetch-store';
import { outboxRepo } from './outbox-repo';
import { CURRENT_VERSION } from './schema';
import { makeAccount, makeMessage, testStores } from './test-fixtures';
import { draftRow, queueInput } from '../features/outbox/test-support';

const { open, closeAll } = testStores('heron-test');
afterEach(closeAll);

describe('HeronDb schema', () => {
  it('opens at the one version Heron has, with every table it uses', async () => {
    const db = open();
    await db.open();
    expect(CURRENT_VERSION).toBe(1);
    expect(db.verno).toBe(1);
    expect(db.tables.map((t) => t.name).sort()).toEqual(
      ['accounts', 'attachments', 'bodies', 'contacts', 'drafts', 'folderCounts', 'folders', 'imports', 'messages', 'outbox', 'popChunks', 'popState', 'rawChunks', 'settings', 'threadEdits', 'threadIndex', 'rules', 'ruleLog', 'ruleForwards', 'junk', 'searchChanges', 'searchDocs', 'searchMeta', 'searchPositions', 'searchTerms'].sort(),
    );
    const indexes = db.messages.schema.indexes.map((i) => i.name).sort();
    expect(indexes).toEqual(
      [
        '[accountId+folder+date]', '[folder+date]',
        '[accountId+folder+sortFrom]', '[folder+sortFrom]', '[accountId+folder+sortSubject]', '[folder+sortSubject]',
        // An import finds the stored copies of a message it reads by Message-ID (own-store.ts, duplicates).
        'messageId',
        'threadId',
      ].sort(),
    );
    // A conversation's keys are found by key, and renamed through their conversation (threads-store.ts).
    expect(db.threadIndex.schema.indexes.map((i) => i.name)).toEqual(['threadId']);
    // POP entries are found through their account (those left on the server apart), raw bytes through their owner's pointer.
    expect(db.popChunks.schema.indexes.map((i) => i.name)).toEqual(['accountId', '[accountId+undownloaded]']);
    expect(db.rawChunks.schema.indexes).toEqual([]);
  });

  it('keeps unreadFlag in step with unread on direct writes', async () => {
    const db = open();
    await db.messages.add({ ...makeMessage('m1', { unread: false }), unreadFlag: 1 });
    expect((await db.messages.get('m1'))?.unreadFlag).toBe(0);
    await db.messages.update('m1', { unread: true });
    expect((await db.messages.get('m1'))?.unreadFlag).toBe(1);
  });

  it('removing an account removes all it stored, its Outbox bytes included, and nothing else', async () => {
    const db = open();
    const accounts = accountsRepo(db);
    await accounts.put(makeAccount('a1', 0));
    await accounts.put(makeAccount('a2', 1));
    const raw = (text: string) => new TextEncoder().encode(text);
    const headers = { messageId: null, inReplyTo: null, references: [], from: null, to: [], cc: [], replyTo: [], subject: 's', date: 1, size: 3, hasAttachments: false };
    for (const [id, accountId] of [['m1', 'a1'], ['m2', 'a2']] as const) {
      await commitFetched(db, accountId, [{ id, uidl: `u-${id}`, size: 3, raw: raw(`raw ${id}`), partial: false, headers, receivedAt: 1 }]);
      await db.bodies.put({ messageId: id, text: 'hi', html: null, warnings: [] });
      await db.attachments.put({ id: `${id}-att`, messageId: id, filename: 'a.txt', contentType: 'text/plain', size: 1, contentId: null, inline: false, blob: new Blob(['x']) });
    }
    const draft = draftRow('d1');
    await db.drafts.put(draft);
    await outboxRepo(db).enqueue(queueInput(draft, 'o1', 'Subject: out\r\n\r\nbody\r\n', 1), 1);
    expect(await db.rawChunks.count()).toBe(3);

    await accounts.remove('a1');
    expect((await accounts.list()).map((a) => a.id)).toEqual(['a2']);
    expect(await popStateFor(db, 'a1')).toEqual([]);
    expect((await popStateFor(db, 'a2')).map((e) => e.localId)).toEqual(['m2']);
    expect(await db.messages.toCollection().primaryKeys()).toEqual(['m2']);
    expect(await db.bodies.toCollection().primaryKeys()).toEqual(['m2']);
    expect((await db.rawChunks.toArray()).map((c) => c.members)).toEqual([['m2']]);
    expect(await db.attachments.toCollection().primaryKeys()).toEqual(['m2-att']);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.drafts.count()).toBe(0);
    expect(await accounts.nextOrder()).toBe(2);
  });
});
