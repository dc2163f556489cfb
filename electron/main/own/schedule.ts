/**
 * When scheduled backups run (issue 20): "Back up automatically: off / daily / weekly, keep the
 * last N, to <folder>". Plain logic over an injected clock and injected work, so a test can move
 * time: due at start when overdue, on a timer, and when the computer wakes (the shell calls
 * `wake`, since a timer does not count the time asleep). Never two at once; a backup that failed
 * is tried again an hour later, one that found Heron busy (an import running) a few minutes later.
 */
import type { BackupFrequency, BackupRecord, BackupScheduleView } from '../../../shared/model/own-mail';

export interface BackupSchedule {
  readonly frequency: BackupFrequency;
  /** How many scheduled backups are kept; the oldest beyond go once a new one is verified. */
  readonly keep: number;
  /** The folder picked in main's dialog; null until one is. */
  readonly folder: string | null;
}

/** What is kept between runs of Heron (scheduled-backup.ts keeps it in a file). */
export interface ScheduleState {
  readonly schedule: BackupSchedule;
  /** When the last backup that was written and verified started. */
  readonly lastSuccessAt: number | null;
  readonly last: BackupRecord | null;
}

export const DEFAULT_SCHEDULE_STATE: ScheduleState = { schedule: { frequency: 'off', keep: 5, folder: null }, lastSuccessAt: null, last: null };

export const HOUR = 60 * 60 * 1000;
const INTERVAL: Record<Exclude<BackupFrequency, 'off'>, number> = { daily: 24 * HOUR, weekly: 7 * 24 * HOUR };
/** After a failure (the folder gone, the disk full). */
export const RETRY_AFTER_FAILURE = HOUR;
/** Heron busy with another job, or its window not yet open. */
export const RETRY_WHEN_BUSY = 5 * 60 * 1000;
/** The longest a timer is trusted for: one that spans a sleep fires late. */
const LONGEST_WAIT = HOUR;

/** When the next backup is due (epoch ms); null when none is scheduled. */
export function nextDueAt(state: ScheduleState): number | null {
  const { frequency, folder } = state.schedule;
  if (frequency === 'off' || folder === null) return null;
  const due = state.lastSuccessAt === null ? 0 : state.lastSuccessAt + INTERVAL[frequency];
  return state.last !== null && !state.last.ok ? Math.max(due, state.last.at + RETRY_AFTER_FAILURE) : due;
}

export interface Clock {
  now(): number;
  /** Calls `fire` after `ms`; the answer cancels it. */
  setTimer(fire: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fire, ms) {
    const timer = setTimeout(fire, ms);
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

export interface SchedulerDeps {
  readonly clock: Clock;
  readonly load: () => Promise<ScheduleState>;
  readonly save: (state: ScheduleState) => Promise<void>;
  /** Writes, verifies and rotates one backup; 'busy' when it cannot start now (another job, no window). */
  readonly run: (schedule: BackupSchedule & { readonly folder: string }, at: number) => Promise<BackupRecord | 'busy'>;
  readonly onChange?: (view: BackupScheduleView) => void;
}

export class BackupScheduler {
  private state: ScheduleState = DEFAULT_SCHEDULE_STATE;
  private loaded: Promise<void> | null = null;
  private running: Promise<void> | null = null;
  private cancelTimer: (() => void) | null = null;
  private stopped = false;
  /** Not before this (Heron was busy). */
  private busyUntil = 0;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Reads what was kept and runs a backup at once if one is overdue. */
  async start(): Promise<void> {
    await this.ready();
    this.check();
  }

  /** The computer woke, or something else may have made a backup due: look again. */
  wake(): void {
    void this.ready().then(() => this.check());
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  async view(): Promise<BackupScheduleView> {
    await this.ready();
    return this.viewNow();
  }

  async setSchedule(change: Partial<BackupSchedule>): Promise<BackupScheduleView> {
    await this.ready();
    this.state = { ...this.state, schedule: { ...this.state.schedule, ...change } };
    await this.deps.save(this.state);
    this.check();
    this.changed();
    return this.viewNow();
  }

  /** Resolves when the backup running now (if any) has ended. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private ready(): Promise<void> {
    this.loaded ??= this.deps.load().then((state) => {
      this.state = state;
    });
    return this.loaded;
  }

  private check(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    if (this.stopped || this.running) return;
    const due = nextDueAt(this.state);
    if (due === null) return;
    const wait = Math.max(due, this.busyUntil) - this.deps.clock.now();
    if (wait > 0) this.arm(Math.min(wait, LONGEST_WAIT));
    else this.running = this.runOnce().finally(() => {
      this.running = null;
      this.check();
      this.changed();
    });
  }

  private arm(ms: number): void {
    this.cancelTimer = this.deps.clock.setTimer(() => this.check(), ms);
  }

  private async runOnce(): Promise<void> {
    const { schedule } = this.state;
    if (schedule.folder === null) return;
    const at = this.deps.clock.now();
    this.changed(true);
    let record: BackupRecord | 'busy';
    try {
      record = await this.deps.run({ ...schedule, folder: schedule.folder }, at);
    } catch (error) {
      record = { at, ok: false, folder: null, messages: 0, error: { code: 'ESTORAGE', message: error instanceof Error ? error.message : String(error) } };
    }
    if (record === 'busy') {
      // Looked at again soon, without counting as a failure.
      this.busyUntil = at + RETRY_WHEN_BUSY;
      return;
    }
    this.state = { ...this.state, last: record, lastSuccessAt: record.ok ? record.at : this.state.lastSuccessAt };
    await this.deps.save(this.state);
  }

  private viewNow(running = this.running !== null): BackupScheduleView {
    return { ...this.state.schedule, nextAt: nextDueAt(this.state), running, last: this.state.last };
  }

  private changed(running?: boolean): void {
    this.deps.onChange?.(this.viewNow(running));
  }
}
