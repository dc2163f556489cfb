import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Rule } from '../../../shared/model/rule';
import { addPopEntries, popEntriesOf } from './pop-store';
import { getRawBytes, newRawChunkId, putRawChunk } from './raw-store';
import type { MessageRow } from './rows';
import { rulesRepo } from './rules-repo';
import { applySendingRules, runRulesOnFolder, storedRuleTables } from './rules-stored';
import { makeMessage, testStores } from './test-fixtures';

const stores = testStores('heron-rules-stored');
afterEach(() => stores.closeAll());
const NOW = Date.UTC(2026, 11, 7);

function rule(over: Partial<Rule>): Rule {
  return { id: 'r', name: 'Rule', enabled: true, order: 1, accountId: null, triggers: { arrival: false, manual: true, sending: false }, junkPhase: 'after', match: 'all', conditions: [], actions: [], ...over };
}

async function stored(db: ReturnType<typeof stores.open>, id: string, over: Partial<MessageRow>, raw = `Subject: ${id}\r\nList-Id: <dev.heron.example>\r\n\r\nbody ${id}\r\n`): Promise<void> {
  const chunk = newRawChunkId();
  await db.transaction('rw', [db.messages, db.rawChunks, db.bodies], async () => {
    await putRawChunk(db, chunk, [{ id, bytes: new TextEncoder().encode(raw) }]);
    await db.messages.add({ ...makeMessage(id, { accountId: 'acc', ...over }), unreadFlag: 1, rawChunk: chunk } as MessageRow);
    await db.bodies.put({ messageId: id, text: `body ${id}`, html: null, warnings: [] });
  });
}

describe('rules run on a folder when the person asks', () => {
  it('moves, stars and copies what matches, records a server action for the next check, and logs each message', async () => {
    const db = stores.open();
    await stored(db, 'a', { folder: 'inbox', subject: 'Build green', uidl: 'UA' });
    await stored(db, 'b', { folder: 'inbox', subject: 'Lunch', uidl: 'UB' }, 'Subject: Lunch\r\n\r\nhi\r\n');
    await addPopEntries(db, 'acc', [
      { accountId: 'acc', uidl: 'UA', localId: 'a', downloadedAt: NOW, status: 'stored', size: 10 },
      { accountId: 'acc', uidl: 'UB', localId: 'b', downloadedAt: NOW, status: 'stored', size: 10 },
    ]);
    await rulesRepo(db).save(
      rule({
        conditions: [{ field: 'header', header: 'List-Id', operator: 'contains', value: 'dev.heron' }],
        actions: [{ kind: 'star' }, { kind: 'copy', folderId: 'sent' }, { kind: 'move', folderId: 'trash' }, { kind: 'server-delete' }],
      }),
    );
    expect(await runRulesOnFolder(db, { accountId: 'acc', folder: 'inbox' }, undefined, NOW)).toEqual({ looked: 2, matched: 1 });
    expect(await db.messages.get('a')).toMatchObject({ folder: 'trash', previousFolder: 'inbox', starred: true });
    expect(await db.messages.get('b')).toMatchObject({ folder: 'inbox', starred: false });
    const copy = (await db.messages.toArray()).find((r) => r.id.startsWith('a.copy-sent'));
    expect(copy).toMatchObject({ folder: 'sent', uidl: null, starred: true });
    expect((await getRawBytes(db, [copy!.id])).get(copy!.id)).toEqual((await getRawBytes(db, ['a'])).get('a'));
    expect((await db.bodies.get(copy!.id))?.text).toBe('body a');
    expect((await popEntriesOf(db, 'acc')).map((e) => [e.localId, e.serverAction])).toEqual([
      ['a', 'delete'],
      ['b', undefined],
    ]);
    expect((await rulesRepo(db).logOf('a')).map((l) => [l.trigger, l.did])).toEqual([['manual', ['Starred', 'Copied to Sent', 'Moved to Trash', 'Deleted from the server once stored']]]);
    expect(await db.folderCounts.get(['acc', 'sent'])).toMatchObject({ total: 1 });
  });

  it('only rules marked for manual runs (or the ones named)', async () => {
    const db = stores.open();
    await stored(db, 'a', { folder: 'inbox', subject: 'x' });
    await rulesRepo(db).save(rule({ triggers: { arrival: true, manual: false, sending: false }, conditions: [{ field: 'subject', operator: 'is', value: 'x' }], actions: [{ kind: 'star' }] }));
    expect(await runRulesOnFolder(db, { accountId: 'acc', folder: 'inbox' }, undefined, NOW)).toEqual({ looked: 0, matched: 0 });
    expect(await runRulesOnFolder(db, { accountId: 'acc', folder: 'inbox' }, ['r'], NOW)).toEqual({ looked: 1, matched: 1 });
  });
});

