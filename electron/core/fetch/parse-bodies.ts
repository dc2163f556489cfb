/**
 * The full parse of stored bytes into what the renderer stores as a body (mailparser, behind the
 * one mime/parse module). Loaded by the worker only when a parse job arrives: loading mailparser
 * is slow, and a fetch would otherwise wait for it before connecting.
 */
import type { BodyUpdate, FetchedHeaders, ParseItem } from '../../../shared/ipc/calls/fetch';
import type { ParsedMeta } from '../../../shared/model/parsed-message';
import { parseMessage } from '../mime/parse';
import { SAFETY_CAP_BYTES } from './session';

export async function parseOne(id: string, raw: Uint8Array, receivedAt = Date.now(), withHeaders = false): Promise<BodyUpdate> {
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
    ...(withHeaders ? { headers: headerFields(parsed.meta) } : {}),
  };
}

function headerFields({ snippet: _snippet, ...fields }: ParsedMeta): FetchedHeaders {
  return fields;
}

/** Parses a batch in order; a message that cannot be parsed is left out (its raw bytes are stored). */
export async function parseMany(items: readonly ParseItem[]): Promise<BodyUpdate[]> {
  const out: BodyUpdate[] = [];
  for (const { id, raw, headers } of items) {
    try {
      out.push(await parseOne(id, raw, Date.now(), headers === true));
    } catch {
      // ETOOBIG or a parser failure: the reader shows the raw source instead.
    }
  }
  return out;
}
