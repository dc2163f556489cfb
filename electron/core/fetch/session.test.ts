import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { tiledBuffer, type FetchAccount, type FetchedMessage } from '../../../shared/ipc/calls/fetch';
import type { RetentionPolicy } from '../../../shared/model/account';
import { fakeServers, rejection } from '../pop3/testing/helpers';
import type { FakeHandler, FakePop3 } from '../pop3/testing/fake-server';
import { readListHeaders } from './parse-fetched';
import { runFetchSession, SAFETY_CAP_BYTES } from './session';
import { fetchWholeMessage } from './whole';
import { deletesAfterDownload, FAULT_MODES, faultAt, stepsIn } from './testing/fault-steps';
import { LocalStore, type StoreFault } from './testing/local-store';

const servers = fakeServers();
afterEach(() => servers.closeAll());

/** Five messages whose bytes exercise dot-stuffing and status-looking body lines. */
const MAILBOX = [1, 2, 3, 4, 5].map((n) =>
  Buffer.from(
    `From: Sender ${n} <s${n}@example.com>\r\nTo: alice@example.com\r\nSubject: Message ${n}\r\n` +
      `Date: Sat, 21 Nov 2026 10:0${n}:00 +0000\r\nMessage-ID: <m${n}@example.com>\r\n\r\n` +
      `Line one of ${n}\r\n.\r\n..two dots\r\n+OK not a status\r\n-ERR not an error\r\n`,
  ),
);

function account(server: FakePop3, retention: RetentionPolicy): FetchAccount {
  return {
    id: 'acc1',
    address: 'alice@example.com',
    incoming: { protocol: 'pop3', host: server.host, port: server.port, security: 'none', username: 'alice', auth: 'user', allowPlaintextPassword: true },
    retention,
    headersOnlyOverBytes: null,
  };
}

async function fetchOnce(server: FakePop3, store: LocalStore, retention: RetentionPolicy, fault: StoreFault = null) {
  return runFetchSession({
    account: account(server, retention),
    secret: { password: 'secret' },
    popState: store.popState,
    commit: store.committer(fault),
    readHeaders: readListHeaders,
    newId: randomUUID,
    batchSize: 2,
    connect: { timeouts: { connectMs: 2000, greetingMs: 2000, commandMs: 2000, idleMs: 2000 } },
  });
}

/** One keep-mode fetch into a fresh store, with every batch the store was handed, in order. */
async function fetchBatches(server: FakePop3, batchSize: number): Promise<{ batches: FetchedMessage[][]; store: LocalStore }> {
  const batches: FetchedMessage[][] = [];
  const store = new LocalStore('acc1');
  const commit = store.committer();
  await runFetchSession({
    account: account(server, FAULT_MODES['keep forever']!),
    secret: { password: 'secret' },
    popState: [],
    commit: (messages) => {
      batches.push(messages);
      return commit(messages);
    },
    readHeaders: readListHeaders,
    newId: randomUUID,
    batchSize,
    connect: { timeouts: { connectMs: 2000, greetingMs: 2000, commandMs: 5000, idleMs: 5000 } },
  });
  return { batches, store };
}

/** Records `DELE:<uid>` in the store's timeline when DELE reaches the server, then behaves normally. */
function recordDele(store: LocalStore): FakeHandler {
  return async (s, args) => {
    const uid = s.view[Number(args[0]) - 1]?.uid;
    store.timeline.push(`DELE:${uid}`);
    await s.next();
  };
}

