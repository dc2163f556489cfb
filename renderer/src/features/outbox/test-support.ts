// Builders for outbox tests: a draft row and the queue input for it.
import type { QueueInput } from '../../data/outbox-repo';
import type { DraftRow } from '../../data/rows';

export function draftRow(id: string, over: Partial<DraftRow> = {}): DraftRow {
  return {
    id,
    accountId: 'a1',
    from: { name: 'Alice', address: 'alice@example.com' },
    to: [{ name: 'Bob', address: 'bob@example.com' }],
    cc: [],
    bcc: [],
    subject: `Subject ${id}`,
    text: 'Hello',
    html: null,
    plainTextMode: true,
    attachments: [],
    inReplyTo: null,
    references: [],
    updatedAt: 1,
    outboxId: null,
    sourceMessageId: null,
    ...over,
  };
}

export function queueInput(draft: DraftRow, id: string, raw: string, now: number): QueueInput {
  const bytes = new TextEncoder().encode(raw);
  return {
    draftId: draft.id,
    accountId: draft.accountId,
    id,
    raw: bytes,
    messageId: `<${id}@example.com>`,
    envelope: { from: draft.from.address, to: draft.to.map((a) => a.address) },
    recipients: draft.to,
    sentMeta: {
      id: `sent-${id}`,
      accountId: draft.accountId,
      messageId: `<${id}@example.com>`,
      inReplyTo: null,
      references: [],
      from: draft.from,
      to: draft.to,
      cc: [],
      replyTo: [],
      subject: draft.subject,
      date: now,
      receivedAt: now,
      size: bytes.byteLength,
      hasAttachments: draft.attachments.length > 0,
      snippet: draft.text.slice(0, 200),
      unread: false,
      starred: false,
      partial: false,
      uidl: null,
    },
    sentBody: { messageId: `sent-${id}`, text: draft.text, html: null, warnings: [] },
  };
}
