/** What the conversation view reads and changes: the conversation of a message, and the person's own grouping. */
import { useLiveQuery } from 'dexie-react-hooks';
import { getDb } from '../../data/db';
import { DEFAULT_SORT } from '../../data/message-list-repo';
import type { MessageRow } from '../../data/rows';
import { conversationOf, threadWindow } from '../../data/thread-list-repo';
import { mergeThreads, splitThread } from '../../data/threads-store';
import type { FolderKey } from '../../../../shared/model/message';

/** The conversation of a message, oldest first (the message alone until it is read). */
export function useConversation(meta: MessageRow | undefined): readonly MessageRow[] {
  const rows = useLiveQuery(() => (meta ? conversationOf(getDb(), meta) : Promise.resolve([])), [meta?.id, meta?.threadId, meta?.folder]);
  return rows ?? (meta ? [meta] : []);
}

/** The first `n` conversations of a folder, newest first, narrowed by `query`. */
export function useConversationsIn(folder: FolderKey, query: string, n: number) {
  return useLiveQuery(() => threadWindow(getDb(), { accountId: null, folder }, DEFAULT_SORT, query, n), [folder, query, n]);
}

/** This message and the answers to it become a conversation of their own. */
export const splitConversation = (id: string) => splitThread(getDb(), id);
/** The message's conversation joins the other message's. */
export const mergeConversations = (id: string, otherId: string) => mergeThreads(getDb(), id, otherId);
