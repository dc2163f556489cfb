// Test builders for rows, and throwaway stores; used by tests only.
import { Dexie } from 'dexie';
import type { Account } from '../../../shared/model/account';
import { DEFAULT_RETENTION } from '../../../shared/model/account';
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
