/**
 * Where the exact bytes of every message live. Two shapes, one interface:
 * - `rawChunks`: fetched mail, one row per fetched batch holding all its messages' bytes back to
 *   back. Every IndexedDB request is a round trip to the browser's storage backend and that, not
 *   the bytes, is what a fetch's commit costs (bench:fetch, bench:idb-floor): one row for 200
 *   messages instead of 200 rows. The multi-entry `ids` index finds a message's chunk.
 * - `raws`: one row per message (sent copies, mail stored before schema v7), as a Blob or an
 *   ArrayBuffer (rows.ts RawRow).
 * Deleting a message from a chunk rewrites the chunk without it, so deleted mail leaves no bytes.
 */
import type { HeronDb } from './db';
import { rawBlob, type RawChunkRow } from './rows';

/**
 * The chunks holding any of these messages, each read once. Through the multi-entry index a
 * chunk matches once per member, so only keys are collected there: reading values would
 * structured-clone the whole chunk for every member (200 × 1.6 MB for one batch).
 */
async function chunksHolding(db: HeronDb, ids: readonly string[]): Promise<RawChunkRow[]> {
  const keys = [...new Set(await db.rawChunks.where('ids').anyOf([...ids]).primaryKeys())];
  const rows = await db.rawChunks.bulkGet(keys);
  return rows.filter((r): r is RawChunkRow => r !== undefined);
}

/** The bytes of one message inside its chunk (a view; copy before keeping it apart from the chunk). */
function slice(chunk: RawChunkRow, index: number): Uint8Array {
  return new Uint8Array(chunk.bytes, chunk.offsets[index] ?? 0, chunk.sizes[index] ?? 0);
}

/**
 * Adds the bytes of a batch of messages as one chunk. Call inside a read-write transaction that
 * names `rawChunks`; ids must not have bytes stored yet (`deleteRaws` first when replacing).
 */
export async function putRawChunk(db: HeronDb, messages: ReadonlyArray<{ id: string; raw: Uint8Array }>): Promise<void> {
  if (messages.length === 0) return;
  const total = messages.reduce((n, m) => n + m.raw.byteLength, 0);
  const bytes = new Uint8Array(total);
  const offsets: number[] = [];
  let at = 0;
  for (const m of messages) {
    offsets.push(at);
    bytes.set(m.raw, at);
    at += m.raw.byteLength;
  }
  await db.rawChunks.add({
    id: crypto.randomUUID(),
    ids: messages.map((m) => m.id),
    offsets,
    sizes: messages.map((m) => m.raw.byteLength),
    bytes: bytes.buffer,
  });
}

/** One message's bytes as a Blob, wherever they are stored. */
export async function getRaw(db: HeronDb, id: string): Promise<Blob | undefined> {
  const row = await db.raws.get(id);
  if (row) return rawBlob(row);
  const chunk = await db.rawChunks.where('ids').equals(id).first();
  const index = chunk ? chunk.ids.indexOf(id) : -1;
  return chunk && index >= 0 ? new Blob([slice(chunk, index) as Uint8Array<ArrayBuffer>], { type: 'message/rfc822' }) : undefined;
}

/** Several messages' bytes (each its own copy), reading each chunk once. Absent ids are left out. */
export async function getRawBytes(db: HeronDb, ids: readonly string[]): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  const wanted = new Set(ids);
  for (const chunk of await chunksHolding(db, [...wanted])) {
    chunk.ids.forEach((id, i) => {
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

/** Removes the stored bytes of these messages. Call inside a transaction naming `raws` and `rawChunks`. */
export async function deleteRaws(db: HeronDb, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.raws.bulkDelete([...ids]);
  const gone = new Set(ids);
  for (const chunk of await chunksHolding(db, ids)) {
    const keep = chunk.ids.flatMap((id, i) => (gone.has(id) ? [] : [{ id, raw: slice(chunk, i) }]));
    await db.rawChunks.delete(chunk.id);
    // The survivors move to a fresh chunk: the old buffer, deleted bytes included, is not kept.
    await putRawChunk(db, keep);
  }
}
