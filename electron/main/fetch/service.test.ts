import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { messagesOf, type FetchAccount, type FetchBatch, type FetchDone } from '../../../shared/ipc/calls/fetch';
import type { MainEmit } from '../../../shared/ipc/contract';
import type { RetentionPolicy } from '../../../shared/model/account';
import type { PopStateEntry } from '../../../shared/model/pop-state';
import { fakeServers } from '../../core/pop3/testing/helpers';
import type { FakePop3 } from '../../core/pop3/testing/fake-server';
import { deletesAfterDownload, FAULT_MODES, faultAt, stepsIn } from '../../core/fetch/testing/fault-steps';
import { createFetchDeps } from './wire';

/**
 * The fetch service with real worker threads (the same bundle the app ships), talking to a fake
 * renderer through `emit` and `ack`: the faults only a real thread boundary can show — the worker
 * killed mid-fetch, the renderer never answering.
 */
let dir = '';
let workerPath = '';
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'heron-fetch-worker-'));
  workerPath = path.join(dir, 'fetch-worker.cjs');
  await build({
    entryPoints: [path.join(__dirname, '../workers/fetch-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: workerPath,
    external: ['electron'],
    logLevel: 'error',
  });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const servers = fakeServers();
afterEach(() => servers.closeAll());

const MAILBOX = [1, 2, 3, 4, 5].map((n) => Buffer.from(`From: s${n}@example.com\r\nSubject: M${n}\r\nMessage-ID: <m${n}@x>\r\n\r\nBody ${n}\r\n.\r\n`));
const DELETE: RetentionPolicy = { mode: 'delete', keepDays: null, deleteWhenDeletedHere: true };

function account(server: FakePop3, retention: RetentionPolicy = DELETE): FetchAccount {
  return {
    id: 'acc1',
    address: 'alice@example.com',
    incoming: { protocol: 'pop3', host: server.host, port: server.port, security: 'none', username: 'alice', auth: 'user', allowPlaintextPassword: true },
    retention,
    headersOnlyOverBytes: null,
  };
}

type Renderer = 'commit' | 'never-answer' | 'reject';

/** A fake renderer: stores batches (or not) and answers through the service, like the real one. */
function harness(server: FakePop3, renderer: Renderer, ackTimeoutMs = 10_000, retention: RetentionPolicy = DELETE) {
  const stored = new Map<string, Buffer>();
  /** What the renderer's store would hold as POP state for each stored message (by UIDL). */
  const entries = new Map<string, { localId: string; size: number }>();
  const events: string[] = [];
  let onDone: (done: FetchDone) => void = () => {};
  const done = new Promise<FetchDone>((resolve) => (onDone = resolve));
  let onFirstBatch: () => void = () => {};
  const firstBatch = new Promise<void>((resolve) => (onFirstBatch = resolve));
  // eslint-disable-next-line prefer-const -- assigned after emit is defined, which it closes over
  let deps: ReturnType<typeof createFetchDeps>;
  const emit = ((name: string, payload: unknown) => {
    events.push(name);
    if (name === 'fetchBatch') {
      const batch = payload as FetchBatch;
      onFirstBatch();
      if (renderer === 'never-answer') return;
      if (renderer === 'reject') {
        deps.service.ack(batch.fetchId, batch.batchId, { committed: false, code: 'ESTORAGE', message: 'aborted' });
        return;
      }
      for (const m of messagesOf(batch)) {
        stored.set(m.uidl ?? m.id, Buffer.from(m.raw));
        entries.set(m.uidl ?? m.id, { localId: m.id, size: m.size });
      }
      deps.service.ack(batch.fetchId, batch.batchId, { committed: true });
    }
    if (name === 'fetchDone') onDone(payload as FetchDone);
  }) as MainEmit;
  deps = createFetchDeps({
    emit,
    secrets: { get: async () => 'secret' },
    workerPath,
    ackTimeoutMs,
    connect: { timeouts: { connectMs: 2000, greetingMs: 2000, commandMs: 2000, idleMs: 2000 } },
  });
  /** The POP state the store would hand main for the next fetch. */
  const popState = (): PopStateEntry[] =>
    [...entries].map(([uidl, e]) => ({ accountId: 'acc1', uidl, localId: e.localId, downloadedAt: Date.now(), status: 'stored', size: e.size }));
  return { deps, stored, events, done, firstBatch, popState, account: account(server, retention) };
}

describe('fetch service with a real worker', () => {
  it('fetches, commits through the renderer and deletes only after the acknowledgements', async () => {
    const server = await servers.start({ messages: MAILBOX });
    const h = harness(server, 'commit');
    await h.deps.service.start(h.account, []);
    const done = await h.done;
    expect(done.error).toBeNull();
    expect(done.summary?.downloaded).toBe(5);
    expect([...h.stored.keys()].sort()).toEqual(['uid-1', 'uid-2', 'uid-3', 'uid-4', 'uid-5']);
    expect(server.mailbox()).toEqual([]);
    expect(h.events.at(-1)).toBe('fetchDone');
  });

  it('refuses a second fetch of the same account while one runs (EBUSY)', async () => {
    const server = await servers.start({ messages: MAILBOX });
    const h = harness(server, 'commit');
    await h.deps.service.start(h.account, []);
    await expect(h.deps.service.start(h.account, [])).rejects.toMatchObject({ code: 'EBUSY' });
    await h.done;
  });

  it('a renderer that never answers: the batch times out, the socket is dropped, nothing is deleted', async () => {
    const server = await servers.start({ messages: MAILBOX });
    const h = harness(server, 'never-answer', 300);
    await h.deps.service.start(h.account, []);
    const done = await h.done;
    expect(done.error?.code).toBe('ETIMEDOUT');
    expect(done.error?.message).toMatch(/0 messages stored, nothing deleted from the server/);
    expect(server.transcript).not.toContain('QUIT');
    expect(server.mailbox()).toHaveLength(5);
  });

  it('the worker killed mid-fetch: the fetch ends with an error, nothing is deleted, the next fetch completes', async () => {
    const server = await servers.start({ messages: MAILBOX });
    const h = harness(server, 'never-answer', 60_000);
    await h.deps.service.start(h.account, []);
    await h.firstBatch;
    await h.deps.service.stopAll();
    const done = await h.done;
    expect(done.error?.code).toBe('EINTERNAL');
    expect(done.error?.message).toMatch(/nothing was deleted from the server/);
    expect(server.mailbox()).toHaveLength(5);
    expect(server.transcript.some((l) => l.startsWith('DELE') || l === 'QUIT')).toBe(false);

    const again = harness(server, 'commit');
    await again.deps.service.start(again.account, []);
    expect((await again.done).summary?.downloaded).toBe(5);
    expect(server.mailbox()).toEqual([]);
  });

  /**
   * The fault matrix's "kill the worker" row (issue 4): in each mode, the worker thread is
   * terminated as the server receives each command in turn. Nothing may be deleted (DELE only
   * takes effect at QUIT, which a dead worker never sends), no DELE may precede its message's
   * commit, and one clean fetch with the store's POP state must leave every message stored exactly
   * once, byte for byte, and the server as the mode says.
   */
  for (const [modeName, retention] of Object.entries(FAULT_MODES)) {
    const deletes = deletesAfterDownload(retention);
    for (const step of stepsIn(retention)) {
      it(`${modeName}: the worker killed ${step.name}: nothing deleted, then one clean fetch stores every message exactly once`, async () => {
        let h: ReturnType<typeof harness> | null = null;
        const deletedBeforeStored: string[] = [];
        const server = await servers.start({
          messages: MAILBOX,
          overrides: faultAt(
            step,
            async () => {
              await h?.deps.service.stopAll(); // the thread dies; its socket closes with it
            },
            (uid) => {
              if (!h?.stored.has(uid)) deletedBeforeStored.push(uid);
            },
          ),
        });
        h = harness(server, 'commit', 10_000, retention);
        await h.deps.service.start(h.account, []);
        const done = await h.done;
        expect(done.error?.code).toBe('EINTERNAL');
        expect(done.error?.message).toMatch(/nothing was deleted from the server/);
        // No QUIT was carried out (at the QUIT step it reached the server, and the worker died first).
        expect(server.deleted).toEqual([]);
        expect(server.mailbox()).toHaveLength(5);
        expect(deletedBeforeStored).toEqual([]);

        const again = harness(server, 'commit', 10_000, retention);
        await again.deps.service.start(again.account, h.popState());
        const second = await again.done;
        expect(second.error).toBeNull();
        expect(second.summary?.downloaded).toBe(5 - h.stored.size);
        // Stored once: the two stores together hold each message exactly once, byte for byte.
        expect([...h.stored.keys(), ...again.stored.keys()].sort()).toEqual(['uid-1', 'uid-2', 'uid-3', 'uid-4', 'uid-5']);
        const bytes = [...h.stored.values(), ...again.stored.values()].map((b) => b.toString('latin1')).sort();
        expect(bytes).toEqual(MAILBOX.map((m) => m.toString('latin1')).sort());
        expect(server.mailbox()).toHaveLength(deletes ? 0 : 5);
      });
    }
  }

  it('no stored password: fetching and "download the whole message" both answer ENOSECRET before any connection', async () => {
    const server = await servers.start({ messages: MAILBOX });
    const deps = createFetchDeps({ emit: (() => {}) as MainEmit, secrets: { get: async () => null }, workerPath });
    const acc = account(server);
    await expect(deps.service.start(acc, [])).rejects.toMatchObject({
      code: 'ENOSECRET',
      message: 'Heron needs the password for alice@example.com to get mail.',
      detail: { accountId: 'acc1', slot: 'incoming' },
    });
    await expect(deps.fetchWhole({ account: acc, uidl: 'uid-1', localId: 'l1' })).rejects.toMatchObject({
      code: 'ENOSECRET',
      message: 'Heron needs the password for alice@example.com to download the message.',
    });
    expect(server.sessions).toEqual([]);
  });

  it('parses stored bytes off the main thread, in order, leaving out what cannot be parsed', async () => {
    const server = await servers.start({ messages: [] });
    const h = harness(server, 'commit');
    const raw = (text: string) => new Uint8Array(Buffer.from(`From: a@example.com\r\nSubject: Hi\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`));
    const bodies = await h.deps.parseStored([
      { id: 'local-1', raw: raw('Hello there') },
      { id: 'local-2', raw: raw('Second') },
    ]);
    expect(bodies.map((b) => [b.id, b.body.text?.trim(), b.snippet])).toEqual([
      ['local-1', 'Hello there', 'Hello there'],
      ['local-2', 'Second', 'Second'],
    ]);
  });
});
