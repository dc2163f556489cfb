/**
 * What a draft becomes once main has built its bytes: the Outbox item, and the Sent copy it will
 * turn into (its list row and body), made from the draft alone. Main makes it and hands it to the
 * store with the bytes (renderer/src/data/outbox-repo.ts enqueue), so the bytes go to the store
 * once and nowhere else.
 */
import type { Draft, Envelope } from './draft';
import type { Address, MessageBody, MessageMeta } from './message';

export interface QueuedOutgoing {
  readonly draftId: string;
  readonly accountId: string;
  /** The Outbox item's id. */
  readonly id: string;
  readonly messageId: string;
  readonly envelope: Envelope;
  /** The Sent folder's row and body for this message, made now. */
  readonly sentMeta: Omit<MessageMeta, 'folder'>;
  readonly sentBody: MessageBody;
  /** Everyone the message goes to (Bcc included), for the address book. */
  readonly recipients: readonly Address[];
  /** When it may go (the end of the undo window, or the time chosen with Send later); absent: at once. */
  readonly sendAt?: number;
  /** The person chose the time (Send later). */
  readonly scheduled?: boolean;
}

/** When a message queued at `now` may go: held for the undo window, or until the chosen time. */
export interface SendHold {
  readonly sendAt: number;
  readonly scheduled: boolean;
}

/** The first ~200 characters of the text, whitespace collapsed (the Sent row's snippet). */
export function sentSnippet(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

export function queuedOutgoing(
  draft: Draft,
  built: { readonly messageId: string; readonly envelope: Envelope; readonly size: number },
  ids: { readonly outboxId: string; readonly sentId: string },
  now: number,
  hold: SendHold | null = null,
): QueuedOutgoing {
  const { outboxId, sentId } = ids;
  return {
    ...(hold === null ? {} : { sendAt: hold.sendAt, scheduled: hold.scheduled }),
    draftId: draft.id,
    accountId: draft.accountId,
    id: outboxId,
    messageId: built.messageId,
    envelope: built.envelope,
    recipients: [...draft.to, ...draft.cc, ...draft.bcc],
    sentMeta: {
      id: sentId,
      accountId: draft.accountId,
      messageId: built.messageId,
      inReplyTo: draft.inReplyTo,
      references: [...draft.references],
      from: draft.from,
      to: [...draft.to],
      cc: [...draft.cc],
      replyTo: draft.replyTo ? [draft.replyTo] : [],
      subject: draft.subject,
      date: now,
      receivedAt: now,
      size: built.size,
      hasAttachments: draft.attachments.length > 0,
      snippet: sentSnippet(draft.text),
      unread: false,
      starred: false,
      partial: false,
      uidl: null,
    },
    sentBody: { messageId: sentId, text: draft.text, html: draft.plainTextMode ? null : draft.html, warnings: [] },
  };
}
