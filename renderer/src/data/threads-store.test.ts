import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { FetchedMessage } from '../../../shared/model/fetched-message';
import { CORPUS, EXPECTED_CONVERSATIONS, msg } from '../../../shared/threads/testing/corpus';
import { Threader, type ThreadMessage } from '../../../shared/threads/threader';
import type { HeronDb } from './db';
import { commitFetched } from './fetch-store';
import { mergeThreads, splitThread } from './threads-store';
import { testStores } from './test-fixtures';

const stores = testStores('heron-threads-store');
afterEach(() => stores.closeAll());

function fetched(m: ThreadMessage): FetchedMessage {
  const raw = new TextEncoder().encode(`Subject: ${m.subject}\r\n\r\nbody\r\n`);
  return {
    id: m.id,
    uidl: `U-${m.id}`,
    size: raw.byteLength,
    raw,
    partial: false,
    receivedAt: m.date,
    headers: { messageId: m.messageId, inReplyTo: m.inReplyTo, references: m.references, from: m.from, to: m.to, cc: m.cc, replyTo: [], subject: m.subject, date: m.date, size: raw.byteLength, hasAttachments: false },
  };
}

async function conversations(db: HeronDb): Promise<string[][]> {
  const by = new Map<string, string[]>();
  for (const r of await db.messages.toArray()) {
    expect(r.threadId, r.id).toBeDefined();
    const id = r.threadId as string;
    by.set(id, [...(by.get(id) ?? []), r.id]);
  }
  return [...by.values()].map((ids) => ids.sort()).sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
}

/** Commits messages in batches of `size`, the way a fetch does. */
async function commitInBatches(db: HeronDb, messages: readonly ThreadMessage[], size: number): Promise<void> {
  for (let i = 0; i < messages.length; i += size) await commitFetched(db, 'a1', messages.slice(i, i + size).map(fetched));
}

describe('threads in the store', () => {
  it('fetched mail lands in the trap corpus’s conversations, named as the threader names them from scratch, in any batching', async () => {
    const fromScratch = new Threader();
    for (const m of CORPUS) fromScratch.add(m);
    for (const [size, order] of [
      [1, CORPUS],
      [5, [...CORPUS].reverse()],
      [100, CORPUS],
    ] as const) {
      const db = stores.open();
      await commitInBatches(db, order, size);
      expect(await conversations(db)).toEqual(EXPECTED_CONVERSATIONS);
      for (const r of await db.messages.toArray()) expect([size, r.id, r.threadId]).toEqual([size, r.id, fromScratch.threadOf(r.id)]);
    }
  });

  it('a late parent merges the conversations it connects, renaming the stored ones', async () => {
    const db = stores.open();
    await commitInBatches(db, [msg('a', { messageId: 'a@x', inReplyTo: 'p@x', date: 30 }), msg('b', { messageId: 'b@x', references: ['q@x'], date: 20 })], 1);
    expect(await conversations(db)).toEqual([['a'], ['b']]);
    await commitInBatches(db, [msg('p', { messageId: 'p@x', references: ['q@x'], date: 10 })], 1);
    expect(await conversations(db)).toEqual([['a', 'b', 'p']]);
    const ids = new Set((await db.messages.toArray()).map((r) => r.threadId));
    expect([...ids]).toEqual([`${(10).toString(16).padStart(12, '0')}-p`]);
  });

  it('a split and a merge survive reopening the store, and mail arriving later follows them', async () => {
    const name = stores.freshName();
    let db = stores.open(name);
    const a = msg('a', { messageId: 'a@x', subject: 'Trip', date: 1 });
    const b = msg('b', { messageId: 'b@x', subject: 'Re: Trip', references: ['a@x'], date: 2 });
    const c = msg('c', { messageId: 'c@x', subject: 'Re: Trip', references: ['a@x', 'b@x'], date: 3 });
    const x = msg('x', { messageId: 'x@x', subject: 'Budget', date: 4 });
    await commitInBatches(db, [a, b, c, x], 4);
    expect(await conversations(db)).toEqual([['a', 'b', 'c'], ['x']]);

    await splitThread(db, 'b');
    expect(await conversations(db)).toEqual([['a'], ['b', 'c'], ['x']]);
    await mergeThreads(db, 'x', 'a');
    expect(await conversations(db)).toEqual([['a', 'x'], ['b', 'c']]);

    db.close();
    db = stores.open(name);
    expect(await conversations(db)).toEqual([['a', 'x'], ['b', 'c']]);
    const d = msg('d', { messageId: 'd@x', subject: 'Re: Trip', references: ['a@x', 'b@x', 'c@x'], date: 5 });
    const e = msg('e', { messageId: 'e@x', subject: 'Re: Trip', inReplyTo: 'a@x', date: 6 });
    await commitInBatches(db, [d, e], 2);
    expect(await conversations(db)).toEqual([['a', 'e', 'x'], ['b', 'c', 'd']]);
  });

  it('merging a split message back joins it again', async () => {
    const db = stores.open();
    const a = msg('a', { messageId: 'a@x', date: 1 });
    const b = msg('b', { messageId: 'b@x', references: ['a@x'], date: 2 });
    await commitInBatches(db, [a, b], 2);
    await splitThread(db, 'b');
    expect(await conversations(db)).toEqual([['a'], ['b']]);
    await mergeThreads(db, 'b', 'a');
    expect(await conversations(db)).toEqual([['a', 'b']]);
  });
});
