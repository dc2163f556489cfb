import { describe, expect, it } from 'vitest';
import type { PopStateEntry } from './pop-state';
import { modeWords, serverView } from './server-view';

const T = Date.UTC(2026, 2, 1, 12, 0, 0);
const DAY = 86_400_000;
const entry = (uidl: string, status: PopStateEntry['status'], over: Partial<PopStateEntry> = {}): PopStateEntry => ({ accountId: 'a', uidl, localId: `l-${uidl}`, downloadedAt: T, status, size: 100, ...over });

describe('what is on the server', () => {
  it('says when each message is deleted there under each mode, and why', () => {
    const entries = [entry('1', 'stored'), entry('2', 'deleted-here'), entry('3', 'headers-only'), entry('4', 'failed', { failure: { reason: 'refused', attempts: 2, at: T, detail: '-ERR' } }), entry('5', 'deleted-on-server')];
    const keep14 = serverView(entries, { mode: 'keep', keepDays: 14, deleteWhenDeletedHere: true });
    expect(keep14).toMatchObject({ count: 4, deleted: 1, size: 400, here: 1, notHere: 3 });
    expect(keep14.rows.map((r) => [r.uidl, r.state, r.deleteAt, r.deletion])).toEqual([
      ['1', 'Downloaded here 2026-03-01.', T + 14 * DAY, 'Deleted at the first check from 2026-03-15 on.'],
      ['2', 'You deleted it here.', T, 'Deleted at the next check: you deleted it here.'],
      ['3', 'Only its headers are here: it is over the size this account downloads whole.', null, 'Kept there: its body is only there.'],
      ['4', 'Not downloaded: the server refused to send it (2 tries).', null, 'Kept there until it is downloaded.'],
      ['5', 'Downloaded here 2026-03-01.', T, 'Deleted: a check deleted it, and the server confirmed it.'],
    ]);
    const forever = serverView([entry('1', 'stored'), entry('2', 'deleted-here')], { mode: 'keep', keepDays: null, deleteWhenDeletedHere: false });
    expect(forever.rows.map((r) => r.deletion)).toEqual(['Kept there.', 'Kept there.']);
    const once = serverView([entry('1', 'stored')], { mode: 'delete', keepDays: null, deleteWhenDeletedHere: false });
    expect(once.rows[0]).toMatchObject({ deleteAt: T, deletion: 'Deleted at the next check.' });
    expect([modeWords({ mode: 'keep', keepDays: 14, deleteWhenDeletedHere: true }), modeWords({ mode: 'keep', keepDays: null, deleteWhenDeletedHere: false }), modeWords({ mode: 'delete', keepDays: null, deleteWhenDeletedHere: false })]).toEqual([
      'This account leaves mail on the server 14 days after it is downloaded.',
      'This account leaves mail on the server.',
      'This account deletes mail from the server once it is downloaded.',
    ]);
  });

  it('says what the person asked that no check has done yet, and that nothing was deleted when the check after the ask failed', () => {
    const asked = [entry('1', 'stored', { asked: { action: 'delete', at: T } }), entry('2', 'headers-only', { asked: { action: 'download', at: T } })];
    const policy = { mode: 'keep', keepDays: null, deleteWhenDeletedHere: false } as const;
    expect(serverView(asked, policy, { finishedAt: T - 1, error: null }).rows.map((r) => r.asked)).toEqual([
      'You asked to delete it from the server at 2026-03-01 12:00 UTC: the check doing it has not finished yet.',
      'You asked to download it whole at 2026-03-01 12:00 UTC: the check doing it has not finished yet.',
    ]);
    const failed = serverView(asked, policy, { finishedAt: T + 5, error: { message: 'The connection to pop.example closed before QUIT.' } });
    expect(failed.rows.map((r) => r.asked)).toEqual([
      'You asked to delete it from the server at 2026-03-01 12:00 UTC, but the check that was to do it failed (The connection to pop.example closed before QUIT.): the server deleted nothing, so it is still there. Heron tries again at the next check.',
      'You asked to download it whole at 2026-03-01 12:00 UTC, but the check that was to do it failed (The connection to pop.example closed before QUIT.): it was not downloaded. Heron tries again at the next check.',
    ]);
    expect(failed).toMatchObject({ count: 2, deleted: 0 });
  });
});
