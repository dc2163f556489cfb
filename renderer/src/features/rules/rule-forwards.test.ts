import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { FetchedMessage } from '../../../../shared/model/fetched-message';
import { queuedOutgoing } from '../../../../shared/model/outgoing';
import type { Rule } from '../../../../shared/model/rule';
import { accountsRepo } from '../../data/accounts-repo';
import type { HeronDb } from '../../data/db';
import { commitFetched } from '../../data/fetch-store';
import { outboxRepo } from '../../data/outbox-repo';
import { rulesRepo } from '../../data/rules-repo';
import { runRulesOnFolder } from '../../data/rules-stored';
import { crashAfterWriting, fetchedText, makeAccount, testStores } from '../../data/test-fixtures';
import { queueRuleForwards } from './rule-forwards';

const stores = testStores('heron-rule-forwards');
afterEach(() => stores.closeAll());

const enc = new TextEncoder();
const NOW = Date.UTC(2026, 11, 7, 12);
let seq = 0;

const fetched = (from: string, subject: string, text: string, extraHeaders = ''): FetchedMessage => fetchedText((seq += 1), from, subject, text, extraHeaders);

const forwardRule = (over: Partial<Rule> = {}): Rule => ({
  id: 'fwd',
  name: 'Invoices to the accountant',
  enabled: true,
  order: 1,
  accountId: null,
  triggers: { arrival: true, manual: true, sending: false },
  junkPhase: 'after',
  match: 'all',
  conditions: [{ field: 'subject', operator: 'contains', value: 'invoice' }],
  actions: [{ kind: 'forward', to: ['accountant@test.domain'], asAttachment: false }],
  ...over,
});

async function storeWithRule(db: HeronDb, rule: Rule = forwardRule()): Promise<void> {
  await accountsRepo(db).put(makeAccount('acc'));
  await rulesRepo(db).save(rule);
}

/** What main does with queueMessage: builds the bytes (here: any), and the store puts them in the Outbox. */
function mainQueue(db: HeronDb, calls: string[] = []) {
  return async (draftId: string) => {
    calls.push(draftId);
    const draft = await db.drafts.get(draftId);
    if (!draft) throw new Error('no draft');
    const item = queuedOutgoing(draft, { messageId: `${draftId}@example.com`, envelope: { from: 'acc@example.com', to: draft.to.map((a) => a.address) }, size: 3 }, { outboxId: `o-${draftId}`, sentId: `sent-${draftId}` }, NOW);
    await outboxRepo(db).enqueue({ ...item, raw: enc.encode('abc') }, NOW);
  };
}

