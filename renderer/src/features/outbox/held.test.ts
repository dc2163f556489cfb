// Undo send and Send later through the real runner and Outbox on fake-indexeddb: a held message
// goes when its time comes, not a millisecond before, and its time survives a restart and a sleep.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok } from '../../../../shared/ipc/result';
import type { OutgoingServer } from '../../../../shared/model/account';
import { HeronDb } from '../../data/db';
import { outboxRepo, type OutboxRepo } from '../../data/outbox-repo';
import { undoHold, laterHold } from '../compose/send-hold';
import { createOutboxRunner, MAX_SLEEP_MS, type OutboxRunner, type SendItem } from './runner';
import { draftRow, FakeClock, queueInput } from './test-support';

const T0 = 1_800_000_000_000;
const OUTGOING: OutgoingServer = { protocol: 'smtp', host: 'smtp.example.com', port: 465, security: 'tls', username: 'a', auth: 'plain' };

let n = 0;
let db: HeronDb;
let repo: OutboxRepo;
let clock: FakeClock;
let sent: string[];
let resume: (() => void) | null;

function newRunner(): OutboxRunner {
  return createOutboxRunner({
    repo,
    clock,
    random: () => 0,
    outgoing: async () => OUTGOING,
    send: async ({ items }: { items: SendItem[] }) => {
      sent.push(...items.map((i) => i.id));
      return ok({ outcomes: items.map((i) => ({ id: i.id, status: 'sent', attempted: true, error: null, perRecipient: [], response: '250 ok' })) });
    },
    onResume: (l) => ((resume = l), () => (resume = null)),
  });
}

let runner: OutboxRunner;

async function queue(id: string, hold: ReturnType<typeof undoHold>): Promise<void> {
  const draft = draftRow(`d-${id}`);
  await db.drafts.put(draft);
  await repo.enqueue(queueInput(draft, id, `Subject: ${id}\r\n\r\n${id}\r\n`, clock.now(), hold), clock.now());
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await runner.kick();
}

beforeEach(async () => {
  n += 1;
  db = new HeronDb(`heron-held-test-${process.pid}-${n}`);
  await db.open();
  repo = outboxRepo(db);
  clock = new FakeClock(T0);
  sent = [];
  resume = null;
  runner = newRunner();
});
afterEach(async () => {
  runner.stop();
  db.close();
  await Dexie.delete(db.name);
});

describe('undo send', () => {
  it('a sent message waits out its undo window in the Outbox, then goes once; Undo before the end takes it back unchanged', async () => {
    await runner.start();
    await queue('m1', undoHold(clock.now(), 10));
    await queue('m2', undoHold(clock.now(), 10));
    await runner.kick();
    expect(sent).toEqual([]);
    expect(await db.outbox.get('m1')).toMatchObject({ state: 'queued', sendAt: T0 + 10_000, scheduled: false });
    // Undo m2 a moment before its window ends: back in its draft, never sent.
    clock.advance(9_999);
    await settle();
    expect(sent).toEqual([]);
    expect(await repo.returnToDrafts('m2')).toBe('d-m2');
    expect(await db.drafts.get('d-m2')).toMatchObject({ outboxId: null, subject: 'Subject d-m2', text: 'Hello' });
    clock.advance(1);
    await settle();
    expect(sent).toEqual(['m1']);
    clock.advance(3600_000);
    await settle();
    expect(sent).toEqual(['m1']);
    expect(await db.messages.get('sent-m1')).toBeDefined();
    expect(await db.messages.get('sent-m2')).toBeUndefined();
  });

  it('"Send now" sends a message still in its undo window at once', async () => {
    await runner.start();
    await queue('m1', undoHold(clock.now(), 60));
    await repo.sendItemNow('m1', clock.now());
    await runner.kick();
    expect(sent).toEqual(['m1']);
  });
});

describe('send later', () => {
  it('a scheduled message goes at its time; the time is kept across a restart (a new runner on the same store)', async () => {
    await runner.start();
    const at = T0 + 3 * 3600_000;
    await queue('later', laterHold(clock.now(), at));
    runner.stop();
    clock.sleep(3 * 3600_000 - 1);
    runner = newRunner();
    await runner.start();
    expect(sent).toEqual([]);
    expect(await db.outbox.get('later')).toMatchObject({ state: 'queued', sendAt: at, scheduled: true, nextAttemptAt: at });
    clock.advance(1);
    await settle();
    expect(sent).toEqual(['later']);
  });

  it('due while the app was closed: goes at the next start, once', async () => {
    await queue('later', laterHold(clock.now(), T0 + 60_000));
    clock.sleep(24 * 3600_000);
    await runner.start();
    await settle();
    expect(sent).toEqual(['later']);
  });

  it('due while the machine slept: goes at the wake-up event, before any timer fires', async () => {
    await runner.start();
    await queue('later', laterHold(clock.now(), T0 + 30 * 60_000));
    await runner.kick();
    clock.sleep(8 * 3600_000);
    expect(resume).not.toBeNull();
    resume?.();
    await settle();
    expect(sent).toEqual(['later']);
  });

  it('without a wake-up event, a message due while asleep goes within a minute: the runner never sleeps longer', async () => {
    await runner.start();
    await queue('later', laterHold(clock.now(), T0 + 8 * 3600_000));
    await runner.kick();
    expect(Math.max(...clock.pending)).toBeLessThanOrEqual(MAX_SLEEP_MS);
    expect(MAX_SLEEP_MS).toBe(60_000);
    // The machine sleeps past the time; the timer set before it fires on waking.
    clock.sleep(9 * 3600_000);
    clock.advance(0);
    await settle();
    expect(sent).toEqual(['later']);
  });

  it('the network coming back sends retries at once but never a message held until later', async () => {
    await runner.start();
    await queue('later', laterHold(clock.now(), T0 + 3600_000));
    await repo.sendNow(clock.now());
    resume?.();
    await settle();
    expect(sent).toEqual([]);
  });
});
