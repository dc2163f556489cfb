/**
 * Adapters from the MIME module to what the fetch pipeline hands the renderer: the list fields
 * (fast header parse, before the commit) and the full bodies (parsed later, from stored bytes).
 */
import type { BodyUpdate, FetchedHeaders } from '../../../shared/ipc/calls/fetch';
import { parseHeaders } from '../mime/headers';
import { parseMessage } from '../mime/parse';
import { SAFETY_CAP_BYTES } from './session';

export function readListHeaders(raw: Buffer): FetchedHeaders {
  return parseHeaders(raw, { receivedAt: Date.now() }).meta;
}

export async function parseOne(id: string, raw: Uint8Array, receivedAt = Date.now()): Promise<BodyUpdate> {
  const buffer = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const parsed = await parseMessage(buffer, { receivedAt, maxMessageBytes: SAFETY_CAP_BYTES });
  return {
    id,
    body: { messageId: id, ...parsed.body },
    attachments: parsed.attachments.map((a, index) => ({
      meta: { ...a.meta, id: `${id}:${index}`, messageId: id },
      content: new Uint8Array(a.content.buffer, a.content.byteOffset, a.content.byteLength),
    })),
    hasAttachments: parsed.meta.hasAttachments,
    snippet: parsed.meta.snippet,
  };
}

/** Parses a batch in order; a message that cannot be parsed is left out (its raw bytes are stored). */
export async function parseMany(items: ReadonlyArray<{ id: string; raw: Uint8Array }>): Promise<BodyUpdate[]> {
  const out: BodyUpdate[] = [];
  for (const { id, raw } of items) {
    try {
      out.push(await parseOne(id, raw));
    } catch {
      // ETOOBIG or a parser failure: the reader shows the raw source instead.
    }
  }
  return out;
}