describe('fetch session', () => {
  it('stores every message byte-exactly with its list headers and keeps them on the server in keep mode', async () => {
    const server = await servers.start({ messages: MAILBOX });
    const store = new LocalStore('acc1');
    const summary = await fetchOnce(server, store, FAULT_MODES['keep forever']!);
    expect(summary.downloaded).toBe(5);
    expect(summary.deletedLocalIds).toEqual([]);
    expect(store.uidlsStored()).toEqual(['uid-1', 'uid-2', 'uid-3', 'uid-4', 'uid-5']);
    const stored = [...store.messages.values()].map((m) => m.raw.toString('latin1')).sort();
    expect(stored).toEqual(MAILBOX.map((m) => m.toString('latin1')).sort());
    expect(server.mailbox()).toHaveLength(5);
    const again = await fetchOnce(server, store, FAULT_MODES['keep forever']!);
    expect(again.downloaded).toBe(0);
    expect(store.messages.size).toBe(5);
  });

  it('writes each batch\'s messages into one buffer of the batch, back to back, as the reader receives them (no copy on the way out)', async () => {
    const server = await servers.start({ messages: MAILBOX });
    const { batches, store } = await fetchBatches(server, 2);
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
    for (const b of batches) expect(tiledBuffer(b.map((m) => m.raw))).not.toBeNull();
    expect(new Set(batches.map((b) => b[0]?.raw.buffer)).size).toBe(3);
    expect([...store.messages.values()].map((m) => m.raw.toString('latin1')).sort()).toEqual(MAILBOX.map((m) => m.toString('latin1')).sort());
  });

  it('a message too big to preallocate, or one the server sends at another size than it listed, is stored exactly beside the others', async () => {
    const big = Buffer.concat([Buffer.from('Subject: big\r\n\r\n'), Buffer.alloc(5 * 1024 * 1024, 'x'), Buffer.from('\r\n')]);
    const mailbox = [MAILBOX[0]!, big, MAILBOX[1]!, MAILBOX[2]!];
    const server = await servers.start({
      messages: mailbox,
      overrides: {
        // Message 3 announced 10 bytes short: it gets a buffer of its own, its batch is not one buffer.
        RETR: async (s, args) => {
          const n = Number(args[0]);
          s.reply(`+OK ${(s.view[n - 1]?.size ?? 0) - (n === 3 ? 10 : 0)} octets`);
          await s.sendMessage(n);
        },
      },
    });
    const { batches, store } = await fetchBatches(server, 4);
    expect(batches.map((b) => b.length)).toEqual([2, 2]);
    for (const b of batches) expect(tiledBuffer(b.map((m) => m.raw))).toBeNull();
    // No batch buffer was sized by the big message: the first message's buffer holds only itself.
    expect(batches[0]![0]!.raw.buffer.byteLength).toBe(MAILBOX[0]!.byteLength);
    expect([...store.messages.values()].map((m) => m.raw.toString('latin1')).sort()).toEqual(mailbox.map((m) => m.toString('latin1')).sort());
  });

  it('deletes in delete mode only after the commit, and reports it after QUIT', async () => {
    const store = new LocalStore('acc1');
    const server = await servers.start({ messages: MAILBOX, overrides: { DELE: recordDele(store) } });
    const summary = await fetchOnce(server, store, FAULT_MODES['delete after download']!);
    expect(summary.deletedLocalIds.map((id) => store.messages.get(id)?.uidl).sort()).toEqual(['uid-1', 'uid-2', 'uid-3', 'uid-4', 'uid-5']);
    expect(server.mailbox()).toEqual([]);
    for (const uid of ['uid-1', 'uid-2', 'uid-3', 'uid-4', 'uid-5']) {
      expect(store.timeline.indexOf(`ack:${uid}`)).toBeGreaterThanOrEqual(0);
      expect(store.timeline.indexOf(`ack:${uid}`)).toBeLessThan(store.timeline.indexOf(`DELE:${uid}`));
    }
    expect(server.transcript.at(-1)).toBe('QUIT');
  });

  it('a rejected commit drops the connection without QUIT: nothing deleted, the error says what was kept', async () => {
    const store = new LocalStore('acc1');
    const server = await servers.start({ messages: MAILBOX });
    const error = await rejection(fetchOnce(server, store, FAULT_MODES['delete after download']!, { kind: 'quota', atBatch: 2 }));
    expect(error.code).toBe('EQUOTA');
    expect(error.message).toBe('Disk full: 2 messages stored, nothing deleted from the server. Free some space and get mail again.');
    expect(server.transcript).not.toContain('QUIT');
    expect(server.transcript.some((l) => l.startsWith('DELE'))).toBe(false);
    expect(server.mailbox()).toHaveLength(5);
  });

  it('without UIDL, keep mode is refused in words and delete mode still works', async () => {
    const server = await servers.start({ messages: MAILBOX, capabilities: { uidl: false }, overrides: { UIDL: (s) => s.reply('-ERR no UIDL here') } });
    const store = new LocalStore('acc1');
    const error = await rejection(fetchOnce(server, store, FAULT_MODES['keep forever']!));
    expect(error.code).toBe('EUNSUPPORTED');
    expect(error.message).toMatch(/does not give messages a unique id/);
    expect(server.mailbox()).toHaveLength(5);
    const summary = await fetchOnce(server, store, FAULT_MODES['delete after download']!);
    expect(summary.downloaded).toBe(5);
    expect(server.mailbox()).toEqual([]);
  });
});

/**
 * The fault matrix (issue 4): in every mode, break the session at every step — the connection
 * dropped at each command, the commit rejected or the disk full at each batch — then run a clean
 * fetch and check that nothing was lost, duplicated or deleted before it was stored.
 */
