import type { SignInProviderInfo } from '../../../../shared/ipc/calls/sign-in';
import { describeError } from '../../ui/errors';
import type { SignInView } from './use-sign-in';

export interface SignInPanelProps {
  readonly provider: SignInProviderInfo;
  readonly view: SignInView;
  readonly address: string;
  readonly onSignIn: () => void;
  readonly onReopen: () => void;
  readonly onCancel: () => void;
  /** The wizard offers to log in with a password instead (an app password). */
  readonly onUsePassword?: () => void;
  /** Shown under the panel when the form needs the sign-in first ("Sign in with Google first"). */
  readonly error?: string | undefined;
}

/**
 * Signing in with the provider instead of a password: the provider's own page opens in the
 * browser, Heron waits for it, and says how it went — including a tab closed by mistake, a
 * sign-in that did not come back, and a provider's refusal in its words.
 */
export function SignInPanel({ provider, view, address, onSignIn, onReopen, onCancel, onUsePassword, error }: SignInPanelProps) {
  const name = provider.name;
  const usePassword = onUsePassword ? (
    <button type="button" className="button button-quiet" onClick={onUsePassword}>
      Use a password instead
    </button>
  ) : null;
  if (!provider.ready) {
    return (
      <div className="sign-in" data-testid="sign-in" data-state="unregistered">
        <h3>Sign in with {name}</h3>
        <p>
          Heron has no app registration for signing in to {name}. You (or your organization) can register one and enter it in Settings → Sign-in with
          Google and Microsoft; until then, log in with an app password.
        </p>
        <div className="button-row">{usePassword}</div>
      </div>
    );
  }
  const failed = view.status === 'failed' ? describeError(view.error, 'account-form') : null;
  // Ended, refused, timed out or cancelled: what helps is the provider's page once more.
  const again = failed !== null && view.status === 'failed' && ['ESIGNIN', 'ETIMEDOUT', 'EABORTED'].includes(view.error.code);
  return (
    <div className="sign-in" data-testid="sign-in" data-state={view.status}>
      <h3>Sign in with {name}</h3>
      {view.status === 'waiting' ? (
        <div role="status" aria-live="polite">
          <p className="sign-in-waiting">
            <span className="spinner" aria-hidden="true" /> Finish signing in to {name} in your browser; Heron waits until you are done there.
          </p>
          <p className="field-hint">Closed the tab, or it did not open?</p>
          <div className="button-row">
            <button type="button" className="button" onClick={onReopen}>
              Open the sign-in page again
            </button>
            <button type="button" className="button button-quiet" onClick={onCancel}>
              Stop waiting
            </button>
          </div>
        </div>
      ) : view.status === 'signed-in' ? (
        <>
          <p className="sign-in-done" role="status">
            ✓ Signed in with {name} as {address}.{' '}
            {view.persisted ? 'Heron keeps the sign-in encrypted on this computer.' : 'Heron keeps the sign-in until it quits.'}
          </p>
          <div className="button-row">
            <button type="button" className="button" onClick={onSignIn}>
              Sign in again
            </button>
          </div>
        </>
      ) : view.status === 'checking' ? (
        <p className="field-hint">Checking…</p>
      ) : (
        <>
          {failed ? (
            <div className="sign-in-failed" role="alert">
              <p className="field-error">{failed.message}</p>
              <p className="field-hint">{again ? `Choose “Sign in again” and finish on the ${name} page that opens in your browser.` : failed.hint}</p>
            </div>
          ) : (
            <p>
              {name} signs you in on its own page, in your browser: Heron never sees your {name} password, and keeps only the permission to read and send
              your mail.
            </p>
          )}
          <div className="button-row">
            <button type="button" className="button button-primary" data-field="sign-in" onClick={onSignIn} aria-describedby={error ? 'sign-in-error' : undefined}>
              {failed ? 'Sign in again' : `Sign in with ${name}`}
            </button>
            {usePassword}
          </div>
        </>
      )}
      {error && view.status !== 'signed-in' && view.status !== 'waiting' ? (
        <p className="field-error" id="sign-in-error" data-error-for="sign-in">
          {error}
        </p>
      ) : null}
    </div>
  );
}
