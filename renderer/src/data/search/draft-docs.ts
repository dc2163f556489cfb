/**
 * Drafts in the search index: a saved draft is a document of the Drafts folder, under its own id
 * space (`draft:` and the draft's id, never a message's), indexed from the draft's fields. A draft
 * whose message waits in the Outbox, or went, is not a draft any more and leaves the index.
 */
import type { DraftRow, MessageRow } from '../rows';
import type { ContentOf } from './indexer';

export const DRAFT_DOC = 'draft:';

export function isDraftDoc(id: string): boolean {
  return id.startsWith(DRAFT_DOC);
}

export function draftDocId(draftId: string): string {
  return DRAFT_DOC + draftId;
}

export function draftIdOf(docId: string): string {
  return docId.slice(DRAFT_DOC.length);
}

/** Whether a draft row stands as a draft (not a message on its way out). */
export function isIndexedDraft(d: DraftRow | undefined): d is DraftRow {
  return d !== undefined && d.outboxId === null;
}

/** The draft as a row of the Drafts folder: what the index reads and the results list shows. */
export function draftAsMessage(d: DraftRow): MessageRow {
  return {
    id: draftDocId(d.id),
    accountId: d.accountId,
    folder: 'drafts',
    messageId: null,
    inReplyTo: d.inReplyTo,
    references: d.references,
    from: d.from,
    to: d.to,
    cc: d.cc,
    replyTo: d.replyTo ? [d.replyTo] : [],
    subject: d.subject,
    date: d.updatedAt,
    receivedAt: d.updatedAt,
    size: d.text.length,
    hasAttachments: d.attachments.length > 0,
    snippet: d.text.replace(/\s+/g, ' ').trim().slice(0, 200),
    unread: false,
    unreadFlag: 0,
    starred: false,
    partial: false,
    uidl: null,
  };
}

/** What the index reads of a draft's content. */
export function draftContent(d: DraftRow): ContentOf {
  return { text: d.text, html: d.plainTextMode ? null : d.html, attachmentNames: d.attachments.map((a) => a.filename) };
}
