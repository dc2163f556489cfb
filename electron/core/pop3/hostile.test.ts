import { afterEach, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pop3Client, type Retrieved } from './index';
import type { FakePop3, FakePop3Options, LazyMessage } from './testing/fake-server';
import { fakeServers } from './testing/helpers';

/**
 * retrieveMany against servers that misbehave on one message (issue 16 §1, §3, §4): a refused
 * message is reported and the others still arrive; a reply that is not the message the server
 * described (too big, another size, another reply inside it) is reported where it goes wrong and
 * ends the session, so that no reply after it is read as the wrong message's.
 */
const servers = fakeServers();
const clients: Pop3Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await servers.closeAll();
});

const MB = 1024 * 1024;
const M = (n: number) => `From: s${n}@example.com\r\nSubject: Message ${n}\r\n\r\nbody of ${n}\r\n+OK not a status\r\n`;
const FIVE = [1, 2, 3, 4, 5].map(M);
const FAST = { connectMs: 2000, greetingMs: 2000, commandMs: 3000, idleMs: 3000 };

async function session(options: FakePop3Options): Promise<{ server: FakePop3; client: Pop3Client }> {
  const server = await servers.start(options);
  const client = await Pop3Client.connect({ host: server.host, port: server.port, security: 'none', timeouts: FAST });
  clients.push(client);
  await client.login({ method: 'user', username: 'alice', password: 'secret', allowPlaintextPassword: true });
  await client.list();
  return { server, client };
}

async function collect(items: AsyncIterable<Retrieved>): Promise<Array<string>> {
  const out: string[] = [];
  for await (const r of items) {
    out.push(r.data !== null ? `${r.msg}: ${r.data.toString('latin1')}` : `${r.msg}: ${r.problem.kind} ${r.problem.error.code}`);
  }
  return out;
}

describe('a message the server refuses', () => {
  for (const pipelining of [true, false]) {
    for (const reply of ['-ERR Message is corrupt', '-ERR [SYS/TEMP] Try again later']) {
      it(`${reply} to one RETR (${pipelining ? 'pipelined' : 'one at a time'}): reported with the server's words, the others arrive whole, the session goes on`, async () => {
        const { client, server } = await session({
          messages: FIVE,
          capabilities: { pipelining },
          overrides: { RETR: async (s, args) => (args[0] === '3' ? s.reply(reply) : s.next()) },
        });
        const got: Retrieved[] = [];
        for await (const r of client.retrieveMany([1, 2, 3, 4, 5])) got.push(r);
        expect(got.map((r) => (r.data ? r.data.toString() : null))).toEqual([M(1), M(2), null, M(4), M(5)]);
        const refused = got[2]!;
        expect(refused.problem).toMatchObject({
          kind: 'refused',
          error: { code: reply.includes('SYS/TEMP') ? 'ETEMPORARY' : 'EREJECTED', detail: { command: 'RETR 3', response: reply } },
        });
        expect(await client.stat()).toEqual({ count: 5, size: FIVE.join('').length });
        expect(server.transcript.filter((l) => l.startsWith('RETR'))).toEqual(['RETR 1', 'RETR 2', 'RETR 3', 'RETR 4', 'RETR 5']);
      });
    }
  }
});

