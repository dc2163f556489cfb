import { afterEach, describe, expect, it } from 'vitest';
import { MAX_DOWNLOAD_ATTEMPTS, type PopStateEntry } from '../../../shared/model/pop-state';
import type { FakeHandler, FakePop3Options, LazyMessage } from '../pop3/testing/fake-server';
import { fakeServers } from '../pop3/testing/helpers';
import { stuffer } from '../pop3/testing/stuff';
import { readMessage } from './read-message';
import { account, DELETE, getMail, KEEP, MAILBOX, stateAfter } from './testing/session-support';
import { fetchWholeMessage } from './whole';

/**
 * Get mail against servers that misbehave on one message (issue 16 §1, §3, §4, §6): the rest of
 * the mailbox arrives, each message stored exactly once under its own UIDL, nothing deleted that
 * was not stored, and the one message noted with why — in the same Get mail, and in the next.
 */
const servers = fakeServers();
afterEach(() => servers.closeAll());

const MB = 1024 * 1024;
const text = (n: number) => MAILBOX[n - 1]!.toString('latin1');
const uid = (n: number) => `uid-${n}`;

/** The stored copies as `uid: bytes` (headers-only ones marked), sorted by uid. */
function storedOf(run: Awaited<ReturnType<typeof getMail>>): string[] {
  return run.store.batches
    .flat()
    .map((m) => `${m.uidl}${m.partial ? ' (headers only)' : ''}: ${Buffer.from(m.raw).toString('latin1')}`)
    .sort();
}
const whole = (...ns: number[]) => ns.map((n) => `${uid(n)}: ${text(n)}`);

/** RETR of message `n` answered by `handler`, every other one as usual. */
function retrOf(n: number, handler: FakeHandler): FakePop3Options['overrides'] {
  return { RETR: async (s, args, line) => (args[0] === String(n) ? handler(s, args, line) : s.next()) };
}

/** The commands a session sent, without the login. */
function commands(server: Awaited<ReturnType<typeof servers.start>>, session: number): string[] {
  return (server.sessions[session]?.transcript ?? []).filter((l) => !/^(CAPA|USER|PASS)/.test(l));
}

describe('a message the server refuses (§1)', () => {
  for (const [reply, reason] of [
    ['-ERR Message is corrupt', 'refused'],
    ['-ERR [SYS/TEMP] Try again later', 'temporary'],
  ] as const) {
    it(`RETR answered "${reply}": the others are stored (the batch before it too) and deleted; it stays on the server, noted ${reason} in the server's words`, async () => {
      const server = await servers.start({ messages: MAILBOX, overrides: retrOf(3, (s) => s.reply(reply)) });
      const run = await getMail(server, { retention: DELETE });
      expect(run.error).toBeNull();
      expect(storedOf(run)).toEqual(whole(1, 2, 4, 5));
      expect(run.summary?.downloaded).toBe(4);
      expect(run.failed).toEqual([{ uidl: uid(3), size: MAILBOX[2]!.length, localId: expect.any(String), failure: { reason, attempts: 1, at: expect.any(Number), detail: reply } }]);
      expect(commands(server, 0)).toEqual(['STAT', 'LIST', 'UIDL', 'RETR 1', 'RETR 2', 'RETR 3', 'RETR 4', 'RETR 5', 'NOOP', 'DELE 1', 'DELE 2', 'DELE 4', 'DELE 5', 'QUIT']);
      expect(server.mailbox()).toEqual([uid(3)]);
    });
  }

  it(`is tried again by the next checks, ${MAX_DOWNLOAD_ATTEMPTS} in all, then left on the server unasked; stored under its entry's id once the server gives it`, async () => {
    let refuse = true;
    const server = await servers.start({ messages: MAILBOX, overrides: retrOf(3, (s) => (refuse ? s.reply('-ERR Message is corrupt') : s.next())) });
    const runs = [await getMail(server)];
    for (let check = 2; check <= MAX_DOWNLOAD_ATTEMPTS + 1; check += 1) runs.push(await getMail(server, { popState: stateAfter(runs) }));
    expect(runs.map((r) => r.failed.map((f) => `${f.uidl} ${f.failure.attempts}`))).toEqual([[`${uid(3)} 1`], [`${uid(3)} 2`], [`${uid(3)} 3`], []]);
    // The same entry each time; the fourth check does not ask for it.
    expect(new Set(runs.flatMap((r) => r.failed.map((f) => f.localId))).size).toBe(1);
    expect(server.sessions.map((_, i) => commands(server, i).filter((l) => l.startsWith('RETR')))).toEqual([
      ['RETR 1', 'RETR 2', 'RETR 3', 'RETR 4', 'RETR 5'],
      ['RETR 3'],
      ['RETR 3'],
      [],
    ]);
    // The person asks again (attempts back to 0) and the server now gives it.
    refuse = false;
    const retry = stateAfter(runs).map((e): PopStateEntry => (e.failure ? { ...e, failure: { ...e.failure, attempts: 0 } } : e));
    const last = await getMail(server, { popState: retry });
    expect(storedOf(last)).toEqual(whole(3));
    const copy = last.store.batches.flat()[0]!;
    expect(copy.id).toBe(runs[0]!.failed[0]!.localId);
    expect(copy.replaces).toBe(true);
  });

  it('TOP of a headers-only message answered -ERR, or a server without TOP: noted, the rest still arrives', async () => {
    const big = Buffer.from(`From: big@example.com\r\nSubject: Big\r\n\r\n${'x'.repeat(5000)}\r\n`);
    for (const options of [{ overrides: { TOP: (s) => s.reply('-ERR no such message') } }, { capabilities: { top: false } }] satisfies FakePop3Options[]) {
      const server = await servers.start({ messages: [MAILBOX[0]!, big, MAILBOX[1]!], ...options });
      const run = await getMail(server, { headersOnlyOverBytes: 1000 });
      expect(run.error).toBeNull();
      expect(storedOf(run)).toEqual([`${uid(1)}: ${text(1)}`, `${uid(3)}: ${text(2)}`]);
      expect(run.failed.map((f) => [f.uidl, f.failure.reason])).toEqual([[uid(2), 'refused']]);
    }
  });
});

