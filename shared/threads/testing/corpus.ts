/**
 * A threading corpus with the traps the issue names (missing references, loops in References,
 * reused Message-IDs, same-subject notifications from different senders), with the answer.
 * Shared by the threader's tests, the store's and bench:threads.
 */
import type { Address } from '../../model/message';
import type { ThreadMessage } from '../threader';

export interface MsgOptions {
  readonly messageId?: string | null;
  readonly inReplyTo?: string | null;
  readonly references?: readonly string[];
  readonly subject?: string;
  readonly from?: string;
  readonly to?: readonly string[];
  readonly cc?: readonly string[];
  readonly date?: number;
}

function address(a: string): Address {
  return { name: '', address: a };
}

/** A message for threading; unset fields are empty (no ids, no subject, sender someone@example.com). */
export function msg(id: string, o: MsgOptions = {}): ThreadMessage {
  return {
    id,
    messageId: o.messageId ?? null,
    inReplyTo: o.inReplyTo ?? null,
    references: o.references ?? [],
    subject: o.subject ?? '',
    from: address(o.from ?? 'someone@example.com'),
    to: (o.to ?? []).map(address),
    cc: (o.cc ?? []).map(address),
    date: o.date ?? 0,
  };
}

const ME = 'me@home.example';
const ALICE = 'alice@a.example';
const BOB = 'bob@b.example';

export const CORPUS: readonly ThreadMessage[] = [
  // A conversation across Inbox and Sent, with a lost message only the later ones name.
  msg('plan-1', { messageId: 'plan1@a', subject: 'Plan for Q3', from: ALICE, to: [BOB, ME], date: 1_000 }),
  msg('plan-2', { messageId: 'plan2@b', subject: 'Re: Plan for Q3', from: BOB, to: [ALICE], cc: [ME], inReplyTo: 'plan1@a', references: ['plan1@a'], date: 2_000 }),
  msg('plan-3', { messageId: 'plan3@home', subject: 'RE: Plan for Q3', from: ME, to: [ALICE, BOB], references: ['plan1@a', 'plan2@b'], date: 3_000 }),
  // Missing references: only In-Reply-To, naming the message before.
  msg('plan-4', { messageId: 'plan4@a', subject: 'Re: Plan for Q3', from: ALICE, to: [ME], inReplyTo: 'plan3@home', date: 4_000 }),
  // Answers to a message never received, which only they name.
  msg('plan-5', { messageId: 'plan5@b', subject: 'Re: Plan for Q3', from: BOB, to: [ME], references: ['lost@a'], date: 5_000 }),
  msg('plan-6', { messageId: 'plan6@a', subject: 'Re: Plan for Q3', from: ALICE, to: [ME], references: ['plan1@a', 'lost@a'], date: 6_000 }),
  // A loop in References, and a message naming itself.
  msg('loop-1', { messageId: 'loop1@x', subject: 'Loop', from: ALICE, references: ['loop2@x', 'loop1@x'], date: 7_000 }),
  msg('loop-2', { messageId: 'loop2@x', subject: 'Re: Loop', from: BOB, references: ['loop1@x', 'loop2@x', 'loop1@x'], date: 8_000 }),
  msg('self', { messageId: 'self@x', subject: 'Self', from: BOB, inReplyTo: 'self@x', references: ['self@x'], date: 8_500 }),
  // One Message-ID reused by a broken mailer for different messages; a true copy of the first.
  msg('dup-1', { messageId: 'same@list', subject: 'Newsletter 1', from: 'news@list.example', to: [ME], date: 9_000 }),
  msg('dup-2', { messageId: 'same@list', subject: 'Weekly digest', from: 'digest@other.example', to: [ME], date: 10_000 }),
  msg('dup-1-copy', { messageId: '<same@list>', subject: 'Newsletter 1', from: 'news@list.example', to: [ME], date: 9_000 }),
  // Same-subject notifications from different senders (and one sender twice, without a reply prefix).
  msg('order-a1', { messageId: 'oa1@shop-a', subject: 'Your order', from: 'orders@shop-a.example', to: [ME], date: 11_000 }),
  msg('order-b1', { messageId: 'ob1@shop-b', subject: 'Your order', from: 'orders@shop-b.example', to: [ME], date: 12_000 }),
  msg('order-a2', { messageId: 'oa2@shop-a', subject: 'Your order', from: 'orders@shop-a.example', to: [ME], date: 13_000 }),
  msg('basecamp-1', { messageId: 'bc1@one', subject: 'Re: Basecamp', from: 'notify@basecamp-one.example', to: [ME], date: 14_000 }),
  msg('basecamp-2', { messageId: 'bc2@two', subject: 'Re: Basecamp', from: 'notify@basecamp-two.example', to: [ME], date: 15_000 }),
  // Answers that name nothing, in other languages: joined by subject, the people overlapping.
  msg('lunch-1', { messageId: 'l1@a', subject: 'Lunch?', from: ALICE, to: [BOB], date: 16_000 }),
  msg('lunch-2', { messageId: 'l2@b', subject: 'Re: Lunch?', from: BOB, to: [ALICE], date: 17_000 }),
  msg('angebot-1', { messageId: 'g1@de', subject: 'Angebot', from: 'hans@de.example', to: [ME], date: 18_000 }),
  msg('angebot-2', { messageId: 'g2@home', subject: 'AW: Angebot', from: ME, to: ['hans@de.example'], date: 19_000 }),
  msg('meeting-1', { messageId: 'z1@cn', subject: '会议', from: 'li@cn.example', to: [ME], date: 20_000 }),
  msg('meeting-2', { messageId: 'z2@home', subject: '回复：会议', from: ME, to: ['li@cn.example'], date: 21_000 }),
  msg('svar-1', { messageId: 's1@se', subject: 'Middag', from: 'eva@se.example', to: [ME], date: 22_000 }),
  msg('svar-2', { messageId: 's2@home', subject: 'SV: Middag', from: ME, to: ['eva@se.example'], date: 23_000 }),
  // The same subject again, from a stranger to the conversation: apart.
  msg('lunch-stranger', { messageId: 'l3@c', subject: 'Re: Lunch?', from: 'carol@c.example', to: [ME], date: 24_000 }),
];

/** The conversations the corpus holds: sorted local ids, sorted by their first. */
export const EXPECTED_CONVERSATIONS: readonly (readonly string[])[] = [
  ['angebot-1', 'angebot-2'],
  ['basecamp-1'],
  ['basecamp-2'],
  ['dup-1', 'dup-1-copy'],
  ['dup-2'],
  ['loop-1', 'loop-2'],
  ['lunch-1', 'lunch-2'],
  ['lunch-stranger'],
  ['meeting-1', 'meeting-2'],
  ['order-a1'],
  ['order-a2'],
  ['order-b1'],
  ['plan-1', 'plan-2', 'plan-3', 'plan-4', 'plan-5', 'plan-6'],
  ['self'],
  ['svar-1', 'svar-2'],
];
