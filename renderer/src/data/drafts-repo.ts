import type { HeronDb } from './db';
import type { DraftRow } from './rows';

/** Drafts with their attachments' bytes. Saving a draft that is in the Outbox is refused by the UI first. */
export function draftsRepo(db: HeronDb) {
  return {
    get(id: string): Promise<DraftRow | undefined> {
      return db.drafts.get(id);
    },
    /** Newest first, optionally for one account. */
    async list(accountId: string | null): Promise<DraftRow[]> {
      const rows = accountId === null ? await db.drafts.orderBy('updatedAt').reverse().toArray() : await db.drafts.where('accountId').equals(accountId).toArray();
      return rows.sort((a, b) => b.updatedAt - a.updatedAt);
    },
    async save(row: DraftRow): Promise<void> {
      await db.drafts.put(row);
    },
    /** Deletes a draft unless its message waits in the Outbox (that draft goes when the message reaches Sent). */
    async discard(id: string): Promise<boolean> {
      return db.transaction('rw', db.drafts, async () => {
        const row = await db.drafts.get(id);
        if (!row || row.outboxId !== null) return false;
        await db.drafts.delete(id);
        return true;
      });
    },
  };
}
