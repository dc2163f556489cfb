/**
 * What Heron remembers about each message on a POP3 server (issue 4 §1–5), so that a message is
 * downloaded once, kept or deleted by the account's retention policy, and never deleted before
 * it is durably stored here.
 *
 * Identity: a message is (accountId, uidl, size). The UIDL alone is the identity when the server
 * lists it once; a few broken servers give two different messages the same UIDL, and then the
 * size tells them apart (see electron/core/fetch/plan.ts). `localId` is unique, so the store keys
 * rows by `localId` and indexes `[accountId+uidl]`.
 */

export type PopStatus =
  /** The whole message is committed to the local store. */
  | 'stored'
  /** Only the headers (TOP n) were stored: the message was over the account's size limit. */
  | 'headers-only'
  /** The person deleted it here; the server copy is still there. */
  | 'deleted-here'
  /** DELE was sent and the session ended with QUIT: gone from the server unless it rolled back. */
  | 'deleted-on-server';

export interface PopStateEntry {
  readonly accountId: string;
  readonly uidl: string;
  /** MessageMeta.id of the local copy. */
  readonly localId: string;
  /** When the message (or its headers) was committed locally, epoch ms. Keep-N-days counts from here. */
  readonly downloadedAt: number;
  readonly status: PopStatus;
  /** Octets, as the server's LIST reported them at download. */
  readonly size: number;
}
