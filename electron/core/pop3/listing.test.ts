import { afterEach, describe, expect, it } from 'vitest';
import { openSession, type Pop3Client } from './index';
import { UID_MAX_LENGTH } from './listing';
import type { FakePop3, FakePop3Options } from './testing/fake-server';
import { fakeServers, readAll } from './testing/helpers';

/**
 * Listings from servers that bend RFC 1939 (issue 16 §6): each used to fail every check of the
 * account. The engine is liberal where that loses nothing: it asks UIDL of a server without CAPA,
 * takes any UIDL as an opaque string (a very long one as a fixed-length digest of it), lists two
 * messages that share a UIDL as they are, and goes on without UIDL when the caller can.
 */
const servers = fakeServers();
const clients: Pop3Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await servers.closeAll();
});

const M = (n: number) => `Subject: m${n}\r\n\r\nbody ${n}\r\n`;
const CREDS = { method: 'user' as const, username: 'alice', password: 'secret', allowPlaintextPassword: true };

async function open(server: FakePop3, needUidl = false) {
  const session = await openSession({ host: server.host, port: server.port, security: 'none', credentials: CREDS, needUidl });
  clients.push(session.client);
  return session;
}

/** A UIDL reply written as raw bytes: `lines` are the listing lines without CRLF. */
function uidlReply(lines: Array<string | Buffer>): NonNullable<FakePop3Options['overrides']>[string] {
  return (s) => {
    s.write(Buffer.concat([Buffer.from('+OK\r\n'), ...lines.map((l) => Buffer.concat([Buffer.from(l), Buffer.from('\r\n')])), Buffer.from('.\r\n')]));
  };
}

describe('UIDL from servers that bend RFC 1939', () => {
  it('a server without CAPA that answers UIDL: UIDL is asked for and used', async () => {
    const server = await servers.start({ messages: [M(1), M(2)], capabilities: { capa: false } });
    const session = await open(server);
    expect(session.messages.map((m) => m.uid)).toEqual(['uid-1', 'uid-2']);
    expect(server.transcript).toEqual(['CAPA', 'USER alice', 'PASS secret', 'STAT', 'LIST', 'UIDL']);
  });

  it('UIDL answered -ERR when the caller can go on without it: every uid is null and the session goes on', async () => {
    const server = await servers.start({ messages: [M(1), M(2)], overrides: { UIDL: (s) => s.reply('-ERR [SYS/TEMP] index busy') } });
    const session = await open(server);
    expect(session.messages).toEqual([
      { msg: 1, size: M(1).length, uid: null },
      { msg: 2, size: M(2).length, uid: null },
    ]);
    expect((await readAll(session.client.retrieve(2))).toString()).toBe(M(2));
    // Strict where the caller needs ids: the same answer fails a session that cannot work without them.
    const strict = await servers.start({ messages: [M(1)], overrides: { UIDL: (s) => s.reply('-ERR [SYS/TEMP] index busy') } });
    await expect(open(strict, true)).rejects.toMatchObject({ code: 'ETEMPORARY' });
  });

  it('UIDLs over 70 characters, with spaces, non-ASCII or control bytes are opaque strings, the same every session', async () => {
    const long = `L${'x'.repeat(140)}`;
    const latin = Buffer.from([0x33, 0x20, 0x75, 0xe9, 0xff, 0x21]); // "3 u" é ÿ "!" in Latin-1, not UTF-8
    const lines = [`1 ${long}`, '2 two words  here ', latin, '4 tab\there', '5 \u00fcber-utf8'];
    const server = await servers.start({ messages: [1, 2, 3, 4, 5].map(M), overrides: { UIDL: uidlReply(lines) } });
    const first = await open(server);
    const uids = first.messages.map((m) => m.uid);
    expect(uids.slice(0, 3)).toEqual([long, 'two words  here', 'u\u00e9\u00ff!']);
    // A control character (here a tab) never reaches a stored field: the uid stands as its digest.
    expect(uids[3]).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(uids[4]).toBe('\u00c3\u00bcber-utf8');
    const again = await open(server);
    expect(again.messages.map((m) => m.uid)).toEqual(uids);
  });

  it(`a UIDL longer than ${UID_MAX_LENGTH} characters stands as a fixed-length digest of itself: distinct, stable, bounded`, async () => {
    const a = 'A'.repeat(5000);
    const b = `${'A'.repeat(4999)}B`;
    const server = await servers.start({ messages: [M(1), M(2), M(3)], overrides: { UIDL: uidlReply([`1 ${a}`, `2 ${b}`, `3 ${'C'.repeat(UID_MAX_LENGTH)}`]) } });
    const first = await open(server);
    const [u1, u2, u3] = first.messages.map((m) => m.uid as string);
    expect(u1).not.toBe(u2);
    for (const u of [u1, u2]) expect(u!.length).toBeLessThanOrEqual(UID_MAX_LENGTH);
    expect(u1).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(u3).toBe('C'.repeat(UID_MAX_LENGTH));
    expect((await open(server)).messages.map((m) => m.uid)).toEqual([u1, u2, u3]);
  });

  it('two messages with one UIDL are both listed with it (the fetch planner tells them apart)', async () => {
    const server = await servers.start({ messages: [M(1), M(2), M(3)], overrides: { UIDL: uidlReply(['1 same', '2 same', '3 other']) } });
    const session = await open(server, true);
    expect(session.messages.map((m) => m.uid)).toEqual(['same', 'same', 'other']);
  });

  it('a message listed twice under different UIDLs, or a line that names no message, leaves that message without a uid', async () => {
    const server = await servers.start({ messages: [M(1), M(2), M(3)], overrides: { UIDL: uidlReply(['1 first', '1 second', 'garbage', '2', '3 three', '3 three']) } });
    const session = await open(server);
    expect(session.messages.map((m) => m.uid)).toEqual([null, null, 'three']);
    await expect(open(server, true)).rejects.toMatchObject({ code: 'EPROTOCOL' });
  });
});