describe('fault matrix', () => {
  const storeFaults: StoreFault[] = [
    { kind: 'reject', atBatch: 1 },
    { kind: 'reject', atBatch: 2 },
    { kind: 'quota', atBatch: 3 },
  ];

  for (const [modeName, retention] of Object.entries(FAULT_MODES)) {
    for (const drop of stepsIn(retention)) {
      it(`${modeName}: connection dropped ${drop.name}`, async () => {
        const store = new LocalStore('acc1');
        const server = await servers.start({
          messages: MAILBOX,
          overrides: faultAt(drop, (s) => s.destroy(), (uid) => store.timeline.push(`DELE:${uid}`)),
        });
        const first = await rejection(fetchOnce(server, store, retention));
        expect(['ECONNECTION', 'EPROTOCOL', 'ETIMEDOUT']).toContain(first.code);
        await expectCleanFetchConverges(server, store, retention);
      });
    }
    for (const fault of storeFaults) {
      it(`${modeName}: commit ${fault?.kind === 'quota' ? 'hits a full disk' : 'rejected'} at batch ${fault?.atBatch}`, async () => {
        const store = new LocalStore('acc1');
        const server = await servers.start({ messages: MAILBOX, overrides: { DELE: recordDele(store) } });
        const first = await rejection(fetchOnce(server, store, retention, fault));
        expect(first.code).toBe(fault?.kind === 'quota' ? 'EQUOTA' : 'ESTORAGE');
        // The failed session sent neither DELE nor QUIT: the server still has everything.
        expect(server.sessions[0]?.transcript.some((l) => l.startsWith('DELE') || l === 'QUIT')).toBe(false);
        expect(server.mailbox()).toHaveLength(5);
        await expectCleanFetchConverges(server, store, retention);
      });
    }
  }

  async function expectCleanFetchConverges(server: FakePop3, store: LocalStore, retention: RetentionPolicy) {
    // Every DELE that reached the server came after the commit of that message.
    for (const event of store.timeline.filter((e) => e.startsWith('DELE:'))) {
      const uid = event.slice('DELE:'.length);
      expect(store.timeline.indexOf(`ack:${uid}`), `DELE of ${uid} before its commit`).toBeGreaterThanOrEqual(0);
      expect(store.timeline.indexOf(`ack:${uid}`)).toBeLessThan(store.timeline.indexOf(event));
    }
    // The server deleted only what is stored here.
    for (const uid of server.deleted) expect(store.uidlsStored()).toContain(uid);

    const summary = await fetchOnce(server, store, retention);
    store.applySummary(summary);
    // A third fetch settles anything the second one deleted (and must download nothing).
    const third = await fetchOnce(server, store, retention);
    store.applySummary(third);
    expect(third.downloaded).toBe(0);

    expect(store.uidlsStored()).toEqual(['uid-1', 'uid-2', 'uid-3', 'uid-4', 'uid-5']);
    const stored = [...store.messages.values()].map((m) => m.raw.toString('latin1')).sort();
    expect(stored).toEqual(MAILBOX.map((m) => m.toString('latin1')).sort());
    const expectOnServer = deletesAfterDownload(retention) ? 0 : 5;
    expect(server.mailbox()).toHaveLength(expectOnServer);
  }
});

describe('large messages', () => {
  const big = Buffer.from(`From: big@example.com\r\nSubject: Big\r\n\r\n${'x'.repeat(5000)}\r\n`);

  it('over the account limit: headers only, then the whole message on request under the same local id', async () => {
    const server = await servers.start({ messages: [MAILBOX[0]!, big] });
    const store = new LocalStore('acc1');
    const acc = { ...account(server, FAULT_MODES['keep forever']!), headersOnlyOverBytes: 1000 };
    const summary = await runFetchSession({
      account: acc,
      secret: { password: 'secret' },
      popState: store.popState,
      commit: store.committer(),
      readHeaders: readListHeaders,
      newId: randomUUID,
    });
    expect(summary.downloaded).toBe(2);
    const partial = [...store.messages.entries()].find(([, m]) => m.partial);
    expect(partial?.[1].raw.toString()).toBe('From: big@example.com\r\nSubject: Big\r\n\r\n');
    expect(store.popState.find((e) => e.uidl === 'uid-2')?.status).toBe('headers-only');
    expect(server.transcript).toContain('TOP 2 0');

    const whole = await fetchWholeMessage({ account: acc, secret: { password: 'secret' }, uidl: 'uid-2', localId: partial![0], readHeaders: readListHeaders });
    expect(whole.id).toBe(partial![0]);
    expect(whole.partial).toBe(false);
    expect(Buffer.from(whole.raw).equals(big)).toBe(true);
    expect(whole.headers.subject).toBe('Big');
  });

  it('over the safety cap: not downloaded, reported, never deleted', async () => {
    const server = await servers.start({ messages: [MAILBOX[0]!, big] });
    const store = new LocalStore('acc1');
    const summary = await runFetchSession({
      account: account(server, FAULT_MODES['delete after download']!),
      secret: { password: 'secret' },
      popState: store.popState,
      commit: store.committer(),
      readHeaders: readListHeaders,
      newId: randomUUID,
      maxMessageBytes: 1000,
    });
    expect(summary.downloaded).toBe(1);
    expect(summary.refusedTooBig).toEqual([{ uidl: 'uid-2', size: big.length }]);
    expect(server.mailbox()).toEqual(['uid-2']);
  });
});