describe('a server that lies in LIST (§3)', () => {
  /** Listed at 2 KB; RETR streams 300 MB, generated as it is read. */
  function liar(counter: { sent: number }): LazyMessage {
    const unit = Buffer.alloc(64 * 1024, 'y');
    return {
      size: 2048,
      uid: 'liar',
      *chunks() {
        yield Buffer.from('From: Liar <liar@example.com>\r\nSubject: Listed small\r\n\r\n');
        for (let i = 0; i < (300 * MB) / unit.length; i += 1) {
          counter.sent += unit.length;
          yield unit;
        }
      },
    };
  }

  it('LIST says 2 KB, RETR streams 300 MB: reading stops, its headers are kept as a headers-only copy, it is never deleted; the rest is stored in the same Get mail; memory stays bounded', async () => {
    const counter = { sent: 0 };
    const server = await servers.start({ messages: [MAILBOX[0]!, liar(counter), MAILBOX[1]!, MAILBOX[2]!] });
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const run = await getMail(server, { retention: DELETE }).finally(() => clearInterval(sampler));
    expect(run.error).toBeNull();
    expect(storedOf(run)).toEqual([
      'liar (headers only): From: Liar <liar@example.com>\r\nSubject: Listed small\r\n\r\n',
      `uid-1: ${text(1)}`,
      `uid-3: ${text(2)}`,
      `uid-4: ${text(3)}`,
    ]);
    const copy = run.store.batches.flat().find((m) => m.partial)!;
    expect(run.failed).toEqual([{ uidl: 'liar', size: 2048, localId: copy.id, failure: { reason: 'too-big', attempts: 1, at: expect.any(Number), detail: expect.stringContaining('larger than the limit of 4098 bytes') } }]);
    // The first session ended at the liar without DELE or QUIT; the second stored and deleted the rest.
    expect(commands(server, 0)).toEqual(['STAT', 'LIST', 'UIDL', 'RETR 1', 'RETR 2', 'RETR 3', 'RETR 4', 'NOOP']);
    expect(commands(server, 1)).toEqual(['STAT', 'LIST', 'UIDL', 'RETR 3', 'RETR 4', 'NOOP', 'DELE 1', 'DELE 3', 'DELE 4', 'QUIT']);
    expect(server.mailbox()).toEqual(['liar']);
    expect(counter.sent).toBeLessThan(50 * MB);
    expect(peak - before).toBeLessThan(64 * MB);

    // The next check neither downloads nor deletes it: only the person asks for it again.
    const next = await getMail(server, { retention: DELETE, popState: stateAfter([run]) });
    expect(next.error).toBeNull();
    expect(commands(server, 2)).toEqual(['STAT', 'LIST', 'UIDL', 'QUIT']);
    expect(server.mailbox()).toEqual(['liar']);
  });

  it('the account\'s headers-only limit applies to what arrives: listed under it, arriving over it, headers only', async () => {
    const long = Buffer.from(`From: long@example.com\r\nSubject: Longer than listed\r\n\r\n${'z'.repeat(1500)}\r\n`);
    const server = await servers.start({ messages: [{ size: 900, uid: 'long', chunks: () => [long] }, MAILBOX[1]!] });
    const run = await getMail(server, { retention: DELETE, headersOnlyOverBytes: 1000 });
    expect(run.error).toBeNull();
    expect(storedOf(run)).toEqual(['long (headers only): From: long@example.com\r\nSubject: Longer than listed\r\n\r\n', `uid-2: ${text(2)}`]);
    expect(run.failed.map((f) => [f.uidl, f.failure.reason])).toEqual([['long', 'too-big']]);
    expect(server.mailbox()).toEqual(['long']);
  });
});

