import { describe, expect, it } from 'vitest';
import { createScheduler, RETRY_AFTER_MS, type SchedulerClock } from './scheduler';

/** A manual clock: timers fire only when the test advances time. */
function manualClock() {
  let t = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: SchedulerClock = {
    now: () => t,
    setTimeout: (fn, ms) => {
      seq += 1;
      timers.set(seq, { at: t + ms, fn });
      return seq;
    },
    clearTimeout: (h) => void timers.delete(h as number),
  };
  const advance = (ms: number) => {
    const end = t + ms;
    for (let guard = 0; guard < 10_000; guard++) {
      const next = [...timers.entries()].sort((a, b) => a[1].at - b[1].at)[0];
      if (!next || next[1].at > end) break;
      timers.delete(next[0]);
      t = next[1].at;
      next[1].fn();
    }
    t = end;
  };
  return { clock, advance, pending: () => timers.size };
}

const MIN = 60_000;

describe('fetch scheduler', () => {
  it('checks at startup only accounts that ask for it, then every interval (no jitter at random 0.5)', () => {
    const { clock, advance } = manualClock();
    const calls: string[] = [];
    const s = createScheduler({ clock, random: () => 0.5, start: (id, reason) => calls.push(`${clock.now() / MIN}:${id}:${reason}`) });
    s.sync([
      { id: 'a', checkAtStartup: true, checkIntervalMinutes: 10 },
      { id: 'b', checkAtStartup: false, checkIntervalMinutes: 15 },
    ]);
    expect(calls).toEqual(['0:a:startup']);
    advance(31 * MIN);
    expect(calls).toEqual(['0:a:startup', '10:a:timer', '15:b:timer', '20:a:timer', '30:b:timer', '30:a:timer']);
  });

  it('a second sync with the same accounts is not a new startup', () => {
    const { clock } = manualClock();
    const calls: string[] = [];
    const s = createScheduler({ clock, random: () => 0.5, start: (id, r) => calls.push(`${id}:${r}`) });
    const accounts = [{ id: 'a', checkAtStartup: true, checkIntervalMinutes: 10 }];
    s.sync(accounts);
    s.sync(accounts);
    s.sync([...accounts, { id: 'c', checkAtStartup: true, checkIntervalMinutes: 10 }]);
    expect(calls).toEqual(['a:startup']);
  });

  it('the first account added to an empty app (the wizard) gets the startup check; the next one does not', () => {
    const { clock } = manualClock();
    const calls: string[] = [];
    const s = createScheduler({ clock, random: () => 0.5, start: (id, r) => calls.push(`${id}:${r}`) });
    s.sync([]);
    s.sync([{ id: 'first', checkAtStartup: true, checkIntervalMinutes: 10 }]);
    s.sync([
      { id: 'first', checkAtStartup: true, checkIntervalMinutes: 10 },
      { id: 'second', checkAtStartup: true, checkIntervalMinutes: 10 },
    ]);
    expect(calls).toEqual(['first:startup']);
  });

  it('jitters each interval by at most ±10 %', () => {
    const { clock } = manualClock();
    const low = createScheduler({ clock, random: () => 0, start: () => {} });
    low.sync([{ id: 'a', checkAtStartup: false, checkIntervalMinutes: 10 }]);
    expect(low.nextAt('a')).toBe(9 * MIN);
    const high = createScheduler({ clock, random: () => 0.999999, start: () => {} });
    high.sync([{ id: 'a', checkAtStartup: false, checkIntervalMinutes: 10 }]);
    expect(high.nextAt('a')).toBe(Math.round(10 * MIN * (0.9 + 0.2 * 0.999999)));
  });

  it('retries 5 minutes after ELOCKED or ETEMPORARY, and counts the interval from the end of a fetch otherwise', () => {
    const { clock, advance } = manualClock();
    const calls: number[] = [];
    const s = createScheduler({ clock, random: () => 0.5, start: () => calls.push(clock.now() / MIN) });
    s.sync([{ id: 'a', checkAtStartup: false, checkIntervalMinutes: 30 }]);
    advance(2 * MIN);
    expect(s.fetchEnded('a', { code: 'ELOCKED', message: 'in use', retryable: true })).toBe(2 * MIN + RETRY_AFTER_MS);
    advance(5 * MIN);
    expect(calls).toEqual([7]);
    s.fetchEnded('a', null);
    expect(s.nextAt('a')).toBe(37 * MIN);
    s.fetchEnded('a', { code: 'EAUTH', message: 'no', retryable: false });
    expect(s.nextAt('a')).toBe(37 * MIN);
  });

  it('login_delay_respected: never checks sooner than the server\'s LOGIN-DELAY, neither by the interval nor by a retry', () => {
    const { clock, advance } = manualClock();
    const calls: number[] = [];
    const s = createScheduler({ clock, random: () => 0.5, start: () => calls.push(clock.now() / MIN) });
    s.sync([{ id: 'a', checkAtStartup: false, checkIntervalMinutes: 5 }]);
    advance(5 * MIN);
    expect(calls).toEqual([5]);
    // The check found LOGIN-DELAY 900 (15 minutes): the next one is 15 minutes on, not 5.
    s.fetchEnded('a', null, 900);
    expect(s.nextAt('a')).toBe(20 * MIN);
    advance(15 * MIN);
    expect(calls).toEqual([5, 20]);
    // A locked mailbox is retried after 5 minutes, but not sooner than the login delay (kept as last known).
    expect(s.fetchEnded('a', { code: 'ELOCKED', message: 'in use', retryable: true })).toBe(35 * MIN);
    // A server that no longer announces one: back to the account's interval.
    s.fetchEnded('a', null, null);
    expect(s.nextAt('a')).toBe(25 * MIN);
  });

  it('interval 0 means never automatically; removing an account or disposing clears its timers', () => {
    const { clock, advance, pending } = manualClock();
    const calls: string[] = [];
    const s = createScheduler({ clock, random: () => 0.5, start: (id) => calls.push(id) });
    s.sync([
      { id: 'never', checkAtStartup: false, checkIntervalMinutes: 0 },
      { id: 'gone', checkAtStartup: false, checkIntervalMinutes: 1 },
    ]);
    expect(s.nextAt('never')).toBeNull();
    expect(pending()).toBe(1);
    s.sync([{ id: 'never', checkAtStartup: false, checkIntervalMinutes: 0 }]);
    expect(pending()).toBe(0);
    advance(60 * MIN);
    expect(calls).toEqual([]);
    s.sync([{ id: 'x', checkAtStartup: false, checkIntervalMinutes: 5 }]);
    s.dispose();
    expect(pending()).toBe(0);
  });
});
