import { getBridge } from '../../bridge/bridge';
import { useUi } from '../../state/ui-store';
import { showOwnMail } from '../own-mail/job-store';
import { OwnMailStatus, useOwnMailStart } from '../own-mail/OwnMailStatus';

/** First run: no accounts yet. One clear next step. */
export function EmptyState() {
  const navigate = useUi((s) => s.navigate);
  const { start, busy, error } = useOwnMailStart();
  return (
    <section className="empty-state" aria-labelledby="welcome-title">
      <svg className="empty-art" width="64" height="64" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <path d="M2 4h12v8H2zM2 4l6 5 6-5" fill="none" stroke="currentColor" strokeWidth="0.8" strokeLinejoin="round" />
      </svg>
      <h1 id="welcome-title">Welcome to Heron Mail</h1>
      <p>
        Heron downloads your mail from your provider’s POP3 server and keeps it on this computer, so you can read it
        offline. Add an account to get started.
      </p>
      <button type="button" className="button button-primary" onClick={() => navigate({ name: 'accounts/add' })}>
        Add account
      </button>
      <p>
        Moving from another computer? Restore a Heron backup: your mail, folders, accounts and settings come back, and nothing is downloaded again. Moving
        from Thunderbird? Heron sets up its POP3 accounts and brings their mail.
      </p>
      <div className="button-row">
        <button type="button" className="button" disabled={busy} onClick={() => void start(() => getBridge().call('restoreBackup'))}>
          Restore a backup…
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => {
            navigate({ name: 'settings' });
            showOwnMail();
          }}
        >
          Move from Thunderbird…
        </button>
      </div>
      <OwnMailStatus error={error} />
    </section>
  );
}