describe('a reply that is not the message the server described', () => {
  it('a RETR that never ends swallows the next reply: the messages before it arrive, it is a mismatch, nothing after it is handed over, the session is dropped', async () => {
    const { client, server } = await session({
      messages: FIVE,
      overrides: {
        RETR: async (s, args) => {
          if (args[0] !== '2') return s.next();
          // Message 2 without its terminating dot: the reply to RETR 3 becomes part of it.
          s.reply(`+OK ${M(2).length} octets`);
          s.write(M(2));
        },
      },
    });
    const got = await collect(client.retrieveMany([1, 2, 3, 4, 5]));
    expect(got).toEqual([`1: ${M(1)}`, '2: mismatch EPROTOCOL']);
    await sleep(20);
    await expect(client.quit()).rejects.toMatchObject({ code: 'ECONNECTION' });
    expect(server.transcript).not.toContain('QUIT');
  });

  it('a reply announcing another size than LIST (the reply to another RETR) is a mismatch before its body', async () => {
    const { client } = await session({
      messages: FIVE,
      overrides: { RETR: async (s, args) => (args[0] === '2' ? s.write(`+OK 90000 octets\r\n${M(2)}.\r\n`) : s.next()) },
    });
    const got: Retrieved[] = [];
    for await (const r of client.retrieveMany([1, 2, 3])) got.push(r);
    expect(got.map((r) => r.msg)).toEqual([1, 2]);
    expect(got[1]!.problem).toMatchObject({
      kind: 'mismatch',
      error: {
        code: 'EPROTOCOL',
        message: `127.0.0.1 announced 90000 bytes for a message it listed at ${M(2).length} (RETR 2): its replies no longer match Heron's commands.`,
        // Refused at its status line: not a byte of the body was taken.
        detail: { command: 'RETR 2', listed: M(2).length, announced: 90000, received: 0 },
      },
    });
  });

  it('far less than the server listed is a mismatch', async () => {
    const { client } = await session({
      messages: FIVE,
      overrides: { RETR: async (s, args) => (args[0] === '1' ? s.write('+OK\r\nSubject: cut\r\n.\r\n') : s.next()) },
    });
    expect(await collect(client.retrieveMany([1, 2]))).toEqual(['1: mismatch EPROTOCOL']);
  });

  it('more than the per-message limit: reading stops there, and what arrived is handed back for its headers', async () => {
    const { client } = await session({ messages: FIVE });
    const got: Retrieved[] = [];
    for await (const r of client.retrieveMany([1, 2, 3], { limitFor: (msg) => (msg === 2 ? 40 : 1000) })) got.push(r);
    expect(got.map((r) => r.msg)).toEqual([1, 2]);
    const cut = got[1]!.problem;
    expect(cut).toMatchObject({ kind: 'too-big', error: { code: 'ETOOBIG', detail: { command: 'RETR 2', maxBytes: 40 } } });
    expect(cut?.kind === 'too-big' && M(2).startsWith(cut.head.toString())).toBe(true);
  });

  it('the connection lost in the middle of a message: it is reported lost, with the error, and nothing after it', async () => {
    const { client } = await session({
      messages: FIVE,
      overrides: {
        RETR: async (s, args) => {
          if (args[0] === '1') return s.next();
          // The server dies in message 2; RETR 3, already sent, is never answered.
          if (args[0] === '2') {
            s.write(`+OK ${M(2).length} octets\r\nFrom: s2`);
            setTimeout(() => s.destroy(), 20);
          }
        },
      },
    });
    const got: Retrieved[] = [];
    for await (const r of client.retrieveMany([1, 2, 3])) got.push(r);
    expect(got.map((r) => r.msg)).toEqual([1, 2]);
    expect(got[1]!.problem).toMatchObject({ kind: 'lost', error: { code: 'ECONNECTION', detail: { command: 'RETR 2' } } });
  });
});

describe('a server that lies in LIST', () => {
  it('LIST says 2 KB, RETR streams 300 MB: reading stops at twice the listed size, memory stays bounded, the server gets no further command', async () => {
    const unit = Buffer.alloc(64 * 1024, 'y');
    const header = Buffer.from('From: liar@example.com\r\nSubject: Listed small\r\n\r\n');
    let sent = 0;
    const liar: LazyMessage = {
      size: 2048,
      uid: 'liar',
      *chunks() {
        yield header;
        for (let i = 0; i < (300 * MB) / unit.length; i += 1) {
          sent += unit.length;
          yield unit;
        }
      },
    };
    const { client, server } = await session({ messages: [M(1), liar, M(3)] });
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const got: Retrieved[] = [];
    try {
      for await (const r of client.retrieveMany([1, 2, 3])) got.push(r);
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(got.map((r) => r.msg)).toEqual([1, 2]);
    const cut = got[1]!.problem;
    expect(cut).toMatchObject({ kind: 'too-big', error: { code: 'ETOOBIG', detail: { command: 'RETR 2', maxBytes: 2 * 2048 + 2 } } });
    expect(cut?.kind === 'too-big' && cut.head.subarray(0, header.length).equals(header)).toBe(true);
    expect(cut?.kind === 'too-big' && cut.head.length).toBeLessThanOrEqual(2 * 2048 + 2);
    await sleep(50);
    expect(sent).toBeLessThan(50 * MB);
    expect(peak - before).toBeLessThan(64 * MB);
    // The NOOP after the last RETR shows where the last message ended; nothing after it.
    expect(server.transcript.slice(-2)).toEqual(['RETR 3', 'NOOP']);
  });
});
