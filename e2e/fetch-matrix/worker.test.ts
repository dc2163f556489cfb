import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_MODES, faultAt, MATRIX_BATCH, MATRIX_MAILBOX, stepsIn } from '../../electron/core/fetch/testing/fault-steps';
import { expectFaultThenConvergence } from './converges';
import { bundleFetchWorker } from '../../electron/main/fetch/testing/worker-bundle';
import { rigPerTest } from './rig';

/**
 * The fault matrix's "kill the worker" row (issue 4, issue 15 §3): the real worker thread (the
 * bundle the app ships) is terminated as the server receives each command in turn, in every mode,
 * while the renderer's real commit stores what reached the window. Nothing may be deleted (DELE
 * takes effect only at QUIT, which a dead worker never sends), no DELE may precede its message's
 * acknowledged commit, exactly the messages that reached the window are stored, and one clean Get
 * mail, planned from the POP state the store kept, stores every message exactly once.
 */
let worker: Awaited<ReturnType<typeof bundleFetchWorker>>;
beforeAll(async () => {
  worker = await bundleFetchWorker();
}, 60_000);
afterAll(() => worker.dispose());

const t = rigPerTest();

describe('fault matrix: the worker thread killed', () => {
  for (const [modeName, retention] of Object.entries(FAULT_MODES)) {
    for (const step of stepsIn(retention)) {
      it(`${modeName}: killed ${step.name}`, async () => {
        const server = await t.servers.start({
          messages: [...MATRIX_MAILBOX],
          // The thread dies, and its socket with it, before the server answers.
          overrides: faultAt(step, t.hooks(() => t.rig().kill())),
        });
        const rig = await t.open({ server, retention, batchSize: MATRIX_BATCH, workerPath: worker.path });
        const broken = await rig.fetch();
        expect(broken.error?.code).toBe('EINTERNAL');
        expect(broken.error?.message).toBe(
          'Getting mail for acc1@example.com stopped unexpectedly (exit code 1). Mail already shown is stored; nothing was deleted from the server.',
        );
        await expectFaultThenConvergence(rig, server, retention, step.storedAtFault);
      });
    }
  }
});
