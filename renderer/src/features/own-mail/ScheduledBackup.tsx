/**
 * Settings › Your mail › Back up automatically (issue 20): off, daily or weekly, keeping the last
 * N, into a folder picked in main's dialog. Main keeps the schedule and runs it in the background
 * (electron/main/own/schedule.ts); this shows it, and the last backup's time and result.
 */
import { useEffect, useId, useState } from 'react';
import type { BackupFrequency, BackupScheduleView } from '../../../../shared/model/own-mail';
import { getBridge } from '../../bridge/bridge';
import { describeError } from '../../ui/errors';

const when = (at: number) => new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A backup folder's own name (the folder it is in is shown above). */
const nameOf = (folder: string) => folder.split(/[\\/]/).pop() ?? folder;

/** When the next one runs, when one is scheduled and the last did not fail (a failure says it). */
export function describeNextBackup(view: BackupScheduleView, now: number): string | null {
  if (view.nextAt === null || view.running || (view.last !== null && !view.last.ok)) return null;
  return view.nextAt <= now ? 'Next backup: now.' : `Next backup: ${when(view.nextAt)}.`;
}

/** The last scheduled backup, in a sentence. */
export function describeLastBackup(view: BackupScheduleView, now: number): string {
  const last = view.last;
  if (view.running) return 'Backing up now…';
  if (last === null) return view.frequency === 'off' ? 'No automatic backup yet.' : view.folder === null ? 'Choose a folder to start.' : 'The first backup runs shortly.';
  if (last.ok) return `Last backup: ${when(last.at)} — ${last.messages === 1 ? '1 message' : `${last.messages} messages`}, complete and verified, in “${nameOf(last.folder ?? '')}”.`;
  const retry = view.nextAt !== null && view.nextAt > now ? ` Heron tries again at ${when(view.nextAt)}.` : '';
  return `Last backup failed: ${when(last.at)} — ${last.error?.message ?? 'unknown error'}${retry}`;
}

export function ScheduledBackup() {
  const id = useId();
  const bridge = getBridge();
  const [view, setView] = useState<BackupScheduleView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [keep, setKeep] = useState('');

  useEffect(() => {
    let live = true;
    void bridge.call('backupSchedule').then((r) => {
      if (!live) return;
      if (r.ok) setView(r.value);
      else setError(describeError(r.error).message);
    });
    const off = bridge.subscribe('backupScheduleChanged', (v) => setView(v));
    return () => {
      live = false;
      off();
    };
  }, [bridge]);
  useEffect(() => {
    if (view) setKeep(String(view.keep));
  }, [view?.keep]); // eslint-disable-line react-hooks/exhaustive-deps

  const answer = async (call: Promise<{ ok: true; value: BackupScheduleView } | { ok: false; error: Parameters<typeof describeError>[0] }>) => {
    const r = await call;
    if (r.ok) {
      setView(r.value);
      setError(null);
    } else setError(describeError(r.error).message);
  };
  const save = (frequency: BackupFrequency, keepText: string) => {
    const n = Number(keepText);
    if (!Number.isInteger(n) || n < 1 || n > 100) {
      setError('Keep between 1 and 100 backups.');
      return;
    }
    void answer(bridge.call('setBackupSchedule', { frequency, keep: n }));
  };

  if (view === null) return error ? <p role="alert">{error}</p> : null;
  const failed = view.last !== null && !view.last.ok && !view.running;
  return (
    <fieldset className="field-group scheduled-backup" data-testid="scheduled-backup">
      <legend>Back up automatically</legend>
      <div className="form-row">
        <div className="form-field">
          <label htmlFor={`${id}-frequency`}>Back up</label>
          <select id={`${id}-frequency`} value={view.frequency} onChange={(e) => save(e.target.value as BackupFrequency, keep)}>
            <option value="off">Off</option>
            <option value="daily">Every day</option>
            <option value="weekly">Every week</option>
          </select>
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-keep`}>Keep the last</label>
          <span className="keep-row">
            <input id={`${id}-keep`} type="number" min={1} max={100} value={keep} onChange={(e) => setKeep(e.target.value)} onBlur={() => keep !== String(view.keep) && save(view.frequency, keep)} />
            <span>backups</span>
          </span>
        </div>
      </div>
      <p>
        To: <span data-testid="scheduled-backup-folder">{view.folder ?? 'no folder chosen'}</span>{' '}
        <button type="button" className="button" onClick={() => void answer(bridge.call('chooseBackupFolder'))}>
          {view.folder === null ? 'Choose folder…' : 'Change folder…'}
        </button>
      </p>
      <p role="status" aria-live="polite" className={failed ? 'scheduled-backup-failed' : 'muted'} data-testid="scheduled-backup-last">
        {describeLastBackup(view, Date.now())}
      </p>
      {describeNextBackup(view, Date.now()) ? <p className="muted" data-testid="scheduled-backup-next">{describeNextBackup(view, Date.now())}</p> : null}
      {error ? <p role="alert">{error}</p> : null}
      <p className="muted">
        Each backup is written under a temporary name and checked before it counts; only then are the oldest beyond the number kept deleted. Backups you
        make yourself in the same folder are never deleted.
      </p>
    </fieldset>
  );
}
