/**
 * "Delete from server now" and "Download now" (issue 20): the person's ask goes on the message's
 * POP state entry (PersonAsk), and the next session of the account's Get mail does it through the
 * fetch planner, as it does everything else it deletes or downloads.
 *
 * The first rule of the product holds here: a message is deleted from the server without more
 * only when its bytes and its POP state are committed here (`stored`, or deleted here by the
 * person, whose copy was stored); one that is not here is deleted only when the person confirmed
 * that it will be gone for good.
 */
import type { PopStateEntry } from '../../../shared/model/pop-state';
import type { HeronDb } from './db';
import { changePopEntries, popEntriesOf } from './pop-store';

/** Whether "Delete from server now" may delete this message without asking the person first. */
export function deletableWithoutConfirm(e: PopStateEntry): boolean {
  return e.status === 'stored' || e.status === 'deleted-here';
}

/** Whether "Download now" has anything to do for this message. */
export function downloadable(e: PopStateEntry): boolean {
  return e.status === 'headers-only' || e.status === 'failed';
}

export interface AskResult {
  /** Messages the ask was recorded on. */
  readonly asked: number;
  /** Messages not here, left alone because the person did not confirm losing them. */
  readonly needConfirm: number;
}

/**
 * Records the ask on these entries of one account. `confirmedGone`: the person confirmed that a
 * message not here will be gone for good (without it, such a message is not asked for).
 */
export async function askServer(
  db: HeronDb,
  accountId: string,
  localIds: readonly string[],
  action: 'delete' | 'download',
  options: { confirmedGone?: boolean } = {},
  now: number = Date.now(),
): Promise<AskResult> {
  return db.transaction('rw', db.popChunks, async () => {
    const wanted = new Set(localIds);
    const entries = (await popEntriesOf(db, accountId)).filter((e) => wanted.has(e.localId));
    const notHere = entries.filter((e) => action === 'delete' && !deletableWithoutConfirm(e) && e.status !== 'deleted-on-server');
    const take = entries.filter((e) =>
      action === 'download' ? downloadable(e) : deletableWithoutConfirm(e) || (options.confirmedGone === true && notHere.includes(e)),
    );
    const ids = new Set(take.map((e) => e.localId));
    await changePopEntries(db, [accountId], [...ids], (e) =>
      ids.has(e.localId) ? { ...e, asked: { action, at: now, ...(action === 'delete' && !deletableWithoutConfirm(e) ? { confirmed: true as const } : {}) } } : e,
    );
    return { asked: take.length, needConfirm: options.confirmedGone === true ? 0 : notHere.length };
  });
}
