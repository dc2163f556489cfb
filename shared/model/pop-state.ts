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
  | 'deleted-on-server'
  /** Not downloaded: the checks that tried failed (`failure` says why). Nothing of it is stored here. */
  | 'failed';

/** Why a message on the server could not be downloaded (issue 16 §1). */
export type FailureReason =
  /** The server answered RETR (or TOP) with -ERR. */
  | 'refused'
  /** The server answered -ERR [SYS/TEMP] (RFC 3206): a problem it expects to pass. */
  | 'temporary'
  /** More arrived than the account's limit, or than the server said the message has: reading stopped. */
  | 'too-big'
  /** The server's reply was not the message it had described (another size, another reply inside it). */
  | 'mismatch'
  /** The connection failed while the message was being downloaded. */
  | 'lost';

export interface PopFailure {
  readonly reason: FailureReason;
  /** Checks that tried to download it and failed, this one included. */
  readonly attempts: number;
  /** When the last of them failed, epoch ms. */
  readonly at: number;
  /** What happened, in the server's words or Heron's (capped). */
  readonly detail: string;
}

/**
 * How many checks try a message that failed before Heron stops trying it by itself; the person
 * can ask for another try. A message too big to download is not tried again by itself at all.
 */
export const MAX_DOWNLOAD_ATTEMPTS = 3;

/** Whether the next check tries this message again by itself. */
export function triesAgain(failure: PopFailure): boolean {
  return failure.reason !== 'too-big' && failure.attempts < MAX_DOWNLOAD_ATTEMPTS;
}

export interface PopStateEntry {
  readonly accountId: string;
  readonly uidl: string;
  /** MessageMeta.id of the local copy (for `failed`: the id its copy will have). */
  readonly localId: string;
  /** When the message (or its headers) was committed locally, epoch ms. Keep-N-days counts from here. */
  readonly downloadedAt: number;
  readonly status: PopStatus;
  /** Octets, as the server's LIST reported them at download. */
  readonly size: number;
  /**
   * Set when the message could not be downloaded whole: on a `failed` entry, and on a
   * `headers-only` one whose headers are all that could be kept (it arrived too big).
   */
  readonly failure?: PopFailure;
  /**
   * What a rule asked of the server copy (issue 19): keep it whatever the retention says, delete
   * it once stored, or download it whole when only its headers came.
   */
  readonly serverAction?: 'leave' | 'delete' | 'download';
  /** What the person asked of the server copy in "What is on the server" (issue 20). */
  readonly asked?: PersonAsk;
}

/**
 * "Delete from server now" or "Download now", done by the next session (started at once), and
 * kept until a session does it: a session that ends before QUIT deletes nothing, so the next one
 * asks again. A message not here (headers only, not downloaded) is deleted only when the person
 * confirmed that it will be gone for good (`confirmed`); download asks for it whole, over the
 * account's size limit too (not over the safety cap).
 */
export interface PersonAsk {
  readonly action: 'delete' | 'download';
  /** When the person asked, epoch ms. */
  readonly at: number;
  readonly confirmed?: true;
}

