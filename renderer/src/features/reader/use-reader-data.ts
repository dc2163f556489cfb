/**
 * What the reader shows besides the row and body: the stored parts, the sender allow-list, and
 * the body itself when it was never parsed (a crash between commit and parse, or an older
 * release): then main parses the stored bytes again and the result is stored.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import { getBridge } from '../../bridge/bridge';
import { getDb } from '../../data/db';
import { storeBodies } from '../../data/fetch-store';
import { messageListRepo } from '../../data/message-list-repo';
import { messagesRepo } from '../../data/messages-repo';
import type { AttachmentRow, MessageRow } from '../../data/rows';
import { settingsRepo } from '../../data/settings-repo';
import type { FetchedHeaders } from '../../../../shared/ipc/calls/fetch';
import type { MessageBody } from '../../../../shared/model/message';
import { describeError } from '../../ui/errors';
import { log } from '../../log/logger';

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

const requested = new Set<string>();
/**
 * Fetched mail is parsed after the fetch (features/fetch/body-parser.ts); a message opened
 * before its turn is parsed on its own — after a moment, so arrowing down the list does not
 * start a parse per row passed.
 */
const GRACE_MS = 250;

export function useEnsureBody(meta: MessageRow | undefined, body: MessageBody | undefined): void {
  const id = meta?.id ?? null;
  const missing = meta !== undefined && body === undefined;
  useEffect(() => {
    if (!missing || id === null || requested.has(id)) return;
    const timer = window.setTimeout(() => {
      void (async () => {
        const repo = messagesRepo(getDb());
        if ((await repo.getBody(id)) !== undefined) return;
        const raw = await repo.getRaw(id);
        if (!raw) return;
        requested.add(id);
        const result = await getBridge().call('parseStoredMessages', { items: [{ id, raw: new Uint8Array(await raw.arrayBuffer()) }] });
        if (result.ok) await storeBodies(getDb(), result.value);
        else {
          requested.delete(id);
          log.error('Could not parse a stored message', result.error);
        }
      })();
    }, GRACE_MS);
    return () => window.clearTimeout(timer);
  }, [id, missing]);
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
 * Parses an attached message (message/rfc822) with the parser main uses for fetched mail, off
 * main's event loop, headers included. Its own attachments come back as Blobs for the list.
 */
export async function readAttachedMessage(a: AttachmentRow): Promise<{ ok: true; value: AttachedMessage } | { ok: false; error: string }> {
  if (!a.blob) return { ok: false, error: 'This attached message was too large to store, so Heron cannot show it.' };
  const key = `attached:${a.id}`;
  const result = await getBridge().call('parseStoredMessages', { items: [{ id: key, raw: new Uint8Array(await a.blob.arrayBuffer()), headers: true }] });
  if (!result.ok) return { ok: false, error: `${describeError(result.error).title}: ${result.error.message}` };
  const parsed = result.value[0];
  if (!parsed?.headers) return { ok: false, error: 'Heron could not read this attached message. Save it to look at it with another program.' };
  return {
    ok: true,
    value: {
      key,
      headers: parsed.headers,
      body: { text: parsed.body.text, html: parsed.body.html, warnings: parsed.body.warnings },
      attachments: parsed.attachments.map(({ meta, content }) => ({
        ...meta,
        // The parser keeps no bytes of an attachment over its cap (its size stays the real size).
        blob: content.byteLength === 0 && meta.size > 0 ? null : new Blob([content as Uint8Array<ArrayBuffer>], { type: meta.contentType }),
      })),
    },
  };
}
