import { loginDelayWarning, refusalHint, refusalOf } from '../../../../shared/model/provider-limits';
import type { AccountRow } from '../../data/rows';
import { describeError, isConnectionError } from '../../ui/errors';
import { ConnectionLogButton } from '../accounts/ConnectionLogDialog';
import { SignInAgain } from '../accounts/SignInAgain';
import { useAccountFetchStatus } from './fetch-status';
import { getMail } from './runtime';

function minutesUntil(at: number): string {
  const m = Math.max(1, Math.round((at - Date.now()) / 60_000));
  return `${m} minute${m === 1 ? '' : 's'}`;
}

/** One account's last fetch, when it needs words of its own: a failure, or mail too large to download. */
export function AccountFetchStatus({ account }: { account: AccountRow }) {
  const status = useAccountFetchStatus(account.id);

  // While it runs, the list header's status area shows how far it got (FetchArea.tsx).
  if (status.fetchId !== null) return null;
  if (!status.lastError || status.lastError.code === 'EABORTED') {
    const delay = loginDelayWarning(account.incoming.host, account.checkIntervalMinutes, status.loginDelaySeconds);
    if (delay) {
      return (
        <div className="fetch-status" role="status" data-account={account.id} data-code="LOGIN-DELAY">
          {delay}
        </div>
      );
    }
    if (status.refusedTooBig === 0) return null;
    const n = status.refusedTooBig;
    return (
      <div className="fetch-status" role="status" data-account={account.id}>
        {n} {n === 1 ? 'message is' : 'messages are'} too large for Heron to download and {n === 1 ? 'stays' : 'stay'} on the server for{' '}
        {account.identity.address}. Read {n === 1 ? 'it' : 'them'} with your provider’s webmail, or set a headers-only limit in the account settings.
      </div>
    );
  }
  const words = describeError(status.lastError);
  // A limit the provider puts on sessions is said as such, never as a password problem.
  const refusal = refusalOf(status.lastError);
  const retry = status.retryAt !== null ? ` — retrying in ${minutesUntil(status.retryAt)}` : '';
  // The provider ended the sign-in (or its server refused a renewed token): signing in again is what helps.
  const signIn = status.lastError.code === 'ESIGNIN' || (status.lastError.code === 'EAUTH' && account.incoming.auth === 'xoauth2');
  return (
    <div className="fetch-status fetch-error" role="alert" data-account={account.id} data-code={status.lastError.code}>
      <p className="fetch-error-title">
        {words.title} ({account.identity.address}){retry}
      </p>
      <p className="fetch-error-message">{words.message}</p>
      <p className="fetch-error-hint">{refusal ? refusalHint(refusal) : words.hint}</p>
      <div className="button-row">
        {signIn ? <SignInAgain account={account} onSignedIn={() => getMail([account.id])} /> : null}
        {status.lastError.code === 'ESIGNIN' ? null : (
          <button type="button" className="button" onClick={() => getMail([account.id])}>
            Try again
          </button>
        )}
        {isConnectionError(status.lastError.code) ? <ConnectionLogButton accountId={account.id} address={account.identity.address} side="incoming" /> : null}
      </div>
    </div>
  );
}