describe('rules on sending', () => {
  it('file a copy of the Sent message in another folder, with its log', async () => {
    const db = stores.open();
    await stored(db, 's', { folder: 'sent', subject: 'Offer to the board', to: [{ name: '', address: 'board@test.domain' }] });
    await rulesRepo(db).save(
      rule({ triggers: { arrival: false, manual: false, sending: true }, conditions: [{ field: 'to', operator: 'is', value: 'board@test.domain' }], actions: [{ kind: 'copy', folderId: 'inbox' }, { kind: 'tag', tag: 'board' }] }),
    );
    const row = (await db.messages.get('s'))!;
    await db.transaction('rw', storedRuleTables(db), () => applySendingRules(db, row, NOW));
    expect(await db.messages.get('s')).toMatchObject({ folder: 'sent', tags: ['board'] });
    expect((await db.messages.toArray()).filter((r) => r.folder === 'inbox').map((r) => r.subject)).toEqual(['Offer to the board']);
    expect((await rulesRepo(db).logOf('s'))[0]).toMatchObject({ trigger: 'sending', did: ['Copied to Inbox', 'Tagged "board"'] });
  });
});

describe('rules on sending, through the Outbox', () => {
  it('a message the server accepted is filed in Sent and the sending rules act on that copy in the same transaction', async () => {
    const { outboxRepo } = await import('./outbox-repo');
    const { draftRow, queueInput } = await import('../features/outbox/test-support');
    const db = stores.open();
    await rulesRepo(db).save(
      rule({ triggers: { arrival: false, manual: false, sending: true }, conditions: [{ field: 'to', operator: 'is', value: 'bob@example.com' }], actions: [{ kind: 'star' }, { kind: 'copy', folderId: 'inbox' }] }),
    );
    const repo = outboxRepo(db);
    const draft = draftRow('d1');
    await db.drafts.put(draft);
    await repo.enqueue(queueInput(draft, 'o1', 'Subject: Subject d1\r\nTo: bob@example.com\r\n\r\nHello\r\n', NOW), NOW);
    await repo.claimDue('a1', NOW, { max: 10, maxBytes: 1e9 });
    await repo.applyOutcome({ id: 'o1', status: 'sent', attempted: true, error: null, perRecipient: [{ address: 'bob@example.com', accepted: true }], response: '250 ok' }, NOW);
    expect(await db.messages.get('sent-o1')).toMatchObject({ folder: 'sent', starred: true });
    const copies = (await db.messages.toArray()).filter((r) => r.folder === 'inbox');
    expect(copies.map((r) => [r.subject, r.starred])).toEqual([['Subject d1', true]]);
    expect(new TextDecoder().decode((await getRawBytes(db, [copies[0]!.id])).get(copies[0]!.id))).toBe('Subject: Subject d1\r\nTo: bob@example.com\r\n\r\nHello\r\n');
    expect((await rulesRepo(db).logOf('sent-o1')).map((l) => [l.trigger, l.did])).toEqual([['sending', ['Starred', 'Copied to Inbox']]]);
  });
});

describe('what goes with a message', () => {
  it('deleted for good, its rule log goes too; a removed account takes its own rules, not the others', async () => {
    const { deleteForever } = await import('./delete-forever');
    const { accountsRepo } = await import('./accounts-repo');
    const db = stores.open();
    await stored(db, 'a', { folder: 'trash' });
    await db.ruleLog.bulkPut([
      { id: 'l1', messageId: 'a', at: NOW, trigger: 'manual', ruleId: 'r', ruleName: 'R', did: ['Starred'] },
      { id: 'l2', messageId: 'other', at: NOW, trigger: 'manual', ruleId: 'r', ruleName: 'R', did: ['Starred'] },
    ]);
    await deleteForever(db, ['a']);
    expect((await db.ruleLog.toArray()).map((l) => l.id)).toEqual(['l2']);
    await rulesRepo(db).save(rule({ id: 'mine', accountId: 'acc' }));
    await rulesRepo(db).save(rule({ id: 'everyone', accountId: null }));
    await accountsRepo(db).remove('acc');
    expect((await db.rules.toArray()).map((r) => r.id)).toEqual(['everyone']);
  });
});
