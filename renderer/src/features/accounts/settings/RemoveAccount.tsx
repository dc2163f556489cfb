import { useEffect, useRef, useState } from 'react';
import type { Account } from '../../../../../shared/model/account';
import { getBridge } from '../../../bridge/bridge';
import { removeStoredAccount, useMessageCount } from '../use-account-data';
import { FormError } from '../../../ui/FormError';

/** Removes the account's local mail and passwords after a confirmation that says exactly what goes. */
export function RemoveAccount({ account, onRemoved }: { readonly account: Account; readonly onRemoved: () => void }) {
  const count = useMessageCount(account.id);
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);

  const n = count ?? 0;
  const question = `Remove ${account.identity.address} and its ${n.toLocaleString('en-US')} ${n === 1 ? 'message' : 'messages'} from this computer? Nothing on the server is touched.`;

  const remove = async () => {
    try {
      await removeStoredAccount(account.id);
    } catch (e) {
      setError(`Heron could not remove the account: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const forgot = await getBridge().call('forgetAccountSecrets', { accountId: account.id });
    // Its connection log goes with it; a log left behind harms nothing, so a failure is not reported.
    await getBridge().call('clearConnectionLog', { accountId: account.id });
    if (!forgot.ok) setError(`The account was removed, but its stored password could not be deleted: ${forgot.error.message}`);
    else onRemoved();
  };

  return (
    <fieldset className="field-group danger-zone">
      <legend>Remove this account</legend>
      {!asking ? (
        <button type="button" className="button" onClick={() => setAsking(true)}>
          Remove account…
        </button>
      ) : (
        <div role="alertdialog" aria-labelledby={`remove-${account.id}`}>
          <p id={`remove-${account.id}`} data-testid="remove-question">
            {count === undefined ? 'Counting messages…' : question}
          </p>
          <div className="button-row">
            <button type="button" className="button" ref={confirmRef} disabled={count === undefined} onClick={() => void remove()}>
              Remove from this computer
            </button>
            <button type="button" className="button button-quiet" onClick={() => setAsking(false)}>
              Keep it
            </button>
          </div>
        </div>
      )}
      <FormError message={error} />
    </fieldset>
  );
}
