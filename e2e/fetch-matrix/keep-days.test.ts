import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MATRIX_BATCH, MATRIX_MAILBOX, MATRIX_MESSAGES, uids } from '../../electron/core/fetch/testing/fault-steps';
import { rigPerTest } from './rig';

/**
 * Keep N days through the whole pipeline (issue 15 §3): the window stores the download time of
 * each message in its POP state, and a later Get mail, planned from that state read back from the
 * store, deletes from the server exactly when N × 24 hours have passed — at N days exactly, not a
 * millisecond before (plan.ts `retentionDue`; the settings say "N days after download"). The clock
 * is set for both sides (the worker's code runs in-process here), so the boundary is exact.
 */
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 1, 9, 30, 0);
const ALL = uids(1, MATRIX_MESSAGES);

const t = rigPerTest();
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('keep N days through the pipeline', () => {
  for (const days of [1, 7, 14]) {
    for (const [offset, words] of [[-1, '− 1 ms'], [0, 'exactly'], [1, '+ 1 ms']] as const) {
      const due = offset >= 0;
      it(`keep ${days} day${days === 1 ? '' : 's'}, checked ${days} day${days === 1 ? '' : 's'} ${words} after the download: ${due ? 'deleted from the server' : 'still on the server'}`, async () => {
        const server = await t.servers.start({ messages: [...MATRIX_MAILBOX] });
        const rig = await t.open({ server, retention: { mode: 'keep', keepDays: days, deleteWhenDeletedHere: false }, batchSize: MATRIX_BATCH });
        vi.setSystemTime(T0);
        const first = await rig.fetch();
        expect(first.summary?.downloaded).toBe(MATRIX_MESSAGES);
        expect(server.mailbox()).toEqual(ALL);
        expect((await rig.popState()).map((e) => e.downloadedAt)).toEqual(ALL.map(() => T0));

        vi.setSystemTime(T0 + days * DAY + offset);
        const later = await rig.fetch();
        expect(later.error).toBeNull();
        expect(later.summary?.downloaded).toBe(0);
        expect(later.summary?.deletedLocalIds).toHaveLength(due ? MATRIX_MESSAGES : 0);
        expect(server.mailbox()).toEqual(due ? [] : ALL);
        expect(server.sessions[1]?.transcript.filter((l) => l.startsWith('DELE'))).toEqual(due ? ALL.map((_, i) => `DELE ${i + 1}`) : []);
        // Deleted from the server, kept here: every message still stored once, byte for byte.
        const stored = await rig.stored();
        expect(stored.map((m) => m.uidl)).toEqual(ALL);
        stored.forEach((m, i) => expect(m.raw.equals(MATRIX_MAILBOX[i] as Buffer)).toBe(true));
        expect((await rig.popState()).map((e) => e.status)).toEqual(ALL.map(() => (due ? 'deleted-on-server' : 'stored')));
        expect(rig.violations).toEqual([]);
        expect(rig.relaxedWrites()).toEqual([]);
      });
    }
  }
});
