/** The Outbox view's reads and buttons, over the app's one database; each change wakes the runner. */
import { useLiveQuery } from 'dexie-react-hooks';
import { getDb } from '../../data/db';
import { outboxRepo } from '../../data/outbox-repo';
import type { OutboxRow } from '../../data/rows';
import { kickOutbox } from './use-outbox-runner';

export function useOutboxRows(accountId: string | null): OutboxRow[] | undefined {
  return useLiveQuery(() => outboxRepo(getDb()).list(accountId), [accountId]);
}

/** Messages sent with Send and still held for their undo window (their time is checked by the caller's clock). */
export function useHeldForUndo(): OutboxRow[] | undefined {
  return useLiveQuery(async () => (await outboxRepo(getDb()).list(null)).filter((r) => r.state === 'queued' && r.scheduled === false && r.sendAt !== undefined), []);
}

export const outboxActions = {
  sendAllNow: () => outboxRepo(getDb()).sendNow(Date.now()).then(kickOutbox),
  /** "Send now" for one message, whatever it is held until. */
  sendItemNow: (id: string) => outboxRepo(getDb()).sendItemNow(id, Date.now()).then(kickOutbox),
  sendAgain: (id: string) => outboxRepo(getDb()).retry(id, Date.now()).then(kickOutbox),
  stopTrying: (id: string) => outboxRepo(getDb()).stopResend(id),
  markAsSent: (id: string) => outboxRepo(getDb()).markAsSent(id),
  /** The draft it came from, to edit (Undo, Edit, Cancel); null while it is being sent. */
  edit: (id: string) => outboxRepo(getDb()).returnToDrafts(id),
};
