/**
 * Contract fragment: getting mail (issue 4). The flow that keeps "no mail lost or duplicated":
 *
 *   renderer: startFetch(account, its stored POP state)        main/worker: connect, UIDL/LIST, plan
 *   main → fetchBatch(raw bytes + list headers, as two byte arrays) renderer: one strict Dexie transaction
 *   renderer: ackFetchBatch(ok | EQUOTA/ESTORAGE)               worker: only now may DELE those messages
 *   main → fetchProgress …, then fetchDone(summary or error)    renderer: updates POP state (deleted ones)
 *   renderer: parseStoredMessages(raw bytes it stored)          main/worker: the full MIME parse, which
 *                                                              trails the fetch (renderer parse queue)
 *
 * If the renderer never acknowledges, rejects, or the connection drops, the worker destroys the
 * socket without QUIT, so the server deletes nothing.
 */
import type { AttachmentMeta, MessageBody } from '../../model/message';
import type { ParsedHeaders } from '../../model/parsed-message';
import type { PopFailure, PopStateEntry } from '../../model/pop-state';
import type { SerializedError } from '../result';
import { call, event } from '../define';
import { idSchema, incomingServerSchema, popStateEntrySchema, retentionSchema } from '../schemas';
import { v, type Infer } from '../validate';

/**
 * Header fields the message list needs (the fast header parse); committed with the raw bytes
 * before the acknowledgement. `date` already fell back to the time received when missing.
 */
export type FetchedHeaders = ParsedHeaders['meta'];

export interface FetchedMessage {
  /** Local id assigned by main, so bodies parsed later can find their row. */
  readonly id: string;
  readonly uidl: string | null;
  /** Size the server's LIST reported. */
  readonly size: number;
  /** Exactly the bytes the server sent (dot-unstuffed, CRLF). For a partial message: the headers (TOP). */
  readonly raw: Uint8Array;
  readonly partial: boolean;
  /**
   * Completes a headers-only copy stored earlier under this same id. Every other message is new
   * (a fresh id), so the store adds it without first reading for an older row.
   */
  readonly replaces?: boolean;
  readonly headers: FetchedHeaders;
  readonly receivedAt: number;
}

/** A message of a batch: its bytes are `length` bytes at `offset` of the batch's `bytes`. */
export interface BatchMessage extends Omit<FetchedMessage, 'raw'> {
  readonly offset: number;
  readonly length: number;
}

/**
 * One batch of fetched mail: two byte arrays, so that no process between the worker and the
 * store walks its messages.
 *
 * - `bytes`: the messages' bytes, back to back in message order, so the batch crosses every
 *   boundary as one buffer: transferred from the worker, cloned once by main's IPC and once by
 *   the contextBridge (which clones each typed array with its whole buffer, so views of one
 *   buffer per message would each carry all of it), and stored as the batch's raw chunk without
 *   being gathered again.
 * - `index`: the messages (`BatchMessage[]`, `length` bytes at `offset` of `bytes` each) as
 *   UTF-8 JSON, written by `batchOf` and read by `messagesOf`. As objects, main's thread would
 *   deserialize hundreds of them from the worker and serialize them again for the window; as
 *   bytes it copies them once (docs/performance.md).
 */
export interface FetchBatch {
  readonly fetchId: string;
  readonly accountId: string;
  readonly batchId: number;
  /** Every message's bytes, back to back; spans its whole buffer. */
  readonly bytes: Uint8Array;
  /** The messages as UTF-8 JSON of `BatchMessage[]` (see above); spans its whole buffer. */
  readonly index: Uint8Array;
}

/**
 * The one ArrayBuffer that these views cover exactly, back to back in order (every byte of it
 * belongs to exactly one view), or null when they do not.
 */
export function tiledBuffer(views: readonly Uint8Array[]): ArrayBuffer | null {
  const buffer = views[0]?.buffer;
  if (!(buffer instanceof ArrayBuffer)) return null;
  let at = 0;
  for (const v of views) {
    if (v.buffer !== buffer || v.byteOffset !== at) return null;
    at += v.byteLength;
  }
  return at === buffer.byteLength ? buffer : null;
}

/**
 * These views' bytes back to back in one buffer, and where each starts: the buffer they already
 * tile as it is (no copy), else a new one holding exactly their bytes — so no byte of a
 * neighbour (other mail, a login) ever travels or is stored with them.
 */
