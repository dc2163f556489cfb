import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { FetchedMessage } from '../../../shared/model/fetched-message';
import type { Rule } from '../../../shared/model/rule';
import { commitFetched, popStateFor } from './fetch-store';
import { junkRepo } from './junk-repo';
import { getRawBytes } from './raw-store';
import { rulesRepo } from './rules-repo';
import { fetchedText, testStores } from './test-fixtures';

const stores = testStores('heron-rules-arrival');
afterEach(() => stores.closeAll());

let seq = 0;

function fetched(from: string, subject: string, text: string, extraHeaders = ''): FetchedMessage {
  return fetchedText((seq += 1), from, subject, text, extraHeaders);
}

function rule(over: Partial<Rule>): Rule {
  return {
    id: `rule-${(seq += 1)}`,
    name: 'Rule',
    enabled: true,
    order: seq,
    accountId: null,
    triggers: { arrival: true, manual: true, sending: false },
    junkPhase: 'after',
    match: 'all',
    conditions: [],
    actions: [],
    ...over,
  };
}

const NOW = Date.UTC(2026, 11, 7, 12);

describe('rules on arrival, in the commit that stores the mail', () => {
  it('a rule "from bob → star and mark read" marks the message as it is stored, and logs what it did', async () => {
    const db = stores.open();
    await rulesRepo(db).save(rule({ id: 'bob', name: 'Bob is important', conditions: [{ field: 'from', operator: 'is', value: 'bob@test.domain' }], actions: [{ kind: 'star' }, { kind: 'mark-read' }] }));
    const bob = fetched('bob@test.domain', 'Lunch', 'Lunch at noon?');
    const carol = fetched('carol@test.domain', 'Hello', 'Hi there');
    await commitFetched(db, 'acc', [bob, carol], NOW);
    expect(await db.messages.get(bob.id)).toMatchObject({ folder: 'inbox', starred: true, unread: false, unreadFlag: 0 });
    expect(await db.messages.get(carol.id)).toMatchObject({ folder: 'inbox', starred: false, unread: true });
    expect(await rulesRepo(db).logOf(bob.id)).toEqual([
      { id: expect.any(String), messageId: bob.id, at: NOW, trigger: 'arrival', ruleId: 'bob', ruleName: 'Bob is important', did: ['Starred', 'Marked read'] },
    ]);
    expect(await rulesRepo(db).logOf(carol.id)).toEqual([]);
    expect(await db.folderCounts.get(['acc', 'inbox'])).toMatchObject({ total: 2, unread: 1 });
  });

  it('a message that failed before and is downloaded now ("Download now", "Try again") is sorted as it arrives; a completed headers-only copy is not sorted twice', async () => {
    const db = stores.open();
    await rulesRepo(db).save(rule({ id: 'bob', name: 'Bob is important', conditions: [{ field: 'from', operator: 'is', value: 'bob@test.domain' }], actions: [{ kind: 'star' }, { kind: 'mark-read' }] }));
    const late = { ...fetched('bob@test.domain', 'Late', 'It failed before'), replaces: true as const };
    await commitFetched(db, 'acc', [late], NOW);
    expect(await db.messages.get(late.id)).toMatchObject({ folder: 'inbox', starred: true, unread: false });
    expect((await rulesRepo(db).logOf(late.id)).map((l) => l.did)).toEqual([['Starred', 'Marked read']]);
    // The copy is here now: downloading it whole again keeps what the person made of it.
    await db.messages.update(late.id, { starred: false });
    await commitFetched(db, 'acc', [{ ...late }], NOW + 1);
    expect(await db.messages.get(late.id)).toMatchObject({ starred: false });
    expect(await rulesRepo(db).logOf(late.id)).toHaveLength(1);
  });

  it('move, copy and any-header conditions: the copy has its own row and the same bytes, and no POP entry', async () => {
    const db = stores.open();
    await rulesRepo(db).save(rule({ conditions: [{ field: 'header', header: 'List-Id', operator: 'contains', value: 'dev.heron' }], actions: [{ kind: 'move', folderId: 'trash' }, { kind: 'copy', folderId: 'sent' }] }));
    const m = fetched('list@test.domain', 'Build', 'green', 'List-Id: Heron dev <dev.heron.example>\r\n');
    await commitFetched(db, 'acc', [m], NOW);
    expect((await db.messages.get(m.id))?.folder).toBe('trash');
    const copy = await db.messages.get(`${m.id}.copy-sent`);
    expect(copy).toMatchObject({ folder: 'sent', subject: 'Build' });
    const bytes = await getRawBytes(db, [m.id, `${m.id}.copy-sent`]);
    expect(bytes.get(`${m.id}.copy-sent`)).toEqual(m.raw);
    expect((await popStateFor(db, 'acc')).map((e) => e.localId)).toEqual([m.id]);
  });

  it('a server action is remembered on the POP entry and answered to the fetch', async () => {
    const db = stores.open();
    await rulesRepo(db).save(rule({ conditions: [{ field: 'subject', operator: 'contains', value: 'newsletter' }], actions: [{ kind: 'server-delete' }] }));
    const m = fetched('news@test.domain', 'Weekly newsletter', 'news');
    const other = fetched('bob@test.domain', 'Hi', 'hi');
    const outcome = await commitFetched(db, 'acc', [m, other], NOW);
    expect([...outcome.server]).toEqual([[m.id, 'delete']]);
    expect((await popStateFor(db, 'acc')).find((e) => e.localId === m.id)?.serverAction).toBe('delete');
    expect((await popStateFor(db, 'acc')).find((e) => e.localId === other.id)?.serverAction).toBeUndefined();
  });

  it('a broken rule: each message gets the reason in its log and the rule records the problem; the next rule still runs', async () => {
    const db = stores.open();
    await rulesRepo(db).save(rule({ id: 'bad', name: 'Bad folder', order: 1, conditions: [{ field: 'subject', operator: 'contains', value: 'x' }], actions: [{ kind: 'move', folderId: 'folder-gone' }] }));
    await rulesRepo(db).save(rule({ id: 'ok', name: 'Star', order: 2, conditions: [{ field: 'subject', operator: 'contains', value: 'x' }], actions: [{ kind: 'star' }] }));
    const m = fetched('bob@test.domain', 'x marks', 'body');
    await commitFetched(db, 'acc', [m], NOW);
    expect(await db.messages.get(m.id)).toMatchObject({ folder: 'inbox', starred: true });
    const log = await rulesRepo(db).logOf(m.id);
    expect(log.map((l) => [l.ruleName, l.did, l.error])).toEqual([
      ['Bad folder', [], 'Not done: the folder it moves mail to no longer exists (it was deleted); choose another.'],
      ['Star', ['Starred'], undefined],
    ]);
    expect((await db.rules.get('bad'))?.problem).toEqual({ at: NOW, message: 'Not done: the folder it moves mail to no longer exists (it was deleted); choose another.' });
  });
});