describe("a rule's forward, after the commit", () => {
  it('waits in the commit that stores the message, then goes to the Outbox once, addressed, without References, marked as sent automatically', async () => {
    const db = stores.open();
    await storeWithRule(db);
    const m = fetched('shop@test.domain', 'Your invoice 42', 'Amount due: 12 EUR');
    const other = fetched('bob@test.domain', 'Lunch', 'Noon?');
    await commitFetched(db, 'acc', [m, other], NOW);
    const waiting = await db.ruleForwards.toArray();
    expect(waiting).toEqual([{ id: expect.stringMatching(/^fwd-/), messageId: m.id, accountId: 'acc', to: ['accountant@test.domain'], asAttachment: false, ruleId: 'fwd', ruleName: 'Invoices to the accountant', trigger: 'arrival', at: NOW }]);
    expect((await rulesRepo(db).logOf(m.id)).map((l) => l.did)).toEqual([['Forwarding to accountant@test.domain (through the Outbox)']]);

    const calls: string[] = [];
    expect(await queueRuleForwards({ db, queue: mainQueue(db, calls), now: () => NOW })).toBe(1);
    expect(await db.ruleForwards.count()).toBe(0);
    const draft = await db.drafts.get(`d-${waiting[0]!.id}`);
    expect(draft).toMatchObject({ to: [{ name: '', address: 'accountant@test.domain' }], subject: 'Fwd: Your invoice 42', references: [], inReplyTo: null, autoForwarded: true, sourceMessageId: m.id });
    expect(draft?.text).toContain('Amount due: 12 EUR');
    expect((await db.outbox.toArray()).map((o) => [o.id, o.state, o.envelope.to])).toEqual([[`o-${draft!.id}`, 'queued', ['accountant@test.domain']]]);
    // Nothing waits any more: a second pass queues nothing.
    expect(await queueRuleForwards({ db, queue: mainQueue(db, calls), now: () => NOW })).toBe(0);
    expect(calls).toHaveLength(1);
  });

  it('a commit that fails leaves no forward behind: nothing is sent for a message that was never stored', async () => {
    const name = stores.freshName();
    const setup = stores.open(name);
    await storeWithRule(setup);
    setup.close();
    const db = stores.open(name);
    const m = fetched('shop@test.domain', 'Invoice 7', 'Due');
    crashAfterWriting(db, m.id);
    await expect(commitFetched(db, 'acc', [m], NOW)).rejects.toThrow();
    expect(await db.messages.get(m.id)).toBeUndefined();
    expect(await db.ruleForwards.count()).toBe(0);
    const calls: string[] = [];
    expect(await queueRuleForwards({ db, queue: mainQueue(db, calls), now: () => NOW })).toBe(0);
    expect(calls).toEqual([]);
  });

  it('a forward that waits survives a restart, and one queued twice at once reaches the Outbox once', async () => {
    const name = stores.freshName();
    const first = stores.open(name);
    await storeWithRule(first);
    await commitFetched(first, 'acc', [fetched('shop@test.domain', 'Invoice 8', 'Due')], NOW);
    first.close();
    const db = stores.open(name);
    expect(await db.ruleForwards.count()).toBe(1);
    const calls: string[] = [];
    const queue = mainQueue(db, calls);
    const [a, b] = await Promise.all([queueRuleForwards({ db, queue, now: () => NOW }), queueRuleForwards({ db, queue, now: () => NOW })]);
    expect(a + b).toBe(1);
    expect(await db.outbox.count()).toBe(1);
    expect(await db.ruleForwards.count()).toBe(0);
  });

  it('a forward main could not take (Heron stopped mid-call) still waits, and after a restart goes once', async () => {
    const name = stores.freshName();
    const first = stores.open(name);
    await storeWithRule(first);
    const m = fetched('shop@test.domain', 'Invoice 12', 'Due');
    await commitFetched(first, 'acc', [m], NOW);
    const gone = Object.assign(new Error('The main process did not answer.'), { retryable: true });
    expect(await queueRuleForwards({ db: first, queue: () => Promise.reject(gone), now: () => NOW })).toBe(0);
    expect(await first.ruleForwards.count()).toBe(1);
    first.close();
    const db = stores.open(name);
    expect(await queueRuleForwards({ db, queue: mainQueue(db), now: () => NOW })).toBe(1);
    expect((await db.outbox.toArray()).map((o) => o.envelope.to)).toEqual([['accountant@test.domain']]);
    expect(await db.ruleForwards.count()).toBe(0);
  });

  it('loop guards: mail sent automatically, mail Heron forwarded, and junk are never forwarded; the log says why', async () => {
    const db = stores.open();
    await storeWithRule(db);
    await rulesRepo(db).save(forwardRule({ id: 'junk', name: 'Spam invoices', order: 0, junkPhase: 'before', conditions: [{ field: 'subject', operator: 'contains', value: 'spam' }], actions: [{ kind: 'move', folderId: 'junk' }] }));
    const replied = fetched('shop@test.domain', 'Invoice: out of office', 'Away', 'Auto-Submitted: auto-replied\r\n');
    const ours = fetched('acc@example.com', 'Fwd: invoice', 'Forwarded', 'X-Heron-Forwarded: rule\r\n');
    const spam = fetched('spam@test.domain', 'spam invoice', 'Buy');
    const person = fetched('shop@test.domain', 'Invoice 9', 'Due', 'Auto-Submitted: no\r\n');
    await commitFetched(db, 'acc', [replied, ours, spam, person], NOW);
    expect((await db.ruleForwards.toArray()).map((f) => f.messageId)).toEqual([person.id]);
    const did = async (id: string) => (await rulesRepo(db).logOf(id)).flatMap((l) => l.did);
    expect(await did(replied.id)).toEqual(['Not forwarded: it was sent automatically (Auto-Submitted: auto-replied)']);
    expect(await did(ours.id)).toEqual(['Not forwarded: Heron forwarded this message itself']);
    expect(await did(spam.id)).toEqual(['Moved to Junk', 'Not forwarded to accountant@test.domain: the message is in Junk']);
    // A refusal is not a broken rule.
    expect((await db.rules.get('fwd'))?.problem).toBeUndefined();
  });

  it('rules run on a folder forward too, once per run, and a forward that cannot be made is said in the rule log', async () => {
    const db = stores.open();
    await storeWithRule(db, forwardRule({ triggers: { arrival: false, manual: true, sending: false } }));
    const m = fetched('shop@test.domain', 'Invoice 10', 'Due');
    await commitFetched(db, 'acc', [m], NOW);
    expect(await db.ruleForwards.count()).toBe(0);
    expect(await runRulesOnFolder(db, { accountId: 'acc', folder: 'inbox' }, undefined, NOW)).toEqual({ looked: 1, matched: 1 });
    const [waiting] = await db.ruleForwards.toArray();
    expect(waiting).toMatchObject({ messageId: m.id, trigger: 'manual' });
    // The message is deleted for good before the window gets to it.
    await db.messages.delete(m.id);
    expect(await queueRuleForwards({ db, queue: mainQueue(db), now: () => NOW + 5 })).toBe(0);
    expect(await db.ruleForwards.count()).toBe(0);
    expect((await rulesRepo(db).logOf(m.id)).at(-1)).toMatchObject({ ruleId: 'fwd', did: [], error: 'The forward to accountant@test.domain could not be queued: The message to forward is no longer stored.' });
  });

  it('a send that fails shows in the rule log of the forwarded message, and one that goes says so', async () => {
    const db = stores.open();
    await storeWithRule(db);
    const m = fetched('shop@test.domain', 'Invoice 11', 'Due');
    await commitFetched(db, 'acc', [m], NOW);
    await queueRuleForwards({ db, queue: mainQueue(db), now: () => NOW });
    const repo = outboxRepo(db);
    const [item] = await repo.claimDue('acc', NOW, { max: 10, maxBytes: 1e9 });
    await repo.applyOutcome({ id: item!.id, status: 'failed', attempted: true, error: { code: 'EREJECTED', message: '550 5.7.1 Relaying denied.', retryable: false }, perRecipient: [] }, NOW + 1);
    expect((await rulesRepo(db).logOf(m.id)).at(-1)).toMatchObject({ error: 'The forward to accountant@test.domain was not sent: 550 5.7.1 Relaying denied. It waits in the Outbox.' });
    expect((await repo.get(item!.id))?.state).toBe('failed');
    await repo.retry(item!.id, NOW + 2);
    await repo.claimDue('acc', NOW + 3, { max: 10, maxBytes: 1e9 });
    await repo.applyOutcome({ id: item!.id, status: 'sent', attempted: true, error: null, perRecipient: [{ address: 'accountant@test.domain', accepted: true }] }, NOW + 4);
    expect((await rulesRepo(db).logOf(m.id)).at(-1)).toMatchObject({ did: ['Forwarded to accountant@test.domain'] });
  });
});
