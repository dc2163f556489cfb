import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SendProgress, SendResult } from '../../../../shared/ipc/calls/send';
import { fail, ok, type Result } from '../../../../shared/ipc/result';
import type { OutgoingServer } from '../../../../shared/model/account';
import type { SendOutcome } from '../../../../shared/model/draft';
import { HeronDb } from '../../data/db';
import { outboxRepo, type OutboxRepo } from '../../data/outbox-repo';
import { getRawBytes, readRaws } from '../../data/raw-store';
import { createOutboxRunner, type OutboxRunner, type SendItem } from './runner';
import { draftRow, FakeClock, queueInput } from './test-support';

const T0 = 1_700_000_000_000;
const OUTGOING: OutgoingServer = { protocol: 'smtp', host: 'smtp.example.com', port: 465, security: 'tls', username: 'a', auth: 'plain' };

type Script = (items: SendItem[]) => Result<SendResult> | Promise<Result<SendResult>>;

let db: HeronDb;
let repo: OutboxRepo;
let clock: FakeClock;
let calls: SendItem[][];
/** The bytes main sent for each call's items, as the store holds them (main reads them back from there after a restart). */
let bytes: string[][];
let script: Script;
let runner: OutboxRunner;
let progress: ((p: SendProgress) => void) | null;
let online: (() => void) | null;
let n = 0;

const sent = (id: string, over: Partial<SendOutcome> = {}): SendOutcome => ({
  id, status: 'sent', attempted: true, error: null, perRecipient: [{ address: 'bob@example.com', accepted: true }], response: '250 2.0.0 Ok: queued as X', ...over,
});
const allSent: Script = (items) => ok({ outcomes: items.map((i) => sent(i.id)) });

async function queue(id: string, raw = `Subject: ${id}\r\n\r\nbody ${id}\r\n`): Promise<void> {
  const draft = draftRow(`d-${id}`);
  await db.drafts.put(draft);
  await repo.enqueue(queueInput(draft, id, raw, clock.now()), clock.now());
}

/** Lets the runner's promise chains (timers fire kick() without awaiting it) settle. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await runner.kick();
}

/** After one failed call: no timer, nothing sent however long it waits; “Send again” sends it. */
async function expectWaitsForThePerson(id: string): Promise<void> {
  expect(clock.pending).toEqual([]);
  clock.advance(24 * 3600_000);
  await settle();
  expect(calls).toHaveLength(1);
  script = allSent;
  await repo.retry(id, clock.now());
  await runner.kick();
  expect(calls).toHaveLength(2);
  expect(await db.outbox.count()).toBe(0);
}

beforeEach(async () => {
  n += 1;
  db = new HeronDb(`heron-outbox-test-${process.pid}-${n}`);
  await db.open();
  repo = outboxRepo(db);
  clock = new FakeClock(T0);
  calls = [];
  bytes = [];
  script = allSent;
  progress = null;
  online = null;
  runner = createOutboxRunner({
    repo,
    clock,
    random: () => 0,
    outgoing: async (accountId) => (accountId === 'a1' ? OUTGOING : null),
    send: async ({ items }) => {
      calls.push(items);
      const rows = await Promise.all(items.map((i) => repo.get(i.id)));
      const stored = await repo.bytes(rows.filter((r) => r !== undefined));
      bytes.push(items.map((i) => new TextDecoder().decode(stored.get(i.id))));
      return script(items);
    },
    onProgress: (l) => ((progress = l), () => (progress = null)),
    onOnline: (l) => ((online = l), () => (online = null)),
  });
});
afterEach(async () => {
  runner.stop();
  db.close();
  await Dexie.delete(db.name);
});

