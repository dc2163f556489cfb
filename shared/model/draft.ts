/**
 * Drafts and the outbox. Both live in the renderer's Dexie store (the source of truth): main
 * composes the bytes once and hands them back, then sends what the renderer hands it, so main
 * never holds the only copy of a message.
 */
import type { SerializedError } from '../ipc/result';
import type { Address } from './message';

/** An attachment of a draft; the bytes are a Blob in the renderer's store, keyed by `id`. */
export interface DraftAttachmentRef {
  readonly id: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
}

export interface Draft {
  readonly id: string;
  readonly accountId: string;
  /** The identity the message is sent as (From). */
  readonly from: Address;
  readonly replyTo?: Address | null;
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  /** In the envelope only, never in the headers. */
  readonly bcc: readonly Address[];
  readonly subject: string;
  readonly text: string;
  /** Null in plain-text mode or when the person never formatted anything. */
  readonly html: string | null;
  /** Send text/plain only, even if `html` holds something. */
  readonly plainTextMode: boolean;
  readonly attachments: readonly DraftAttachmentRef[];
  /** Message-ID of the message this answers, if any, and its thread's (stored form: shared/model/message-id.ts). */
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  readonly updatedAt: number;
  /** Made by a rule's "forward": sent with `Auto-Submitted: auto-forwarded` (RFC 3834 §5) and Heron's own mark. */
  readonly autoForwarded?: boolean;
}

/** SMTP envelope: ASCII domains (IDN as punycode); Bcc recipients are here and only here. */
export interface Envelope {
  readonly from: string;
  readonly to: readonly string[];
}

export type OutboxStatus = 'queued' | 'sending' | 'waiting-retry' | 'failed' | 'uncertain' | 'sent';

export interface RecipientResult {
  readonly address: string;
  readonly accepted: boolean;
  /** The server's words for this recipient (capped), e.g. "550 5.1.1 <bob@example.com>: User unknown". */
  readonly response?: string;
  /** A sentence for a person, set when the recipient was refused. */
  readonly reason?: string;
  /** The refusal was temporary (4xx): sending again to this recipient may work. */
  readonly temporary?: boolean;
}

export interface OutboxItem {
  readonly id: string;
  readonly accountId: string;
  /** The exact RFC 5322 bytes, built once by `buildMessage`; what the server receives. */
  readonly raw: Uint8Array;
  readonly envelope: Envelope;
  readonly messageId: string;
  readonly status: OutboxStatus;
  /** Attempts that reached the server (a message never tried because the connection died earlier does not count). */
  readonly attempts: number;
  /** Epoch ms; meaningful in 'queued' (0 = now) and 'waiting-retry'. */
  readonly nextAttemptAt: number;
  /**
   * Epoch ms before which the message never goes, unless the person says "Send now": the end of
   * the undo window, or the time chosen with Send later. Absent: as soon as it can.
   */
  readonly sendAt?: number;
  /** True when the person chose the time (Send later); false or absent: the undo window after Send. */
  readonly scheduled?: boolean;
  readonly lastError: SerializedError | null;
  readonly perRecipient: readonly RecipientResult[];
  /** The server's final reply ("250 2.0.0 Ok: queued as …") once sent. */
  readonly response?: string;
  readonly sentAt?: number;
}

/** What one send attempt came to, as main reports it for each outbox item. */
export interface SendOutcome {
  readonly id: string;
  readonly status: 'sent' | 'waiting-retry' | 'failed' | 'uncertain';
  /**
   * False when the message never reached the server (the connection or login failed, or an earlier
   * message's failure closed the connection): such a try does not count toward the backoff.
   */
  readonly attempted: boolean;
  readonly error: SerializedError | null;
  readonly perRecipient: readonly RecipientResult[];
  /** The server's final reply, when sent. */
  readonly response?: string;
}