describe('the junk filter on arrival', () => {
  async function trainedStore() {
    const db = stores.open();
    const spam = [
      fetched('win@prize.example', 'You won a free prize', 'Claim your free prize now, click the link, cheap pills'),
      fetched('deals@pills.example', 'Cheap pills', 'Buy cheap pills now, free shipping, claim your prize'),
    ];
    const ham = [fetched('bob@test.domain', 'Quarterly report', 'The report is attached for the meeting'), fetched('carol@test.domain', 'Meeting', 'See you at the meeting about the report')];
    await commitFetched(db, 'acc', [...spam, ...ham], NOW);
    await junkRepo(db).markJunk(spam.map((m) => m.id), NOW);
    await junkRepo(db).markNotJunk(ham.map((m) => m.id), NOW);
    return db;
  }

  it('trained by the person, it sends the next spam to Junk with the words that decided, and leaves good mail alone', async () => {
    const db = await trainedStore();
    expect(await junkRepo(db).counts()).toEqual({ good: 2, junk: 2 });
    const spam = fetched('promo@prize.example', 'Claim your free prize', 'Cheap pills and a free prize: claim now');
    const ham = fetched('bob@test.domain', 'Report for the meeting', 'The report for the meeting');
    await commitFetched(db, 'acc', [spam, ham], NOW);
    expect((await db.messages.get(spam.id))?.folder).toBe('junk');
    expect((await db.messages.get(spam.id))?.junk?.score).toBeGreaterThan(0.9);
    expect((await db.messages.get(ham.id))?.folder).toBe('inbox');
    const [entry] = await rulesRepo(db).logOf(spam.id);
    expect(entry).toMatchObject({ trigger: 'junk', ruleName: 'Junk filter' });
    expect(entry?.did[0]).toMatch(/^Moved to Junk \(junk score \d+ %\)$/);
    expect(entry?.words).toEqual(expect.arrayContaining(['free', 'prize', 'claim']));
    expect(await db.folderCounts.get(['acc', 'junk'])).toMatchObject({ total: 3, unread: 3 });
  });

  it('a before-junk rule that files a message keeps it from the filter', async () => {
    const db = await trainedStore();
    await rulesRepo(db).save(rule({ junkPhase: 'before', conditions: [{ field: 'from', operator: 'ends-with', value: '@prize.example' }], actions: [{ kind: 'move', folderId: 'inbox' }] }));
    const spam = fetched('promo@prize.example', 'Claim your free prize', 'Cheap pills and a free prize: claim now');
    await commitFetched(db, 'acc', [spam], NOW);
    expect((await db.messages.get(spam.id))?.folder).toBe('inbox');
  });

  it('Not junk moves a message back where it was and retrains it: the counts do not double', async () => {
    const db = await trainedStore();
    const spam = fetched('promo@prize.example', 'Claim your free prize', 'Cheap pills and a free prize: claim now');
    await commitFetched(db, 'acc', [spam], NOW);
    await junkRepo(db).markNotJunk([spam.id], NOW);
    expect(await db.messages.get(spam.id)).toMatchObject({ folder: 'inbox', junk: { trained: 'good' } });
    expect(await junkRepo(db).counts()).toEqual({ good: 3, junk: 2 });
    await junkRepo(db).markJunk([spam.id], NOW);
    expect(await junkRepo(db).counts()).toEqual({ good: 2, junk: 3 });
    expect((await db.messages.get(spam.id))?.folder).toBe('junk');
  });
});

