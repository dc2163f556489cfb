/**
 * Settings › Your mail (issue 20): import mail from other programs, export it, back it all up and
 * restore a backup. Main shows the file dialogs and does the work; this shows the choice, the
 * progress with Cancel, and how it ended.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { getBridge } from '../../bridge/bridge';
import { useAccounts } from '../../data/hooks';
import { describeOutcome } from './describe';
import { useOwnMailJob } from './job-store';
import { AccountSelect } from './AccountSelect';
import { OwnMailStatus, useOwnMailStart } from './OwnMailStatus';
import { ScheduledBackup } from './ScheduledBackup';
import { ThunderbirdMove } from './ThunderbirdMove';
import './own-mail.css';

type ExportWhat = 'all' | 'inbox' | 'sent' | 'trash';

export function OwnMailSection() {
  const id = useId();
  const accounts = useAccounts();
  const [accountId, setAccountId] = useState<string | null>(null);
  const [what, setWhat] = useState<ExportWhat>('all');
  const [format, setFormat] = useState<'mboxrd' | 'eml'>('mboxrd');
  const { start, busy, error } = useOwnMailStart();
  // Asked for from the File menu: brought into view, its heading focused for a screen reader.
  const showPending = useOwnMailJob((s) => s.showPending);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!showPending) return;
    useOwnMailJob.setState({ showPending: false });
    heading.current?.scrollIntoView({ block: 'start' });
    heading.current?.focus();
  }, [showPending]);
  const target = accounts?.find((a) => a.id === accountId) ?? accounts?.[0];
  const bridge = getBridge();
  const importFrom = (source: 'mbox' | 'eml-files' | 'eml-folder') => target && void start(() => bridge.call('importMail', { accountId: target.id, source }));
  const exportMail = () =>
    void start(() => bridge.call('exportMail', { scope: what === 'all' ? { kind: 'all' } : { kind: 'folder', accountId: null, folder: what }, format }));

  return (
    <section aria-labelledby={`${id}-title`} className="own-mail">
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        Your mail
      </h2>
      <p className="muted">Bring mail in from other programs, take it out, and keep a complete backup. Nothing here touches your servers.</p>
      <OwnMailStatus error={error} />

      <fieldset className="field-group">
        <legend>Import</legend>
        {accounts !== undefined && accounts.length === 0 ? <p>Add an account first: imported mail goes into one of your accounts.</p> : null}
        <AccountSelect id={`${id}-account`} label="Into account" accounts={accounts ?? []} value={target?.id ?? ''} onChange={setAccountId} />
        <div className="button-row">
          <button type="button" className="button" disabled={busy || !target} onClick={() => importFrom('mbox')}>
            Import mbox files…
          </button>
          <button type="button" className="button" disabled={busy || !target} onClick={() => importFrom('eml-files')}>
            Import .eml files…
          </button>
          <button type="button" className="button" disabled={busy || !target} onClick={() => importFrom('eml-folder')}>
            Import a folder of .eml files…
          </button>
        </div>
        <p className="muted">
          mbox files from Thunderbird, Apple Mail, Google Takeout and most mail programs. Messages already here are skipped. Sent and Trash go to those
          folders; other folders and Gmail labels go to the Inbox, each message keeping the name of the folder it came from.
        </p>
      </fieldset>

      <ThunderbirdMove busy={busy} />

      <fieldset className="field-group">
        <legend>Export</legend>
        <div className="form-field">
          <label htmlFor={`${id}-what`}>Messages</label>
          <select id={`${id}-what`} value={what} onChange={(e) => setWhat(e.target.value as ExportWhat)}>
            <option value="all">All mail</option>
            <option value="inbox">Inbox (every account)</option>
            <option value="sent">Sent (every account)</option>
            <option value="trash">Trash (every account)</option>
          </select>
        </div>
        <label className="radio">
          <input type="radio" name={`${id}-format`} checked={format === 'mboxrd'} onChange={() => setFormat('mboxrd')} />
          One mbox file (mboxrd: read by Thunderbird, Apple Mail and most mail programs)
        </label>
        <label className="radio">
          <input type="radio" name={`${id}-format`} checked={format === 'eml'} onChange={() => setFormat('eml')} />
          One .eml file per message, into a folder
        </label>
        <div className="button-row">
          <button type="button" className="button" disabled={busy} onClick={exportMail}>
            Export…
          </button>
        </div>
      </fieldset>

      <fieldset className="field-group">
        <legend>Backup</legend>
        <p className="muted">
          A backup holds every message exactly as it arrived, its folder, flags and tags, your accounts, signatures, settings, rules, the junk filter’s
          training, drafts and what each server already gave Heron — never your passwords. Restoring it into a new Heron gives everything back, and no message is downloaded again.
        </p>
        <div className="button-row">
          <button type="button" className="button" disabled={busy} onClick={() => void start(() => bridge.call('backupMail'))}>
            Back up everything…
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => void start(() => bridge.call('restoreBackup'))}>
            Restore a backup…
          </button>
        </div>
      </fieldset>

      <ScheduledBackup />

    </section>
  );
}

/** After a restore, at the top of Settings: what came back, and that the passwords are asked for here. */
export function RestoredNotice() {
  const last = useOwnMailJob((s) => s.last);
  if (last?.outcome?.kind !== 'restore') return null;
  return (
    <div className="restored-notice" data-testid="restored-notice">
      {describeOutcome(last.outcome).map((line, i) => (
        <p key={i}>{line}</p>
      ))}
    </div>
  );
}
