import { afterEach, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pop3Client, type Pop3ConnectOptions } from './index';
import type { FakePop3, FakePop3Options, FakeSession } from './testing/fake-server';
import { fakeServers, readAll, rejection } from './testing/helpers';

const servers = fakeServers();
const clients: Pop3Client[] = [];
const timers: NodeJS.Timeout[] = [];
afterEach(async () => {
  for (const t of timers.splice(0)) clearInterval(t);
  for (const c of clients.splice(0)) c.destroy();
  await servers.closeAll();
});

const M1 = 'Subject: one\r\n\r\nHello\r\n';
const FAST = { connectMs: 2000, greetingMs: 500, commandMs: 1000, idleMs: 300 };

async function session(options: FakePop3Options, extra: Partial<Pop3ConnectOptions> = {}): Promise<{ server: FakePop3; client: Pop3Client }> {
  const server = await servers.start({ messages: [M1], ...options });
  const client = await Pop3Client.connect({ host: server.host, port: server.port, security: 'none', timeouts: FAST, ...extra });
  clients.push(client);
  await client.login({ method: 'user', username: 'alice', password: 'secret', allowPlaintextPassword: true });
  return { server, client };
}

/** Writes `data` one byte per `everyMs` until the session closes. */
function trickle(s: FakeSession, data: string, everyMs: number): void {
  let i = 0;
  const t = setInterval(() => {
    if (s.closed || i >= data.length) return clearInterval(t);
    s.write(data[i++] as string);
  }, everyMs);
  timers.push(t);
}

