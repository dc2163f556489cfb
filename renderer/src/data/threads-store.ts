/**
 * Conversations in the store: every message row carries its conversation (`threadId`), written
 * in the same transaction as the row. What finds a new message's conversation is a table of keys
 * (`threadIndex`, JWZ's id table kept on disk): each Message-ID seen, with the conversation that
 * holds it, and each subject key of the last-resort rule, with the latest messages under it.
 * A batch reads the keys its messages name in ONE request, the threader
 * (shared/threads/threader.ts) decides, and the keys are written back in one more; conversations
 * that join are renamed in place. Nothing is held in memory between commits, so every writer —
 * the store worker for fetched mail, the Outbox for a Sent copy, the window for the person's split
 * and merge — threads the same way.
 */
import { normalizeMessageId } from '../../../shared/model/message-id';
import { stripPrefixes, subjectKey } from '../../../shared/threads/subject';
import { NO_EDITS, Threader, parentsOf, type AddedKeys, type ThreadEdits } from '../../../shared/threads/threader';
import type { HeronDb } from './db';
import type { MessageRow, ThreadEditRow, ThreadKeyRow } from './rows';

/** The latest messages kept under one subject key (the rule picks the closest before an answer). */
const MAX_MEMBERS = 20;

/** The person's edits, as the threader takes them. */
export async function readEdits(db: HeronDb): Promise<ThreadEdits> {
  const rows = await db.threadEdits.toArray();
  if (rows.length === 0) return NO_EDITS;
  return {
    splits: rows.flatMap((r) => (r.kind === 'split' ? [{ localId: r.localId, messageId: r.messageId }] : [])),
    joins: rows.flatMap((r) => (r.kind === 'join' ? [[r.localId, r.other] as const] : [])),
  };
}

function lower(address: string | undefined): string {
  return address?.trim().toLowerCase() ?? '';
}

/** The keys a message's relatives are under (a superset of what the threader adds it by). */
function keysToRead(m: MessageRow): string[] {
  const keys: string[] = [];
  const own = normalizeMessageId(m.messageId);
  if (own !== null) keys.push(`m:${own}`);
  for (const p of parentsOf(m)) keys.push(`m:${p}`);
  const key = subjectKey(m.subject);
  if (key === '') return keys;
  const from = lower(m.from?.address);
  // Copies of a message whose id another message took first; answers waiting for this sender.
  if (own !== null) keys.push(`m:${own}\u0000${from}\u0000${key}`);
  if (from !== '') keys.push(`r:${key}\u0000${from}`);
  if (stripPrefixes(m.subject).prefixed && m.references.length === 0 && m.inReplyTo === null) {
    for (const a of [m.from, ...m.to, ...m.cc]) {
      const p = lower(a?.address);
      if (p !== '') keys.push(`f:${key}\u0000${p}`);
    }
  }
  return keys;
}

/** The key rows for what `added` messages brought, merged with the stored ones (`found`). */
function keyRowsFor(threader: Threader, added: ReadonlyArray<{ row: MessageRow; keys: AddedKeys }>, found: ReadonlyMap<string, ThreadKeyRow>): ThreadKeyRow[] {
  const out = new Map<string, ThreadKeyRow>();
  for (const { row, keys } of added) {
    const threadId = threader.threadOf(row.id);
    for (const key of keys.ids) {
      const before = out.get(key) ?? found.get(key);
      const owner = before?.owner ?? (keys.owns === key ? { from: keys.member.from, subjectKey: keys.member.subjectKey } : undefined);
      out.set(key, { key, threadId, ...(owner ? { owner } : {}) });
    }
    for (const key of keys.lookups) {
      const members = [...(out.get(key) ?? found.get(key))?.members ?? [], keys.member].sort((a, b) => a.date - b.date).slice(-MAX_MEMBERS);
      out.set(key, { key, members });
    }
  }
  // A key first written for a message that later in the batch joined another conversation.
  return [...out.values()].map((r) => (r.threadId === undefined ? r : { ...r, threadId: threader.threadOfKey(r.key) }));
}

/** Stored conversations that joined another get its name, on the messages and on the keys. */
async function rename(db: HeronDb, renames: ReadonlyMap<string, string>): Promise<void> {
  for (const [from, to] of renames) {
    await db.messages.where('threadId').equals(from).modify({ threadId: to });
    await db.threadIndex.where('threadId').equals(from).modify({ threadId: to });
  }
}

/**
 * Threads rows about to be written (call inside a transaction over `messages`, `threadIndex`
 * and `threadEdits`): answers them with `threadId` set, records their keys, and renames the
 * stored conversations they join.
 */
