/**
 * Heron's POP3 engine against a real Dovecot with a real mailbox: 1,000 messages fetched pipelined
 * and compared byte for byte with the Maildir files, and DELE semantics (RFC 1939 §6: deletions
 * take effect only in the UPDATE state, i.e. after QUIT).
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { openSession, type Pop3ConnectOptions } from '../../electron/core/pop3';
import type { FailedMessage } from '../../shared/ipc/calls/fetch';
import type { FetchedMessage } from '../../shared/model/fetched-message';
import { readMessage } from '../../electron/core/fetch/read-message';
import { runFetchSession } from '../../electron/core/fetch/session';
import { dovecotAvailable, startDovecot, type DovecotInstance } from '../servers';
import { makeMessage, seedIndex, toCrlf } from '../servers/messages';

const BULK = 1000;
const USERS = [
  { name: 'bulk', password: 'bulk-pw' },
  { name: 'dele', password: 'dele-pw' },
  { name: 'edge', password: 'edge-pw' },
];

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe.skipIf(!dovecotAvailable.available)(dovecotAvailable.title('POP3 engine against real Dovecot: mailbox contents and DELE'), () => {
  let dovecot: DovecotInstance;
  /** X-Heron-Seed index → the bytes Dovecot must serve (the stored file with lone LFs as CRLF). */
  const expected = new Map<number, Buffer>();
  /** X-Heron-Seed index → the size LIST reports. */
  const listed = new Map<number, number>();

  const options = (user: string): Pop3ConnectOptions & { credentials: { method: 'user'; username: string; password: string } } => ({
    host: '127.0.0.1', port: dovecot.pop3sPort, security: 'tls', servername: 'localhost', ca: dovecot.ca,
    credentials: { method: 'user', username: user, password: `${user}-pw` },
  });

  beforeAll(async () => {
    dovecot = await startDovecot({ users: USERS });
    // Varied sizes (300 B – 40 KB), half stored with LF and half with CRLF line ends, a few without
    // a final line break: Dovecot must serve each exactly, and the engine must unstuff exactly.
    const messages: Buffer[] = [];
    for (let i = 0; i < BULK; i += 1) {
      const size = i % 50 === 0 ? 40_000 : 300 + ((i * 7_919) % 12_000);
      let message = makeMessage(i, { size, crlf: i % 2 === 1 });
      if (i % 97 === 0) message = message.subarray(0, message.length - (i % 2 === 1 ? 2 : 1));
      messages.push(message);
    }
    await dovecot.seed('bulk', messages);
    for (const entry of await dovecot.listMaildir('bulk')) {
      const stored = await readFile(entry.path);
      const index = seedIndex(stored);
      if (index === null) throw new Error(`seeded file without X-Heron-Seed: ${entry.name}`);
      // A message without a final line break is served with one (the terminator needs its own line),
      // but LIST/STAT count the message as stored: those two bytes are not in its size.
      const wire = toCrlf(stored);
      listed.set(index, wire.length);
      expected.set(index, wire.subarray(-2).toString() === '\r\n' ? wire : Buffer.concat([wire, Buffer.from('\r\n')]));
    }
    expect(expected.size).toBe(BULK);
  }, 120_000);
  afterAll(async () => {
    await dovecot?.stop();
  });

  it('1,000 messages fetched with retrieveMany (pipelined) match the Maildir byte for byte; STAT/LIST/UIDL agree', async () => {
    const session = await openSession(options('bulk'));
    try {
      expect(session.client.capabilities.pipelining).toBe(true);
      expect(session.count).toBe(BULK);
      expect(session.size).toBe([...listed.values()].reduce((sum, n) => sum + n, 0));
      expect(new Set(session.messages.map((m) => m.uid)).size).toBe(BULK);

      const fetched = await collect(session.client.retrieveMany(session.messages.map((m) => m.msg)));
      expect(fetched.map((f) => f.msg)).toEqual(session.messages.map((m) => m.msg));
      // Every reply agrees with what Dovecot said of it (delivery.ts): no message is taken for a
      // desynchronised or oversized one, LF-stored, CRLF-stored and without a final line break alike.
      expect(fetched.flatMap((f) => (f.data === null ? [`${f.msg}: ${f.problem.error.message}`] : []))).toEqual([]);
      const seen = new Set<number>();
      let mismatches = 0;
      for (const { msg, data: received } of fetched) {
        const data = received as Buffer;
        const index = seedIndex(data);
        expect(index, `message ${msg} has no X-Heron-Seed`).not.toBeNull();
        seen.add(index as number);
        const want = expected.get(index as number) as Buffer;
        if (!data.equals(want)) mismatches += 1;
        // LIST's size is the stored size with CRLF line ends, before dot-stuffing.
        if (session.messages[msg - 1]?.size !== listed.get(index as number)) mismatches += 1;
      }
      expect(mismatches).toBe(0);
      expect(seen.size).toBe(BULK);
      await session.client.quit();
    } finally {
      session.client.destroy();
    }
    // Nothing was deleted: keep mode leaves the mailbox as it was.
    expect(await dovecot.listMaildir('bulk')).toHaveLength(BULK);
  }, 120_000);

  it('retrieve() streams one message byte-exactly, and TOP 0 returns exactly its header block', async () => {
    const session = await openSession(options('bulk'));
    try {
      const target = session.messages[41] as { msg: number };
      const chunks: Buffer[] = [];
      for await (const chunk of session.client.retrieve(target.msg)) chunks.push(chunk as Buffer);
      const data = Buffer.concat(chunks);
      const want = expected.get(seedIndex(data) as number) as Buffer;
      expect(data.equals(want)).toBe(true);
      const head = await session.client.top(target.msg, 0);
      const end = want.indexOf('\r\n\r\n');
      expect(head.equals(want.subarray(0, end + 4))).toBe(true);
      await session.client.quit();
    } finally {
      session.client.destroy();
    }
  }, 60_000);

  it('DELE is committed at QUIT, and dropping the connection without QUIT deletes nothing', async () => {
    await dovecot.clearMaildir('dele');
    await dovecot.seed('dele', [0, 1, 2, 3].map((i) => makeMessage(5000 + i, { size: 2000 })));
    const seeds = async (): Promise<number[]> =>
      (await Promise.all((await dovecot.listMaildir('dele')).map(async (e) => seedIndex(await readFile(e.path)) ?? -1))).sort();

    // 1. DELE, then destroy (no QUIT): the server must not expunge.
    let session = await openSession(options('dele'));
    expect(session.count).toBe(4);
    await session.client.delete(1);
    expect(await session.client.stat()).toMatchObject({ count: 3 });
    session.client.destroy();
    // Dovecot does not lock a Maildir for POP3 (pop3_lock_session = no): the next session may start at once.
    session = await openSession(options('dele'));
    expect(session.count).toBe(4);
    expect(await seeds()).toEqual([5000, 5001, 5002, 5003]);

    // 2. DELE two (pipelined), then QUIT: exactly those two are gone from the Maildir.
    const uids = session.messages.map((m) => m.uid);
    const doomed = (await collect(session.client.retrieveMany([1, 3]))).map((r) => seedIndex(r.data as Buffer));
    await session.client.deleteMany([1, 3]);
    await session.client.quit();
    expect(await seeds()).toEqual([5000, 5001, 5002, 5003].filter((s) => !doomed.includes(s)));

    // 3. RSET undoes DELE within a session.
    session = await openSession(options('dele'));
    expect(session.count).toBe(2);
    expect(session.messages.map((m) => m.uid)).toEqual([uids[1], uids[3]]);
    await session.client.delete(1);
    await session.client.reset();
    await session.client.quit();
    expect(await seeds()).toHaveLength(2);
  }, 60_000);

  it('a Get mail of mail that ends in status-looking lines, dot lines or no line break, stored with LF or CRLF: every message trusted, stored exactly, deleted', async () => {
    const tails = ['+OK\n', '-ERR not an error', '.\n+OK 123 octets\n', '.\n.\n..\n.\n', '+OK\n-ERR\n+OK', ''];
    const messages: Buffer[] = [];
    tails.forEach((tail, k) => {
      for (const crlf of [false, true]) {
        const base = makeMessage(9000 + k * 2 + (crlf ? 1 : 0), { size: 400 + k * 900, crlf });
        const text = `${base.toString('utf8')}${crlf ? tail.replace(/\n/g, '\r\n') : tail}`;
        messages.push(Buffer.from(text, 'utf8'));
      }
    });
    await dovecot.seed('edge', messages);
    const want = new Map<number, Buffer>();
    for (const entry of await dovecot.listMaildir('edge')) {
      const wire = toCrlf(await readFile(entry.path));
      want.set(seedIndex(wire) as number, wire.subarray(-2).toString() === '\r\n' ? wire : Buffer.concat([wire, Buffer.from('\r\n')]));
    }
    const stored: FetchedMessage[] = [];
    const failed: FailedMessage[] = [];
    const summary = await runFetchSession({
      account: {
        id: 'edge',
        address: 'edge@test.domain',
        incoming: { protocol: 'pop3', host: '127.0.0.1', port: dovecot.pop3sPort, security: 'tls', username: 'edge', auth: 'user' },
        retention: { mode: 'delete', keepDays: null, deleteWhenDeletedHere: true },
        headersOnlyOverBytes: null,
      },
      secret: { password: 'edge-pw' },
      popState: [],
      commit: async (batch) => {
        stored.push(...batch);
        return { committed: true };
      },
      read: readMessage,
      newId: randomUUID,
      batchSize: 3,
      onFailed: (f) => failed.push(f),
      connect: { ca: dovecot.ca, servername: 'localhost' },
    });
    expect(failed).toEqual([]);
    expect(summary.downloaded).toBe(messages.length);
    expect(stored.filter((m) => !Buffer.from(m.raw).equals(want.get(seedIndex(Buffer.from(m.raw)) as number) as Buffer)).map((m) => m.uidl)).toEqual([]);
    expect(new Set(stored.map((m) => seedIndex(Buffer.from(m.raw)))).size).toBe(messages.length);
    expect(await dovecot.listMaildir('edge')).toHaveLength(0);
  }, 60_000);
});
