/**
 * Where the exact bytes of every message live. Two shapes, one interface:
 * - `rawChunks`: fetched mail, one row per fetched batch holding all its messages' bytes back to
 *   back: every IndexedDB request is a round trip to the browser's storage backend, and that, not
 *   the bytes, is what a fetch's commit costs (docs/performance.md). A message row names its
 *   chunk (`rawChunk`); a chunk without that pointer is found through the multi-entry `ids`
 *   index. New chunks list their messages in `members`, outside any index, which every fetched
 *   message would otherwise pay for.
 * - `raws`: one row per message (sent copies, older mail), as a Blob or an ArrayBuffer (rows.ts RawRow).
 * Deleting a message from a chunk rewrites the chunk, under the same id, without it, so deleted
 * mail leaves no bytes and the other messages' pointers stay right.
 */
import { packBytes } from '../../../shared/ipc/calls/fetch';
import type { HeronDb } from './db';
import { rawBlob, type RawChunkRow } from './rows';

/** The messages of a chunk, in byte order, whichever field names them. */
function membersOf(chunk: RawChunkRow): readonly string[] {
  return chunk.members ?? chunk.ids ?? [];
}

/**
 * The chunks holding any of these messages, each read once: through the message rows' pointers,
 * and the old index for messages without one. Only keys are collected through the multi-entry
 * index: a chunk matches once per member there, and reading values would structured-clone the
 * whole chunk for every member.
 */
async function chunksHolding(db: HeronDb, ids: readonly string[]): Promise<RawChunkRow[]> {
  const rows = await db.messages.bulkGet([...ids]);
  const keys = new Set<string>();
  const unpointed: string[] = [];
  rows.forEach((row, i) => (row?.rawChunk !== undefined ? keys.add(row.rawChunk) : unpointed.push(ids[i] as string)));
  if (unpointed.length > 0) for (const key of await db.rawChunks.where('ids').anyOf(unpointed).primaryKeys()) keys.add(key);
  const chunks = await db.rawChunks.bulkGet([...keys]);
  return chunks.filter((r): r is RawChunkRow => r !== undefined);
}

/** The bytes of one message inside its chunk (a view; copy before keeping it apart from the chunk). */
function slice(chunk: RawChunkRow, index: number): Uint8Array {
  return new Uint8Array(chunk.bytes, chunk.offsets[index] ?? 0, chunk.sizes[index] ?? 0);
}

function chunkOf(id: string, messages: ReadonlyArray<{ id: string; raw: Uint8Array }>, listIn: 'members' | 'ids'): RawChunkRow {
  // A fetched batch's messages are views of its one `bytes` (FetchBatch): stored as that buffer, not copied.
  const { buffer, offsets } = packBytes(messages.map((m) => m.raw));
  return { id, [listIn]: messages.map((m) => m.id), offsets, sizes: messages.map((m) => m.raw.byteLength), bytes: buffer };
}

/** A new chunk's id: the message rows of its messages name it (`rawChunk`). */
export function newRawChunkId(): string {
  return crypto.randomUUID();
}

/**
 * Adds the bytes of a batch of messages as one chunk under `id`; their message rows must name it
 * (`rawChunk`), in the same transaction. Call inside a read-write transaction that names
 * `rawChunks`; ids must not have bytes stored yet (`deleteRaws` first when replacing).
 */
export async function putRawChunk(db: HeronDb, id: string, messages: ReadonlyArray<{ id: string; raw: Uint8Array }>): Promise<void> {
  if (messages.length > 0) await db.rawChunks.add(chunkOf(id, messages, 'members'));
}

/** One message's bytes as a Blob, wherever they are stored. */
export async function getRaw(db: HeronDb, id: string): Promise<Blob | undefined> {
  const row = await db.raws.get(id);
  if (row) return rawBlob(row);
  const pointer = (await db.messages.get(id))?.rawChunk;
  const chunk = pointer !== undefined ? await db.rawChunks.get(pointer) : await db.rawChunks.where('ids').equals(id).first();
  const index = chunk ? membersOf(chunk).indexOf(id) : -1;
  return chunk && index >= 0 ? new Blob([slice(chunk, index) as Uint8Array<ArrayBuffer>], { type: 'message/rfc822' }) : undefined;
}

/** Several messages' bytes (each its own copy), reading each chunk once. Absent ids are left out. */
export async function getRawBytes(db: HeronDb, ids: readonly string[]): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  const wanted = new Set(ids);
  for (const chunk of await chunksHolding(db, [...wanted])) {
    membersOf(chunk).forEach((id, i) => {
      if (wanted.has(id)) out.set(id, slice(chunk, i).slice());
    });
  }
  const rest = [...wanted].filter((id) => !out.has(id));
  const rows = await db.raws.bulkGet(rest);
  for (const row of rows) {
    if (row) out.set(row.messageId, 'bytes' in row ? new Uint8Array(row.bytes) : new Uint8Array(await row.blob.arrayBuffer()));
  }
  return out;
}

/**
 * Removes the stored bytes of these messages. Call inside a transaction naming `raws`,
 * `rawChunks` and `messages`, before their message rows go (the rows say where the bytes are).
 */
export async function deleteRaws(db: HeronDb, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.raws.bulkDelete([...ids]);
  const gone = new Set(ids);
  for (const chunk of await chunksHolding(db, ids)) {
    const keep = membersOf(chunk).flatMap((id, i) => (gone.has(id) ? [] : [{ id, raw: slice(chunk, i) }]));
    // The survivors are written afresh under the same id (their pointers stay right), in the shape
    // the chunk had (an old chunk's messages are found through the index); the old buffer, deleted
    // bytes included, is not kept.
    if (keep.length === 0) await db.rawChunks.delete(chunk.id);
    else await db.rawChunks.put(chunkOf(chunk.id, keep, chunk.members ? 'members' : 'ids'));
  }
}
