import { useState } from 'react';
import type { Account } from '../../../../shared/model/account';
import { describeError } from '../../ui/errors';
import { useSignIn } from './use-sign-in';

/**
 * "Sign in again" where a fetch, a send or a test failed because the provider's sign-in ended
 * (the failure above it already says why): the provider's page opens in the browser, and once the
 * person is signed in `onSignedIn` lets the interrupted work go on. Sits in a row of buttons.
 */
export function SignInAgain({ account, onSignedIn }: { readonly account: Account; readonly onSignedIn?: () => void }) {
  const flow = useSignIn(account.incoming.host, account.id);
  // Only this button's own attempt is reported here; why the sign-in ended is the failure's to say.
  const [tried, setTried] = useState(false);
  const name = flow.provider?.name ?? 'your provider';
  const start = async () => {
    setTried(true);
    const ok = await flow.start({ accountId: account.id, address: account.identity.address, incoming: account.incoming, outgoing: account.outgoing });
    if (ok) onSignedIn?.();
  };
  if (flow.view.status === 'waiting') {
    return (
      <>
        <span className="sign-in-waiting" role="status">
          <span className="spinner" aria-hidden="true" /> Finish signing in to {name} in your browser.
        </span>
        <button type="button" className="button" onClick={flow.reopen}>
          Open the sign-in page again
        </button>
        <button type="button" className="button button-quiet" onClick={flow.cancel}>
          Stop waiting
        </button>
      </>
    );
  }
  const failed = tried && flow.view.status === 'failed' ? describeError(flow.view.error) : null;
  return (
    <>
      {failed ? (
        <span className="field-error sign-in-again-error" role="alert">
          {failed.message}
        </span>
      ) : null}
      <button type="button" className="button button-primary" onClick={() => void start()} disabled={flow.provider !== null && !flow.provider.ready}>
        Sign in again
      </button>
    </>
  );
}
