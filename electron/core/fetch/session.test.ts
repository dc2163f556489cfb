import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { tiledBuffer } from '../../../shared/bytes';
import type { FetchedMessage } from '../../../shared/model/fetched-message';
import { fakeServers, rejection } from '../pop3/testing/helpers';
import { readMessage } from './read-message';
import type { CommitOutcome } from './commit';
import { runFetchSession, SAFETY_CAP_BYTES } from './session';
import { account, DELETE, fetchWith, KEEP, MAILBOX, recorder } from './testing/session-support';
import { fetchWholeMessage } from './whole';

/**
 * The session engine on its own: what it downloads, how it cuts and hands over batches, how it
 * reacts to the store's answer. The store's side — the renderer's real commit, the POP state the
 * next fetch starts from, the fault matrix — is proved end to end in e2e/fetch-matrix/.
 */
const servers = fakeServers();
afterEach(() => servers.closeAll());

describe('fetch session', () => {
  it('hands every message over byte-exactly with its list headers, and in keep mode deletes nothing', async () => {
    const server = await servers.start({ messages: MAILBOX });
    const store = recorder();
    const summary = await fetchWith(server, KEEP, store);
    expect(summary.downloaded).toBe(5);
    expect(summary.deletedLocalIds).toEqual([]);
    expect(store.batches.flat().map((m) => [m.uidl, m.headers.subject, m.partial])).toEqual(
      [1, 2, 3, 4, 5].map((n) => [`uid-${n}`, `Message ${n}`, false]),
    );
    expect(store.texts()).toEqual(MAILBOX.map((m) => m.toString('latin1')).sort());
    expect(server.mailbox()).toHaveLength(5);
    expect(server.transcript.some((l) => l.startsWith('DELE'))).toBe(false);
  });

  it('writes each batch\'s messages into one buffer of the batch, back to back, as the reader receives them (no copy on the way out)', async () => {
    const server = await servers.start({ messages: MAILBOX });
    const store = recorder();
    await fetchWith(server, KEEP, store, 2);
    const { batches } = store;
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
    for (const b of batches) expect(tiledBuffer(b.map((m) => m.raw))).not.toBeNull();
    expect(new Set(batches.map((b) => b[0]?.raw.buffer)).size).toBe(3);
    expect(store.texts()).toEqual(MAILBOX.map((m) => m.toString('latin1')).sort());
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
    const store = recorder();
    await fetchWith(server, KEEP, store, 4);
    const { batches } = store;
    expect(batches.map((b) => b.length)).toEqual([2, 2]);
    for (const b of batches) expect(tiledBuffer(b.map((m) => m.raw))).toBeNull();
    // No batch buffer was sized by the big message: the first message's buffer holds only itself.
    expect(batches[0]![0]!.raw.buffer.byteLength).toBe(MAILBOX[0]!.byteLength);
    expect(store.texts()).toEqual(mailbox.map((m) => m.toString('latin1')).sort());
  });

  it('in delete mode, DELE only once every batch was answered committed, then QUIT; the summary names the deleted local ids', async () => {
    const events: string[] = [];
    const server = await servers.start({
      messages: MAILBOX,
      overrides: {
        DELE: async (s, args) => {
          events.push(`DELE ${s.view[Number(args[0]) - 1]?.uid}`);
          await s.next();
        },
      },
    });
    const store = recorder((n) => {
      events.push(`answer ${n}`);
      return { committed: true };
    });
    const summary = await fetchWith(server, DELETE, store);
    expect(events).toEqual(['answer 1', 'answer 2', 'answer 3', 'DELE uid-1', 'DELE uid-2', 'DELE uid-3', 'DELE uid-4', 'DELE uid-5']);
    expect(summary.deletedLocalIds).toEqual(store.batches.flat().map((m) => m.id));
    expect(server.mailbox()).toEqual([]);
    expect(server.transcript.at(-1)).toBe('QUIT');
  });

  it('a rejected commit drops the connection without QUIT: nothing deleted, the error says what was kept', async () => {
    const server = await servers.start({ messages: MAILBOX });
    const store = recorder((n) => (n === 2 ? { committed: false, code: 'EQUOTA', message: 'QuotaExceededError' } : { committed: true }));
    const error = await rejection(fetchWith(server, DELETE, store));
    expect(error.code).toBe('EQUOTA');
    expect(error.message).toBe('Disk full: 2 messages stored, nothing deleted from the server. Free some space and get mail again.');
    expect(server.transcript).not.toContain('QUIT');
    expect(server.transcript.some((l) => l.startsWith('DELE'))).toBe(false);
    expect(server.mailbox()).toHaveLength(5);
  });

  it('without UIDL, keep mode is refused in words and delete mode still works', async () => {
    const server = await servers.start({ messages: MAILBOX, capabilities: { uidl: false }, overrides: { UIDL: (s) => s.reply('-ERR no UIDL here') } });
    const error = await rejection(fetchWith(server, KEEP, recorder()));
    expect(error.code).toBe('EUNSUPPORTED');
    expect(error.message).toMatch(/does not give messages a unique id/);
    expect(server.mailbox()).toHaveLength(5);
    const summary = await fetchWith(server, DELETE, recorder());
    expect(summary.downloaded).toBe(5);
    expect(server.mailbox()).toEqual([]);
  });
});

