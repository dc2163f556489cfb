import { describe, expect, it } from 'vitest';
import type { BackupRecord, BackupScheduleView } from '../../../shared/model/own-mail';
import { BackupScheduler, DEFAULT_SCHEDULE_STATE, HOUR, nextDueAt, RETRY_WHEN_BUSY, type Clock, type ScheduleState } from './schedule';

const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 11, 8, 9, 0, 0);

/** A clock a test moves: timers fire in order as time passes; `sleep` moves time without firing any (a computer asleep). */
function fakeClock(): Clock & { advance(ms: number): Promise<void>; sleep(ms: number): void } {
  let now = T0;
  let timers: Array<{ at: number; fire: () => void }> = [];
  return {
    now: () => now,
    setTimer(fire, ms) {
      const timer = { at: now + ms, fire };
      timers.push(timer);
      return () => (timers = timers.filter((t) => t !== timer));
    },
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        const next = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        timers = timers.filter((t) => t !== next);
        now = next.at;
        next.fire();
        await new Promise((r) => setImmediate(r));
      }
      now = end;
    },
    sleep(ms) {
      now += ms;
    },
  };
}

function rig(initial: ScheduleState = DEFAULT_SCHEDULE_STATE, outcome: (at: number) => Promise<BackupRecord | 'busy'> = async (at) => ({ at, ok: true, folder: `/b/${at}`, messages: 3, error: null })) {
  const clock = fakeClock();
  let saved = initial;
  const runs: number[] = [];
  const views: BackupScheduleView[] = [];
  const scheduler = new BackupScheduler({
    clock,
    load: async () => saved,
    save: async (s) => {
      saved = s;
    },
    run: async (_schedule, at) => {
      runs.push(at);
      return outcome(at);
    },
    onChange: (v) => views.push(v),
  });
  return { clock, scheduler, runs, views, saved: () => saved };
}

const daily: ScheduleState = { schedule: { frequency: 'daily', keep: 3, folder: '/backups' }, lastSuccessAt: null, last: null };

describe('scheduled backups: when they run', () => {
  it('off, or without a folder, nothing is due and nothing runs', async () => {
    expect(nextDueAt(DEFAULT_SCHEDULE_STATE)).toBeNull();
    expect(nextDueAt({ ...daily, schedule: { ...daily.schedule, folder: null } })).toBeNull();
    const { clock, scheduler, runs } = rig();
    await scheduler.start();
    await clock.advance(30 * DAY);
    expect(runs).toEqual([]);
    expect((await scheduler.view()).nextAt).toBeNull();
  });

  it('overdue at start, a backup runs at once; the next is due a day after it, not before, and runs on the timer', async () => {
    const { clock, scheduler, runs, saved } = rig({ ...daily, lastSuccessAt: T0 - 3 * DAY, last: { at: T0 - 3 * DAY, ok: true, folder: '/b/old', messages: 1, error: null } });
    await scheduler.start();
    await scheduler.idle();
    expect(runs).toEqual([T0]);
    expect(saved()).toMatchObject({ lastSuccessAt: T0, last: { at: T0, ok: true, folder: `/b/${T0}`, messages: 3, error: null } });
    expect((await scheduler.view()).nextAt).toBe(T0 + DAY);
    await clock.advance(DAY - 1);
    expect(runs).toEqual([T0]);
    await clock.advance(1);
    await scheduler.idle();
    expect(runs).toEqual([T0, T0 + DAY]);
  });

  it('weekly: due seven days after the last one', () => {
    expect(nextDueAt({ ...daily, schedule: { ...daily.schedule, frequency: 'weekly' }, lastSuccessAt: T0 })).toBe(T0 + 7 * DAY);
  });

  it('after the computer slept past the due time, waking runs one backup (not one per day missed)', async () => {
    const { clock, scheduler, runs } = rig({ ...daily, lastSuccessAt: T0 - HOUR });
    await scheduler.start();
    expect(runs).toEqual([]);
    clock.sleep(3 * DAY);
    scheduler.wake();
    scheduler.wake();
    await new Promise((r) => setImmediate(r));
    await scheduler.idle();
    expect(runs).toEqual([T0 + 3 * DAY]);
  });

  it('never two at once: waking, changing the schedule and the timer while one runs start no second', async () => {
    let finish: () => void = () => undefined;
    const { clock, scheduler, runs, views } = rig(daily, (at) => new Promise((resolve) => (finish = () => resolve({ at, ok: true, folder: '/b/x', messages: 0, error: null }))));
    await scheduler.start();
    expect(runs).toEqual([T0]);
    expect(views.at(-1)?.running).toBe(true);
    scheduler.wake();
    await scheduler.setSchedule({ keep: 2 });
    await clock.advance(2 * HOUR);
    expect(runs).toEqual([T0]);
    finish();
    await scheduler.idle();
    expect(views.at(-1)).toMatchObject({ running: false, keep: 2, last: { ok: true } });
  });

  it('a failed backup is shown with its words and tried again an hour later, not before', async () => {
    let fail = true;
    const { clock, scheduler, runs, views } = rig(daily, async (at) =>
      fail ? { at, ok: false, folder: null, messages: 0, error: { code: 'ENOTFOUND', message: 'The backup folder is gone: /backups.' } } : { at, ok: true, folder: '/b/y', messages: 2, error: null },
    );
    await scheduler.start();
    await scheduler.idle();
    expect(views.at(-1)).toMatchObject({ running: false, last: { ok: false, error: { message: 'The backup folder is gone: /backups.' } }, nextAt: T0 + HOUR });
    fail = false;
    await clock.advance(HOUR - 1);
    expect(runs).toEqual([T0]);
    await clock.advance(1);
    await scheduler.idle();
    expect(runs).toEqual([T0, T0 + HOUR]);
    expect(views.at(-1)).toMatchObject({ last: { ok: true, folder: '/b/y' }, nextAt: T0 + HOUR + DAY });
  });

  it('when Heron is busy (an import running), it is looked at again a few minutes later and no failure is recorded', async () => {
    let busy = true;
    const { clock, scheduler, runs, saved } = rig(daily, async (at) => (busy ? 'busy' : { at, ok: true, folder: '/b/z', messages: 1, error: null }));
    await scheduler.start();
    await scheduler.idle();
    expect(saved().last).toBeNull();
    busy = false;
    await clock.advance(RETRY_WHEN_BUSY - 1);
    expect(runs).toEqual([T0]);
    await clock.advance(1);
    await scheduler.idle();
    expect(runs).toEqual([T0, T0 + RETRY_WHEN_BUSY]);
    expect(saved().last).toMatchObject({ ok: true });
  });

  it('turning the schedule on with a folder runs the first backup at once', async () => {
    const { scheduler, runs } = rig();
    await scheduler.start();
    await scheduler.setSchedule({ folder: '/backups' });
    expect(runs).toEqual([]);
    await scheduler.setSchedule({ frequency: 'daily' });
    await scheduler.idle();
    expect(runs).toEqual([T0]);
  });
});
