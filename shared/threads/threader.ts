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
 * is the same however the messages arrived. The store keeps the keys messages were threaded by
 * (`AddedKeys`), so it finds a new message's relatives without holding the store in memory
 * (renderer/src/data/threads-store.ts).
 */
import type { Address } from '../model/message';
import { normalizeMessageId } from '../model/message-id';
import { keyOf, stripPrefixes } from './subject';

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

/**
 * What the store keeps of a message under a subject key (`f:`, `r:`): enough to apply the
 * subject rule to it without reading it.
 */
export interface StoredMember {
  readonly id: string;
  readonly subjectKey: string;
  readonly from: string | null;
  /** Sender and recipients, lower case. */
  readonly participants: readonly string[];
  readonly date: number;
}

/** Who first held a Message-ID (a reused one is a copy only with the same sender and subject). */
export interface IdOwner {
  readonly from: string | null;
  readonly subjectKey: string;
}

/** The keys a message was threaded by, for the store's key table (renderer/src/data/threads-store.ts). */
export interface AddedKeys {
  /** `m:` keys: its own id (or its copies' key) and the ids it names. */
  readonly ids: readonly string[];
  /** Its own `m:` key when it is the id's first holder. */
  readonly owns: string | null;
  /** `f:` and `r:` keys it is found under by the subject rule, with what the rule reads of it. */
  readonly lookups: readonly string[];
  readonly member: StoredMember;
}

/** What the person decided: split at a message (local id, and its Message-ID), merge two messages' conversations. */
export interface ThreadEdits {
  readonly splits: ReadonlyArray<{ readonly localId: string; readonly messageId: string | null }>;
  readonly joins: ReadonlyArray<readonly [string, string]>;
}

export const NO_EDITS: ThreadEdits = { splits: [], joins: [] };

/** Keys a message joins by (`m:` a Message-ID) and is found by for the subject rule (`f:` sender, `r:` waiting answer). */
const MSG = 'm:';
const LOCAL = 'l:';
const STORED = 't:';
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

type Member = StoredMember;

function addressOf(a: Address | null): string | null {
  const s = a?.address.trim().toLowerCase() ?? '';
  return s === '' ? null : s;
}

function memberOf(m: ThreadMessage, key: string): Member {
  const from = addressOf(m.from);
  const participants: string[] = [];
  for (const a of [m.from, ...m.to, ...m.cc]) {
    const s = addressOf(a);
    if (s !== null && !participants.includes(s)) participants.push(s);
  }
  return { id: m.id, subjectKey: key, from, participants, date: m.date };
}

/** Each took part in the other: the sender of each is among the other's sender and recipients. */
function overlap(a: Member, b: Member): boolean {
  return a.from !== null && b.from !== null && b.participants.includes(a.from) && a.participants.includes(b.from);
}

export class Threader {
  /** Union-find over numbered nodes: a message (`l:` local id), a Message-ID (`m:`), a stored conversation (`t:`). */
  private readonly index = new Map<string, number>();
  private readonly up: number[] = [];
  private readonly size: number[] = [];
  /** The smallest root key of a set, kept at its representative ('' : a set of missing messages only). */
  private readonly label: string[] = [];
  private readonly owners = new Map<string, IdOwner>();
  private readonly lookups = new Map<string, Member[]>();
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
  add(m: ThreadMessage): AddedKeys {
    const node = this.node(LOCAL + m.id, rootKey(m));
    const { base, prefixed } = stripPrefixes(m.subject);
    const member = memberOf(m, keyOf(base));
    const own = normalizeMessageId(m.messageId);
    let parents = parentsOf(m);
    const refless = parents.length === 0;
    const cut = this.cutLocal.has(m.id) || (own !== null && this.cutIds.has(own));
    if (cut) parents = [];
    else if (this.cutIds.size > 0) {
      const at = parents.findLastIndex((p) => this.cutIds.has(p));
      if (at >= 0) parents = parents.slice(at);
    }

    const ids: string[] = [];
    let owns: string | null = null;
    if (own !== null) {
      const owner = this.owners.get(own);
      if (owner === undefined) {
        this.owners.set(own, member);
        owns = MSG + own;
      }
      // The same message again (same sender, same subject) shares its id; another message under it
      // keeps the id only with its own copies, so the answer does not depend on which came first.
      if (owner === undefined || (owner.from === member.from && owner.subjectKey === member.subjectKey)) ids.push(MSG + own);
      else ids.push(MSG + own + SEP + (member.from ?? '') + SEP + member.subjectKey);
    }
    for (const p of parents) ids.push(MSG + p);
    for (const k of ids) this.union(node, this.node(k));
    this.joinManual(m.id, node);

    const lookups: string[] = [];
    if (!cut && member.subjectKey !== '') {
      if (refless && prefixed) {
        // An answer that names nothing: the closest message before it, by someone it writes to, who wrote to its sender.
        const best = this.closestAnswered(member);
        if (best) this.union(node, this.node(LOCAL + best.id));
        for (const p of member.participants) lookups.push(this.register(WAITING + member.subjectKey + SEP + p, member));
      }
      if (member.from !== null) {
        for (const w of this.lookups.get(WAITING + member.subjectKey + SEP + member.from) ?? []) {
          if (w.id !== m.id && overlap(w, member) && !this.cutLocal.has(w.id)) this.union(node, this.node(LOCAL + w.id));
        }
        lookups.push(this.register(FROM + member.subjectKey + SEP + member.from, member));
      }
    }
    return { ids, owns, lookups, member };
  }

