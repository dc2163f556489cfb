/**
 * Conversations in the store: every message row carries its conversation (`threadId`) and the
 * keys it joined by (`threadKeys`, a multi-entry index), written in the same transaction as the
 * row. A new message finds its relatives by those keys (one index read for a whole batch), the
 * threader (shared/threads/threader.ts) decides, and conversations it joins are renamed in place:
 * nothing is held in memory between commits, so every writer — the store worker for fetched mail,
 * the Outbox for a Sent copy, the window for the person's split and merge — threads the same way.
 */
import { NO_EDITS, Threader, parentsOf, type ThreadEdits, type ThreadedMessage } from '../../../shared/threads/threader';
import { stripPrefixes, subjectKey } from '../../../shared/threads/subject';
import { normalizeMessageId } from '../../../shared/model/message-id';
import type { HeronDb } from './db';
import type { MessageRow, ThreadEditRow } from './rows';

/** The most rows read per sender for an answer found by subject alone (the closest is kept). */
const SUBJECT_CANDIDATES = 200;

/** The person's edits, as the threader takes them. */
export async function readEdits(db: HeronDb): Promise<ThreadEdits> {
  const rows = await db.threadEdits.toArray();
  if (rows.length === 0) return NO_EDITS;
  return {
    splits: rows.flatMap((r) => (r.kind === 'split' ? [{ localId: r.localId, messageId: r.messageId }] : [])),
    joins: rows.flatMap((r) => (r.kind === 'join' ? [[r.localId, r.other] as const] : [])),
  };
}

function isThreaded(r: MessageRow): r is MessageRow & ThreadedMessage {
  return r.threadId !== undefined && r.threadKeys !== undefined;
}

/** The keys under which the relatives of `m` are indexed. */
function relativeKeys(m: MessageRow): { exact: string[]; bySubject: string[] } {
  const exact: string[] = [];
  const own = normalizeMessageId(m.messageId);
  if (own !== null) exact.push(`m:${own}`);
  for (const p of parentsOf(m)) exact.push(`m:${p}`);
  const { prefixed } = stripPrefixes(m.subject);
  const key = subjectKey(m.subject);
  const bySubject: string[] = [];
  if (key !== '') {
    const from = m.from?.address.trim().toLowerCase() ?? '';
    // A copy of a message whose id another message took first (threader.ts).
    if (own !== null) exact.push(`m:${own}\u0000${from}\u0000${key}`);
    if (from !== '') exact.push(`r:${key}\u0000${from}`);
    if (prefixed && m.references.length === 0 && m.inReplyTo === null) {
      for (const a of [m.from, ...m.to, ...m.cc]) {
        const p = a?.address.trim().toLowerCase() ?? '';
        if (p !== '') bySubject.push(`f:${key}\u0000${p}`);
      }
    }
  }
  return { exact, bySubject };
}

/**
 * Threads rows about to be written (call inside a transaction over `messages` and
 * `threadEdits`): answers them with `threadId` and `threadKeys` set, and renames the stored
 * conversations they join.
 */
export async function threadArrivals(db: HeronDb, rows: readonly MessageRow[]): Promise<MessageRow[]> {
  if (rows.length === 0) return [];
  const exact = new Set<string>();
  const bySubject = new Set<string>();
  for (const r of rows) {
    const k = relativeKeys(r);
    for (const e of k.exact) exact.add(e);
    for (const s of k.bySubject) bySubject.add(s);
  }
  const arriving = new Set(rows.map((r) => r.id));
  const [edits, found, ...subjectRows] = await Promise.all([
    readEdits(db),
    db.messages.where('threadKeys').anyOf([...exact]).toArray(),
    ...[...bySubject].map((k) => db.messages.where('threadKeys').equals(k).limit(SUBJECT_CANDIDATES).toArray()),
  ]);
  const threader = new Threader(edits);
  const seeded = new Map<string, MessageRow & ThreadedMessage>();
  for (const r of [...found, ...subjectRows.flat()]) {
    if (!arriving.has(r.id) && !seeded.has(r.id) && isThreaded(r)) {
      seeded.set(r.id, r);
      threader.seed(r);
    }
  }
  const keys = rows.map((r) => threader.add(r));
  await renameJoined(db, threader, seeded.values());
  return rows.map((r, i) => ({ ...r, threadId: threader.threadOf(r.id), threadKeys: keys[i] ?? [] }));
}

/** Conversations that joined another get its name. */
async function renameJoined(db: HeronDb, threader: Threader, seeded: Iterable<MessageRow & ThreadedMessage>): Promise<void> {
  const renames = new Map<string, string>();
  for (const r of seeded) {
    const now = threader.threadOf(r.id);
    if (now !== r.threadId) renames.set(r.threadId, now);
  }
  for (const [from, to] of renames) await db.messages.where('threadId').equals(from).modify({ threadId: to });
}

/**
 * Threads the given conversations again from their messages, with the person's edits: after a
 * split, one becomes two. Keys are recomputed too, so later mail follows the split.
 */
async function rethread(db: HeronDb, threadIds: readonly string[]): Promise<void> {
  const rows = await db.messages.where('threadId').anyOf([...threadIds]).toArray();
  rows.sort((a, b) => a.date - b.date || (a.id < b.id ? -1 : 1));
  const threader = new Threader(await readEdits(db));
  const keys = rows.map((r) => threader.add(r));
  const changed = rows.flatMap((r, i) => {
    const threadId = threader.threadOf(r.id);
    const threadKeys = keys[i] ?? [];
    return threadId === r.threadId && sameKeys(threadKeys, r.threadKeys) ? [] : [{ key: r.id, changes: { threadId, threadKeys } }];
  });
  if (changed.length > 0) await db.messages.bulkUpdate(changed);
}

function sameKeys(a: readonly string[], b: readonly string[] | undefined): boolean {
  return b !== undefined && a.length === b.length && a.every((k, i) => k === b[i]);
}

/** Tables a conversation edit writes. */
const editTables = (db: HeronDb) => [db.messages, db.threadEdits];

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