describe('a retrieved message whose length disagrees with what the server announced (§4)', () => {
  /** Message 3, stuffed as it should be, without its terminating dot: the next reply becomes part of it. */
  const neverEnds: FakeHandler = (s) => {
    s.reply(`+OK ${MAILBOX[2]!.length} octets`);
    s.write(stuffer().push(MAILBOX[2]!));
  };

  it('a RETR that never terminates: what came before is stored, it is not, that session sends no DELE; the next session stores the rest, each message under its own UIDL', async () => {
    const server = await servers.start({ messages: MAILBOX, overrides: retrOf(3, neverEnds) });
    const run = await getMail(server, { retention: DELETE });
    expect(run.error).toBeNull();
    expect(storedOf(run)).toEqual(whole(1, 2, 4, 5));
    expect(run.failed.map((f) => [f.uidl, f.failure.reason, f.failure.detail])).toEqual([
      [uid(3), 'mismatch', `127.0.0.1 sent another reply inside the message it listed at ${MAILBOX[2]!.length} bytes (RETR 3): its replies no longer match Heron's commands.`],
    ]);
    expect(commands(server, 0)).toEqual(['STAT', 'LIST', 'UIDL', 'RETR 1', 'RETR 2', 'RETR 3', 'RETR 4', 'RETR 5', 'NOOP']);
    expect(commands(server, 1)).toEqual(['STAT', 'LIST', 'UIDL', 'RETR 4', 'RETR 5', 'NOOP', 'DELE 1', 'DELE 2', 'DELE 4', 'DELE 5', 'QUIT']);
    expect(server.mailbox()).toEqual([uid(3)]);
  });

  it('a dot line the server did not stuff ends a message early: what follows is not a reply, so that message is not stored, nor anything after it', async () => {
    const server = await servers.start({
      messages: MAILBOX,
      // Message 3 raw: its "." line ends the reply there, and "..two dots" stands where a reply should.
      overrides: retrOf(3, (s) => s.write(Buffer.concat([Buffer.from(`+OK ${MAILBOX[2]!.length} octets\r\n`), MAILBOX[2]!, Buffer.from('.\r\n')]))),
    });
    const run = await getMail(server, { retention: DELETE });
    expect(storedOf(run)).toEqual(whole(1, 2, 4, 5));
    expect(run.failed.map((f) => [f.uidl, f.failure.reason])).toEqual([[uid(3), 'mismatch']]);
    expect(commands(server, 0).filter((l) => l.startsWith('DELE') || l === 'QUIT')).toEqual([]);
    expect(server.mailbox()).toEqual([uid(3)]);
    // Message 5 is the last: the NOOP after it shows it ended where it should.
    for (const last of [5]) {
      const tail = await servers.start({ messages: MAILBOX, overrides: retrOf(last, (s) => s.write(Buffer.concat([Buffer.from('+OK\r\n'), MAILBOX[4]!, Buffer.from('.\r\n')]))) });
      const run2 = await getMail(tail, { retention: DELETE });
      expect(run2.failed.map((f) => [f.uidl, f.failure.reason])).toEqual([[uid(5), 'mismatch']]);
      expect(tail.mailbox()).toEqual([uid(5)]);
    }
  });

  it('a reply announcing another message\'s size ("+OK n octets" against LIST): not stored, noted, the rest arrives', async () => {
    const server = await servers.start({
      messages: [...MAILBOX, Buffer.from(`Subject: big\r\n\r\n${'b'.repeat(9000)}\r\n`)],
      overrides: retrOf(2, async (s) => {
        // The reply meant for message 6, 9 KB, in place of message 2's.
        s.reply('+OK 9018 octets');
        await s.sendMessage(6);
      }),
    });
    const run = await getMail(server, { retention: KEEP });
    expect(run.error).toBeNull();
    expect(storedOf(run).filter((l) => l.startsWith(uid(2)))).toEqual([]);
    expect(run.failed.map((f) => [f.uidl, f.failure.reason])).toEqual([[uid(2), 'mismatch']]);
    expect(run.summary?.downloaded).toBe(5);
  });

  it('the next check tries it alone, after the rest was stored and deleted: stored if it now arrives whole; if it hangs again, the check still succeeds and counts the attempt', async () => {
    let hang = true;
    // By UIDL: once the others are deleted, it is message 1.
    const server = await servers.start({
      messages: MAILBOX,
      overrides: { RETR: async (s, args, line) => (hang && s.view[Number(args[0]) - 1]?.uid === uid(3) ? neverEnds(s, args, line) : s.next()) },
    });
    const first = await getMail(server, { retention: DELETE });
    // Alone, with nothing behind it, the reply that never ends just stops: the session times out.
    const second = await getMail(server, { retention: DELETE, popState: stateAfter([first]) });
    expect(second.error).toBeNull();
    expect(commands(server, 2)).toEqual(['STAT', 'LIST', 'UIDL', 'RETR 1', 'NOOP']);
    expect(second.failed.map((f) => [f.uidl, f.failure.reason, f.failure.attempts])).toEqual([[uid(3), 'lost', 2]]);
    expect(server.mailbox()).toEqual([uid(3)]);

    hang = false;
    const third = await getMail(server, { retention: DELETE, popState: stateAfter([first, second]) });
    expect(third.error).toBeNull();
    expect(storedOf(third)).toEqual([`${uid(3)}: ${text(3)}`]);
    expect(third.store.batches.flat()[0]!.id).toBe(first.failed[0]!.localId);
    expect(commands(server, 3)).toEqual(['STAT', 'LIST', 'UIDL', 'RETR 1', 'NOOP', 'DELE 1', 'QUIT']);
    expect(server.mailbox()).toEqual([]);
  });

  it('the connection lost in the middle of a message: the Get mail fails as before, what came before is stored, the message is tried alone next time', async () => {
    const server = await servers.start({
      messages: MAILBOX,
      overrides: {
        RETR: async (s, args) => {
          const n = Number(args[0]);
          if (n < 3) return s.next();
          // The server dies in message 3; RETR 4 and 5, already sent, are never answered.
          if (n === 3) {
            s.write(`+OK ${MAILBOX[2]!.length} octets\r\nFrom: Sender 3`);
            setTimeout(() => s.destroy(), 20);
          }
        },
      },
    });
    const run = await getMail(server, { retention: DELETE });
    expect(run.error).toMatchObject({ code: 'ECONNECTION' });
    expect(storedOf(run)).toEqual(whole(1, 2));
    expect(run.failed.map((f) => [f.uidl, f.failure.reason])).toEqual([[uid(3), 'lost']]);
    expect(server.mailbox()).toEqual(MAILBOX.map((_, i) => uid(i + 1)));
  });
});

