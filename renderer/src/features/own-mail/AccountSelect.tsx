import type { AccountRow } from '../../data/rows';

/** Picks one of several accounts by address (shown only when there is more than one). */
export function AccountSelect({ id, label, accounts, value, onChange }: {
  readonly id: string;
  readonly label: string;
  readonly accounts: readonly AccountRow[];
  readonly value: string;
  readonly onChange: (accountId: string) => void;
}) {
  if (accounts.length < 2) return null;
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <AccountOptions accounts={accounts} />
      </select>
    </div>
  );
}

/** The accounts as a select's options, by address. */
export function AccountOptions({ accounts }: { readonly accounts: readonly AccountRow[] }) {
  return accounts.map((a) => (
    <option key={a.id} value={a.id}>
      {a.identity.address}
    </option>
  ));
}