  /** An `m:` key the store holds, in the stored conversation `threadId`; `owner` when a message holds that id. */
  seedId(key: string, threadId: string, owner?: IdOwner): void {
    this.union(this.node(key), this.node(STORED + threadId, threadId));
    if (owner && key.startsWith(MSG) && !key.includes(SEP)) {
      const id = key.slice(MSG.length);
      if (!this.owners.has(id)) this.owners.set(id, owner);
    }
  }

  /** A stored message found under a subject key (`f:`, `r:`), in the stored conversation `threadId`. */
  seedMember(key: string, member: StoredMember, threadId: string): void {
    this.union(this.node(LOCAL + member.id), this.node(STORED + threadId, threadId));
    this.joinManual(member.id, this.node(LOCAL + member.id));
    const list = this.lookups.get(key);
    if (!list?.some((m) => m.id === member.id)) this.register(key, member);
  }

  /** The conversation holding a key the threader has seen. */
  threadOfKey(key: string): string {
    const n = this.index.get(key);
    if (n === undefined) throw new Error(`unknown key: ${key}`);
    return this.label[this.find(n)] as string;
  }

  /** What a stored conversation is now part of (itself, or the one it joined). */
  storedThreadNow(threadId: string): string {
    return this.label[this.find(this.node(STORED + threadId, threadId))] as string;
  }

  /** The conversation a message (added or seeded) is in. */
  threadOf(localId: string): string {
    const n = this.index.get(LOCAL + localId);
    if (n === undefined) throw new Error(`not threaded: ${localId}`);
    return this.label[this.find(n)] as string;
  }

  has(localId: string): boolean {
    return this.index.has(LOCAL + localId);
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

  private joinManual(localId: string, node: number): void {
    for (const other of this.joins.get(localId) ?? []) {
      const n = this.index.get(LOCAL + other);
      if (n !== undefined) this.union(node, n);
    }
  }

  /** The node of a key, made on first use; a message or stored conversation brings its root key. */
  private node(key: string, label = ''): number {
    let n = this.index.get(key);
    if (n === undefined) {
      n = this.up.length;
      this.index.set(key, n);
      this.up.push(n);
      this.size.push(1);
      this.label.push(label);
    }
    return n;
  }

  private find(n: number): number {
    let root = n;
    while (this.up[root] !== root) root = this.up[root] as number;
    // Path compression: everything on the way points at the root.
    for (let cur = n; cur !== root; ) {
      const next = this.up[cur] as number;
      this.up[cur] = root;
      cur = next;
    }
    return root;
  }

  private union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if ((this.size[ra] as number) < (this.size[rb] as number)) [ra, rb] = [rb, ra];
    this.up[rb] = ra;
    this.size[ra] = (this.size[ra] as number) + (this.size[rb] as number);
    const la = this.label[ra] as string;
    const lb = this.label[rb] as string;
    if (lb !== '' && (la === '' || lb < la)) this.label[ra] = lb;
  }
}
