import { base64InRaw, readStoredText } from '../../../shared/model/stored-text';
import { MessageChannel } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { AttachedMessage, FetchAccount } from '../../../shared/ipc/calls/fetch';
import { decodeMailBatch } from '../../../shared/ipc/mail-batch';
import { fakeServers } from '../pop3/testing/helpers';
import type { FakePop3 } from '../pop3/testing/fake-server';
import { readMessage } from './read-message';
import { serveFetchWorker, type FromWorker, type ToWorker } from './worker-protocol';

/**
 * The worker protocol over a real MessageChannel (the same structured clone as a worker thread):
 * what crosses the boundary, and in what order.
 */
const servers = fakeServers();
afterEach(() => servers.closeAll());

/** Small messages: their bytes are cut from Node's shared 8 KiB Buffer pool. */
const MAILBOX = [1, 2, 3, 4, 5].map((n) =>
  Buffer.from(`From: s${n}@example.com\r\nSubject: M${n}\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nBody ${n}\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=a${n}.bin\r\n\r\nATTACHMENT${n}\r\n--b--\r\n`),
);

function account(server: FakePop3): FetchAccount {
  return {
    id: 'acc1',
    address: 'alice@example.com',
    incoming: { protocol: 'pop3', host: server.host, port: server.port, security: 'none', username: 'alice', auth: 'plain', allowPlaintextPassword: true },
    retention: { mode: 'keep', keepDays: null, deleteWhenDeletedHere: false },
    headersOnlyOverBytes: null,
  };
}

/** Runs one fetch through the protocol, committing every batch; returns everything main received, in order. */
async function fetchThroughPort(server: FakePop3, batchSize = 2): Promise<FromWorker[]> {
  const { port1, port2 } = new MessageChannel();
  serveFetchWorker(port1, { read: readMessage, newId: randomUUID });
  const received: FromWorker[] = [];
  try {
    await new Promise<void>((resolve) => {
      port2.on('message', (m: FromWorker) => {
        received.push(m);
        if (m.type === 'batch') port2.postMessage({ type: 'ack', fetchId: m.fetchId, batchId: m.batchId, outcome: { committed: true } } satisfies ToWorker);
        if (m.type === 'done') resolve();
      });
      port2.postMessage({
        type: 'start',
        fetchId: 'f1',
        account: account(server),
        secret: { password: 'secret-pa55word' },
        popState: [],
        connect: { timeouts: { connectMs: 2000, greetingMs: 2000, commandMs: 2000, idleMs: 2000 } },
        tuning: { batchSize },
      } satisfies ToWorker);
    });
  } finally {
    port1.close();
    port2.close();
  }
  return received;
}

