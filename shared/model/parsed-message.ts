/**
 * What the MIME parser (electron/core/mime) produces, before the fetch pipeline adds the local
 * fields (id, accountId, folder, unread, starred, partial, uidl, receivedAt) to make a MessageMeta.
 */
import type { AttachmentMeta, MessageBody, MessageMeta } from './message';

type LocalFields = 'id' | 'accountId' | 'folder' | 'previousFolder' | 'unread' | 'starred' | 'partial' | 'uidl' | 'receivedAt';

/** The message-list fields a parser can know. `date` already fell back to receivedAt when needed. */
export type ParsedMeta = Omit<MessageMeta, LocalFields>;

/** What `parseHeaders` knows from the header block alone (no snippet: that needs the body). */
export interface ParsedHeaders {
  readonly meta: Omit<ParsedMeta, 'snippet'>;
  /** The top-level media type, lower case ("multipart/mixed"), for the attachment guess. */
  readonly contentType: string;
  readonly warnings: readonly string[];
}

export type ParsedBody = Omit<MessageBody, 'messageId'>;

export type ParsedAttachmentMeta = Omit<AttachmentMeta, 'id' | 'messageId'> & {
  /** Over the attachment size cap: meta kept, content dropped (the size is still the real size). */
  readonly omitted: boolean;
};
