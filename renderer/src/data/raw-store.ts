/**
 * Where the exact bytes of every message live: `rawChunks`, one row holding one or more members'
 * bytes back to back. A fetched batch is one row (every IndexedDB request is a round trip to the
 * browser's storage backend, and that, not the bytes, is what a commit costs: one row for 500
 * messages instead of 500); a message Heron sent, or an Outbox item, is a row of one.
 *
 * A member is found through whoever owns it: a message row names its chunk (`rawChunk`), and so
 * does an Outbox row. Removing members rewrites their chunk, under the same id, without them, so
 * deleted mail leaves no bytes and the other members' pointers stay right.
 */
import { packBytes } from '../../../shared/bytes';
import type { HeronDb } from './db';
import type { RawChunkRow } from './rows';

/** Where one member's bytes are: its chunk, and its id among the chunk's members. */
export interface RawPointer {
  readonly chunk: string;
  readonly member: string;
}

/** The bytes of one member inside its chunk (a view; copy before keeping it apart from the chunk). */
function slice(chunk: RawChunkRow, index: number): Uint8Array {
  return new Uint8Array(chunk.bytes, chunk.offsets[index] ?? 0, chunk.sizes[index] ?? 0);
}

function chunkOf(id: string, members: ReadonlyArray<{ id: string; bytes: Uint8Array }>): RawChunkRow {
  // A fetched batch's messages are views of one buffer: stored as that buffer, not copied.
  const { buffer, offsets } = packBytes(members.map((m) => m.bytes));
  return { id, members: members.map((m) => m.id), offsets, sizes: members.map((m) => m.bytes.byteLength), bytes: buffer };
}

/** A new chunk's id: its members' owners name it. */
export function newRawChunkId(): string {
  return crypto.randomUUID();
}

/**
 * Adds these members' bytes as one chunk under `id`; their owners must name it, in the same
 * transaction. Call inside a read-write transaction that names `rawChunks`.
 */
export async function putRawChunk(db: HeronDb, id: string, members: ReadonlyArray<{ id: string; bytes: Uint8Array }>): Promise<void> {
  if (members.length > 0) await db.rawChunks.add(chunkOf(id, members));
}

/** Each chunk named once, read once. */
async function chunks(db: HeronDb, pointers: readonly RawPointer[]): Promise<RawChunkRow[]> {
  const rows = await db.rawChunks.bulkGet([...new Set(pointers.map((p) => p.chunk))]);
  return rows.filter((r): r is RawChunkRow => r !== undefined);
}

/** The members' bytes (each its own copy), by member id; members not stored are left out. */
export async function readRaws(db: HeronDb, pointers: readonly RawPointer[]): Promise<Map<string, Uint8Array>> {
  const wanted = new Set(pointers.map((p) => p.member));
  const out = new Map<string, Uint8Array>();
  for (const chunk of await chunks(db, pointers)) {
    chunk.members.forEach((id, i) => {
      if (wanted.has(id)) out.set(id, slice(chunk, i).slice());
    });
  }
  return out;
}

/**
 * Removes these members' bytes: each chunk is rewritten without them, or deleted when none is
 * left. Call inside a read-write transaction naming `rawChunks`.
 */
export async function dropRaws(db: HeronDb, pointers: readonly RawPointer[]): Promise<void> {
  if (pointers.length === 0) return;
  const gone = new Set(pointers.map((p) => `${p.chunk}\u0000${p.member}`));
  for (const chunk of await chunks(db, pointers)) {
    const keep = chunk.members.flatMap((id, i) => (gone.has(`${chunk.id}\u0000${id}`) ? [] : [{ id, bytes: slice(chunk, i) }]));
    if (keep.length === chunk.members.length) continue;
    // The survivors are written afresh under the same id; the old buffer, deleted bytes included, is not kept.
    if (keep.length === 0) await db.rawChunks.delete(chunk.id);
    else await db.rawChunks.put(chunkOf(chunk.id, keep));
  }
}

/** A member changes owner (an Outbox item became a Sent message): same chunk, same bytes, new member id. */
export async function renameRaw(db: HeronDb, from: RawPointer, to: string): Promise<void> {
  const chunk = await db.rawChunks.get(from.chunk);
  if (!chunk || !chunk.members.includes(from.member)) return;
  await db.rawChunks.put({ ...chunk, members: chunk.members.map((m) => (m === from.member ? to : m)) });
}

/** Where these messages' bytes are, from their rows (messages without stored bytes are left out). */
async function pointersOf(db: HeronDb, messageIds: readonly string[]): Promise<RawPointer[]> {
  const rows = await db.messages.bulkGet([...messageIds]);
  return rows.flatMap((r) => (r?.rawChunk !== undefined ? [{ chunk: r.rawChunk, member: r.id }] : []));
}

/** One message's bytes as a Blob (undefined when none are stored). */
export async function getRaw(db: HeronDb, messageId: string): Promise<Blob | undefined> {
  const bytes = (await getRawBytes(db, [messageId])).get(messageId);
  return bytes ? new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'message/rfc822' }) : undefined;
}

/** Several messages' bytes (each its own copy), reading each chunk once. Messages without bytes are left out. */
export async function getRawBytes(db: HeronDb, messageIds: readonly string[]): Promise<Map<string, Uint8Array>> {
  return readRaws(db, await pointersOf(db, messageIds));
}

/**
 * Removes the stored bytes of these messages. Call inside a transaction naming `rawChunks` and
 * `messages`, before their message rows go (the rows say where the bytes are).
 */
export async function deleteRaws(db: HeronDb, messageIds: readonly string[]): Promise<void> {
  if (messageIds.length > 0) await dropRaws(db, await pointersOf(db, messageIds));
}
