import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { FAULT_MODES, MATRIX_BATCH, MATRIX_MAILBOX, MATRIX_MESSAGES, uids } from '../../electron/core/fetch/testing/fault-steps';
import { serverView } from '../../shared/model/server-view';
import { askServer } from '../../renderer/src/data/server-asks';
import { ACCOUNT_ID, rigPerTest } from './rig';

/**
 * "Delete from server now" (issue 20) through main's fetch service and the window's real store:
 * the person's ask goes on the POP state, and the next Get mail deletes exactly that message —
 * only when the session ends with QUIT. A connection dropped after DELE, before QUIT, deletes
 * nothing (RFC 1939 §6), loses nothing here, and the view says so; the next check deletes it.
 */
const ALL = uids(1, MATRIX_MESSAGES);
const t = rigPerTest();

describe('"Delete from server now" through the real commit', () => {
  it('disconnect_after_dele_before_quit: nothing is deleted, nothing is lost here, the view says so, and the next check deletes it', async () => {
    let dropAtQuit = false;
    const server = await t.servers.start({
      messages: [...MATRIX_MAILBOX],
      overrides: {
        DELE: t.checkedDele,
        QUIT: async (s) => (dropAtQuit ? s.close() : s.next()),
      },
    });
    const policy = FAULT_MODES['keep forever']!;
    const rig = await t.open({ server, retention: policy, batchSize: MATRIX_BATCH });
    expect((await rig.fetch()).error).toBeNull();
    const target = (await rig.popState()).find((e) => e.uidl === 'uid-3')!;
    expect(await askServer(rig.db, ACCOUNT_ID, [target.localId], 'delete')).toEqual({ asked: 1, needConfirm: 0 });

    dropAtQuit = true;
    const dropped = await rig.fetch();
    expect(dropped.error).not.toBeNull();
    expect(server.transcript.filter((l) => l.startsWith('DELE'))).toEqual(['DELE 3']);
    expect(server.mailbox()).toEqual(ALL);
    expect(rig.violations).toEqual([]);
    expect(await rig.storedUidls()).toEqual(ALL);
    const entry = (await rig.popState()).find((e) => e.localId === target.localId);
    expect([entry?.status, entry?.asked?.action]).toEqual(['stored', 'delete']);
    const row = await rig.db.popState.get(ACCOUNT_ID);
    const view = serverView(await rig.popState(), policy, { finishedAt: row?.lastCheckFinishedAt ?? null, error: row?.lastError ?? null });
    const said = view.rows.find((r) => r.localId === target.localId);
    expect(said?.askFailed).toBe(true);
    expect(said?.asked).toContain('but the check that was to do it failed');
    expect(said?.asked).toContain('the server deleted nothing, so it is still there. Heron tries again at the next check.');
    expect(view).toMatchObject({ count: MATRIX_MESSAGES, deleted: 0 });

    dropAtQuit = false;
    expect((await rig.fetch()).error).toBeNull();
    expect(server.mailbox()).toEqual(ALL.filter((u) => u !== 'uid-3'));
    expect(await rig.storedUidls()).toEqual(ALL);
    expect((await rig.popState()).find((e) => e.localId === target.localId)?.status).toBe('deleted-on-server');
    expect(rig.violations).toEqual([]);
  });
});
