import { useId } from 'react';
import { getDb } from '../../data/db';
import { useAccounts, useSetting } from '../../data/hooks';
import { settingsRepo } from '../../data/settings-repo';

/** Settings that belong to no single account: new-mail notifications and the default account. */
export function GeneralSettings() {
  const id = useId();
  const notify = useSetting('notifyNewMail');
  const defaultId = useSetting('defaultAccountId');
  const accounts = useAccounts();
  const current = accounts?.find((a) => a.id === defaultId) ?? accounts?.[0];
  return (
    <>
      <fieldset className="field-group">
        <legend>Notifications</legend>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={notify ?? true}
            disabled={notify === undefined}
            onChange={(e) => void settingsRepo(getDb()).set('notifyNewMail', e.target.checked)}
            aria-describedby={`${id}-notify-hint`}
          />
          Show a notification when new mail arrives
        </label>
        <p className="field-hint" id={`${id}-notify-hint`}>
          The system shows it while Heron’s window is not in front.
        </p>
      </fieldset>
      {accounts && accounts.length > 1 && current ? (
        <fieldset className="field-group">
          <legend>Default account</legend>
          <div className="form-field">
            <label htmlFor={`${id}-default`}>Send new messages from</label>
            <select
              id={`${id}-default`}
              value={current.id}
              onChange={(e) => void settingsRepo(getDb()).set('defaultAccountId', e.target.value)}
              aria-describedby={`${id}-default-hint`}
            >
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.identity.name ? `${a.identity.name} <${a.identity.address}>` : a.identity.address}
                </option>
              ))}
            </select>
          </div>
          <p className="field-hint" id={`${id}-default-hint`}>
            This account comes first in the sidebar. A message written from an account’s own folders is still sent from that account.
          </p>
        </fieldset>
      ) : null}
    </>
  );
}
