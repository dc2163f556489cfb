/**
 * Conversations: which messages belong together. JWZ's rules (https://www.jwz.org/doc/threading.html)
 * reduced to what a conversation needs — connectivity, not the reply tree — so the answer never
 * depends on the order mail arrives in, and loops in References cannot hang or split anything:
 *
 * - A message joins every message its References and In-Reply-To name, and every message that
 *   names it; messages naming the same missing parent join through it (JWZ's empty containers).
 * - A second message with a Message-ID already taken is the same message again (a copy in Sent
 *   and Inbox, fetched by two accounts) only with the same sender and subject; otherwise it is not
 *   found by that id (JWZ: "create a new Container for this message, don't index it").
 * - The subject is a last resort, for a message without any reference whose subject says it
 *   answers ("Re:", "AW:", "回复:"…), and only when the people overlap both ways: its sender took
 *   part in the other message and the other's sender takes part in it. Notifications that share
 *   a subject ("Your order") from different senders never meet that rule.
 * - What the person decided wins: a split makes a message the start of its own conversation (it
 *   keeps no link to what it answers; messages answering it keep only the links from it on); a
 *   merge joins two messages' conversations.
 *
 * A conversation's id is the smallest of its messages' `rootKey`s (date, then local id), so it
 * is the same however the messages arrived. The store keeps, per message, the keys it joined by
 * (`keys`), so it can find a new message's relatives by index without holding the store in
 * memory (renderer/src/data/threads-store.ts).
 */
import type { Address } from '../model/message';
import { normalizeMessageId } from '../model/message-id';
import { stripPrefixes, subjectKey } from './subject';

/** What threading reads of a message. */
export interface ThreadMessage {
  /** The local id. */
  readonly id: string;
  readonly messageId: string | null;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  readonly subject: string;
  readonly from: Address | null;
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  readonly date: number;
}

/** A message already threaded, as the store keeps it. */
export interface ThreadedMessage extends ThreadMessage {
  readonly threadId: string;
  readonly threadKeys: readonly string[];
}

/** What the person decided: split at a message (local id, and its Message-ID), merge two messages' conversations. */
export interface ThreadEdits {
  readonly splits: ReadonlyArray<{ readonly localId: string; readonly messageId: string | null }>;
  readonly joins: ReadonlyArray<readonly [string, string]>;
}

export const NO_EDITS: ThreadEdits = { splits: [], joins: [] };

/** Keys a message joins by (`m:` a Message-ID) and is found by for the subject rule (`f:` sender, `r:` waiting answer). */
const MSG = 'm:';
const FROM = 'f:';
const WAITING = 'r:';
const SEP = '\u0000';

/** The sortable key a conversation's id is the smallest of: the date (hex, fixed width), then the local id. */
export function rootKey(m: { readonly id: string; readonly date: number }): string {
  const t = Number.isFinite(m.date) ? Math.min(Math.max(0, Math.floor(m.date)), 0xffffffffffff) : 0;
  return `${t.toString(16).padStart(12, '0')}-${m.id}`;
}

/** The messages a message names as its parents, oldest first, In-Reply-To last; its own id and repeats left out. */
export function parentsOf(m: Pick<ThreadMessage, 'messageId' | 'inReplyTo' | 'references'>): string[] {
  const own = normalizeMessageId(m.messageId);
  const out: string[] = [];
  const irt = normalizeMessageId(m.inReplyTo);
  for (const r of m.references) {
    const id = normalizeMessageId(r);
    if (id !== null && id !== own && id !== irt && !out.includes(id)) out.push(id);
  }
  if (irt !== null && irt !== own) out.push(irt);
  return out;
}

interface Member {
  readonly id: string;
  readonly subjectKey: string;
  readonly from: string | null;
  readonly participants: ReadonlySet<string>;
  readonly date: number;
}

function addressOf(a: Address | null): string | null {
  const s = a?.address.trim().toLowerCase() ?? '';
  return s === '' ? null : s;
}

function memberOf(m: ThreadMessage): Member {
  const from = addressOf(m.from);
  const participants = new Set<string>();
  for (const a of [m.from, ...m.to, ...m.cc]) {
    const s = addressOf(a);
    if (s !== null) participants.add(s);
  }
  return { id: m.id, subjectKey: subjectKey(m.subject), from, participants, date: m.date };
}

/** Each took part in the other: the sender of each is among the other's sender and recipients. */
function overlap(a: Member, b: Member): boolean {
  return a.from !== null && b.from !== null && b.participants.has(a.from) && a.participants.has(b.from);
}

export class Threader {
  private readonly up = new Map<string, string>();
  private readonly size = new Map<string, number>();
  /** The smallest root key of a set, kept at its representative (absent: a set of missing messages only). */
  private readonly label = new Map<string, string>();
  private readonly owners = new Map<string, Member>();
  private readonly lookups = new Map<string, Member[]>();
  private readonly members = new Map<string, Member>();
  private readonly cutIds: ReadonlySet<string>;
  private readonly cutLocal: ReadonlySet<string>;
  private readonly joins = new Map<string, string[]>();

  constructor(edits: ThreadEdits = NO_EDITS) {
    this.cutIds = new Set(edits.splits.flatMap((s) => (s.messageId === null ? [] : [s.messageId])));
    this.cutLocal = new Set(edits.splits.map((s) => s.localId));
    for (const [a, b] of edits.joins) {
      this.joins.set(a, [...(this.joins.get(a) ?? []), b]);
      this.joins.set(b, [...(this.joins.get(b) ?? []), a]);
    }
  }

