import { useFetchStatus } from './fetch-status';
import { getMail } from './runtime';

/**
 * "Get mail" for the given accounts (all of them in a unified folder). Its label never changes,
 * so the toolbar keeps its layout; the list header's status area says what is happening.
 */
export function GetMailButton({ accountIds, label }: { accountIds: readonly string[]; label?: string }) {
  const busy = useFetchStatus((s) => accountIds.length > 0 && accountIds.every((id) => (s.byAccount[id]?.fetchId ?? null) !== null));
  return (
    <button type="button" className="button" disabled={busy || accountIds.length === 0} onClick={() => getMail(accountIds)}>
      {label ?? 'Get mail'}
    </button>
  );
}
