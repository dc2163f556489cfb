/**
 * Adapters from the MIME module to what the fetch pipeline hands the renderer: the list fields
 * (fast header parse, before the commit) and the full bodies (after it).
 */
import type { BodyUpdate, FetchedHeaders, FetchedMessage } from '../../../shared/ipc/calls/fetch';
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

/** Parses one batch in order; a message that cannot be parsed is skipped (its raw bytes are stored). */
export async function parseBodies(messages: FetchedMessage[]): Promise<BodyUpdate[]> {
  const out: BodyUpdate[] = [];
  for (const m of messages) {
    if (m.partial) continue;
    try {
      out.push(await parseOne(m.id, m.raw, m.receivedAt));
    } catch {
      // ETOOBIG or a parser failure: the reader re-parses on open and shows the raw source.
    }
  }
  return out;
}
