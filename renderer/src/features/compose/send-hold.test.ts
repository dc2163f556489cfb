import { describe, expect, it } from 'vitest';
import { formatSendTime, fromLocalInput, laterHold, laterPresets, toLocalInput, undoHold, undoSeconds } from './send-hold';

const local = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(y, mo - 1, d, h, mi).getTime();

describe('undo window', () => {
  it('holds a sent message for the setting, kept within 5–60 s; a missing or broken setting is 10 s', () => {
    expect(undoHold(1_000, 10)).toEqual({ sendAt: 11_000, scheduled: false });
    expect(undoHold(0, 1).sendAt).toBe(5_000);
    expect(undoHold(0, 600).sendAt).toBe(60_000);
    expect(undoSeconds(undefined)).toBe(10);
    expect(undoSeconds('30')).toBe(10);
    expect(undoSeconds(Number.NaN)).toBe(10);
    expect(undoSeconds(29.6)).toBe(30);
  });
});

describe('send later', () => {
  it('offers the rest of today while it is ahead, tomorrow morning and afternoon, and Monday morning', () => {
    // Tuesday 8 December 2026, 09:10 local time.
    const tuesday = local(2026, 12, 8, 9, 10);
    expect(laterPresets(tuesday)).toEqual([
      { label: 'This afternoon', at: local(2026, 12, 8, 13) },
      { label: 'This evening', at: local(2026, 12, 8, 18) },
      { label: 'Tomorrow morning', at: local(2026, 12, 9, 8) },
      { label: 'Tomorrow afternoon', at: local(2026, 12, 9, 13) },
      { label: 'Monday morning', at: local(2026, 12, 14, 8) },
    ]);
    // Sunday evening: only tomorrow (which is Monday); Saturday late: Monday is two days on.
    expect(laterPresets(local(2026, 12, 13, 21)).map((p) => p.label)).toEqual(['Tomorrow morning', 'Tomorrow afternoon']);
    expect(laterPresets(local(2026, 12, 12, 17, 45)).map((p) => [p.label, p.at])).toEqual([
      ['Tomorrow morning', local(2026, 12, 13, 8)],
      ['Tomorrow afternoon', local(2026, 12, 13, 13)],
      ['Monday morning', local(2026, 12, 14, 8)],
    ]);
    // Across a month's and a year's end.
    expect(laterPresets(local(2026, 12, 31, 22))[0]).toEqual({ label: 'Tomorrow morning', at: local(2027, 1, 1, 8) });
  });

  it('a chosen time is held exactly; one in the past goes at once', () => {
    expect(laterHold(1_000, 5_000.7)).toEqual({ sendAt: 5_000, scheduled: true });
    expect(laterHold(9_000, 5_000)).toEqual({ sendAt: 9_000, scheduled: true });
  });

  it('reads and writes the date-time field in local time', () => {
    const at = local(2027, 3, 5, 7, 30);
    expect(toLocalInput(at)).toBe('2027-03-05T07:30');
    expect(fromLocalInput('2027-03-05T07:30')).toBe(at);
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('tomorrow')).toBeNull();
  });

  it('says the time with the year only when it is not this year', () => {
    const now = local(2026, 12, 8, 9);
    expect(formatSendTime(local(2026, 12, 9, 8), now, 'en-GB')).toBe('Wed 9 Dec, 08:00');
    expect(formatSendTime(local(2027, 1, 4, 8), now, 'en-GB')).toBe('Mon, 4 Jan 2027, 08:00');
  });
});
