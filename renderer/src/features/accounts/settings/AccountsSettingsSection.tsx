import { useState } from 'react';
import { useAccounts } from '../../../data/hooks';
import { useUi } from '../../../state/ui-store';
import { AccountSettings } from './AccountSettings';

/** The accounts part of Settings: pick an account, edit it; or add another. */
export function AccountsSettingsSection() {
  const accounts = useAccounts();
  const navigate = useUi((s) => s.navigate);
  // Another account is another form: unsaved changes are asked about first (AccountSettings' guard).
  const leave = useUi((s) => s.leave);
  const [chosen, setChosen] = useState<string | null>(null);
  if (accounts === undefined) return null;
  const current = accounts.find((a) => a.id === chosen) ?? accounts[0];
  return (
    <section aria-labelledby="accounts-settings-title" className="accounts-settings">
      <h2 id="accounts-settings-title">Accounts</h2>
      {accounts.length === 0 ? <p>No accounts yet.</p> : null}
      {accounts.length > 1 ? (
        <div className="form-field">
          <label htmlFor="settings-account">Account</label>
          <select id="settings-account" value={current?.id ?? ''} onChange={(e) => {
              const id = e.target.value;
              leave(() => setChosen(id));
            }}>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.identity.address}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {current ? <AccountSettings key={current.id} account={current} onRemoved={() => setChosen(null)} /> : null}
      <button type="button" className="button" onClick={() => navigate({ name: 'accounts/add' })}>
        Add another account
      </button>
    </section>
  );
}
