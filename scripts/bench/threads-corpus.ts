/**
 * A generated mail store for bench:threads, with the answer: conversations of 1–30 messages
 * between a few of 2,000 people and "me" (References as clients write them, capped at ten; some
 * with In-Reply-To only, some naming a message that never arrived, some answering without any
 * reference under a localized prefix), and notifications that share a handful of subjects across
 * 300 senders (some with "Re:", as Basecamp writes them, some reusing another sender's
 * Message-ID). Deterministic: the same seed gives the same store.
 */
import type { Address } from '../../shared/model/message';
import type { ThreadMessage } from '../../shared/threads/threader';

export interface BenchMessage extends ThreadMessage {
  /** The conversation it was generated in (notifications: their own, by sender). */
  readonly truth: string;
  /** A notification: sent by a machine, to me, under a shared subject. */
  readonly notification: boolean;
}

const ME: Address = { name: 'Me', address: 'me@home.example' };
const NOTIFY_SUBJECTS = ['Your order', 'Basecamp', 'Your receipt', 'Security alert', 'Weekly digest'];
const PREFIXES = ['Re: ', 'RE: ', 'AW: ', 'SV: ', 'Ynt: ', 'Odp: ', '回复：', 'Ré : '];

function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function benchCorpus(count: number, seed = 42): BenchMessage[] {
  const rand = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const people: Address[] = Array.from({ length: 2000 }, (_, i) => ({ name: `Person ${i}`, address: `p${i}@corp${i % 37}.example` }));
  const senders: Address[] = Array.from({ length: 300 }, (_, i) => ({ name: `Shop ${i}`, address: `noreply@shop-${i}.example` }));
  const out: BenchMessage[] = [];
  let date = Date.UTC(2020, 0, 1);
  let conv = 0;
  let n = 0;
  const id = () => `m${(n += 1)}`;
  while (out.length < count) {
    date += 1000 + Math.floor(rand() * 60_000);
    if (rand() < 0.5) {
      // A notification.
      const from = pick(senders);
      const subject = NOTIFY_SUBJECTS[Math.floor(rand() * NOTIFY_SUBJECTS.length)] as string;
      const local = id();
      const reusedId = rand() < 0.01 && out.length > 0 ? (pick(out.filter((m) => m.notification).slice(-50)) ?? null) : null;
      out.push({
        id: local,
        messageId: reusedId?.messageId ?? `${local}@${from.address.split('@')[1]}`,
        inReplyTo: null,
        references: [],
        subject: rand() < 0.3 ? `Re: ${subject}` : subject,
        from,
        to: [ME],
        cc: [],
        date,
        truth: `notify:${from.address}`,
        notification: true,
      });
      continue;
    }
    conv += 1;
    const r = rand();
    const length = r < 0.4 ? 1 : r < 0.8 ? 2 + Math.floor(rand() * 4) : 6 + Math.floor(rand() * 25);
    const others = [pick(people), ...(rand() < 0.4 ? [pick(people)] : [])];
    const topic = `Topic ${conv}`;
    const ids: string[] = [];
    const lost = new Set<string>();
    let prevFrom: Address = others[0] as Address;
    let t = date;
    for (let k = 0; k < length && out.length < count; k++) {
      const local = id();
      const messageId = `${local}@mail.example`;
      const from = k === 0 ? prevFrom : prevFrom === ME ? pick(others) : ME;
      const to = from === ME ? others : [ME, ...others.filter((o) => o !== from)];
      ids.push(messageId);
      // One in thirty never arrives: only later messages name it.
      if (k > 0 && rand() < 1 / 30) {
        lost.add(messageId);
        prevFrom = from;
        continue;
      }
      let references: string[] = [];
      let inReplyTo: string | null = null;
      let subject = topic;
      if (k > 0) {
        const parents = ids.slice(0, -1);
        const kind = rand();
        const parent = parents[parents.length - 1] as string;
        // In-Reply-To alone, to a message that arrived (naming only a lost one would be unthreadable).
        if (kind < 0.05 && !lost.has(parent)) inReplyTo = parent;
        else if (kind >= 0.05 && kind < 0.07) subject = `${pick(PREFIXES)}${topic}`; // no references at all
        else {
          references = parents.length > 10 ? [parents[0] as string, ...parents.slice(-9)] : parents;
          inReplyTo = parents[parents.length - 1] as string;
          // A broken client repeats ids and names the message itself.
          if (kind > 0.99) references = [...references, messageId, parents[0] as string];
        }
        if (subject === topic) subject = `Re: ${topic}`;
      }
      out.push({ id: local, messageId, inReplyTo, references, subject, from, to, cc: [], date: t, truth: `conv:${conv}`, notification: false });
      prevFrom = from;
      t += 60_000 + Math.floor(rand() * 3_600_000);
    }
  }
  return out;
}
