/**
 * What every row of the fault matrix checks once its broken session has ended: exactly the
 * expected messages are stored, each once and byte for byte, and nothing was deleted from the
 * server; then one clean Get mail (and one more, which settles what it deleted) leaves every
 * message stored exactly once, the server as the mode says, and every commit strict.
 */
import { expect } from 'vitest';
import type { RetentionPolicy } from '../../shared/model/account';
import { deletesAfterDownload, MATRIX_MAILBOX, MATRIX_MESSAGES, uids } from '../../electron/core/fetch/testing/fault-steps';
import type { FakePop3 } from '../../electron/core/pop3/testing/fake-server';
import type { Rig } from './rig';

const ALL = uids(1, MATRIX_MESSAGES);

/** The stored copies, each the exact bytes the server holds for its UIDL. */
async function expectStoredExactly(rig: Rig, expected: readonly string[]): Promise<void> {
  const stored = await rig.stored();
  expect(stored.map((m) => m.uidl)).toEqual(expected);
  for (const m of stored) {
    const n = Number(m.uidl.slice('uid-'.length));
    expect(m.raw.equals(MATRIX_MAILBOX[n - 1] as Buffer), `bytes of ${m.uidl}`).toBe(true);
  }
}

export async function expectFaultThenConvergence(rig: Rig, server: FakePop3, retention: RetentionPolicy, storedAtFault: readonly string[]): Promise<void> {
  await expectStoredExactly(rig, storedAtFault);
  // No QUIT was carried out: the server deleted nothing.
  expect(server.deleted).toEqual([]);
  expect(server.mailbox()).toEqual(ALL);

  const clean = await rig.fetch();
  expect(clean.error).toBeNull();
  expect(clean.summary?.downloaded).toBe(MATRIX_MESSAGES - storedAtFault.length);
  // The next check downloads nothing and forgets what the clean one deleted.
  const settle = await rig.fetch();
  expect(settle.error).toBeNull();
  expect(settle.summary?.downloaded).toBe(0);

  await expectStoredExactly(rig, ALL);
  const deletes = deletesAfterDownload(retention);
  expect(server.mailbox()).toEqual(deletes ? [] : ALL);
  expect((await rig.popState()).map((e) => `${e.uidl} ${e.status}`).sort()).toEqual(deletes ? [] : ALL.map((u) => `${u} stored`).sort());
  expect(rig.violations).toEqual([]);
  expect(rig.mailWrites().length).toBeGreaterThan(0);
  expect(rig.relaxedWrites()).toEqual([]);
}
