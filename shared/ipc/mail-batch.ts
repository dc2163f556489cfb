/**
 * The wire format of a batch of fetched mail, and the only code that knows it: the fetch worker
 * encodes (electron/core/fetch/worker-protocol.ts), the store decodes (renderer/src/data/store/),
 * and everything between them forwards three byte arrays without looking inside.
 *
 * - `raw`: the messages' exact bytes, back to back in message order. A batch's messages were
 *   downloaded into one buffer (electron/core/fetch/batches.ts), so this is usually that buffer,
 *   uncopied; the store keeps it whole as the batch's raw chunk (raw-store.ts).
 * - `parts`: the decoded bytes of the messages' attachments, back to back — only those that are
 *   not base64 in the message's own bytes (most are: those travel as where they lie, `inRaw`,
 *   like body text that is the message's bytes as they are; shared/model/stored-text.ts).
 * - `index`: the messages' fields (list headers, body text, part names…) as UTF-8 JSON, each with
 *   where its bytes and its parts' bytes are. As objects, main would deserialize hundreds of them
 *   from the worker and serialize them again for the window; as bytes it copies them once.
 *
 * Every array spans its whole buffer, so a clone or transfer carries exactly these bytes.
 */
import { packBytes } from '../bytes';
import type { FetchedMessage, ParsedContent } from '../model/fetched-message';
import { isRawSpan, spansFit, type RawSpan } from '../model/stored-text';

export interface MailBatch {
  readonly raw: Uint8Array;
  readonly parts: Uint8Array;
  readonly index: Uint8Array;
}

/** Where a run of bytes is in one of the batch's arrays. */
interface Span {
  readonly offset: number;
  readonly length: number;
}

type IndexedPart = { readonly meta: ParsedContent['attachments'][number]['meta'] } & (Span | { readonly inRaw: RawSpan });

type IndexedContent = Omit<ParsedContent, 'attachments'> & { readonly attachments: readonly IndexedPart[] };

type IndexEntry = Omit<FetchedMessage, 'raw' | 'content'> & Span & { readonly content?: IndexedContent };

// UTF-8 from the runtime: Node and every browser have both globals; shared's ES-only lib does not type them.
const runtime = globalThis as unknown as {
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new (label: string, options: { fatal: boolean }) => { decode(bytes: Uint8Array): string };
};
const utf8Encoder = new runtime.TextEncoder();
const utf8Decoder = new runtime.TextDecoder('utf-8', { fatal: true });

/** These messages as one batch: their bytes as they lie (or packed by a copy), their parts packed, the rest as JSON. */
export function encodeMailBatch(messages: readonly FetchedMessage[]): MailBatch {
  const raw = packBytes(messages.map((m) => m.raw));
  const parts = packBytes(messages.flatMap((m) => (m.content?.attachments ?? []).flatMap((a) => (a.inRaw ? [] : [a.content]))));
  let part = 0;
  const index = messages.map(({ raw: bytes, content, ...fields }, i): IndexEntry => {
    const entry: IndexEntry = { ...fields, offset: raw.offsets[i] as number, length: bytes.byteLength };
    if (content === undefined) return entry;
    const attachments = content.attachments.map((a): IndexedPart => (a.inRaw ? { meta: a.meta, inRaw: a.inRaw } : { meta: a.meta, offset: parts.offsets[part++] as number, length: a.content.byteLength }));
    return { ...entry, content: { ...content, attachments } };
  });
  // JSON keeps every field (strings, numbers, booleans, null, arrays, plain objects) except a
  // date that is not a number, which decoding reads back as NaN.
  return { raw: new Uint8Array(raw.buffer), parts: new Uint8Array(parts.buffer), index: utf8Encoder.encode(JSON.stringify(index)) };
}

function malformed(why: string): RangeError {
  return new RangeError(`A fetched batch's index is malformed: ${why}.`);
}

function within(span: Span, bytes: Uint8Array, what: string): Uint8Array {
  const { offset, length } = span;
  if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > bytes.byteLength) {
    throw new RangeError(`${what} lies outside its batch's bytes.`);
  }
  return bytes.subarray(offset, offset + length);
}

/**
 * The batch's messages, their bytes and parts as views of its arrays. Throws on a malformed index
 * or bytes outside the arrays: such a batch is never stored, so never acknowledged as committed.
 */
export function decodeMailBatch(batch: MailBatch): FetchedMessage[] {
  let list: unknown;
  try {
    list = JSON.parse(utf8Decoder.decode(batch.index));
  } catch (error) {
    throw malformed(error instanceof Error ? error.message : String(error));
  }
  if (!Array.isArray(list)) throw malformed('not a list');
  return list.map((item: unknown): FetchedMessage => {
    if (typeof item !== 'object' || item === null) throw malformed('an entry is not an object');
    const { offset, length, content, ...fields } = item as IndexEntry;
    if (typeof fields.id !== 'string' || typeof fields.headers !== 'object' || fields.headers === null) throw malformed('an entry has no id or headers');
    const raw = within({ offset, length }, batch.raw, `Message ${fields.id}`);
    const date = typeof fields.headers.date === 'number' ? fields.headers.date : Number.NaN;
    const message = { ...fields, headers: { ...fields.headers, date }, raw };
    if (content === undefined) return message;
    if (typeof content !== 'object' || content === null || !Array.isArray(content.attachments) || typeof content.body !== 'object' || content.body === null) {
      throw malformed(`the content of ${fields.id} is not readable`);
    }
    // What is said to lie in the message's bytes must lie within them.
    if (!spansFit(content.body, raw.byteLength)) throw new RangeError(`The text of message ${fields.id} lies outside its bytes.`);
    const attachments = content.attachments.map((a: IndexedPart) => {
      if (!('inRaw' in a)) return { meta: a.meta, content: within(a, batch.parts, `A part of message ${fields.id}`) };
      if (!isRawSpan(a.inRaw) || a.inRaw.end > raw.byteLength) throw new RangeError(`A part of message ${fields.id} lies outside its bytes.`);
      return { meta: a.meta, content: new Uint8Array(0), inRaw: a.inRaw };
    });
    return { ...message, content: { ...content, attachments } };
  });
}