  /** Threads a new message; answers the keys the store keeps for it. */
  add(m: ThreadMessage): string[] {
    const node = this.node(this.nodeOf(m.id), rootKey(m));
    const member = memberOf(m);
    const own = normalizeMessageId(m.messageId);
    let parents = parentsOf(m);
    const refless = parents.length === 0;
    const cut = this.cutLocal.has(m.id) || (own !== null && this.cutIds.has(own));
    if (cut) parents = [];
    else {
      const at = parents.findLastIndex((p) => this.cutIds.has(p));
      if (at >= 0) parents = parents.slice(at);
    }

    const keys: string[] = [];
    if (own !== null) {
      const owner = this.owners.get(own);
      if (owner === undefined) this.owners.set(own, member);
      // The same message again (same sender, same subject) shares its id; another message under it
      // keeps the id only with its own copies, so the answer does not depend on which came first.
      if (owner === undefined || (owner.from === member.from && owner.subjectKey === member.subjectKey)) keys.push(MSG + own);
      else keys.push(MSG + own + SEP + (member.from ?? '') + SEP + member.subjectKey);
    }
    for (const p of parents) keys.push(MSG + p);
    for (const k of keys) this.union(node, k);
    this.joinManual(m.id, node);

    if (!cut && member.subjectKey !== '') {
      const { prefixed } = stripPrefixes(m.subject);
      if (refless && prefixed) {
        // An answer that names nothing: the closest message before it, by someone it writes to, who wrote to its sender.
        const best = this.closestAnswered(member);
        if (best) this.union(node, this.nodeOf(best.id));
        for (const p of member.participants) keys.push(this.register(WAITING + member.subjectKey + SEP + p, member));
      }
      if (member.from !== null) {
        for (const w of this.lookups.get(WAITING + member.subjectKey + SEP + member.from) ?? []) {
          if (w.id !== m.id && overlap(w, member) && !this.cutLocal.has(w.id)) this.union(node, this.nodeOf(w.id));
        }
        keys.push(this.register(FROM + member.subjectKey + SEP + member.from, member));
      }
    }
    this.members.set(m.id, member);
    return keys;
  }

  /**
   * A message the store threaded before, with the keys and conversation it has: it is found by
   * its keys as it was then, and stays in its conversation.
   */
  seed(m: ThreadedMessage): void {
    const node = this.node(this.nodeOf(m.id), rootKey(m));
    const member = memberOf(m);
    this.union(node, this.node(`t:${m.threadId}`, m.threadId));
    const own = normalizeMessageId(m.messageId);
    for (const k of m.threadKeys) {
      if (k.startsWith(MSG)) {
        this.union(node, k);
        if (own !== null && k === MSG + own && !this.owners.has(own)) this.owners.set(own, member);
      } else if (k.startsWith(FROM) || k.startsWith(WAITING)) this.register(k, member);
    }
    this.joinManual(m.id, node);
    this.members.set(m.id, member);
  }

  /** The conversation a message (added or seeded) is in. */
  threadOf(localId: string): string {
    const root = this.find(this.nodeOf(localId));
    return this.label.get(root) ?? root;
  }

  has(localId: string): boolean {
    return this.members.has(localId);
  }

  private closestAnswered(m: Member): Member | undefined {
    let best: Member | undefined;
    let bestScore = Infinity;
    for (const p of m.participants) {
      for (const c of this.lookups.get(FROM + m.subjectKey + SEP + p) ?? []) {
        if (c.id === m.id || !overlap(m, c) || this.cutLocal.has(c.id)) continue;
        // Before it is likelier than after it (an answer follows what it answers); then the nearest.
        const score = c.date <= m.date ? m.date - c.date : 1e15 + (c.date - m.date);
        if (score < bestScore) {
          bestScore = score;
          best = c;
        }
      }
    }
    return best;
  }

  private register(key: string, m: Member): string {
    const list = this.lookups.get(key);
    if (list) list.push(m);
    else this.lookups.set(key, [m]);
    return key;
  }

  private joinManual(localId: string, node: string): void {
    for (const other of this.joins.get(localId) ?? []) if (this.members.has(other)) this.union(node, this.nodeOf(other));
  }

  private nodeOf(localId: string): string {
    return `l:${localId}`;
  }

  /** A node with a root key: a message (`l:`) or a conversation the store named (`t:`). */
  private node(n: string, label: string): string {
    if (!this.up.has(n)) {
      this.up.set(n, n);
      this.size.set(n, 1);
      this.label.set(n, label);
    }
    return n;
  }

  private find(n: string): string {
    let root = n;
    for (let next = this.up.get(root); next !== undefined && next !== root; next = this.up.get(root)) root = next;
    if (!this.up.has(n)) {
      this.up.set(n, n);
      this.size.set(n, 1);
    }
    // Path compression: everything on the way points at the root.
    for (let cur = n; cur !== root; ) {
      const next = this.up.get(cur) as string;
      this.up.set(cur, root);
      cur = next;
    }
    return root;
  }

  private union(a: string, b: string): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if ((this.size.get(ra) ?? 1) < (this.size.get(rb) ?? 1)) [ra, rb] = [rb, ra];
    this.up.set(rb, ra);
    this.size.set(ra, (this.size.get(ra) ?? 1) + (this.size.get(rb) ?? 1));
    const la = this.label.get(ra);
    const lb = this.label.get(rb);
    if (lb !== undefined && (la === undefined || lb < la)) this.label.set(ra, lb);
    this.label.delete(rb);
  }
}
