// Test builders for rows, and throwaway stores; used by tests only.
import { Dexie, type DBCore, type DBCoreMutateRequest, type Middleware } from 'dexie';
import type { Account } from '../../../shared/model/account';
import { DEFAULT_RETENTION } from '../../../shared/model/account';
import type { FetchedMessage } from '../../../shared/model/fetched-message';
import type { MessageMeta } from '../../../shared/model/message';
import { HeronDb } from './db';

export function makeAccount(id: string, order = 0): Account {
  return {
    id,
    label: `Account ${id}`,
    identity: { name: 'Alice Example', address: `${id}@example.com` },
    incoming: { protocol: 'pop3', host: 'pop.example.com', port: 995, security: 'tls', username: id, auth: 'user' },
    outgoing: { protocol: 'smtp', host: 'smtp.example.com', port: 465, security: 'tls', username: id, auth: 'plain' },
    retention: DEFAULT_RETENTION,
    checkAtStartup: true,
    checkIntervalMinutes: 10,
    headersOnlyOverBytes: null,
    createdAt: 1_700_000_000_000,
    order,
  };
}

export function makeMessage(id: string, over: Partial<MessageMeta> = {}): MessageMeta {
  return {
    id,
    accountId: 'a1',
    folder: 'inbox',
    messageId: `<${id}@example.com>`,
    inReplyTo: null,
    references: [],
    from: { name: 'Bob', address: 'bob@example.com' },
    to: [{ name: '', address: 'a1@example.com' }],
    cc: [],
    replyTo: [],
    subject: `Subject ${id}`,
    date: 1_700_000_000_000,
    receivedAt: 1_700_000_000_000,
    size: 100,
    hasAttachments: false,
    snippet: '',
    unread: true,
    starred: false,
    partial: false,
    uidl: null,
    ...over,
  };
}

/**
 * Stores for one spec file, each deleted again by `closeAll` (call it from afterEach) so the next
 * test starts empty. The spec imports 'fake-indexeddb/auto' first. Names carry the pid: spec files
 * run in parallel processes.
 */
export function testStores(prefix: string): {
  /** A store name not used before in this file. */
  freshName(): string;
  /** A HeronDb (not opened yet) under `name`, or a fresh name; closed and deleted by closeAll. */
  open(name?: string): HeronDb;
  closeAll(): Promise<void>;
} {
  let n = 0;
  const opened: Dexie[] = [];
  const freshName = () => `${prefix}-${process.pid}-${(n += 1)}`;
  return {
    freshName,
    open(name = freshName()) {
      const db = new HeronDb(name);
      opened.push(db);
      return db;
    },
    async closeAll() {
      for (const db of opened.splice(0)) {
        db.close();
        await Dexie.delete(db.name);
      }
    },
  };
}

type CountLine = { accountId: string; folder: string; total: number; unread: number };

/** The stored folder counters and the same counted from the rows, sorted alike (they must be equal). */
export async function countersAndRecount(db: HeronDb): Promise<{ stored: CountLine[]; recounted: CountLine[] }> {
  const order = (rows: CountLine[]) => rows.sort((a, b) => `${a.accountId}/${a.folder}`.localeCompare(`${b.accountId}/${b.folder}`));
  const recount = new Map<string, CountLine>();
  for (const r of await db.messages.toArray()) {
    const key = `${r.accountId}/${r.folder}`;
    const c = recount.get(key) ?? { accountId: r.accountId, folder: r.folder, total: 0, unread: 0 };
    recount.set(key, { ...c, total: c.total + 1, unread: c.unread + (r.unread ? 1 : 0) });
  }
  const stored = (await db.folderCounts.toArray()).map(({ accountId, folder, total, unread }) => ({ accountId, folder, total, unread }));
  return { stored: order(stored), recounted: order([...recount.values()]) };
}

/**
 * A store that dies in the middle of a write: the transaction is aborted right after the message
 * rows of the request naming `id` reach IndexedDB, before anything else in it (the counters) is
 * written — as when the window or the worker is killed, or the disk fails, at that moment.
 * Install before the database opens.
 */
export function crashAfterWriting(db: HeronDb, id: string): void {
  const crash: Middleware<DBCore> = {
    stack: 'dbcore',
    name: 'CrashMidWrite',
    // Below the counters' middleware (1.5): their write of the rows comes through here first.
    level: 1,
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name !== 'messages') return table;
        return {
          ...table,
          mutate: (req: DBCoreMutateRequest) =>
            table.mutate(req).then((res) => {
              const keys = req.type === 'put' || req.type === 'add' ? req.values.map((v) => (v as { id: string }).id) : [];
              if (keys.includes(id)) (req.trans as unknown as IDBTransaction).abort();
              return res;
            }),
        };
      },
    }),
  };
  db.use(crash);
}

/** A fetched plain-text message to alice, number `n` (id `m<n>`, UIDL `u<n>`), with any extra header lines. */
export function fetchedText(n: number, from: string, subject: string, text: string, extraHeaders = ''): FetchedMessage {
  const raw = new TextEncoder().encode(`From: ${from}\r\nTo: alice@test.domain\r\nSubject: ${subject}\r\n${extraHeaders}\r\n${text}\r\n`);
  return {
    id: `m${n}`,
    uidl: `u${n}`,
    size: raw.length,
    raw,
    partial: false,
    headers: { messageId: null, inReplyTo: null, references: [], from: { name: '', address: from }, to: [{ name: '', address: 'alice@test.domain' }], cc: [], replyTo: [], subject, date: Date.UTC(2026, 11, 1), size: raw.length, hasAttachments: false },
    receivedAt: Date.UTC(2026, 11, 7),
    content: { body: { text, html: null, warnings: [] }, attachments: [], hasAttachments: false, snippet: text.slice(0, 40) },
  };
}
