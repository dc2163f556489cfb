import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { FAULT_MODES, MATRIX_BATCH, MATRIX_MAILBOX, MATRIX_MESSAGES, uids } from '../../electron/core/fetch/testing/fault-steps';
import { ACCOUNT_ID, rigPerTest } from './rig';

/**
 * Get mail without faults, through main's fetch service and the renderer's real commit: the order
 * of batches, acknowledgements and DELEs the fault matrix relies on, the strict transactions, and
 * the POP state one fetch leaves for the next.
 */
const ALL = uids(1, MATRIX_MESSAGES);

const t = rigPerTest();

describe('Get mail through the real commit', () => {
  it('keep mode: every message stored once, byte for byte, with its POP state; the next Get mail downloads nothing and deletes nothing', async () => {
    const server = await t.servers.start({ messages: [...MATRIX_MAILBOX] });
    const rig = await t.open({ server, retention: FAULT_MODES['keep forever']!, batchSize: MATRIX_BATCH });
    const first = await rig.fetch();
    expect(first.error).toBeNull();
    expect(first.summary?.downloaded).toBe(MATRIX_MESSAGES);
    const stored = await rig.stored();
    expect(stored.map((m) => m.uidl)).toEqual(ALL);
    stored.forEach((m, i) => expect(m.raw.equals(MATRIX_MAILBOX[i] as Buffer), m.uidl).toBe(true));
    expect((await rig.popState()).map((e) => `${e.uidl} ${e.status}`).sort()).toEqual(ALL.map((u) => `${u} stored`).sort());
    const rows = await rig.db.messages.toArray();
    expect(rows.map((r) => r.subject).sort()).toEqual(ALL.map((_, i) => `Message ${i + 1}`).sort());

    const again = await rig.fetch();
    expect(again.summary?.downloaded).toBe(0);
    expect(await rig.storedUidls()).toEqual(ALL);
    expect(server.mailbox()).toEqual(ALL);
    expect(server.transcript.some((l) => l.startsWith('DELE'))).toBe(false);
  });

  it('delete mode: acknowledgements reach main only after the next batch reached the window, and every DELE comes after the last one, for stored mail only', async () => {
    const server = await t.servers.start({ messages: [...MATRIX_MAILBOX], overrides: { DELE: t.checkedDele } });
    const rig = await t.open({ server, retention: FAULT_MODES['delete after download']!, batchSize: MATRIX_BATCH });
    const done = await rig.fetch();
    expect(done.error).toBeNull();
    expect(rig.timeline).toEqual([
      'batch 1: uid-1 uid-2',
      'batch 2: uid-3 uid-4',
      'ack 1 committed',
      'batch 3: uid-5 uid-6',
      'ack 2 committed',
      'batch 4: uid-7',
      'ack 3 committed',
      'ack 4 committed',
      ...ALL.map((u) => `DELE ${u}`),
    ]);
    expect(rig.violations).toEqual([]);
    expect(server.mailbox()).toEqual([]);
    expect(server.transcript.at(-1)).toBe('QUIT');
    // The summary names the stored copies it deleted; the window marks their POP state so.
    const stored = await rig.db.messages.toArray();
    expect([...(done.summary?.deletedLocalIds ?? [])].sort()).toEqual(stored.map((r) => r.id).sort());
    expect((await rig.popState()).map((e) => e.status)).toEqual(ALL.map(() => 'deleted-on-server'));
  });

  it('every transaction that stores fetched mail is opened with strict durability', async () => {
    const server = await t.servers.start({ messages: [...MATRIX_MAILBOX] });
    const rig = await t.open({ server, retention: FAULT_MODES['delete after download']!, batchSize: MATRIX_BATCH });
    await rig.fetch();
    // Four batches, each one transaction holding its bytes and its POP state.
    expect(rig.mailWrites().filter((w) => w.stores.includes('rawChunks') && w.stores.includes('popChunks'))).toHaveLength(4);
    expect(rig.relaxedWrites()).toEqual([]);
  });

  it('a cancel while DELE is on the wire drops the connection without QUIT: the server keeps every message, the next Get mail deletes them once', async () => {
    let cancelled = false;
    const server = await t.servers.start({
      messages: [...MATRIX_MAILBOX],
      overrides: {
        DELE: async (s, args) => {
          if (args[0] === '3' && !cancelled) {
            cancelled = true;
            await t.rig().controller.cancel(ACCOUNT_ID);
          }
          await t.checkedDele(s, args);
        },
      },
    });
    const rig = await t.open({ server, retention: FAULT_MODES['delete after download']!, batchSize: MATRIX_BATCH });
    const broken = await rig.fetch();
    expect(broken.error?.code).toBe('EABORTED');
    expect(server.sessions[0]?.transcript).not.toContain('QUIT');
    expect(server.mailbox()).toEqual(ALL);
    expect(await rig.storedUidls()).toEqual(ALL);

    const again = await rig.fetch();
    expect(again.summary?.downloaded).toBe(0);
    expect(again.summary?.deletedLocalIds).toHaveLength(MATRIX_MESSAGES);
    expect(server.mailbox()).toEqual([]);
    expect(await rig.storedUidls()).toEqual(ALL);
    expect(rig.violations).toEqual([]);
  });
});