describe('listed sizes the retrieval exceeds', () => {
  it('a message at the safety cap without a final line break (LIST size + 2, as Dovecot sends it) is fetched, not refused mid-transfer', async () => {
    // RFC 1939 §3: the server must end the last line before the terminating dot, so RETR carries 2 bytes LIST did not count.
    const noFinalBreak = Buffer.from(`From: edge@example.com\r\nSubject: Edge\r\n\r\n${'y'.repeat(900)}`);
    const server = await servers.start({ messages: [noFinalBreak] });
    const store = new LocalStore('acc1');
    const summary = await runFetchSession({
      account: account(server, FAULT_MODES['delete after download']!),
      secret: { password: 'secret' },
      popState: store.popState,
      commit: store.committer(),
      readHeaders: readListHeaders,
      newId: randomUUID,
      maxMessageBytes: noFinalBreak.length,
    });
    expect(summary.downloaded).toBe(1);
    expect(summary.refusedTooBig).toEqual([]);
    expect([...store.messages.values()][0]?.raw.equals(Buffer.concat([noFinalBreak, Buffer.from('\r\n')]))).toBe(true);
    expect(server.mailbox()).toEqual([]);
  });

  it('"download the whole message" refuses one listed over the safety cap before RETR, in words', async () => {
    const huge = { uid: 'uid-huge', size: SAFETY_CAP_BYTES + 1, chunks: () => [Buffer.from('never read\r\n')] };
    const server = await servers.start({ messages: [huge] });
    const error = await rejection(
      fetchWholeMessage({ account: account(server, FAULT_MODES['keep forever']!), secret: { password: 'secret' }, uidl: 'uid-huge', localId: 'l1', readHeaders: readListHeaders }),
    );
    expect(error.code).toBe('ETOOBIG');
    expect(error.message).toBe(`The message on ${server.host} is ${SAFETY_CAP_BYTES + 1} bytes, over Heron's limit of ${SAFETY_CAP_BYTES} bytes; only its headers are stored here.`);
    expect(server.transcript.some((l) => l.startsWith('RETR'))).toBe(false);
  });
});

describe('cancel', () => {
  it('a cancel while DELE is on the wire drops the connection without QUIT: the server keeps every message, the next fetch settles it', async () => {
    const store = new LocalStore('acc1');
    const abort = new AbortController();
    const server = await servers.start({
      messages: MAILBOX,
      overrides: {
        DELE: async (s, args) => {
          if (args[0] === '3') abort.abort();
          await s.next();
        },
      },
    });
    const error = await rejection(
      runFetchSession({
        account: account(server, FAULT_MODES['delete after download']!),
        secret: { password: 'secret' },
        popState: store.popState,
        commit: store.committer(),
        readHeaders: readListHeaders,
        newId: randomUUID,
        signal: abort.signal,
      }),
    );
    expect(error.code).toBe('EABORTED');
    expect(server.transcript).not.toContain('QUIT');
    expect(server.mailbox()).toHaveLength(5);
    expect(store.uidlsStored()).toEqual(['uid-1', 'uid-2', 'uid-3', 'uid-4', 'uid-5']);

    const again = await fetchOnce(server, store, FAULT_MODES['delete after download']!);
    expect(again.downloaded).toBe(0);
    expect(again.deletedLocalIds.map((id) => store.messages.get(id)?.uidl).sort()).toEqual(['uid-1', 'uid-2', 'uid-3', 'uid-4', 'uid-5']);
    expect(server.mailbox()).toEqual([]);
    expect(store.messages.size).toBe(5);
  });
});
