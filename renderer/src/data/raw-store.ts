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
import { Dexie } from 'dexie';
import type { HeronDb } from './db';
import type { RawChunkRow } from './rows';

/** Where one member's bytes are: its chunk, and its id among the chunk's members. */
export interface RawPointer {
  readonly chunk: string;
  readonly member: string;
}

/** One member's bytes as a Blob: a slice of its chunk's, so nothing is read until someone reads it. */
function slice(chunk: RawChunkRow, index: number, type = ''): Blob {
  const start = chunk.offsets[index] ?? 0;
  return chunk.bytes.slice(start, start + (chunk.sizes[index] ?? 0), type);
}

/** A member's bytes as they come: views (a fetched batch's, of one buffer) or a Blob already stored. */
type MemberBytes = Uint8Array | Blob;

const sizeOf = (bytes: MemberBytes): number => (bytes instanceof Blob ? bytes.size : bytes.byteLength);

function chunkOf(id: string, members: ReadonlyArray<{ id: string; bytes: MemberBytes }>): RawChunkRow {
  // A Blob, not an ArrayBuffer: the row then holds a reference to bytes the browser keeps, so
  // storing it serializes no copy of them, and a reader reads only the slice it asks for.
  const offsets: number[] = [];
  let at = 0;
  for (const m of members) {
    offsets.push(at);
    at += sizeOf(m.bytes);
  }
  const bytes = new Blob(members.map((m) => m.bytes as Uint8Array<ArrayBuffer> | Blob));
  return { id, members: members.map((m) => m.id), offsets, sizes: members.map((m) => sizeOf(m.bytes)), bytes };
}

/** A new chunk's id: its members' owners name it. */
export function newRawChunkId(): string {
  return crypto.randomUUID();
}

/**
 * Adds these members' bytes as one chunk under `id`; their owners must name it, in the same
 * transaction. Call inside a read-write transaction that names `rawChunks`.
 */
export async function putRawChunk(db: HeronDb, id: string, members: ReadonlyArray<{ id: string; bytes: MemberBytes }>): Promise<void> {
  if (members.length > 0) await db.rawChunks.add(chunkOf(id, members));
}

/** Each chunk named once, read once (its row: the bytes stay a Blob, unread). */
async function chunks(db: HeronDb, pointers: readonly RawPointer[]): Promise<RawChunkRow[]> {
  const rows = await db.rawChunks.bulkGet([...new Set(pointers.map((p) => p.chunk))]);
  return rows.filter((r): r is RawChunkRow => r !== undefined);
}

/** The members' bytes as Blobs (slices of their chunks, nothing read yet), by member id; members not stored are left out. */
export async function rawBlobs(db: HeronDb, pointers: readonly RawPointer[], type = ''): Promise<Map<string, Blob>> {
  const wanted = new Set(pointers.map((p) => p.member));
  const out = new Map<string, Blob>();
  for (const chunk of await chunks(db, pointers)) {
    chunk.members.forEach((id, i) => {
      if (wanted.has(id)) out.set(id, slice(chunk, i, type));
    });
  }
  return out;
}

/**
 * Blobs' bytes, each read on its own (only its slice). Inside a transaction, Dexie keeps the
 * transaction alive while they are read (a Blob's read is not an IndexedDB request).
 */
export async function readBlobs(blobs: ReadonlyMap<string, Blob>): Promise<Map<string, Uint8Array>> {
  const entries = [...blobs];
  if (entries.length === 0) return new Map();
  const read = Promise.all(entries.map(async ([id, blob]) => [id, new Uint8Array(await blob.arrayBuffer())] as const));
  return new Map(Dexie.currentTransaction ? await Dexie.waitFor(read) : await read);
}

/** The members' bytes (each its own copy), by member id; members not stored are left out. */
export async function readRaws(db: HeronDb, pointers: readonly RawPointer[]): Promise<Map<string, Uint8Array>> {
  return readBlobs(await rawBlobs(db, pointers));
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
    // The survivors are written afresh under the same id, as slices of the old bytes; the old
    // Blob, deleted bytes included, is not kept.
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

/** One message's bytes as a Blob, nothing read yet (undefined when none are stored). */
export async function getRaw(db: HeronDb, messageId: string): Promise<Blob | undefined> {
  return (await rawBlobs(db, await pointersOf(db, [messageId]), 'message/rfc822')).get(messageId);
}

/** Several messages' bytes (each its own copy, only its slice read). Messages without bytes are left out. */
export async function getRawBytes(db: HeronDb, messageIds: readonly string[]): Promise<Map<string, Uint8Array>> {
  return readRaws(db, await pointersOf(db, messageIds));
}

/** Several messages' bytes as Blobs, nothing read yet (read them after the transaction, `readBlobs`). */
export async function getRawBlobs(db: HeronDb, messageIds: readonly string[]): Promise<Map<string, Blob>> {
  return rawBlobs(db, await pointersOf(db, messageIds));
}

/**
 * Removes the stored bytes of these messages. Call inside a transaction naming `rawChunks` and
 * `messages`, before their message rows go (the rows say where the bytes are).
 */
export async function deleteRaws(db: HeronDb, messageIds: readonly string[]): Promise<void> {
  if (messageIds.length > 0) await dropRaws(db, await pointersOf(db, messageIds));
}