describe('outbox runner', () => {
  it('drains three queued messages in one call (one connection) and moves the same bytes to Sent with the drafts removed', async () => {
    for (const id of ['m1', 'm2', 'm3']) await queue(id);
    expect((await db.drafts.get('d-m1'))?.outboxId).toBe('m1');
    await runner.start();
    expect(calls.map((c) => c.map((i) => i.id))).toEqual([['m1', 'm2', 'm3']]);
    expect(bytes[0]?.[1]).toBe('Subject: m2\r\n\r\nbody m2\r\n');
    expect(await db.outbox.count()).toBe(0);
    expect(await db.drafts.count()).toBe(0);
    const rows = await db.messages.where('[accountId+folder+date]').between(['a1', 'sent', 0], ['a1', 'sent', Infinity]).toArray();
    expect(rows.map((r) => r.id).sort()).toEqual(['sent-m1', 'sent-m2', 'sent-m3']);
    expect(new TextDecoder().decode((await getRawBytes(db, ['sent-m3'])).get('sent-m3'))).toBe('Subject: m3\r\n\r\nbody m3\r\n');
    // The Outbox items' stored bytes became the Sent messages': nothing else is stored.
    expect((await db.rawChunks.toArray()).map((c) => c.members).sort()).toEqual([['sent-m1'], ['sent-m2'], ['sent-m3']]);
    expect((await db.contacts.get('bob@example.com'))?.timesUsed).toBe(3);
    expect(clock.pending).toEqual([]);
  });

  it('transient failure: waits 1 min, retries on the timer, then sends', async () => {
    await queue('m1');
    script = (items) => ok({ outcomes: items.map((i) => ({ id: i.id, status: 'waiting-retry', attempted: true, error: { code: 'ETEMPORARY', message: '451 4.3.0 try later', retryable: true }, perRecipient: [] })) });
    await runner.start();
    const row = await db.outbox.get('m1');
    expect([row?.state, row?.attempts, row?.nextAttemptAt, row?.lastError?.code]).toEqual(['waiting-retry', 1, T0 + 60_000, 'ETEMPORARY']);
    expect(clock.pending).toEqual([60_000]);
    script = allSent;
    expect(clock.advance(59_999)).toBe(0);
    expect(clock.advance(1)).toBe(1);
    await settle();
    expect(calls).toHaveLength(2);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.messages.get('sent-m1')).toBeDefined();
  });

  it('the network coming back sends what waits at once', async () => {
    await queue('m1');
    script = (items) => ok({ outcomes: items.map((i) => ({ id: i.id, status: 'waiting-retry', attempted: false, error: { code: 'ECONNECTION', message: 'offline', retryable: true }, perRecipient: [] })) });
    await runner.start();
    expect((await db.outbox.get('m1'))?.state).toBe('waiting-retry');
    script = allSent;
    online?.();
    await settle();
    expect(calls).toHaveLength(2);
    expect(await db.outbox.count()).toBe(0);
  });

  it('permanent failure stays in the Outbox with per-recipient reasons, is never retried, and “Send again” sends it', async () => {
    await queue('m1');
    const perRecipient = [{ address: 'bob@example.com', accepted: false, response: '550 5.1.1 <bob@example.com>: User unknown', reason: 'The server says this address does not exist.' }];
    script = (items) => ok({ outcomes: items.map((i) => ({ id: i.id, status: 'failed', attempted: true, error: { code: 'EREJECTED', message: 'refused', retryable: false }, perRecipient })) });
    await runner.start();
    expect(await db.outbox.get('m1')).toMatchObject({ state: 'failed', perRecipient });
    await expectWaitsForThePerson('m1');
  });

  it('no secure connection (ETLS before any message was tried): never retried, not even when the network comes back; “Send again” after the fix sends it', async () => {
    await queue('m1');
    const tls = { code: 'ETLS', message: 'A secure (TLS) connection to smtp.example.com could not be set up: wrong version number. Nothing was sent.', retryable: false } as const;
    script = (items) => ok({ outcomes: items.map((i) => ({ id: i.id, status: 'failed', attempted: false, error: tls, perRecipient: [] })) });
    await runner.start();
    expect(await db.outbox.get('m1')).toMatchObject({ state: 'failed', attempts: 0, nextAttemptAt: 0, lastError: tls });
    online?.();
    await expectWaitsForThePerson('m1');
  });

  it('connection lost after DATA: uncertain, never resent by itself; “Mark as sent” moves it to Sent untouched', async () => {
    await queue('m1');
    script = (items) => ok({ outcomes: items.map((i) => ({ id: i.id, status: 'uncertain', attempted: true, error: { code: 'EUNCERTAIN', message: 'may have been sent', retryable: false }, perRecipient: [] })) });
    await runner.start();
    expect((await db.outbox.get('m1'))?.state).toBe('uncertain');
    clock.advance(3600_000);
    await settle();
    expect(calls).toHaveLength(1);
    await repo.markAsSent('m1');
    expect(await db.outbox.count()).toBe(0);
    expect(new TextDecoder().decode((await getRawBytes(db, ['sent-m1'])).get('sent-m1'))).toBe('Subject: m1\r\n\r\nbody m1\r\n');
    expect(calls).toHaveLength(1);
  });

  it('partly delivered: the Sent copy is kept and says who did not get it', async () => {
    await queue('m1');
    script = (items) =>
      ok({ outcomes: items.map((i) => sent(i.id, { perRecipient: [{ address: 'bob@example.com', accepted: true }, { address: 'eve@example.com', accepted: false, reason: 'No such user.' }] })) });
    await runner.start();
    expect((await db.bodies.get('sent-m1'))?.warnings).toEqual(['Not delivered to eve@example.com: No such user.']);
  });

  describe('a recipient the server deferred (4xx) while it accepted the others', () => {
    const CAROL = 'carol@example.com';
    const deferred = { address: CAROL, accepted: false, temporary: true, response: '451 4.2.1 <carol@example.com>: try again later', reason: 'The server could not take carol@example.com right now; it may work later (451 4.2.1).' };
    const sentRows = () => db.messages.where('[accountId+folder+date]').between(['a1', 'sent', 0], ['a1', 'sent', Infinity]).toArray();
    const resendRows = async () => (await db.outbox.toArray()).filter((r) => r.resendOf !== undefined);

    beforeEach(async () => {
      await queue('m1');
      script = (items) => ok({ outcomes: items.map((i) => sent(i.id, { perRecipient: [{ address: 'bob@example.com', accepted: true }, deferred] })) });
      await runner.start();
    });

    it('the message is in Sent once, and the same bytes wait to go to that recipient alone, on the usual backoff', async () => {
      expect((await sentRows()).map((r) => r.id)).toEqual(['sent-m1']);
      expect((await db.bodies.get('sent-m1'))?.warnings).toEqual([`Not delivered to ${CAROL} yet: ${deferred.reason} Heron is trying again.`]);
      expect(await db.drafts.count()).toBe(0);
      const [resend, ...others] = await resendRows();
      expect(others).toEqual([]);
      expect(resend).toMatchObject({ resendOf: 'sent-m1', state: 'waiting-retry', attempts: 1, nextAttemptAt: T0 + 60_000, envelope: { from: 'alice@example.com', to: [CAROL] }, lastError: { code: 'ETEMPORARY' } });
      expect(resend?.lastError?.message).toContain(`could not take ${CAROL} right now`);
      const own = resend ? (await readRaws(db, [{ chunk: resend.rawChunk, member: resend.id }])).get(resend.id) : undefined;
      expect(new TextDecoder().decode(own)).toBe('Subject: m1\r\n\r\nbody m1\r\n');
      expect(await repo.returnToDrafts(resend?.id ?? '')).toBeNull();
      expect(calls).toHaveLength(1);
    });

    it('when the next try delivers it, the item goes and the Sent copy says so: still one Sent copy', async () => {
      script = (items) => ok({ outcomes: items.map((i) => sent(i.id, { perRecipient: [{ address: CAROL, accepted: true }] })) });
      clock.advance(59_999);
      await settle();
      expect(calls).toHaveLength(1);
      clock.advance(1);
      await settle();
      expect(calls).toHaveLength(2);
      expect(calls[1]?.map((i) => i.envelope)).toEqual([{ from: 'alice@example.com', to: [CAROL] }]);
      expect(bytes[1]?.[0]).toBe('Subject: m1\r\n\r\nbody m1\r\n');
      expect(await db.outbox.count()).toBe(0);
      expect((await sentRows()).map((r) => r.id)).toEqual(['sent-m1']);
      // The finished item's own copy went with it; the Sent copy keeps its bytes.
      expect((await db.rawChunks.toArray()).map((c) => c.members)).toEqual([['sent-m1']]);
      expect((await db.bodies.get('sent-m1'))?.warnings).toEqual([`Delivered to ${CAROL} on a later try.`]);
    });

    it('deferred again: the same item waits longer; refused for good: it stays for the person and the Sent copy says why; "Stop trying" settles it', async () => {
      script = (items) => ok({ outcomes: items.map((i) => ({ id: i.id, status: 'waiting-retry', attempted: true, error: { code: 'ETEMPORARY', message: 'The server could not take the recipients right now.', retryable: true }, perRecipient: [deferred] })) });
      clock.advance(60_000);
      await settle();
      const [again] = await resendRows();
      expect(again).toMatchObject({ state: 'waiting-retry', attempts: 2, nextAttemptAt: T0 + 60_000 + 120_000 });
      const refused = { address: CAROL, accepted: false, response: '550 5.1.1 <carol@example.com>: User unknown', reason: 'No such mailbox: carol@example.com.' };
      script = (items) => ok({ outcomes: items.map((i) => ({ id: i.id, status: 'failed', attempted: true, error: { code: 'EREJECTED', message: 'The server refused every recipient.', retryable: false }, perRecipient: [refused] })) });
      clock.advance(120_000);
      await settle();
      expect(await resendRows()).toMatchObject([{ state: 'failed', attempts: 3 }]);
      expect((await db.bodies.get('sent-m1'))?.warnings).toEqual([`Not delivered to ${CAROL} yet: ${refused.reason} It waits in the Outbox: send it again, or stop trying.`]);
      await repo.stopResend(again?.id ?? '');
      expect(await db.outbox.count()).toBe(0);
      expect((await db.bodies.get('sent-m1'))?.warnings).toEqual([`Not delivered to ${CAROL}: Heron stopped trying, as you asked.`]);
      expect((await sentRows()).map((r) => r.id)).toEqual(['sent-m1']);
    });

    it('a refusal for good on the first try is final: nothing waits for that recipient', async () => {
      await queue('m2');
      const refused = { address: 'eve@example.com', accepted: false, temporary: false, reason: 'No such mailbox: eve@example.com.' };
      script = (items) => ok({ outcomes: items.map((i) => sent(i.id, { perRecipient: [{ address: 'bob@example.com', accepted: true }, refused] })) });
      await runner.kick();
      expect((await db.bodies.get('sent-m2'))?.warnings).toEqual(['Not delivered to eve@example.com: No such mailbox: eve@example.com.']);
      expect((await resendRows()).map((r) => r.resendOf)).toEqual(['sent-m1']);
    });
  });

  it('a call failing before any network work releases the items (EBUSY waits, ENOSECRET needs the person); any other failure makes them uncertain', async () => {
    await queue('m1');
    script = () => fail('EBUSY', 'busy', { retryable: true });
    await runner.start();
    expect(await db.outbox.get('m1')).toMatchObject({ state: 'waiting-retry', nextAttemptAt: T0 + 5000, attempts: 0 });
    script = () => fail('ENOSECRET', 'No password is stored');
    clock.advance(5000);
    await settle();
    expect(await db.outbox.get('m1')).toMatchObject({ state: 'failed', lastError: { code: 'ENOSECRET' } });
    await repo.retry('m1', clock.now());
    script = () => fail('ETIMEDOUT', 'main did not answer', { retryable: true });
    await runner.kick();
    expect(await db.outbox.get('m1')).toMatchObject({ state: 'uncertain', lastError: { code: 'EUNCERTAIN' } });
  });

  it('a progress event and the final answer apply the outcome once', async () => {
    await queue('m1');
    script = (items) => {
      for (const [index, i] of items.entries()) progress?.({ accountId: 'a1', id: i.id, index, total: items.length, outcome: sent(i.id) });
      return ok({ outcomes: items.map((i) => sent(i.id)) });
    };
    await runner.start();
    expect(await db.messages.where('id').equals('sent-m1').count()).toBe(1);
    expect(await db.outbox.count()).toBe(0);
  });

  it('a crash between the server’s 250 and the Sent commit leaves the message in the Outbox (uncertain on restart), the draft intact, nothing in Sent', async () => {
    await queue('m1');
    db.messages.hook('creating', () => {
      throw new Error('disk gone');
    });
    await runner.start();
    expect(await db.messages.count()).toBe(0);
    // The bytes are still the Outbox item's.
    expect((await db.rawChunks.toArray()).map((c) => c.members)).toEqual([['m1']]);
    expect(await db.drafts.get('d-m1')).toMatchObject({ outboxId: 'm1' });
    expect((await db.outbox.get('m1'))?.state).toBe('sending');
    // Heron restarts: the item is not resent silently.
    expect(await repo.recoverInterrupted()).toBe(1);
    expect(await db.outbox.get('m1')).toMatchObject({ state: 'uncertain', lastError: { code: 'EUNCERTAIN' } });
  });

  it('a window that restarts while main goes on takes main\'s word for what it left sending; only what main never saw may have been sent', async () => {
    for (const id of ['m1', 'm2', 'm3']) await queue(id);
    // The window that claimed them stopped; main finished m1, is still sending m2, and never saw m3.
    await repo.claimDue('a1', clock.now(), { max: 10, maxBytes: 1e9 });
    runner.stop();
    runner = createOutboxRunner({
      repo,
      clock,
      outgoing: async () => OUTGOING,
      send: async ({ items }) => (calls.push(items), allSent(items)),
      sendState: async (ids) => ok({ outcomes: ids.includes('m1') ? [sent('m1')] : [], sending: ids.filter((id) => id === 'm2') }),
      onProgress: (l) => ((progress = l), () => (progress = null)),
    });
    await runner.start();
    expect(calls).toEqual([]);
    expect((await db.messages.get('sent-m1'))?.folder).toBe('sent');
    expect(await db.outbox.get('m2')).toMatchObject({ state: 'sending' });
    expect(await db.outbox.get('m3')).toMatchObject({ state: 'uncertain', lastError: { code: 'EUNCERTAIN' } });
    progress?.({ accountId: 'a1', id: 'm2', index: 0, total: 1, outcome: sent('m2') });
    await expect.poll(async () => (await db.messages.get('sent-m2'))?.folder).toBe('sent');
    expect(calls).toEqual([]);
  });

  it('batches by count and by bytes so one call stays bounded', async () => {
    runner.stop();
    runner = createOutboxRunner({ repo, clock, outgoing: async () => OUTGOING, send: async ({ items }) => (calls.push(items), allSent(items)), batch: { max: 2, maxBytes: 1000 } });
    for (const id of ['m1', 'm2', 'm3']) await queue(id);
    await queue('z-big', 'x'.repeat(5000));
    await runner.start();
    expect(calls.map((c) => c.map((i) => i.id))).toEqual([['m1', 'm2'], ['m3'], ['z-big']]);
  });

  it('editing a queued message takes it out of the Outbox; one being sent cannot be taken', async () => {
    await queue('m1');
    expect(await repo.returnToDrafts('m1')).toBe('d-m1');
    expect(await db.outbox.count()).toBe(0);
    expect((await db.drafts.get('d-m1'))?.outboxId).toBeNull();
    await queue('m2');
    await repo.claimDue('a1', clock.now(), { max: 10, maxBytes: 1e9 });
    expect(await repo.returnToDrafts('m2')).toBeNull();
  });
});
