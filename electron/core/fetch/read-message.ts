/**
 * A downloaded message read where its bytes are (the fetch worker): the list's header fields and
 * the whole message — body, parts, snippet — so the store keeps it with its bytes and nothing is
 * read back out of the store to be parsed. The plain shapes most mail has are read by the fast
 * parser (mime/simple.ts); the rest by mailparser (mime/parse.ts), loaded on the first such
 * message, not when the worker starts: a fetch connects without waiting for it.
 */
import type { FetchedHeaders, ParsedContent } from '../../../shared/model/fetched-message';
import type { ParsedMessage } from '../mime/finish';
import { parseHeaders } from '../mime/headers';
import { readSimple, type SimpleParse } from '../mime/simple';
import { SAFETY_CAP_BYTES } from './session';

export interface ReadMessage {
  readonly headers: FetchedHeaders;
  /** Absent when the message could not be read at all (over the parser's cap). */
  readonly content?: ParsedContent;
}

/** The list's header fields alone: the fast header parse. */
export function readListHeaders(raw: Buffer, receivedAt = Date.now()): FetchedHeaders {
  return parseHeaders(raw, { receivedAt }).meta;
}

function contentOf(parsed: ParsedMessage, inRaw?: SimpleParse['inRaw']): ReadMessage {
  const { snippet, ...headers } = parsed.meta;
  // What lies in the bytes as it is travels and is stored as where it lies, not as a copy.
  const attachments = parsed.attachments.map((a, i) => {
    const span = inRaw?.attachments[i];
    return span ? { meta: a.meta, content: new Uint8Array(0), inRaw: span } : { meta: a.meta, content: new Uint8Array(a.content.buffer, a.content.byteOffset, a.content.byteLength) };
  });
  const body = { text: inRaw?.text ?? parsed.body.text, html: inRaw?.html ?? parsed.body.html, warnings: parsed.body.warnings };
  return { headers, content: { body, attachments, hasAttachments: parsed.meta.hasAttachments, snippet } };
}

/** The message whole, or its header fields alone when the parser refuses it (it never throws on bad input). */
export async function readMessage(raw: Buffer, receivedAt = Date.now()): Promise<ReadMessage> {
  const plain = readSimple(raw, { receivedAt });
  if (plain !== null) return contentOf(plain.message, plain.inRaw);
  const { parseMessage } = await import('../mime/parse');
  try {
    return contentOf(await parseMessage(raw, { receivedAt, maxMessageBytes: SAFETY_CAP_BYTES }));
  } catch {
    return { headers: readListHeaders(raw, receivedAt) };
  }
}
