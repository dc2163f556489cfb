/**
 * Contract fragment: getting mail (issue 4). The flow that keeps "no mail lost or duplicated":
 *
 *   renderer: startFetch(account, its stored POP state)        main/worker: connect, UIDL/LIST, plan
 *   main → fetchBatch(messages: raw bytes + list headers)       renderer: one strict Dexie transaction
 *   renderer: ackFetchBatch(ok | EQUOTA/ESTORAGE)               worker: only now may DELE those messages
 *   main → fetchProgress …, then fetchDone(summary or error)    renderer: updates POP state (deleted ones)
 *   renderer: parseStoredMessages(raw bytes it stored)          main/worker: the full MIME parse, which
 *                                                              trails the fetch (renderer parse queue)
 *
 * If the renderer never acknowledges, rejects, or the connection drops, the worker destroys the
 * socket without QUIT, so the server deletes nothing.
 */
import type { IncomingServer, RetentionPolicy } from '../../model/account';
import type { AttachmentMeta, MessageBody } from '../../model/message';
import type { ParsedHeaders } from '../../model/parsed-message';
import type { PopStateEntry } from '../../model/pop-state';
import type { SerializedError } from '../result';
import { call, event } from '../define';
import { idSchema, incomingServerSchema, popStateEntrySchema, retentionSchema } from '../schemas';
import { v } from '../validate';

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

/**
 * As main gets it from the worker and sends it to the window, a batch's `raw` bytes are views of
 * one ArrayBuffer, back to back in message order and covering it exactly (`tiledBuffer`): it
 * crosses the thread and process boundaries as one buffer. A reader must not take a message's
 * `raw.buffer` for that message's bytes alone. The page itself gets each message's bytes in a
 * buffer of their own: preload copies them out before the contextBridge (own-views.ts).
 */
export interface FetchBatch {
  readonly fetchId: string;
  readonly accountId: string;
  readonly batchId: number;
  readonly messages: readonly FetchedMessage[];
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
  /** Senders/subjects of new messages, for the notification. */
  readonly newMessages: ReadonlyArray<{ from: string; subject: string }>;
}

export interface FetchDone {
  readonly fetchId: string;
  readonly accountId: string;
  readonly summary: FetchSummary | null;
  /** Set when the fetch failed; what was committed before stays committed. */
  readonly error: SerializedError | null;
}

export interface BodyUpdate {
  readonly id: string;
  readonly body: MessageBody;
  readonly attachments: ReadonlyArray<{ meta: AttachmentMeta; content: Uint8Array }>;
  /** Corrections to the list row from the full parse (attachment mark, snippet). */
  readonly hasAttachments: boolean;
  readonly snippet: string;
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

export type FetchAccount = {
  readonly id: string;
  readonly address: string;
  readonly incoming: IncomingServer;
  readonly retention: RetentionPolicy;
  readonly headersOnlyOverBytes: number | null;
};

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
    v.object({ items: v.array(v.object({ id: v.string({ min: 1, max: 128 }), raw: v.bytes() }), { max: PARSE_BATCH_MAX }) }),
  ),
} as const;

export const fetchEvents = {
  fetchBatch: event<FetchBatch>(),
  fetchProgress: event<FetchProgress>(),
  fetchDone: event<FetchDone>(),
} as const;

export type { PopStateEntry };
