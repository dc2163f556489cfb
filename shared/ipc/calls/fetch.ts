/**
 * Contract fragment: getting mail (issue 4). The flow that keeps "no mail lost or duplicated", with
 * the store port (store-port.ts) beside these calls:
 *
 *   window: startFetch(account)              main: asks the store for the POP state (plan), starts
 *                                            the worker: connect, UIDL/LIST, plan, download, read
 *   main → store: commit(batch)              store worker: one strict Dexie transaction, then
 *   store → main: committed (ok | EQUOTA…)   worker: only now may DELE those messages
 *   main → window: fetchProgress …, fetchDone; main → store: done (POP state: what was deleted)
 *
 * If the store never answers, refuses, or the connection drops, the worker destroys the socket
 * without QUIT, so the server deletes nothing.
 */
import type { FetchedHeaders, ParsedContent } from '../../model/fetched-message';
import type { PopFailure, PopStateEntry } from '../../model/pop-state';
import type { SerializedError } from '../result';
import { call, event } from '../define';
import { idSchema, incomingServerSchema, retentionSchema } from '../schemas';
import { v, type Infer } from '../validate';

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
  /** The least seconds between two logins the server announced (CAPA LOGIN-DELAY, RFC 2449 §6.5); absent when none. */
  readonly loginDelaySeconds?: number;
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

/** An attached message (message/rfc822) read for the reader: its header fields and its content. */
export interface AttachedMessage {
  readonly headers: FetchedHeaders;
  readonly content: ParsedContent;
}

/** The most bytes of an attached message the reader asks main to read. */
export const MAX_ATTACHED_MESSAGE_BYTES = 64 * 1024 * 1024;

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
  /** Starts fetching one account, planned from the POP state the store kept; EBUSY if that account is already fetching. */
  startFetch: call<{ fetchId: string }>()(v.object({ account: fetchAccountSchema, reason: v.literal('manual', 'timer', 'startup') })),
  cancelFetch: call<void>()(v.object({ accountId: idSchema })),
  /** "Download the whole message": fetches one message that was stored headers-only, reads it whole and stores it. */
  fetchWholeMessage: call<void>()(
    v.object({ account: fetchAccountSchema, uidl: v.string({ min: 1, max: 512 }), localId: v.string({ min: 1, max: 128 }) }),
  ),
  /**
   * Reads a message attached to one the person is reading (its bytes are a stored part), off
   * main's event loop, with the parser the fetch uses. EINVALID when it cannot be read.
   */
  parseAttachedMessage: call<AttachedMessage>()(v.object({ raw: v.bytes({ max: MAX_ATTACHED_MESSAGE_BYTES }) })),
} as const;

export const fetchEvents = {
  fetchProgress: event<FetchProgress>(),
  fetchDone: event<FetchDone>(),
} as const;

export type { PopStateEntry };