describe('listings that bend RFC 1939 (§6)', () => {
  it('keep mode on a server without CAPA that answers UIDL: stored, and the next check downloads nothing', async () => {
    const server = await servers.start({ messages: MAILBOX, capabilities: { capa: false } });
    const run = await getMail(server);
    expect(run.error).toBeNull();
    expect(storedOf(run)).toEqual(whole(1, 2, 3, 4, 5));
    const again = await getMail(server, { popState: stateAfter([run]) });
    expect(again.summary?.downloaded).toBe(0);
  });

  it('delete mode with UIDL answered -ERR: stored and deleted without ids; keep mode is refused in words', async () => {
    const options: FakePop3Options = { messages: MAILBOX, overrides: { UIDL: (s) => s.reply('-ERR [SYS/TEMP] UIDL index locked') } };
    const keep = await getMail(await servers.start(options));
    expect(keep.error).toMatchObject({ code: 'EUNSUPPORTED' });
    const server = await servers.start(options);
    const run = await getMail(server, { retention: DELETE });
    expect(run.error).toBeNull();
    expect(run.store.batches.flat().map((m) => Buffer.from(m.raw).toString('latin1'))).toEqual(MAILBOX.map((m) => m.toString('latin1')));
    expect(server.mailbox()).toEqual([]);
  });

  it('two messages with one UIDL: both stored; in keep mode the next check downloads neither; in delete mode both go in the session that stored them, by number', async () => {
    const dup: FakeHandler = (s) => s.write(`+OK\r\n${s.view.map((_, i) => `${i + 1} ${i < 2 ? 'same' : `uid-${i + 1}`}`).join('\r\n')}\r\n.\r\n`);
    const keepServer = await servers.start({ messages: MAILBOX, overrides: { UIDL: dup } });
    const keep = await getMail(keepServer);
    expect(keep.store.batches.flat().map((m) => m.uidl)).toEqual(['same', 'same', uid(3), uid(4), uid(5)]);
    expect((await getMail(keepServer, { popState: stateAfter([keep]) })).summary?.downloaded).toBe(0);

    const deleteServer = await servers.start({ messages: MAILBOX, overrides: { UIDL: dup } });
    const del = await getMail(deleteServer, { retention: DELETE });
    expect(del.summary?.downloaded).toBe(5);
    expect(commands(deleteServer, 0).filter((l) => l.startsWith('DELE'))).toEqual(['DELE 1', 'DELE 2', 'DELE 3', 'DELE 4', 'DELE 5']);
    expect(deleteServer.mailbox()).toEqual([]);
  });

  it('"download the whole message" of a headers-only copy whose UIDL the server now lists twice: refused before any RETR, never completed with the other one\'s bytes', async () => {
    const dup: FakeHandler = (s) => s.write(`+OK\r\n${s.view.map((_, i) => `${i + 1} same`).join('\r\n')}\r\n.\r\n`);
    const server = await servers.start({ messages: MAILBOX.slice(0, 2), overrides: { UIDL: dup } });
    const error = await fetchWholeMessage({ account: account(server, KEEP), secret: { password: 'secret' }, uidl: 'same', localId: 'L1', read: readMessage }).catch((e: unknown) => e as Error & { code?: string });
    expect(error).toMatchObject({ code: 'EPROTOCOL', message: `${server.host} lists 2 messages under this message's id, so Heron cannot tell which one it is; only its headers are stored here.` });
    expect(server.transcript.some((l) => l.startsWith('RETR'))).toBe(false);
  });

  it('UIDLs over 70 characters, with spaces or outside ASCII: stored under them, and the next check downloads nothing', async () => {
    const odd = ['x'.repeat(120), 'with spaces in it', 'caf\u00e9-\u00fc', 'y'.repeat(3000), 'plain'];
    const server = await servers.start({
      messages: MAILBOX,
      overrides: { UIDL: (s) => s.write(Buffer.concat([Buffer.from('+OK\r\n'), ...odd.map((u, i) => Buffer.from(`${i + 1} ${u}\r\n`, 'latin1')), Buffer.from('.\r\n')])) },
    });
    const run = await getMail(server);
    expect(run.error).toBeNull();
    const uids = run.store.batches.flat().map((m) => m.uidl);
    expect(uids.slice(0, 3)).toEqual(odd.slice(0, 3));
    expect(uids[3]).toMatch(/^sha256:/);
    expect((await getMail(server, { popState: stateAfter([run]) })).summary?.downloaded).toBe(0);
  });

  it('keep mode where UIDL leaves a message out: the others are stored, that one stays on the server, counted', async () => {
    const server = await servers.start({ messages: MAILBOX, overrides: { UIDL: (s) => s.write('+OK\r\n1 a\r\n2 b\r\n4 d\r\n5 e\r\n.\r\n') } });
    const run = await getMail(server);
    expect(run.error).toBeNull();
    expect(run.store.batches.flat().map((m) => m.uidl)).toEqual(['a', 'b', 'd', 'e']);
    expect(run.summary?.unidentified).toBe(1);
  });
});
