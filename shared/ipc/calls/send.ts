/**
 * Contract fragment: send. The window owns drafts and the outbox (Dexie). `queueMessage` hands main
 * the draft; main builds the exact bytes once and puts them, with the Outbox item, into the store
 * over the store port (store-port.ts: the bytes cross to the window once, to be stored).
 * `sendMessages` names the items; main sends exactly those bytes (kept since it built them, or read
 * back from the store once after a restart), answering one outcome per item that the window
 * applies with `applyOutcome` from shared/model/outbox.ts.
 * Every string that can reach a header or an SMTP command line rejects CR/LF here already; the
 * engine checks addresses and header text again, field by field.
 */
import type { CertificateCheck } from '../../model/certificate';
import type { SendOutcome } from '../../model/draft';
import { call, event } from '../define';
import { idSchema, outgoingServerSchema } from '../schemas';
import { v } from '../validate';

const MAX_BODY_CHARS = 20_000_000;
const MAX_ATTACHMENT_BYTES = 64 * 1024 * 1024;
/** A composed message is its attachments base64-encoded (×4/3) plus the text: room for ~75 MB of files. */
export const MAX_RAW_BYTES = 100 * 1024 * 1024;
export const MAX_ITEMS_PER_SEND = 100;
/** Send later reaches at most this far ahead. */
export const MAX_SEND_LATER_MS = 366 * 24 * 3600_000;
/**
 * Main ends a `sendMessages` call by then, whatever the server does (what was not sent waits for
 * the next try); the window's bridge waits longer, so the answer always arrives.
 */
export const SEND_DEADLINE_MS = 25 * 60_000;

const itemId = v.string({ min: 1, max: 128, pattern: /^[A-Za-z0-9_.:-]+$/ });
const addressSchema = v.object({ name: v.string({ max: 256 }), address: v.string({ min: 1, max: 320 }) });
const messageIdSchema = v.string({ min: 3, max: 998 });

export const draftSchema = v.object({
  id: itemId,
  accountId: idSchema,
  from: addressSchema,
  replyTo: v.optional(v.nullable(addressSchema)),
  to: v.array(addressSchema, { max: 1000 }),
  cc: v.array(addressSchema, { max: 1000 }),
  bcc: v.array(addressSchema, { max: 1000 }),
  subject: v.string({ max: 2000 }),
  text: v.string({ max: MAX_BODY_CHARS, multiline: true }),
  html: v.nullable(v.string({ max: MAX_BODY_CHARS, multiline: true })),
  plainTextMode: v.boolean(),
  attachments: v.array(
    v.object({
      id: itemId,
      filename: v.string({ min: 1, max: 255 }),
      contentType: v.string({ min: 3, max: 255 }),
      size: v.number({ integer: true, min: 0, max: MAX_ATTACHMENT_BYTES }),
    }),
    { max: 100 },
  ),
  inReplyTo: v.nullable(messageIdSchema),
  references: v.array(messageIdSchema, { max: 200 }),
  updatedAt: v.number({ min: 0 }),
  autoForwarded: v.optional(v.boolean()),
});

const envelopeSchema = v.object({
  from: v.string({ min: 3, max: 320 }),
  to: v.array(v.string({ min: 3, max: 320 }), { max: 1000 }),
});

export interface QueuedMessageDto {
  /** The built message's Message-ID (stored form). */
  readonly messageId: string;
}

export interface SendResult {
  /** One per item, in the order given. */
  readonly outcomes: readonly SendOutcome[];
}

/** What main knows of Outbox items a window left 'sending' (it restarted while main went on). */
export interface SendStateDto {
  /** The outcomes main has for some of them. */
  readonly outcomes: readonly SendOutcome[];
  /** Those main is sending right now: their outcomes follow as `sendProgress`. */
  readonly sending: readonly string[];
}

export interface SmtpCapabilitiesDto {
  /** Bytes; null when the server announces no limit. Compose warns when a message gets near it. */
  readonly size: number | null;
  readonly eightBitMime: boolean;
  readonly smtpUtf8: boolean;
  readonly pipelining: boolean;
  readonly authMethods: readonly string[];
  /** The server's certificate (null for 'none'): accepted by the normal checks, or only by the account's pin. */
  readonly certificate: CertificateCheck | null;
}

export interface SendProgress {
  readonly accountId: string;
  readonly id: string;
  /** 0-based position in the call's items, and how many there are. */
  readonly index: number;
  readonly total: number;
  readonly outcome: SendOutcome;
}

export const sendCalls = {
  /**
   * Builds the draft's exact bytes once and puts them in the Outbox as item `outboxId` (its Sent
   * copy to be `sentId`), in the store, before it answers. `smtpUtf8` allows non-ASCII local parts.
   * `sendAt` holds it in the Outbox until then: the end of the undo window, or with `scheduled`,
   * the time the person chose (Send later).
   */
  queueMessage: call<QueuedMessageDto>()(
    v.object({
      draft: draftSchema,
      attachments: v.array(v.object({ id: itemId, bytes: v.bytes({ max: MAX_ATTACHMENT_BYTES }) }), { max: 100 }),
      smtpUtf8: v.optional(v.boolean()),
      outboxId: itemId,
      sentId: itemId,
      sendAt: v.optional(v.number({ integer: true, min: 0 })),
      scheduled: v.optional(v.boolean()),
    }),
  ),
  /**
   * Sends the Outbox items over one connection: their bytes as queued, to `envelope`. Fails as a
   * whole only before any network work: ENOSECRET (ask for the password), EBUSY (this account is
   * already sending). Everything else is per item.
   */
  sendMessages: call<SendResult>()(
    v.object({
      accountId: idSchema,
      outgoing: outgoingServerSchema,
      items: v.array(v.object({ id: itemId, envelope: envelopeSchema }), { max: MAX_ITEMS_PER_SEND }),
    }),
  ),
  /**
   * For items the window finds 'sending' when it starts: what main knows of each. Items it does not
   * answer for were never seen by this main (it restarted too): they may have been sent.
   */
  sendState: call<SendStateDto>()(v.object({ ids: v.array(itemId, { max: 1000 }) })),
  /** Connects and reads EHLO (no login): SIZE for the compose warning, SMTPUTF8, login methods. */
  smtpCapabilities: call<SmtpCapabilitiesDto>()(v.object({ accountId: idSchema, outgoing: outgoingServerSchema })),
} as const;

export const sendEvents = {
  /** One per item as soon as its outcome is known, so the outbox can update while a queue is sending. */
  sendProgress: event<SendProgress>(),
} as const;