export async function threadArrivals(db: HeronDb, rows: readonly MessageRow[]): Promise<MessageRow[]> {
  if (rows.length === 0) return [];
  const wanted = [...new Set(rows.flatMap(keysToRead))];
  const [edits, stored] = await Promise.all([readEdits(db), db.threadIndex.bulkGet(wanted)]);
  const found = new Map<string, ThreadKeyRow>();
  for (const r of stored) if (r) found.set(r.key, r);

  // Messages under subject keys: their conversation now (a rename since may have moved it).
  const arriving = new Set(rows.map((r) => r.id));
  const memberIds = [...new Set([...found.values()].flatMap((r) => (r.members ?? []).map((m) => m.id)))].filter((id) => !arriving.has(id));
  const memberThreads = new Map<string, string>();
  if (memberIds.length > 0) {
    for (const m of await db.messages.bulkGet(memberIds)) if (m?.threadId !== undefined) memberThreads.set(m.id, m.threadId);
  }

  const threader = new Threader(edits);
  const storedThreads = new Set<string>();
  for (const r of found.values()) {
    if (r.threadId !== undefined) {
      threader.seedId(r.key, r.threadId, r.owner);
      storedThreads.add(r.threadId);
    }
    for (const m of r.members ?? []) {
      const t = memberThreads.get(m.id);
      if (t === undefined) continue; // deleted since, or arriving again
      threader.seedMember(r.key, m, t);
      storedThreads.add(t);
    }
  }
  const added = rows.map((row) => ({ row, keys: threader.add(row) }));
  const renames = new Map<string, string>();
  for (const t of storedThreads) {
    const now = threader.storedThreadNow(t);
    if (now !== t) renames.set(t, now);
  }
  await rename(db, renames);
  await db.threadIndex.bulkPut(keyRowsFor(threader, added, found));
  return rows.map((r) => ({ ...r, threadId: threader.threadOf(r.id) }));
}

/**
 * Threads the given conversations again from their messages, with the person's edits: after a
 * split, one becomes two. Their Message-ID keys are written again too, so later mail follows.
 */
async function rethread(db: HeronDb, threadIds: readonly string[]): Promise<void> {
  const rows = await db.messages.where('threadId').anyOf([...threadIds]).toArray();
  rows.sort((a, b) => a.date - b.date || (a.id < b.id ? -1 : 1));
  const threader = new Threader(await readEdits(db));
  const added = rows.map((row) => ({ row, keys: threader.add(row) }));
  const changed = rows.flatMap((r) => {
    const threadId = threader.threadOf(r.id);
    return threadId === r.threadId ? [] : [{ key: r.id, changes: { threadId } }];
  });
  if (changed.length > 0) await db.messages.bulkUpdate(changed);
  await db.threadIndex.where('threadId').anyOf([...threadIds]).delete();
  const idsOnly = added.map(({ row, keys }) => ({ row, keys: { ...keys, lookups: [] } }));
  await db.threadIndex.bulkPut(keyRowsFor(threader, idsOnly, new Map()));
}

/** Tables a conversation edit writes. */
const editTables = (db: HeronDb) => [db.messages, db.threadIndex, db.threadEdits];

/**
 * "Split here": the message starts a conversation of its own, with the answers to it. Kept as an
 * edit, so mail arriving later, and a reload, keep it split. Answers the message's new conversation.
 */
export async function splitThread(db: HeronDb, localId: string, now: number = Date.now()): Promise<string | null> {
  return db.transaction('rw', editTables(db), async () => {
    const row = await db.messages.get(localId);
    if (!row?.threadId) return null;
    const edit: ThreadEditRow = { id: `split:${localId}`, kind: 'split', localId, messageId: normalizeMessageId(row.messageId), at: now };
    // A split undoes the merges this message took part in.
    const joins = (await db.threadEdits.toArray()).filter((e) => e.kind === 'join' && (e.localId === localId || e.other === localId));
    await db.threadEdits.bulkDelete(joins.map((e) => e.id));
    await db.threadEdits.put(edit);
    await rethread(db, [row.threadId]);
    return (await db.messages.get(localId))?.threadId ?? null;
  });
}

/** "Merge with…": the two messages' conversations become one, and stay one. Answers its id. */
export async function mergeThreads(db: HeronDb, localId: string, other: string, now: number = Date.now()): Promise<string | null> {
  return db.transaction('rw', editTables(db), async () => {
    const [a, b] = await db.messages.bulkGet([localId, other]);
    if (!a?.threadId || !b?.threadId) return null;
    await db.threadEdits.put({ id: `join:${localId}|${other}`, kind: 'join', localId, other, at: now });
    await rethread(db, [a.threadId, b.threadId]);
    return (await db.messages.get(localId))?.threadId ?? null;
  });
}

