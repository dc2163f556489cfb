import 'fake-indexeddb/auto';
import { Dexie, type DBCore } from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FetchedMessage } from '../../../shared/model/fetched-message';
import { commitFetched } from './fetch-store';
import { deleteRaws, getRawBytes } from './raw-store';
import { HeronDb } from './db';
import { messageListRepo } from './message-list-repo';
import { messagesRepo } from './messages-repo';
import { defaultFirst, settingsRepo } from './settings-repo';
import { requestPersistentStorage } from './persistence';
import { makeMessage } from './test-fixtures';

let db: HeronDb;
let n = 0;
beforeEach(async () => {
  n += 1;
  db = new HeronDb(`heron-msg-test-${process.pid}-${n}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

describe('messagesRepo', () => {
  it('counts unread per account and folder, and in total', async () => {
    const repo = messagesRepo(db);
    for (const m of [
      makeMessage('1'),
      makeMessage('2'),
      makeMessage('3', { unread: false }),
      makeMessage('4', { accountId: 'a2' }),
      makeMessage('5', { folder: 'trash' }),
    ]) {
      await db.messages.put({ ...m, unreadFlag: 0 });
    }
    expect(await repo.unreadCounts(['a1', 'a2'])).toEqual({
      byAccount: { a1: { inbox: 2, drafts: 0, outbox: 0, junk: 0 }, a2: { inbox: 1, drafts: 0, outbox: 0, junk: 0 } },
      all: { inbox: 3, drafts: 0, outbox: 0, junk: 0 },
    });
    await messageListRepo(db).setUnread(['1', '4'], false);
    const after = await repo.unreadCounts(['a1', 'a2']);
    expect(after.all.inbox).toBe(1);
  });
});

describe('settingsRepo and storage persistence', () => {
  it('answers defaults until set, then the stored value', async () => {
    const s = settingsRepo(db);
    expect(await s.get('theme')).toBe('system');
    await s.set('theme', 'dark');
    expect(await s.get('theme')).toBe('dark');
  });

  it('records whether persistent storage was granted', async () => {
    const granted = { persisted: async () => false, persist: async () => true } as unknown as StorageManager;
    expect((await requestPersistentStorage(db, granted)).state).toBe('granted');
    const denied = { persisted: async () => false, persist: async () => false } as unknown as StorageManager;
    expect((await requestPersistentStorage(db, denied)).state).toBe('denied');
    expect((await requestPersistentStorage(db, undefined)).state).toBe('unsupported');
    expect((await settingsRepo(db).get('storagePersistence'))?.state).toBe('unsupported');
  });
});

describe('messagesRepo.countByAccount', () => {
  it('counts one account’s messages in every folder and nobody else’s', async () => {
    await db.messages.bulkPut([
      { ...makeMessage('a'), unreadFlag: 1 as const },
      { ...makeMessage('b', { folder: 'sent' }), unreadFlag: 1 as const },
      { ...makeMessage('c', { folder: 'trash', unread: false }), unreadFlag: 0 as const },
      { ...makeMessage('d', { accountId: 'a2' }), unreadFlag: 1 as const },
    ]);
    const repo = messagesRepo(db);
    expect(await repo.countByAccount('a1')).toBe(3);
    expect(await repo.countByAccount('a2')).toBe(1);
    expect(await repo.countByAccount('nobody')).toBe(0);
  });
});

describe('settingsRepo defaults for the global settings', () => {
  it('notifications are on and there is no default account until chosen', async () => {
    const s = settingsRepo(db);
    expect(await s.get('notifyNewMail')).toBe(true);
    expect(await s.get('defaultAccountId')).toBeNull();
    await s.set('notifyNewMail', false);
    await s.set('defaultAccountId', 'a2');
    expect([await s.get('notifyNewMail'), await s.get('defaultAccountId')]).toEqual([false, 'a2']);
  });
});

describe('defaultFirst', () => {
  const a = { id: 'a' };
  const b = { id: 'b' };
  const c = { id: 'c' };
  it('puts the default account first and keeps the others in order', () => {
    expect(defaultFirst([a, b, c], 'c')).toEqual([c, a, b]);
    expect(defaultFirst([a, b, c], 'a')).toEqual([a, b, c]);
  });
  it('changes nothing when there is no default or it was removed', () => {
    expect(defaultFirst([a, b], null)).toEqual([a, b]);
    expect(defaultFirst([a, b], 'gone')).toEqual([a, b]);
    expect(defaultFirst([], 'a')).toEqual([]);
  });
});

describe('opening a fetched message', () => {
  const headers = { messageId: null, inReplyTo: null, references: [], from: null, to: [], cc: [], replyTo: [], subject: 's', date: 1, size: 0, hasAttachments: true };
  const texts = ['first message, its own words', 'second message: "the one opened"', 'third message, the last of the batch'];
  const attachment = 'aGVsbG8gcGFydA==';
  const sources = texts.map((t, i) => `Subject: ${i}\r\n\r\n${t}\r\n--\r\n${attachment}\r\n`);

  /** A batch of three committed through the fetch's own commit, their bytes views of one buffer (as a batch arrives). */
  async function commitBatch(target: HeronDb): Promise<number[]> {
    const whole = new TextEncoder().encode(sources.join(''));
    let at = 0;
    const messages: FetchedMessage[] = sources.map((s, i) => {
      const raw = whole.subarray(at, at + s.length);
      at += s.length;
      const textStart = s.indexOf('\r\n\r\n') + 4;
      const partStart = s.indexOf(attachment);
      return {
        id: `m${i}`,
        uidl: `U${i}`,
        size: raw.byteLength,
        raw,
        partial: false,
        headers: { ...headers, subject: `S${i}` },
        receivedAt: 1,
        content: {
          body: { text: { start: textStart, end: textStart + (texts[i] ?? '').length }, html: null, warnings: [] },
          attachments: [{ meta: { filename: 'part.txt', contentType: 'text/plain', size: 10, contentId: null, inline: false, omitted: false }, content: new Uint8Array(0), inRaw: { start: partStart, end: partStart + attachment.length } }],
          hasAttachments: true,
          snippet: texts[i] ?? '',
        },
      };
    });
    await commitFetched(target, 'a1', messages);
    return messages.map((m) => m.size);
  }

  it('reads only that message\'s bytes out of its batch\'s chunk, for its text and for its parts', async () => {
    // Every byte of stored mail the reader reads: rows from the store (a chunk's bytes when they come
    // with its row) and Blob reads (only the slice read).
    let read = 0;
    const counted = new HeronDb(`heron-msg-reads-${process.pid}-${n}`);
    counted.use({
      stack: 'dbcore',
      name: 'count-raw-bytes',
      create: (down: DBCore): DBCore => ({
        ...down,
        table(name) {
          const t = down.table(name);
          if (name !== 'rawChunks') return t;
          const size = (row: unknown) => {
            const bytes = (row as { bytes?: unknown } | undefined)?.bytes;
            return bytes instanceof ArrayBuffer ? bytes.byteLength : 0;
          };
          return {
            ...t,
            get: async (req) => {
              const row: unknown = await t.get(req);
              read += size(row);
              return row;
            },
            getMany: async (req) => {
              const rows: unknown[] = await t.getMany(req);
              for (const row of rows) read += size(row);
              return rows;
            },
          };
        },
      }),
    });
    await counted.open();
    const arrayBuffer = vi.spyOn(Blob.prototype, 'arrayBuffer');
    try {
      const sizes = await commitBatch(counted);
      read = 0;
      arrayBuffer.mockClear();
      const opened = await messagesRepo(counted).withBody('m1');
      expect(opened?.meta.subject).toBe('S1');
      expect(opened?.body?.text).toBe(texts[1]);
      const fromBlobs = () => arrayBuffer.mock.contexts.reduce<number>((sum, blob) => sum + (blob as Blob).size, 0);
      expect(read + fromBlobs()).toBe(sizes[1]);
      read = 0;
      arrayBuffer.mockClear();
      const [part] = await messagesRepo(counted).attachmentsOf('m1');
      expect(await part?.blob?.text()).toBe('hello part');
      // The part's Blob itself is read by the test: what the repository read is the message's slice.
      expect(read + arrayBuffer.mock.contexts.slice(0, 1).reduce<number>((sum, blob) => sum + (blob as Blob).size, 0)).toBe(sizes[1]);
    } finally {
      arrayBuffer.mockRestore();
      counted.close();
      await Dexie.delete(counted.name);
    }
  });

  it('keeps every message\'s bytes exactly as they arrived through the commit, the source view included', async () => {
    await commitBatch(db);
    for (const [i, source] of sources.entries()) {
      const blob = await messagesRepo(db).getRaw(`m${i}`);
      expect(blob?.type).toBe('message/rfc822');
      expect(new Uint8Array(await blob!.arrayBuffer())).toEqual(new TextEncoder().encode(source));
    }
    // Deleting the middle one rewrites the chunk from slices of the old bytes: its neighbours' stay exact.
    await db.transaction('rw', [db.rawChunks, db.messages], () => deleteRaws(db, ['m1']));
    expect(await db.rawChunks.toArray().then((rows) => Promise.all(rows.map((r) => r.bytes.text())))).toEqual([(sources[0] ?? '') + (sources[2] ?? '')]);
    expect((await getRawBytes(db, ['m0', 'm1', 'm2'])).size).toBe(2);
    expect(new TextDecoder().decode((await getRawBytes(db, ['m2'])).get('m2'))).toBe(sources[2]);
  });
});
