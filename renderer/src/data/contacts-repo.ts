import type { Address } from '../../../shared/model/message';
import type { HeronDb } from './db';
import type { ContactRow } from './rows';

export interface ContactSuggestion {
  readonly name: string;
  readonly address: string;
}

/** Addresses longer than this, or with control characters, are not worth remembering. */
const MAX_ADDRESS = 320;

function clean(list: readonly Address[]): Address[] {
  const seen = new Set<string>();
  return list.filter((a) => {
    const key = a.address.trim().toLowerCase();
    if (key === '' || key.length > MAX_ADDRESS || !key.includes('@') || /[\u0000-\u001f\u007f]/.test(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The address book Heron fills by itself: every address the person sends to, and every sender of
 * mail they receive. Autocomplete ranks people written to above people merely heard from.
 */
export function contactsRepo(db: HeronDb) {
  const record = async (list: readonly Address[], now: number, kind: 'sent' | 'received') => {
    const addresses = clean(list);
    if (addresses.length === 0) return;
    await db.transaction('rw', db.contacts, async () => {
      const ids = addresses.map((a) => a.address.trim().toLowerCase());
      const existing = await db.contacts.bulkGet(ids);
      const rows: ContactRow[] = addresses.map((a, i) => {
        const old = existing[i];
        const id = ids[i] as string;
        const name = a.name.trim() || old?.name || '';
        return {
          id,
          address: id,
          // A name the person typed wins over one a sender chose for itself.
          name: kind === 'received' && old?.name ? old.name : name,
          lastUsedAt: kind === 'sent' ? now : Math.max(old?.lastUsedAt ?? 0, now),
          timesUsed: (old?.timesUsed ?? 0) + (kind === 'sent' ? 1 : 0),
          timesReceived: (old?.timesReceived ?? 0) + (kind === 'received' ? 1 : 0),
        };
      });
      await db.contacts.bulkPut(rows);
    });
  };

  return {
    /** Called when a message is queued to send (in outbox-repo). */
    recordSent: (list: readonly Address[], now: number) => record(list, now, 'sent'),
    /** Called once fetched mail is committed (the store worker, for each fetch). */
    recordReceived: (list: readonly Address[], now: number) => record(list, now, 'received'),

    /** Contacts whose address or a word of whose name starts with `query`, best first. */
    async search(query: string, limit = 8): Promise<ContactSuggestion[]> {
      const q = query.trim().toLowerCase();
      if (q === '') return [];
      const [byAddress, byName] = await Promise.all([
        db.contacts.where('address').startsWith(q).limit(200).toArray(),
        // Names are matched per word below; the index narrows to names starting with the query.
        db.contacts.where('name').startsWithIgnoreCase(q).limit(200).toArray(),
      ]);
      const found = new Map<string, ContactRow>();
      for (const row of [...byAddress, ...byName]) found.set(row.id, row);
      if (found.size < limit) {
        // Later words of a name ("Lovelace" in "Ada Lovelace"): a bounded scan of the rest.
        await db.contacts
          .limit(5000)
          .each((row) => {
            if (row.name.toLowerCase().split(/\s+/).some((w) => w.startsWith(q)) || row.address.split('@')[1]?.startsWith(q)) found.set(row.id, row);
          });
      }
      return [...found.values()]
        .sort((a, b) => b.timesUsed - a.timesUsed || b.lastUsedAt - a.lastUsedAt || (a.address < b.address ? -1 : 1))
        .slice(0, limit)
        .map((r) => ({ name: r.name, address: r.address }));
    },

    get(address: string): Promise<ContactRow | undefined> {
      return db.contacts.get(address.trim().toLowerCase());
    },
  };
}