export function packBytes(views: readonly Uint8Array[]): { buffer: ArrayBuffer; offsets: number[] } {
  const tiled = tiledBuffer(views);
  if (tiled !== null) return { buffer: tiled, offsets: views.map((v) => v.byteOffset) };
  const bytes = new Uint8Array(views.reduce((n, v) => n + v.byteLength, 0));
  const offsets: number[] = [];
  let at = 0;
  for (const v of views) {
    offsets.push(at);
    bytes.set(v, at);
    at += v.byteLength;
  }
  return { buffer: bytes.buffer, offsets };
}

// UTF-8 from the runtime: Node and every browser have both globals; shared's ES-only lib does not type them.
const runtime = globalThis as unknown as {
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new (label: string, options: { fatal: boolean }) => { decode(bytes: Uint8Array): string };
};
const utf8Encoder = new runtime.TextEncoder();
const utf8Decoder = new runtime.TextDecoder('utf-8', { fatal: true });

/** A batch of these messages, their bytes in one buffer (`packBytes`: as the fetch session wrote them, or copied). */
export function batchOf(head: { fetchId: string; accountId: string; batchId: number }, messages: readonly FetchedMessage[]): FetchBatch {
  const { buffer, offsets } = packBytes(messages.map((m) => m.raw));
  const list = messages.map(({ raw, ...rest }, i): BatchMessage => ({ ...rest, offset: offsets[i] as number, length: raw.byteLength }));
  // JSON keeps every field (strings, numbers, booleans, null, arrays, plain objects) except a
  // date that is not a number, which `messagesOf` reads back as NaN.
  return { ...head, bytes: new Uint8Array(buffer), index: utf8Encoder.encode(JSON.stringify(list)) };
}

function malformed(why: string): Error {
  return new RangeError(`A fetched batch's index is malformed: ${why}.`);
}

function fromIndex(batch: FetchBatch): FetchedMessage[] {
  let list: unknown;
  try {
    list = JSON.parse(utf8Decoder.decode(batch.index));
  } catch (error) {
    throw malformed(error instanceof Error ? error.message : String(error));
  }
  if (!Array.isArray(list)) throw malformed('not a list');
  return list.map((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) throw malformed('an entry is not an object');
    const { offset, length, ...rest } = entry as BatchMessage;
    if (typeof rest.id !== 'string' || typeof rest.headers !== 'object' || rest.headers === null) throw malformed('an entry has no id or headers');
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > batch.bytes.byteLength) {
      throw new RangeError(`Message ${rest.id} lies outside its batch's bytes.`);
    }
    const date = typeof rest.headers.date === 'number' ? rest.headers.date : Number.NaN;
    return { ...rest, headers: { ...rest.headers, date }, raw: batch.bytes.subarray(offset, offset + length) };
  });
}

const decoded = new WeakMap<FetchBatch, readonly FetchedMessage[]>();

/**
 * The batch's messages with their bytes (views of `bytes`), read from its index once per batch
 * (the page's commit and its progress both ask). Throws on a malformed index or a message
 * outside the bytes: such a batch is never stored, so never acknowledged as committed.
 */
export function messagesOf(batch: FetchBatch): readonly FetchedMessage[] {
  let messages = decoded.get(batch);
  if (messages === undefined) decoded.set(batch, (messages = fromIndex(batch)));
  return messages;
}

