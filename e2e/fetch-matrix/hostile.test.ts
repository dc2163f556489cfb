import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_MODES, MATRIX_BATCH, deletesAfterDownload } from '../../electron/core/fetch/testing/fault-steps';
import { DESYNC_UID, GOOD, HOSTILE_BYTES, hostileMessages, hostileRetr, LIAR_HEADERS, LIAR_UID, REFUSED_REPLY, REFUSED_UID } from '../../electron/core/fetch/testing/hostile-mailbox';
import { MAX_DOWNLOAD_ATTEMPTS } from '../../shared/model/pop-state';
import { retryUndownloaded } from '../../renderer/src/data/fetch-store';
import { bundleFetchWorker } from '../../electron/main/fetch/testing/worker-bundle';
import { ACCOUNT_ID, rigPerTest, type Rig } from './rig';

/**
 * Issue 16's closing case through the real commit (main's fetch service and worker, the window's
 * controller committing into HeronDb): a mailbox with a message the server refuses, one that LIST
 * calls 2 KB and that streams 300 MB, and one whose RETR never ends, among seven good ones. In
 * every mode one Get mail stores every good message exactly once, byte for byte, keeps the liar's
 * headers, deletes nothing it did not store (each DELE checked against the store as it arrives),
 * and records the three in the POP state; later checks try again what may succeed, within bounds.
 */
const t = rigPerTest();
const GOOD_UIDS = GOOD.map((g) => g.uid);
const HOSTILE = [REFUSED_UID, LIAR_UID, DESYNC_UID];

async function expectGoodStoredOnce(rig: Rig): Promise<void> {
  const stored = await rig.stored();
  expect(stored.map((m) => m.uidl).sort()).toEqual([...GOOD_UIDS, LIAR_UID].sort());
  for (const g of GOOD) expect(stored.find((m) => m.uidl === g.uid)?.raw.equals(g.bytes), `bytes of ${g.uid}`).toBe(true);
  expect(stored.find((m) => m.uidl === LIAR_UID)?.raw.equals(LIAR_HEADERS)).toBe(true);
  const liar = (await rig.db.messages.toArray()).find((r) => r.uidl === LIAR_UID);
  expect(liar).toMatchObject({ partial: true, subject: 'Listed small, sent huge' });
}

/** The POP state of the three, as `uid status reason attempts`. */
async function hostileState(rig: Rig): Promise<string[]> {
  return (await rig.popState())
    .filter((e) => HOSTILE.includes(e.uidl))
    .map((e) => `${e.uidl} ${e.status} ${e.failure?.reason} ${e.failure?.attempts}`)
    .sort();
}

let worker: Awaited<ReturnType<typeof bundleFetchWorker>>;
beforeAll(async () => {
  worker = await bundleFetchWorker();
}, 60_000);
afterAll(() => worker.dispose());

describe('a mailbox with a refused message, a lying LIST and a desynchronising RETR', () => {
  const cases = [...Object.entries(FAULT_MODES).map(([name, retention]) => ({ name, retention, thread: false })), { name: 'delete after download, in the worker thread the app ships', retention: FAULT_MODES['delete after download']!, thread: true }];
  for (const { name: modeName, retention, thread } of cases) {
    it(`${modeName}: every good message stored once, the liar's headers kept, nothing deleted that was not stored; retried within bounds, then on request`, async () => {
      let mended = false;
      const server = await t.servers.start({ messages: hostileMessages(), overrides: { RETR: hostileRetr(() => mended), DELE: t.checkedDele } });
      const rig = await t.open({ server, retention, batchSize: MATRIX_BATCH, ...(thread ? { workerPath: worker.path } : {}) });

      const first = await rig.fetch();
      expect(first.error).toBeNull();
      await expectGoodStoredOnce(rig);
      expect(await hostileState(rig)).toEqual([
        `${DESYNC_UID} failed mismatch 1`,
        `${LIAR_UID} headers-only too-big 1`,
        `${REFUSED_UID} failed refused 1`,
      ]);
      expect((await rig.popState()).find((e) => e.uidl === REFUSED_UID)?.failure?.detail).toBe(REFUSED_REPLY);
      const deletes = deletesAfterDownload(retention);
      const everything = hostileMessages().map((m) => m.uid);
      expect(server.mailbox()).toEqual(deletes ? HOSTILE : everything);
      expect(server.deleted.filter((u) => !GOOD_UIDS.includes(u))).toEqual([]);
      expect(rig.violations).toEqual([]);
      expect(rig.relaxedWrites()).toEqual([]);

      // The next checks try the refused and the desynchronising one again (the latter alone), never the liar.
      for (let check = 2; check <= MAX_DOWNLOAD_ATTEMPTS + 1; check += 1) {
        const again = await rig.fetch();
        expect(again.error).toBeNull();
        expect(again.summary?.downloaded).toBe(0);
      }
      // Alone, the reply that never ends just stops: its later attempts end in a timeout.
      expect(await hostileState(rig)).toEqual([
        `${DESYNC_UID} failed lost ${MAX_DOWNLOAD_ATTEMPTS}`,
        `${LIAR_UID} headers-only too-big 1`,
        `${REFUSED_UID} failed refused ${MAX_DOWNLOAD_ATTEMPTS}`,
      ]);
      expect(server.mailbox()).toEqual(deletes ? HOSTILE : everything);
      await expectGoodStoredOnce(rig);

      // The server is mended and the person asks again: both arrive, each once; the liar stays as it is.
      mended = true;
      expect(await retryUndownloaded(rig.db, ACCOUNT_ID)).toBe(2);
      const retried = await rig.fetch();
      expect(retried.error).toBeNull();
      expect(retried.summary?.downloaded).toBe(2);
      const stored = await rig.stored();
      expect(stored.filter((m) => m.uidl === REFUSED_UID).map((m) => m.raw.equals(HOSTILE_BYTES.refused))).toEqual([true]);
      expect(stored.filter((m) => m.uidl === DESYNC_UID).map((m) => m.raw.equals(HOSTILE_BYTES.desync))).toEqual([true]);
      const now = deletes ? 'deleted-on-server' : 'stored';
      expect(await hostileState(rig)).toEqual([`${DESYNC_UID} ${now} undefined undefined`, `${LIAR_UID} headers-only too-big 1`, `${REFUSED_UID} ${now} undefined undefined`]);
      expect(server.mailbox()).toEqual(deletes ? [LIAR_UID] : everything);
      expect(rig.violations).toEqual([]);
      expect(rig.relaxedWrites()).toEqual([]);
    }, 60_000);
  }
});
