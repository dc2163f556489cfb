import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { FAULT_MODES, faultAt, MATRIX_BATCH, MATRIX_MAILBOX, STORE_FAULTS, stepsIn } from '../../electron/core/fetch/testing/fault-steps';
import { expectFaultThenConvergence } from './converges';
import { rigPerTest } from './rig';

/**
 * The fault matrix (issue 4, issue 15 §3), through main's fetch service and the renderer's real
 * commit on fake-indexeddb: in every mode, the connection dropped at every step and the store
 * failing at a batch; then a clean Get mail must leave every message stored once and the server as
 * the mode says. The worker's code runs in-process here (the same protocol over a MessageChannel);
 * worker.test.ts kills the real thread.
 */
const t = rigPerTest();

describe('fault matrix: the connection dropped', () => {
  for (const [modeName, retention] of Object.entries(FAULT_MODES)) {
    for (const step of stepsIn(retention)) {
      it(`${modeName}: dropped ${step.name}`, async () => {
        const server = await t.servers.start({ messages: [...MATRIX_MAILBOX], overrides: faultAt(step, t.hooks((s) => s.destroy())) });
        const rig = await t.open({ server, retention, batchSize: MATRIX_BATCH });
        const broken = await rig.fetch();
        expect(['ECONNECTION', 'EPROTOCOL']).toContain(broken.error?.code);
        await expectFaultThenConvergence(rig, server, retention, step.storedAtFault);
      });
    }
  }
});

describe('fault matrix: the store fails', () => {
  for (const [modeName, retention] of Object.entries(FAULT_MODES)) {
    for (const fault of STORE_FAULTS) {
      it(`${modeName}: ${fault.name}`, async () => {
        const server = await t.servers.start({ messages: [...MATRIX_MAILBOX], overrides: { DELE: t.checkedDele } });
        const rig = await t.open({ server, retention, batchSize: MATRIX_BATCH });
        // The batch's transaction fails inside the real commit, where IndexedDB would fail it.
        const first = `uid-${(fault.atBatch - 1) * MATRIX_BATCH + 1}`;
        const failing = (_key: unknown, row: { entries: ReadonlyArray<{ uidl: string }> }) => {
          if (!row.entries.some((e) => e.uidl === first)) return;
          throw fault.kind === 'quota' ? new DOMException('The quota has been exceeded.', 'QuotaExceededError') : new Error('the transaction was aborted');
        };
        rig.db.popChunks.hook('creating', failing);
        const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
        const broken = await rig.fetch();
        rig.db.popChunks.hook('creating').unsubscribe(failing);
        expect(logged.mock.calls.map((c) => c[0])).toEqual(['Could not store fetched messages']);
        logged.mockRestore();
        expect(broken.error?.code).toBe(fault.kind === 'quota' ? 'EQUOTA' : 'ESTORAGE');
        // The session sent neither DELE nor QUIT.
        expect(server.sessions[0]?.transcript.filter((l) => l.startsWith('DELE') || l === 'QUIT')).toEqual([]);
        await expectFaultThenConvergence(rig, server, retention, fault.storedAtFault);
      });
    }
  }
});
