import { useState } from 'react';
import { useAccounts } from '../../../data/hooks';
import { useUi } from '../../../state/ui-store';
import { AccountSelect } from '../../own-mail/AccountSelect';
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
      <AccountSelect id="settings-account" label="Account" accounts={accounts} value={current?.id ?? ''} onChange={(id) => leave(() => setChosen(id))} />
      {current ? <AccountSettings key={current.id} account={current} onRemoved={() => setChosen(null)} /> : null}
      <button type="button" className="button" onClick={() => navigate({ name: 'accounts/add' })}>
        Add another account
      </button>
    </section>
  );
}