describe('fetch worker protocol', () => {
  /**
   * Each batch's arrays: buffers of their own, its messages' bytes back to back and nothing else,
   * and each message read whole where it arrived (its text and its attachment's bytes).
   */
  function expectTiledBatches(received: FromWorker[]): void {
    const batches = received.flatMap((m) => (m.type === 'batch' ? [m] : []));
    expect(batches.length).toBeGreaterThan(1);
    for (const b of batches) {
      const index = JSON.parse(Buffer.from(b.index).toString('utf8')) as Array<{ offset: number; length: number }>;
      expect(b.raw.byteOffset).toBe(0);
      expect(b.raw.buffer.byteLength).toBe(index.reduce((n, m) => n + m.length, 0));
      expect(index.map((m) => m.offset)).toEqual(index.map((_, i) => index.slice(0, i).reduce((n, m) => n + m.length, 0)));
      // The index and the parts cross as buffers of their own too: nothing but their bytes.
      for (const array of [b.index, b.parts]) expect(array.byteOffset === 0 && array.byteLength === array.buffer.byteLength).toBe(true);
    }
    const messages = batches.flatMap((b) => decodeMailBatch(b));
    expect(messages.map((m) => Buffer.from(m.raw).toString('latin1')).sort()).toEqual(MAILBOX.map((b) => b.toString('latin1')).sort());
    // Text and parts that lie in the message's bytes are read from there, as the store reads them.
    const partBytes = (m: (typeof messages)[number], a: NonNullable<typeof m.content>['attachments'][number]) => Buffer.from(a.inRaw ? base64InRaw(m.raw, a.inRaw) : a.content);
    const read = messages.map((m) => `${m.headers.subject}: ${readStoredText(m.raw, m.content?.body.text ?? null)?.trim()} + ${m.content?.attachments.map((a) => `${a.meta.filename} ${partBytes(m, a).toString('latin1')}`).join()}`).sort();
    expect(read).toEqual([1, 2, 3, 4, 5].map((n) => `M${n}: Body ${n} + a${n}.bin ATTACHMENT${n}`));
  }

  it('each batch crosses the thread as one buffer its messages tile exactly: no neighbouring bytes (other mail, credentials) travel with them', async () => {
    const server = await servers.start({ messages: MAILBOX, users: { alice: { password: 'secret-pa55word' } } });
    expectTiledBatches(await fetchThroughPort(server));
  });

  it('a batch whose messages were not written into one buffer (the server announced no sizes) is packed into one', async () => {
    const server = await servers.start({
      messages: MAILBOX,
      users: { alice: { password: 'secret-pa55word' } },
      overrides: {
        RETR: async (s, args) => {
          s.reply('+OK');
          await s.sendMessage(Number(args[0]));
        },
      },
    });
    expectTiledBatches(await fetchThroughPort(server, 3));
  });

  it('a fetch posts only batches, progress and done; an attached message is read as a job of its own, its parts crossing alone', async () => {
    const server = await servers.start({ messages: MAILBOX, users: { alice: { password: 'secret-pa55word' } } });
    const received = await fetchThroughPort(server);
    expect(new Set(received.map((m) => m.type))).toEqual(new Set(['batch', 'progress', 'done']));

    const { port1, port2 } = new MessageChannel();
    serveFetchWorker(port1, { read: readMessage, newId: randomUUID });
    try {
      const reply = await new Promise<FromWorker>((resolve) => {
        port2.on('message', (m: FromWorker) => resolve(m));
        port2.postMessage({ type: 'attached', jobId: 'j1', raw: new Uint8Array(MAILBOX[1] as Buffer) } satisfies ToWorker);
      });
      expect(reply).toMatchObject({ type: 'job', jobId: 'j1', error: null });
      const attached = (reply as Extract<FromWorker, { type: 'job' }>).value as AttachedMessage;
      expect(attached.headers.subject).toBe('M2');
      expect(attached.content.attachments.map((a) => Buffer.from(a.content).toString('latin1'))).toEqual(['ATTACHMENT2']);
      for (const a of attached.content.attachments) expect(a.content.buffer.byteLength).toBe(a.content.byteLength);
    } finally {
      port1.close();
      port2.close();
    }
  });

  it('a cancel while a batch waits for its acknowledgement ends the fetch EABORTED; the late ack changes nothing, nothing is deleted', async () => {
    const server = await servers.start({ messages: MAILBOX, users: { alice: { password: 'secret-pa55word' } } });
    const { port1, port2 } = new MessageChannel();
    serveFetchWorker(port1, { read: readMessage, newId: randomUUID });
    const received: FromWorker[] = [];
    try {
      await new Promise<void>((resolve) => {
        port2.on('message', (m: FromWorker) => {
          received.push(m);
          if (m.type === 'batch') {
            port2.postMessage({ type: 'cancel', fetchId: 'f1' } satisfies ToWorker);
            // The window committed after all, too late: the worker has already given up on this batch.
            setTimeout(() => port2.postMessage({ type: 'ack', fetchId: 'f1', batchId: m.batchId, outcome: { committed: true } } satisfies ToWorker), 20);
          }
          if (m.type === 'done') setTimeout(resolve, 60);
        });
        port2.postMessage({
          type: 'start',
          fetchId: 'f1',
          account: { ...account(server), retention: { mode: 'delete', keepDays: null, deleteWhenDeletedHere: true } },
          secret: { password: 'secret-pa55word' },
          popState: [],
          connect: { timeouts: { connectMs: 2000, greetingMs: 2000, commandMs: 2000, idleMs: 2000 } },
          tuning: { batchSize: 2 },
        } satisfies ToWorker);
      });
    } finally {
      port1.close();
      port2.close();
    }
    const done = received.filter((m) => m.type === 'done');
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ summary: null, error: { code: 'EABORTED', message: 'Getting mail was cancelled: 0 messages stored, nothing deleted from the server.' } });
    // Downloading goes on while a batch commits: at most maxPendingCommits (2) batches were out.
    expect(received.filter((m) => m.type === 'batch').length).toBeLessThanOrEqual(2);
    expect(server.transcript.some((l) => l.startsWith('DELE') || l === 'QUIT')).toBe(false);
    expect(server.mailbox()).toHaveLength(5);
  });
});
