/** "What is on the server": how the provider limits POP sessions, as the last checks found it (shared/model/provider-limits.ts). */
import { loginDelayWarning, refusalOf, refusalWords } from '../../../../shared/model/provider-limits';
import type { AccountRow, PopStateRow } from '../../data/rows';

export function ProviderWarnings({ account, row }: { readonly account: AccountRow; readonly row: PopStateRow | null }) {
  const host = account.incoming.host;
  const delay = loginDelayWarning(host, account.checkIntervalMinutes, row?.loginDelaySeconds);
  const refusal = refusalOf(row?.lastError ?? null);
  if (!delay && !refusal) return null;
  return (
    <div className="server-provider" data-testid="server-provider">
      {refusal && row?.lastError ? (
        <p className="field-error" data-code={refusal}>
          At the last check: {refusalWords(refusal, host)} <span className="muted">({row.lastError.message})</span>
        </p>
      ) : null}
      {delay ? <p className="field-error">{delay}</p> : null}
    </div>
  );
}