describe('cancelling', () => {
  it('an abort while a commit is pending ends the session at once (EABORTED): no DELE, no QUIT, whatever the store does later', async () => {
    const server = await servers.start({ messages: MAILBOX });
    const handed: FetchedMessage[][] = [];
    const controller = new AbortController();
    // The store never answers: only the engine's own signal can end the session.
    const commit = (messages: FetchedMessage[]) => {
      handed.push(messages);
      if (handed.length === 1) setImmediate(() => controller.abort());
      return new Promise<CommitOutcome>(() => {});
    };
    const error = await rejection(
      runFetchSession({
        account: account(server, DELETE),
        secret: { password: 'secret' },
        popState: [],
        commit,
        read: readMessage,
        newId: randomUUID,
        signal: controller.signal,
        batchSize: 500,
      }),
    );
    expect(error.code).toBe('EABORTED');
    expect(handed.map((b) => b.length)).toEqual([5]);
    expect(server.transcript.filter((l) => l.startsWith('DELE') || l === 'QUIT')).toEqual([]);
    expect(server.mailbox()).toHaveLength(5);
  });
});

describe('large messages', () => {
  const big = Buffer.from(`From: big@example.com\r\nSubject: Big\r\n\r\n${'x'.repeat(5000)}\r\n`);

  it('over the account limit: headers only, then the whole message on request under the same local id', async () => {
    const server = await servers.start({ messages: [MAILBOX[0]!, big] });
    const store = recorder();
    const acc = { ...account(server, KEEP), headersOnlyOverBytes: 1000 };
    const summary = await runFetchSession({
      account: acc,
      secret: { password: 'secret' },
      popState: [],
      commit: store.commit,
      read: readMessage,
      newId: randomUUID,
    });
    expect(summary.downloaded).toBe(2);
    const partial = store.batches.flat().find((m) => m.partial);
    expect(partial?.uidl).toBe('uid-2');
    expect(Buffer.from(partial!.raw).toString()).toBe('From: big@example.com\r\nSubject: Big\r\n\r\n');
    expect(server.transcript).toContain('TOP 2 0');

    const whole = await fetchWholeMessage({ account: acc, secret: { password: 'secret' }, uidl: 'uid-2', localId: partial!.id, read: readMessage });
    expect(whole.id).toBe(partial!.id);
    expect(whole.partial).toBe(false);
    expect(Buffer.from(whole.raw).equals(big)).toBe(true);
    expect(whole.headers.subject).toBe('Big');
  });

  it('over the safety cap: not downloaded, reported, never deleted', async () => {
    const server = await servers.start({ messages: [MAILBOX[0]!, big] });
    const summary = await runFetchSession({
      account: account(server, DELETE),
      secret: { password: 'secret' },
      popState: [],
      commit: recorder().commit,
      read: readMessage,
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
    const store = recorder();
    const summary = await runFetchSession({
      account: account(server, DELETE),
      secret: { password: 'secret' },
      popState: [],
      commit: store.commit,
      read: readMessage,
      newId: randomUUID,
      maxMessageBytes: noFinalBreak.length,
    });
    expect(summary.downloaded).toBe(1);
    expect(summary.refusedTooBig).toEqual([]);
    expect(Buffer.from(store.batches.flat()[0]!.raw).equals(Buffer.concat([noFinalBreak, Buffer.from('\r\n')]))).toBe(true);
    expect(server.mailbox()).toEqual([]);
  });

  it('"download the whole message" refuses one listed over the safety cap before RETR, in words', async () => {
    const huge = { uid: 'uid-huge', size: SAFETY_CAP_BYTES + 1, chunks: () => [Buffer.from('never read\r\n')] };
    const server = await servers.start({ messages: [huge] });
    const error = await rejection(
      fetchWholeMessage({ account: account(server, KEEP), secret: { password: 'secret' }, uidl: 'uid-huge', localId: 'l1', read: readMessage }),
    );
    expect(error.code).toBe('ETOOBIG');
    expect(error.message).toBe(`The message on ${server.host} is ${SAFETY_CAP_BYTES + 1} bytes, over Heron's limit of ${SAFETY_CAP_BYTES} bytes; only its headers are stored here.`);
    expect(server.transcript.some((l) => l.startsWith('RETR'))).toBe(false);
  });
});
