/**
 * The reader's words for a message of which only the headers are stored: over the account's
 * size limit, or cut short because it arrived larger than the server said (issue 16 §3) — then
 * LIST's size is not the message's, and is not shown.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { getDb } from '../../data/db';
import { undownloadedOf } from '../../data/pop-store';
import type { MessageRow } from '../../data/rows';
import { formatSize } from '../../ui/format-size';

export interface PartialNote {
  readonly text: string;
  readonly button: string;
}

export function partialNote(meta: Pick<MessageRow, 'size'>, arrivedTooBig: boolean): PartialNote {
  if (arrivedTooBig) {
    return { text: 'Only the headers of this message were downloaded: it turned out larger than the server said it was.', button: 'Download the whole message' };
  }
  return { text: 'Only the headers of this message were downloaded, because it is large.', button: `Download the whole message (${formatSize(meta.size)})` };
}

/** null while no message is open. */
export function usePartialNote(meta: MessageRow | undefined): PartialNote | null {
  const id = meta?.id;
  const accountId = meta?.accountId;
  const partial = meta?.partial === true;
  const tooBig = useLiveQuery(
    async () => (partial && accountId ? (await undownloadedOf(getDb(), accountId)).some((e) => e.localId === id && e.failure?.reason === 'too-big') : false),
    [id, accountId, partial],
  );
  return meta ? partialNote(meta, tooBig === true) : null;
}