describe('deadlines', () => {
  it('a greeting that never comes is ETIMEDOUT after greetingMs', async () => {
    const server = await servers.start({ overrides: { GREETING: () => {} } });
    const started = Date.now();
    const timeouts = { ...FAST, idleMs: 5000 };
    const error = await rejection(Pop3Client.connect({ host: server.host, port: server.port, security: 'none', timeouts }));
    // Unencrypted on a port that is not POP3's usual one: the likeliest cause is named too (tls/mismatch.ts).
    expect(error).toMatchObject({
      code: 'ETIMEDOUT',
      retryable: true,
      message: `127.0.0.1 accepted the connection on port ${server.port} but sent no POP3 greeting within 500 ms. It may expect SSL/TLS from the start on this port, or STARTTLS on port 110.`,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(490);
  });

  it('a reply that never ends is ETIMEDOUT (idle deadline)', async () => {
    const { client } = await session({ overrides: { RETR: (s) => s.write('+OK 20 octets\r\nSubject: never ends\r\n') } });
    const error = await rejection(readAll(client.retrieve(1)));
    expect(error).toMatchObject({ code: 'ETIMEDOUT', message: '127.0.0.1 sent nothing for 300 ms while Heron waited for the answer to RETR 1.' });
    expect(error.detail).toMatchObject({ command: 'RETR 1', bytesReceived: 21 });
  });

  it('slow-loris (one byte every 200 ms, idle deadline 300 ms): the whole-command deadline still fires', async () => {
    const { client, server } = await session({ overrides: { RETR: (s) => trickle(s, `+OK\r\n${'x'.repeat(1000)}`, 200) } });
    const started = Date.now();
    const error = await rejection(readAll(client.retrieve(1)));
    expect(error).toMatchObject({ code: 'ETIMEDOUT', message: '127.0.0.1 did not finish answering RETR 1 within 1 s.' });
    expect(Date.now() - started).toBeLessThan(1500);
    // Dropped without QUIT.
    await sleep(20);
    expect(server.transcript.at(-1)).toBe('RETR 1');
    await expect(client.noop()).rejects.toMatchObject({ code: 'ECONNECTION' });
  });
});

describe('caps and hostile replies', () => {
  it('a 5 MB status line without CRLF is EPROTOCOL after the line cap, not 5 MB later', async () => {
    let written = 0;
    const { client } = await session({
      overrides: {
        async STAT(s) {
          const block = Buffer.alloc(64 * 1024, 0x41);
          for (let i = 0; i < 80 && !s.closed; i += 1) {
            written += block.length;
            if (!s.write(block)) await s.drain();
          }
        },
      },
    });
    const before = process.memoryUsage().arrayBuffers;
    const error = await rejection(client.stat());
    expect(error).toMatchObject({ code: 'EPROTOCOL', message: 'The server sent a line longer than 65536 bytes without ending it.' });
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(4 * 1024 * 1024);
    await sleep(50);
    expect(written).toBeLessThan(5 * 1024 * 1024);
  });

  it('a 5 MB line in a LIST reply is EPROTOCOL', async () => {
    const { client } = await session({ overrides: { LIST: (s) => s.write(`+OK\r\n1 ${'9'.repeat(5 * 1024 * 1024)}\r\n.\r\n`) } });
    await expect(client.list()).rejects.toMatchObject({ code: 'EPROTOCOL' });
  });

  it('RETR longer than LIST said: the byte cap stops it with ETOOBIG and the session is dropped', async () => {
    const { client, server } = await session({
      overrides: { RETR: (s) => s.write(`+OK 24 octets\r\n${'x'.repeat(100_000)}\r\n.\r\n`) },
    });
    const error = await rejection(readAll(client.retrieve(1, { maxBytes: 1000 })));
    expect(error).toMatchObject({ code: 'ETOOBIG', message: 'The message from 127.0.0.1 is larger than the limit of 1000 bytes (RETR 1).' });
    await sleep(20);
    expect(server.transcript.at(-1)).toBe('RETR 1');
  });

  it('a size in "+OK n octets" off by what servers get wrong (LF counting, stuffing dots) does not change the bytes retrieveMany hands over', async () => {
    const body = 'Subject: x\r\n\r\n..dotted\r\nbody\r\n';
    const { client } = await session({
      messages: [M1, M1, M1],
      overrides: {
        RETR(s, args) {
          // Short (the buffer it announced overflows), long (it is never filled), none at all.
          const said = { '1': ' 24 octets', '2': ' 29 octets', '3': '' }[args[0] as '1' | '2' | '3'];
          s.write(`+OK${said}\r\n${body}.\r\n`);
        },
      },
    });
    const got: string[] = [];
    for await (const m of client.retrieveMany([1, 2, 3])) got.push(String(m.data));
    expect(got).toEqual(Array(3).fill('Subject: x\r\n\r\n.dotted\r\nbody\r\n'));
  });

  it('the connection closed mid-RETR is ECONNECTION and the partial message is never handed over', async () => {
    const { client } = await session({
      messages: [M1, M1],
      overrides: {
        RETR(s, args) {
          if (args[0] === '1') return s.next();
          s.write('+OK 500 octets\r\nSubject: cut\r\n\r\npartial');
          setTimeout(() => s.destroy(), 20);
        },
      },
    });
    const got: Array<number | string> = [];
    for await (const m of client.retrieveMany([1, 2])) got.push(m.data !== null ? m.msg : `${m.msg} ${m.problem.kind}`);
    expect(got).toEqual([1, '2 lost']);
    await expect(client.stat()).rejects.toMatchObject({ code: 'ECONNECTION', message: expect.stringContaining('127.0.0.1 closed the connection while Heron waited for the answer to RETR 2.') });
  });

  it('a reply that is not POP3 is EPROTOCOL, and the socket is dropped without QUIT', async () => {
    const { client, server } = await session({ overrides: { NOOP: (s) => s.reply('* OK this is IMAP') } });
    await expect(client.noop()).rejects.toMatchObject({ code: 'EPROTOCOL', message: 'The server sent something that is not a POP3 reply: "* OK this is IMAP".' });
    await expect(client.quit()).rejects.toMatchObject({ code: 'ECONNECTION' });
    await sleep(20);
    expect(server.transcript).toEqual(['CAPA', 'USER alice', 'PASS secret', 'CAPA', 'NOOP']);
  });

  it('data nobody asked for is EPROTOCOL on the next command (no reply is matched to the wrong command)', async () => {
    const { client } = await session({ overrides: { NOOP: (s) => s.write('+OK\r\n+OK 99 99\r\n') } });
    await expect(client.noop()).resolves.toBeUndefined();
    await sleep(20);
    await expect(client.stat()).rejects.toMatchObject({ code: 'ECONNECTION', message: expect.stringContaining('sent data that no command asked for') });
  });

  it('server text in errors is capped and control characters are neutralised', async () => {
    const { client } = await session({ overrides: { DELE: (s) => s.reply(`-ERR \u001b[2J${'y'.repeat(5000)}`) } });
    const error = await rejection(client.delete(1));
    expect(error.code).toBe('EREJECTED');
    expect(error.message.length).toBeLessThan(300);
    expect(error.message).not.toContain('\u001b');
  });
});

describe('cancellation', () => {
  it('aborting mid-RETR is EABORTED and drops the session', async () => {
    const { client } = await session({ overrides: { RETR: (s) => s.write('+OK\r\nSubject: slow\r\n') } });
    const controller = new AbortController();
    const reading = rejection(readAll(client.retrieve(1, { signal: controller.signal })));
    await sleep(30);
    controller.abort();
    expect(await reading).toMatchObject({ code: 'EABORTED' });
    await expect(client.noop()).rejects.toMatchObject({ code: 'ECONNECTION' });
  });

  it('an already aborted signal is EABORTED without sending', async () => {
    const { client, server } = await session({});
    await expect(client.stat(AbortSignal.abort())).rejects.toMatchObject({ code: 'EABORTED' });
    expect(server.transcript.at(-1)).toBe('CAPA');
  });

  it('aborting the connect signal during the greeting is EABORTED', async () => {
    const server = await servers.start({ overrides: { GREETING: () => {} } });
    const error = await rejection(Pop3Client.connect({ host: server.host, port: server.port, security: 'none', signal: AbortSignal.timeout(50) }));
    expect(error.code).toBe('EABORTED');
  });

  it('leaving retrieveMany early with RETRs in flight drops the session (no reply is left unread)', async () => {
    const messages = Array.from({ length: 20 }, (_, i) => `Subject: ${i}\r\n\r\nbody\r\n`);
    const slow = async (s: FakeSession, args: string[]) => {
      if (args[0] !== '1') await sleep(50);
      await s.next();
    };
    const { client, server } = await session({ messages, overrides: { RETR: slow } });
    for await (const m of client.retrieveMany(messages.map((_, i) => i + 1), { window: 8 })) {
      expect(m.msg).toBe(1);
      break;
    }
    await expect(client.noop()).rejects.toMatchObject({ code: 'ECONNECTION' });
    expect(server.transcript).not.toContain('QUIT');
  });
});
