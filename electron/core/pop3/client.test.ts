import { afterEach, describe, expect, it } from 'vitest';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pop3Client, openSession, type Pop3ConnectOptions } from './index';
import { startFakePop3, type FakePop3, type FakePop3Options } from './testing/fake-server';

const servers: FakePop3[] = [];
const clients: Pop3Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.close();
});

async function fake(options: FakePop3Options = {}): Promise<FakePop3> {
  const s = await startFakePop3(options);
  servers.push(s);
  return s;
}

function plain(server: FakePop3, extra: Partial<Pop3ConnectOptions> = {}): Pop3ConnectOptions {
  return { host: server.host, port: server.port, security: 'none', ...extra };
}

async function loggedIn(server: FakePop3, extra: Partial<Pop3ConnectOptions> = {}): Promise<Pop3Client> {
  const client = await Pop3Client.connect(plain(server, extra));
  clients.push(client);
  await client.login({ method: 'user', username: 'alice', password: 'secret', allowPlaintextPassword: true });
  return client;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

const M1 = 'From: a@example.org\r\nSubject: one\r\n\r\nHello\r\n';
const M2 = 'Subject: dots\r\n\r\n.\r\n..\r\n+OK\r\n-ERR\r\n.leading\r\nlast line\r\n';
const M3 = 'Subject: three\r\n\r\nno final line end';

describe('Pop3Client against the fake server', () => {
  it('connects, reads CAPA, logs in with USER/PASS and lists the mailbox (exact transcript)', async () => {
    const server = await fake({ messages: [M1, M2] });
    const lines: string[] = [];
    const client = await loggedIn(server, { transcript: (l) => lines.push(`${l.dir}: ${l.text}`) });
    expect(client.greeting).toBe('+OK Heron fake POP3 ready <1896.697170952@fake.heron>');
    expect(client.capabilities).toMatchObject({ pipelining: true, uidl: true, top: true, respCodes: true, authRespCode: true });
    expect(client.tls).toBeNull();
    expect(await client.stat()).toEqual({ count: 2, size: M1.length + M2.length });
    expect(await client.list()).toEqual([{ msg: 1, size: M1.length }, { msg: 2, size: M2.length }]);
    expect(await client.uidl()).toEqual([{ msg: 1, uid: 'uid-1' }, { msg: 2, uid: 'uid-2' }]);
    await client.noop();
    await client.quit();
    expect(server.transcript).toEqual(['CAPA', 'USER alice', 'PASS secret', 'CAPA', 'STAT', 'LIST', 'UIDL', 'NOOP', 'QUIT']);
    expect(lines).toEqual([
      `I: Connected to 127.0.0.1:${server.port}`,
      'S: +OK Heron fake POP3 ready <1896.697170952@fake.heron>',
      'C: CAPA',
      'S: +OK Capability list follows',
      'I: [listing: 92 bytes]',
      'I: Capabilities: TOP | UIDL | RESP-CODES | PIPELINING | AUTH-RESP-CODE | USER | SASL PLAIN LOGIN CRAM-MD5 XOAUTH2',
      'C: USER alice',
      'S: +OK',
      'C: PASS ****',
      "S: +OK alice's maildrop has 2 messages",
      'C: CAPA',
      'S: +OK Capability list follows',
      'I: [listing: 51 bytes]',
      'C: STAT',
      `S: +OK 2 ${M1.length + M2.length}`,
      'C: LIST',
      'S: +OK 2 messages',
      'I: [listing: 12 bytes]',
      'C: UIDL',
      'S: +OK',
      'I: [listing: 18 bytes]',
      'C: NOOP',
      'S: +OK',
      'C: QUIT',
      'S: +OK Logging out.',
    ]);
  });

  it('retrieves exact bytes: dot-unstuffed, body lines ".", "..", "+OK", "-ERR" are data', async () => {
    const server = await fake({ messages: [M1, M2, M3] });
    const client = await loggedIn(server);
    expect((await readAll(client.retrieve(1))).toString()).toBe(M1);
    expect((await readAll(client.retrieve(2))).toString()).toBe(M2);
    // The server adds the CRLF before the terminator to a message without a final line end.
    expect((await readAll(client.retrieve(3))).toString()).toBe(`${M3}\r\n`);
    expect((await client.top(2, 1)).toString()).toBe('Subject: dots\r\n\r\n.\r\n');
    expect((await client.top(1, 0)).toString()).toBe('From: a@example.org\r\nSubject: one\r\n\r\n');
  });

  it('finds CRLF.CRLF over a socket wherever the server splits its writes', async () => {
    const wire = Buffer.from('+OK 44 octets\r\nSubject: dots\r\n\r\n..\r\n...\r\n+OK\r\n-ERR\r\n.\r\n');
    let split = 0;
    const server = await fake({
      messages: [M2],
      overrides: {
        async RETR(s) {
          s.write(wire.subarray(0, split));
          await sleep(2);
          s.write(wire.subarray(split));
        },
      },
    });
    const client = await loggedIn(server);
    for (split = 1; split < wire.length; split += 1) {
      expect((await readAll(client.retrieve(1))).toString(), `split at ${split}`).toBe('Subject: dots\r\n\r\n.\r\n..\r\n+OK\r\n-ERR\r\n');
    }
    await client.noop();
  });

  it('pipelining on and off produce the same messages, and DELE takes effect only at QUIT', async () => {
    const messages = Array.from({ length: 40 }, (_, i) => `Subject: ${i}\r\n\r\n${'.'.repeat(i % 3)}body ${i}\r\n`);
    const results: string[][] = [];
    for (const pipelining of [true, false]) {
      const server = await fake({ messages, capabilities: { pipelining } });
      const client = await loggedIn(server);
      expect(client.capabilities.pipelining).toBe(pipelining);
      const got: string[] = [];
      for await (const { msg, data } of client.retrieveMany(messages.map((_, i) => i + 1), { window: 8 })) {
        expect(msg).toBe(got.length + 1);
        got.push(String(data));
      }
      results.push(got);
      await client.deleteMany([1, 2, 3]);
      expect(server.deleted).toEqual([]);
      await client.quit();
      await sleep(5);
      expect(server.deleted).toEqual(['uid-1', 'uid-2', 'uid-3']);
      expect(server.mailbox()).toHaveLength(37);
      expect(server.transcript.filter((l) => l.startsWith('RETR'))).toHaveLength(40);
    }
    expect(results[0]).toEqual(messages);
    expect(results[1]).toEqual(messages);
  });

  it('keeps the pipelining window: RETRs are sent ahead, never more than the window', async () => {
    const messages = Array.from({ length: 30 }, (_, i) => `Subject: ${i}\r\n\r\nx\r\n`);
    let answered = 0;
    let maxAhead = 0;
    const server = await fake({
      messages,
      overrides: {
        async RETR(s) {
          await sleep(2); // let every line the client has sent arrive
          const received = s.record.transcript.filter((l) => l.startsWith('RETR')).length;
          maxAhead = Math.max(maxAhead, received - answered);
          await s.next();
          answered += 1;
        },
      },
    });
    const client = await loggedIn(server);
    let n = 0;
    for await (const _m of client.retrieveMany(messages.map((_, i) => i + 1), { window: 4 })) n += 1;
    expect(n).toBe(30);
    expect(maxAhead).toBe(4);
  });

  it('deleteMany of 300 messages with one signal: pipelined, all committed at QUIT', async () => {
    const messages = Array.from({ length: 300 }, (_, i) => `Subject: ${i}\r\n\r\nx\r\n`);
    const server = await fake({ messages });
    const client = await loggedIn(server);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    await client.deleteMany(messages.map((_, i) => i + 1), new AbortController().signal);
    await client.quit();
    process.off('warning', onWarning);
    await sleep(5);
    expect(server.deleted).toHaveLength(300);
    expect(server.mailbox()).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('RSET undoes deletions; a dropped session (no QUIT) deletes nothing', async () => {
    const server = await fake({ messages: [M1, M2] });
    const a = await loggedIn(server);
    await a.delete(1);
    await a.reset();
    await a.quit();
    const b = await loggedIn(server);
    await b.delete(2);
    b.destroy();
    await sleep(5);
    expect(server.deleted).toEqual([]);
    expect(server.mailbox()).toEqual(['uid-1', 'uid-2']);
  });

  it('a -ERR to DELE or RETR of a missing message is EREJECTED and the session goes on', async () => {
    const server = await fake({ messages: [M1] });
    const client = await loggedIn(server);
    await expect(client.delete(9)).rejects.toMatchObject({ code: 'EREJECTED', detail: { command: 'DELE 9', response: '-ERR There is no message 9' } });
    await expect(readAll(client.retrieve(9))).rejects.toMatchObject({ code: 'EREJECTED', message: '127.0.0.1 refused RETR 9 (POP3: -ERR There is no message 9).' });
    expect(await client.stat()).toEqual({ count: 1, size: M1.length });
  });

  it('openSession: login, STAT, LIST and UIDL in one pipelined batch', async () => {
    const server = await fake({ messages: [M1, M2, M3] });
    const session = await openSession({ ...plain(server), credentials: { method: 'plain', username: 'alice', password: 'secret', allowPlaintextPassword: true } });
    clients.push(session.client);
    expect(session.count).toBe(3);
    expect(session.messages).toEqual([
      { msg: 1, size: M1.length, uid: 'uid-1' },
      { msg: 2, size: M2.length, uid: 'uid-2' },
      { msg: 3, size: M3.length, uid: 'uid-3' },
    ]);
    expect(server.transcript).toEqual(['CAPA', `AUTH PLAIN ${Buffer.from('\0alice\0secret').toString('base64')}`, 'CAPA', 'STAT', 'LIST', 'UIDL']);
  });

  it('no UIDL: uidl() is EUNSUPPORTED without asking; openSession gives null uids when not needed', async () => {
    const server = await fake({ messages: [M1], capabilities: { uidl: false } });
    const client = await loggedIn(server);
    await expect(client.uidl()).rejects.toMatchObject({ code: 'EUNSUPPORTED', detail: { command: 'UIDL' } });
    const creds = { method: 'user' as const, username: 'alice', password: 'secret', allowPlaintextPassword: true };
    await expect(openSession({ ...plain(server), credentials: creds })).rejects.toMatchObject({ code: 'EUNSUPPORTED' });
    const session = await openSession({ ...plain(server), credentials: creds, needUidl: false });
    clients.push(session.client);
    expect(session.messages).toEqual([{ msg: 1, size: M1.length, uid: null }]);
    expect(server.transcript.filter((l) => l === 'UIDL')).toEqual([]);
  });

  it('no CAPA at all: UIDL and TOP are tried, and a -ERR means EUNSUPPORTED', async () => {
    const server = await fake({ messages: [M1], capabilities: { capa: false, uidl: false, top: false } });
    const client = await loggedIn(server);
    expect(client.capabilities.raw).toEqual([]);
    await expect(client.uidl()).rejects.toMatchObject({ code: 'EUNSUPPORTED', detail: { response: '-ERR Unknown command' } });
    await expect(client.top(1, 0)).rejects.toMatchObject({ code: 'EUNSUPPORTED' });
    expect(server.transcript).toEqual(['CAPA', 'USER alice', 'PASS secret', 'UIDL', 'TOP 1 0']);
  });

  it('no TOP in CAPA: top() is EUNSUPPORTED and nothing is sent', async () => {
    const server = await fake({ messages: [M1], capabilities: { top: false } });
    const client = await loggedIn(server);
    await expect(client.top(1, 0)).rejects.toMatchObject({ code: 'EUNSUPPORTED', detail: { command: 'TOP' } });
    expect(server.transcript.some((l) => l.startsWith('TOP'))).toBe(false);
  });

  it('QUIT answered with -ERR [SYS/TEMP] (deletions not committed) is ETEMPORARY', async () => {
    const server = await fake({ messages: [M1], overrides: { QUIT: (s) => s.reply('-ERR [SYS/TEMP] Could not expunge') } });
    const client = await loggedIn(server);
    await client.delete(1);
    await expect(client.quit()).rejects.toMatchObject({ code: 'ETEMPORARY', retryable: true });
  });

  it('rejects message numbers that could inject commands or make no sense', async () => {
    const server = await fake({ messages: [M1] });
    const client = await loggedIn(server);
    expect(() => client.retrieve(0)).toThrow(expect.objectContaining({ code: 'EINVALID' }));
    await expect(client.delete(1.5)).rejects.toMatchObject({ code: 'EINVALID' });
    await expect(client.top(1, -1)).rejects.toMatchObject({ code: 'EINVALID' });
  });
});