describe('moves into and out of Junk teach the filter', () => {
  it('a message moved into Junk trains as junk, one moved out of it as good, never twice', async () => {
    const { runOrganize } = await import('./store/organize');
    const db = stores.open();
    const spam = fetched('win@prize.example', 'You won', 'Claim your prize');
    const ham = fetched('bob@test.domain', 'Report', 'The report');
    await commitFetched(db, 'acc', [spam, ham], NOW);
    await runOrganize(db, { op: 'move', ids: [spam.id], to: 'junk' }, NOW);
    expect(await junkRepo(db).counts()).toEqual({ good: 0, junk: 1 });
    expect(await db.messages.get(spam.id)).toMatchObject({ folder: 'junk', junk: { trained: 'junk' } });
    await runOrganize(db, { op: 'move', ids: [spam.id], to: 'inbox' }, NOW);
    expect(await junkRepo(db).counts()).toEqual({ good: 1, junk: 0 });
    expect(await db.messages.get(spam.id)).toMatchObject({ folder: 'inbox', junk: { trained: 'good' } });
  });
});

describe("rules file mail in the person's own folders", () => {
  it('a rule naming a folder the person made files the message there; one naming a folder since deleted says so', async () => {
    const { foldersRepo } = await import('./folders-repo');
    const db = stores.open();
    const lists = await foldersRepo(db).create({ accountId: 'acc', parentId: null, name: 'Lists' }, NOW);
    await rulesRepo(db).save(rule({ id: 'to-lists', name: 'Lists', order: 1, conditions: [{ field: 'subject', operator: 'contains', value: '[dev]' }], actions: [{ kind: 'move', folderId: lists.id }] }));
    await rulesRepo(db).save(rule({ id: 'gone', name: 'Old folder', order: 2, conditions: [{ field: 'subject', operator: 'contains', value: 'old' }], actions: [{ kind: 'move', folderId: 'f:deleted' }] }));
    const dev = fetched('list@test.domain', '[dev] build green', 'green');
    const old = fetched('bob@test.domain', 'old news', 'x');
    await commitFetched(db, 'acc', [dev, old], NOW);
    expect((await db.messages.get(dev.id))?.folder).toBe(lists.id);
    expect((await rulesRepo(db).logOf(dev.id))[0]?.did).toEqual(['Moved to Lists']);
    expect((await db.messages.get(old.id))?.folder).toBe('inbox');
    expect((await rulesRepo(db).logOf(old.id))[0]?.error).toBe('Not done: the folder it moves mail to no longer exists (it was deleted); choose another.');
    expect(await db.folderCounts.get(['acc', lists.id])).toMatchObject({ total: 1, unread: 1 });
  });
});
