/**
 * What the reader shows besides the row and body (which arrive together, read where the message
 * was downloaded): the stored parts, the sender allow-list, and messages attached to others.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { getBridge } from '../../bridge/bridge';
import { getDb } from '../../data/db';
import { messageListRepo } from '../../data/message-list-repo';
import { messagesRepo } from '../../data/messages-repo';
import type { AttachmentRow } from '../../data/rows';
import { settingsRepo } from '../../data/settings-repo';
import { MAX_ATTACHED_MESSAGE_BYTES } from '../../../../shared/ipc/calls/fetch';
import type { FetchedHeaders } from '../../../../shared/model/fetched-message';
import type { MessageBody } from '../../../../shared/model/message';
import { base64InRaw, readStoredText } from '../../../../shared/model/stored-text';
import { describeError } from '../../ui/errors';

export function useAttachments(id: string | null): AttachmentRow[] | undefined {
  return useLiveQuery(() => (id === null ? Promise.resolve([]) : messagesRepo(getDb()).attachmentsOf(id)), [id]);
}

export function useRemoteAllowList(): readonly string[] | undefined {
  return useLiveQuery(() => settingsRepo(getDb()).get('remoteContentAllowedFrom'), []);
}

export async function allowRemoteFrom(address: string): Promise<void> {
  const repo = settingsRepo(getDb());
  const list = await repo.get('remoteContentAllowedFrom');
  const a = address.trim().toLowerCase();
  if (!list.includes(a)) await repo.set('remoteContentAllowedFrom', [...list, a]);
}

/** The stored bytes, for "View source" (null when none are stored). */
export async function readRaw(id: string): Promise<Uint8Array | null> {
  const blob = await messagesRepo(getDb()).getRaw(id);
  return blob ? new Uint8Array(await blob.arrayBuffer()) : null;
}

export async function markRead(id: string): Promise<void> {
  await messageListRepo(getDb()).setUnread([id], false);
}

export async function setUnread(id: string, unread: boolean): Promise<void> {
  await messageListRepo(getDb()).setUnread([id], unread);
}

export async function setStarred(id: string, starred: boolean): Promise<void> {
  await messageListRepo(getDb()).setStarred([id], starred);
}

/** A message attached to another, as the reader shows it: parsed, never stored. */
export interface AttachedMessage {
  readonly key: string;
  readonly headers: FetchedHeaders;
  readonly body: Omit<MessageBody, 'messageId'>;
  readonly attachments: readonly AttachmentRow[];
}

/**
 * Reads an attached message (message/rfc822) with the parser the fetch uses, off main's event
 * loop, headers included. Its own attachments come back as Blobs for the list.
 */
export async function readAttachedMessage(a: AttachmentRow): Promise<{ ok: true; value: AttachedMessage } | { ok: false; error: string }> {
  if (!a.blob) return { ok: false, error: 'This attached message was too large to store, so Heron cannot show it.' };
  if (a.blob.size > MAX_ATTACHED_MESSAGE_BYTES) return { ok: false, error: 'This attached message is too large to show here. Save it to look at it with another program.' };
  const raw = new Uint8Array(await a.blob.arrayBuffer());
  const result = await getBridge().call('parseAttachedMessage', { raw });
  if (!result.ok) return { ok: false, error: result.error.code === 'EINVALID' ? result.error.message : `${describeError(result.error).title}: ${result.error.message}` };
  const key = `attached:${a.id}`;
  const { headers, content } = result.value;
  // What the parser says lies in the attached message's bytes is read from the bytes sent.
  return {
    ok: true,
    value: {
      key,
      headers,
      body: { text: readStoredText(raw, content.body.text), html: readStoredText(raw, content.body.html), warnings: content.body.warnings },
      attachments: content.attachments.map(({ meta: { omitted, ...meta }, content: bytes, inRaw }, i) => ({
        ...meta,
        id: `${key}:${i}`,
        messageId: key,
        // The parser keeps no bytes of an attachment over its cap (its size stays the real size).
        blob: omitted ? null : new Blob([(inRaw ? base64InRaw(raw, inRaw) : bytes) as Uint8Array<ArrayBuffer>], { type: meta.contentType }),
      })),
    },
  };
}