export interface FetchProgress {
  readonly fetchId: string;
  readonly accountId: string;
  readonly phase: 'connecting' | 'listing' | 'downloading' | 'deleting' | 'finishing';
  readonly messagesDone: number;
  readonly messagesTotal: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

export interface FetchSummary {
  readonly serverCount: number;
  readonly downloaded: number;
  /**
   * Local ids of the messages deleted from the server in this session (DELE + successful QUIT).
   * Local ids, not UIDLs: a broken server may give several messages one UIDL, and only the
   * planner knows which stored entry each server message matched.
   */
  readonly deletedLocalIds: readonly string[];
  /** Local ids whose message is no longer on the server: their POP state entries can be forgotten. */
  readonly goneLocalIds: readonly string[];
  /** Messages over the safety cap, not downloaded. */
  readonly refusedTooBig: ReadonlyArray<{ uidl: string | null; size: number }>;
  /**
   * Messages left on the server because the server gives them no usable id (its UIDL leaves them
   * out), which keeping mail on the server needs: each would be downloaded again on every check.
   */
  readonly unidentified: number;
  /** Senders/subjects of new messages, for the notification. */
  readonly newMessages: ReadonlyArray<{ from: string; subject: string }>;
}

/**
 * A message the fetch could not download whole (issue 16 §1), for the POP state: `failure` goes
 * on the entry `localId` names (a headers-only copy, or a message that failed before), or on a
 * new `failed` entry when there is none.
 */
export interface FailedMessage {
  readonly uidl: string;
  /** Octets, as LIST gave them. */
  readonly size: number;
  readonly localId: string;
  readonly failure: PopFailure;
}

export interface FetchDone {
  readonly fetchId: string;
  readonly accountId: string;
  readonly summary: FetchSummary | null;
  /** Set when the fetch failed; what was committed before stays committed. */
  readonly error: SerializedError | null;
  /** Messages it could not download, whether or not the fetch as a whole succeeded (none when absent). */
  readonly failed?: readonly FailedMessage[];
}

/** Stored bytes to parse; `headers` asks for the header fields too (an attached message opened in the reader). */
export interface ParseItem {
  readonly id: string;
  readonly raw: Uint8Array;
  readonly headers?: boolean;
}

export interface BodyUpdate {
  readonly id: string;
  readonly body: MessageBody;
  readonly attachments: ReadonlyArray<{ meta: AttachmentMeta; content: Uint8Array }>;
  /** Corrections to the list row from the full parse (attachment mark, snippet). */
  readonly hasAttachments: boolean;
  readonly snippet: string;
  /** The header fields, when the item asked for them (fetched mail has them from the fetch). */
  readonly headers?: FetchedHeaders;
}

/** The most messages one parseStoredMessages call takes (the renderer also bounds the bytes). */
export const PARSE_BATCH_MAX = 500;

export const fetchAccountSchema = v.object({
  id: idSchema,
  address: v.string({ min: 3, max: 320 }),
  incoming: incomingServerSchema,
  retention: retentionSchema,
  headersOnlyOverBytes: v.nullable(v.number({ integer: true, min: 1 })),
});

/** What main needs of an account to fetch its mail. */
export type FetchAccount = Infer<typeof fetchAccountSchema>;

export const fetchCalls = {
  /** Starts fetching one account; EBUSY if that account is already fetching. */
  startFetch: call<{ fetchId: string }>()(
    v.object({
      account: fetchAccountSchema,
      popState: v.array(popStateEntrySchema, { max: 2_000_000 }),
      reason: v.literal('manual', 'timer', 'startup'),
    }),
  ),
  cancelFetch: call<void>()(v.object({ accountId: idSchema })),
  /** The renderer's answer to one fetchBatch: committed durably, or why not. */
  ackFetchBatch: call<void>()(
    v.object({
      fetchId: v.string({ min: 1, max: 64 }),
      batchId: v.number({ integer: true, min: 0 }),
      committed: v.boolean(),
      errorCode: v.optional(v.literal('EQUOTA', 'ESTORAGE')),
      errorMessage: v.optional(v.string({ max: 2000 })),
    }),
  ),
  /** "Download the whole message": fetches one message that was stored headers-only. */
  fetchWholeMessage: call<FetchedMessage>()(
    v.object({ account: fetchAccountSchema, uidl: v.string({ min: 1, max: 512 }), localId: v.string({ min: 1, max: 128 }) }),
  ),
  /**
   * The full parse of stored raw bytes, off main's event loop: the bodies of fetched mail (which
   * trail the fetch), a message opened before that, or one completed after headers-only. A
   * message the parser cannot read is left out of the answer; the reader then shows its source.
   */
  parseStoredMessages: call<BodyUpdate[]>()(
    v.object({
      items: v.array(v.object({ id: v.string({ min: 1, max: 128 }), raw: v.bytes(), headers: v.optional(v.boolean()) }), { max: PARSE_BATCH_MAX }),
    }),
  ),
} as const;

export const fetchEvents = {
  fetchBatch: event<FetchBatch>(),
  fetchProgress: event<FetchProgress>(),
  fetchDone: event<FetchDone>(),
} as const;

export type { PopStateEntry };
