import { Dexie } from 'dexie';
import type { HeronDb } from './db';
import { deletePopEntriesOf } from './pop-store';
import { deleteRaws, dropRaws } from './raw-store';
import type { AccountRow } from './rows';

/** Accounts in sidebar order. Removing one removes everything stored for it, in one transaction. */
export function accountsRepo(db: HeronDb) {
  return {
    list(): Promise<AccountRow[]> {
      return db.accounts.orderBy('order').toArray();
    },
    get(id: string): Promise<AccountRow | undefined> {
      return db.accounts.get(id);
    },
    async put(account: AccountRow): Promise<void> {
      await db.accounts.put(account);
    },
    /** The order value for an account added now: after every existing one. */
    async nextOrder(): Promise<number> {
      const last = await db.accounts.orderBy('order').last();
      return last ? last.order + 1 : 0;
    },
    async remove(id: string): Promise<void> {
      await db.transaction(
        'rw',
        [db.accounts, db.messages, db.bodies, db.rawChunks, db.attachments, db.popState, db.popChunks, db.outbox, db.drafts, db.folders, db.ruleLog, db.rules],
        async () => {
          const messageIds = await db.messages
            .where('[accountId+folder+date]')
            // [id] sorts before every [id, folder, date], [id, maxKey] after (an array outranks any string).
            .between([id], [id, Dexie.maxKey], true, true)
            .primaryKeys();
          await db.bodies.bulkDelete(messageIds);
          await deleteRaws(db, messageIds);
          await db.attachments.where('messageId').anyOf(messageIds).delete();
          await db.ruleLog.where('messageId').anyOf(messageIds).delete();
          await db.messages.bulkDelete(messageIds);
          // Rules bound to this account go with it; rules for every account stay.
          await db.rules.filter((r) => r.accountId === id).delete();
          const outbox = await db.outbox.where('accountId').equals(id).toArray();
          await dropRaws(db, outbox.map((o) => ({ chunk: o.rawChunk, member: o.id })));
          await db.outbox.bulkDelete(outbox.map((o) => o.id));
          await db.drafts.where('accountId').equals(id).delete();
          await deletePopEntriesOf(db, id);
          await db.popState.delete(id);
          // Its own folders go with it (Local Folders stay: they hold other accounts' mail too).
          await db.folders.filter((f) => f.accountId === id).delete();
          await db.accounts.delete(id);
        },
      );
    },
  };
}
