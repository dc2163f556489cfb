import { describe, expect, it } from 'vitest';
import { CORPUS, EXPECTED_CONVERSATIONS, msg } from './testing/corpus';
import { NO_EDITS, Threader, parentsOf, rootKey, type ThreadEdits, type ThreadMessage } from './threader';

/** The conversations, as sorted lists of local ids, sorted. */
function conversations(messages: readonly ThreadMessage[], edits: ThreadEdits = NO_EDITS): string[][] {
  const t = new Threader(edits);
  for (const m of messages) t.add(m);
  const by = new Map<string, string[]>();
  for (const m of messages) {
    const id = t.threadOf(m.id);
    by.set(id, [...(by.get(id) ?? []), m.id]);
  }
  return [...by.values()].map((ids) => ids.sort()).sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
}

/** A deterministic shuffle (mulberry32), so a failing order can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed;
  const rand = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('parentsOf', () => {
  it('keeps References in order with In-Reply-To last, without the own id, repeats or unusable ids', () => {
    expect(parentsOf({ messageId: 'c@x', inReplyTo: '<b@x>', references: ['<a@x>', '<b@x>', '<c@x>', '<a@x>', 'bad id'] })).toEqual(['a@x', 'b@x']);
    expect(parentsOf({ messageId: null, inReplyTo: 'z@x', references: ['a@x'] })).toEqual(['a@x', 'z@x']);
  });
});

describe('Threader on the trap corpus', () => {
  it('finds exactly the expected conversations', () => {
    expect(conversations(CORPUS)).toEqual(EXPECTED_CONVERSATIONS);
  });

  it('finds the same conversations, with the same ids, whatever order the mail arrives in', () => {
    const reference = new Threader();
    for (const m of CORPUS) reference.add(m);
    for (let seed = 1; seed <= 25; seed++) {
      const t = new Threader();
      const order = shuffled(CORPUS, seed);
      for (const m of order) t.add(m);
      for (const m of CORPUS) expect([seed, m.id, t.threadOf(m.id)]).toEqual([seed, m.id, reference.threadOf(m.id)]);
    }
  });

  it('names a conversation after its earliest message', () => {
    const t = new Threader();
    const later = msg('later', { date: 2000, messageId: 'b@x', references: ['a@x'] });
    const earlier = msg('earlier', { date: 1000, messageId: 'a@x' });
    t.add(later);
    expect(t.threadOf('later')).toBe(rootKey(later));
    t.add(earlier);
    expect(t.threadOf('later')).toBe(rootKey(earlier));
    expect(t.threadOf('earlier')).toBe(rootKey(earlier));
  });
});

describe('Threader traps', () => {
  it('a late parent joins two conversations that only it connects', () => {
    const a = msg('a', { messageId: 'a@x', inReplyTo: 'p@x' });
    const b = msg('b', { messageId: 'b@x', references: ['root@x', 'q@x'] });
    const parent = msg('p', { messageId: 'p@x', references: ['root@x', 'q@x'] });
    expect(conversations([a, b])).toEqual([['a'], ['b']]);
    expect(conversations([a, b, parent])).toEqual([['a', 'b', 'p']]);
  });

  it('loops in References end and join what they name', () => {
    const a = msg('a', { messageId: 'a@x', references: ['b@x'] });
    const b = msg('b', { messageId: 'b@x', references: ['a@x', 'b@x', 'a@x'] });
    const c = msg('c', { messageId: 'c@x', references: ['c@x'], inReplyTo: 'c@x' });
    expect(conversations([a, b, c])).toEqual([['a', 'b'], ['c']]);
  });

  it('a reused Message-ID is the same message only with the same sender and subject', () => {
    const first = msg('first', { messageId: 'dup@x', subject: 'Invoice 12', from: 'billing@shop.example' });
    const copy = msg('copy', { messageId: 'dup@x', subject: 'Invoice 12', from: 'billing@shop.example' });
    const other = msg('other', { messageId: 'dup@x', subject: 'Newsletter', from: 'news@other.example' });
    const reply = msg('reply', { messageId: 'r@x', inReplyTo: 'dup@x', subject: 'Re: Invoice 12', from: 'me@home.example' });
    expect(conversations([first, other, copy, reply])).toEqual([['copy', 'first', 'reply'], ['other']]);
  });

  it('never joins same-subject notifications from different senders', () => {
    const a = msg('a', { subject: 'Your order', from: 'orders@shop-a.example', to: ['me@home.example'] });
    const b = msg('b', { subject: 'Your order', from: 'orders@shop-b.example', to: ['me@home.example'] });
    const c = msg('c', { subject: 'Re: Your order', from: 'orders@shop-b.example', to: ['me@home.example'] });
    const d = msg('d', { subject: 'RE: Your order', from: 'support@shop-c.example', to: ['me@home.example'] });
    expect(conversations([a, b, c, d])).toEqual([['a'], ['b', 'c'], ['d']]);
  });

  it('an answer without references from a sender the other message never wrote to stays apart', () => {
    const question = msg('question', { subject: 'Your order', from: 'me@home.example', to: ['orders@shop-a.example'], date: 1000 });
    const notice = msg('notice', { subject: 'Re: Your order', from: 'orders@shop-b.example', to: ['me@home.example'], date: 2000 });
    const answer = msg('answer', { subject: 'Re: Your order', from: 'orders@shop-a.example', to: ['me@home.example'], date: 3000 });
    expect(conversations([question, notice, answer])).toEqual([['answer', 'question'], ['notice']]);
  });

  it('never joins same-subject messages without a reply prefix, even from one sender', () => {
    const a = msg('a', { subject: 'Basecamp', from: 'notify@basecamp.example', to: ['me@home.example'] });
    const b = msg('b', { subject: 'Basecamp', from: 'notify@basecamp.example', to: ['me@home.example'] });
    expect(conversations([a, b])).toEqual([['a'], ['b']]);
  });

  it('an answer without references joins by subject only when the people overlap both ways', () => {
    const lunch = msg('lunch', { subject: 'Lunch?', from: 'alice@a.example', to: ['bob@b.example'], date: 1000 });
    const answer = msg('answer', { subject: 'AW: Lunch?', from: 'bob@b.example', to: ['alice@a.example'], date: 2000 });
    const stranger = msg('stranger', { subject: 'Re: Lunch?', from: 'carol@c.example', to: ['bob@b.example'], date: 3000 });
    expect(conversations([lunch, answer, stranger])).toEqual([['answer', 'lunch'], ['stranger']]);
    expect(conversations([stranger, answer, lunch])).toEqual([['answer', 'lunch'], ['stranger']]);
  });

  it('an answer without references joins the one closest before it, not every same-subject message', () => {
    const first = msg('first', { subject: 'Your order', from: 'orders@shop.example', to: ['me@home.example'], date: 1000 });
    const second = msg('second', { subject: 'Your order', from: 'orders@shop.example', to: ['me@home.example'], date: 5000 });
    const answer = msg('answer', { subject: 'Re: Your order', from: 'me@home.example', to: ['orders@shop.example'], date: 6000 });
    expect(conversations([first, second, answer])).toEqual([['answer', 'second'], ['first']]);
  });

  it('ignores the subject of a message that has references', () => {
    const a = msg('a', { subject: 'Plans', from: 'alice@a.example', to: ['bob@b.example'] });
    const b = msg('b', { subject: 'Re: Plans', from: 'bob@b.example', to: ['alice@a.example'], inReplyTo: 'elsewhere@x' });
    expect(conversations([a, b])).toEqual([['a'], ['b']]);
  });

  it('a reply in Sent joins the conversation it answers', () => {
    const inbox = msg('inbox', { messageId: 'q@x', subject: 'Question', from: 'alice@a.example', to: ['me@home.example'] });
    const sent = msg('sent', { messageId: 's@home', subject: 'Re: Question', from: 'me@home.example', to: ['alice@a.example'], inReplyTo: 'q@x', references: ['q@x'] });
    expect(conversations([sent, inbox])).toEqual([['inbox', 'sent']]);
  });
});

describe('Threader with the person’s edits', () => {
  const a = msg('a', { messageId: 'a@x', date: 1 });
  const b = msg('b', { messageId: 'b@x', references: ['a@x'], date: 2 });
  const c = msg('c', { messageId: 'c@x', references: ['a@x', 'b@x'], inReplyTo: 'b@x', date: 3 });
  const d = msg('d', { messageId: 'd@x', references: ['a@x', 'b@x', 'c@x'], date: 4 });

  it('a split starts a conversation at the message, with the answers to it, and later answers follow it', () => {
    const edits: ThreadEdits = { splits: [{ localId: 'b', messageId: 'b@x' }], joins: [] };
    expect(conversations([a, b, c], edits)).toEqual([['a'], ['b', 'c']]);
    expect(conversations([d, c, a, b], edits)).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('a merge joins two conversations, and survives a split elsewhere in them', () => {
    const x = msg('x', { messageId: 'x@x', date: 10 });
    const y = msg('y', { messageId: 'y@x', references: ['x@x'], date: 11 });
    const edits: ThreadEdits = { splits: [{ localId: 'b', messageId: 'b@x' }], joins: [['a', 'x']] };
    expect(conversations([a, b, c, x, y], edits)).toEqual([['a', 'x', 'y'], ['b', 'c']]);
  });

  it('a split message does not join by subject either', () => {
    const lunch = msg('lunch', { subject: 'Lunch?', from: 'alice@a.example', to: ['bob@b.example'], date: 1000 });
    const answer = msg('answer', { subject: 'Re: Lunch?', from: 'bob@b.example', to: ['alice@a.example'], date: 2000 });
    expect(conversations([lunch, answer], { splits: [{ localId: 'answer', messageId: null }], joins: [] })).toEqual([['answer'], ['lunch']]);
  });
});
