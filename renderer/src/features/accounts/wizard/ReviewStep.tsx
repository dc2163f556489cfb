import type { Dispatch } from 'react';
import { alsoCovered } from '../certificate-question';
import { CertificatePrompt } from '../CertificatePrompt';
import { ConnectionTestResult } from '../ConnectionTestResult';
import { ExternalLink } from '../ExternalLink';
import { Field } from '../Field';
import { RetentionFields } from '../RetentionFields';
import { ServerFields } from '../ServerFields';
import { DiscoveryChecklist, SOURCE_WORDS } from './DiscoveryChecklist';
import { StorageChoiceField } from './StorageChoiceField';
import { SignInPanel } from '../SignInPanel';
import type { SignInFlow } from '../use-sign-in';
import { isSignedIn, testsPassed, type WizardAction, type WizardState } from './wizard-state';

export interface ReviewStepProps {
  readonly state: WizardState;
  readonly dispatch: Dispatch<WizardAction>;
  readonly onTest: () => void;
  readonly onFinish: () => void;
  readonly signIn: SignInFlow;
  readonly onSignIn: () => void;
}

/** The settings found (and where from), editable, with the keep/delete choice and the connection test. */
export function ReviewStep({ state, dispatch, onTest, onFinish, signIn, onSignIn }: ReviewStepProps) {
  const { discovery } = state;
  const waiting = signIn.view.status === 'waiting';
  const busy = state.step === 'saving' || state.tests.incoming.status === 'running' || state.tests.outgoing.status === 'running' || waiting;
  // A server that takes its provider's sign-in: the panel stands where the password would.
  const provider = state.incoming.auth === 'xoauth2' ? state.signInProvider : null;
  const signInView = signIn.view.status === 'signed-in' && !isSignedIn(state) ? { status: 'signed-out' as const } : signIn.view;
  const passed = testsPassed(state);
  const log = { accountId: state.accountId, address: state.email.trim() };
  return (
    <form
      className="wizard-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onFinish();
      }}
    >
      {state.discoveryError ? <p className="page-notice">Heron could not look up the settings: {state.discoveryError}</p> : null}
      {state.manual ? (
        <p className="page-notice" data-testid="manual-notice">
          {discovery && (discovery.incoming || discovery.outgoing)
            ? 'Heron found only part of the settings. Fill in the rest from your provider’s help pages.'
            : discovery
              ? 'Heron could not find settings for this address. Enter them from your provider’s help pages.'
              : 'Enter your servers’ settings from your provider’s help pages.'}
        </p>
      ) : null}
      {discovery ? (
        <div className="discovery-summary" data-testid="discovery-summary">
          {discovery.provider ? <p>Provider: {discovery.provider}</p> : null}
          <ul className="page-list">
            {discovery.incomingSource ? <li>Incoming server found through {SOURCE_WORDS[discovery.incomingSource]}.</li> : null}
            {discovery.outgoingSource ? <li>Outgoing server found through {SOURCE_WORDS[discovery.outgoingSource]}.</li> : null}
            {discovery.insecureOptions.map((o) => (
              <li key={`${o.side}${o.host}${o.port}`}>
                {o.host}:{o.port} also answered, but only without encryption, so Heron did not choose it.
              </li>
            ))}
          </ul>
          {discovery.hints.length > 0 ? (
            <div className="provider-hints" data-testid="provider-hints">
              <h3>Before you continue</h3>
              <ul className="page-list">
                {discovery.hints.map((hint) => (
                  <li key={hint}>{hint}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {discovery.docsUrl ? (
            <p data-testid="provider-docs">
              Your provider’s instructions: <ExternalLink url={discovery.docsUrl} />
            </p>
          ) : null}
          <details>
            <summary>What Heron checked</summary>
            <DiscoveryChecklist items={state.progress} />
          </details>
        </div>
      ) : null}

      {provider ? (
        <SignInPanel
          provider={provider}
          view={signInView}
          address={state.email.trim()}
          onSignIn={onSignIn}
          onReopen={signIn.reopen}
          onCancel={signIn.cancel}
          onUsePassword={() => dispatch({ type: 'usePassword' })}
          error={state.errors['sign-in']}
        />
      ) : null}
      <ServerFields side="incoming" draft={state.incoming} errors={state.errors} onEdit={(field, value) => dispatch({ type: 'editServer', side: 'incoming', field, value })} />
      {provider ? null : (
        <Field
          field="password"
          label={state.incoming.auth === 'xoauth2' ? 'Access token' : 'Password'}
          type="password"
          value={state.password}
          onValue={(value) => dispatch({ type: 'edit', field: 'password', value })}
          error={state.errors.password}
          autoComplete="current-password"
        />
      )}
      <ServerFields side="outgoing" draft={state.outgoing} errors={state.errors} onEdit={(field, value) => dispatch({ type: 'editServer', side: 'outgoing', field, value })} />
      {state.outgoing.auth !== 'none' && !(provider?.ready ?? false) ? (
        <>
          <label className="checkbox">
            <input type="checkbox" checked={state.sameCredentials} onChange={(e) => dispatch({ type: 'sameCredentials', value: e.target.checked })} />
            Use the same password for outgoing mail
          </label>
          {!state.sameCredentials ? (
            <Field
              field="outgoing.password"
              label="Outgoing server password"
              type="password"
              value={state.outgoingPassword}
              onValue={(value) => dispatch({ type: 'edit', field: 'outgoingPassword', value })}
              error={state.errors['outgoing.password']}
              autoComplete="off"
            />
          ) : null}
        </>
      ) : null}

      <RetentionFields draft={state.retention} errors={state.errors} onChange={(patch) => dispatch({ type: 'retention', patch })} />
      <StorageChoiceField status={state.storage} choice={state.storageChoice} onChoose={(choice) => dispatch({ type: 'storageChoice', choice })} />

      <section className="connection-tests" aria-labelledby="tests-title">
        <h2 id="tests-title">Connection test</h2>
        <div aria-live="polite">
          <ConnectionTestResult title="Incoming server" test={state.tests.incoming} log={log} />
          <ConnectionTestResult title="Outgoing server" test={state.tests.outgoing} log={log} />
        </div>
        {state.certificates[0] ? (
          <CertificatePrompt
            question={state.certificates[0]}
            alsoCovers={alsoCovered(state.certificates[0], state)}
            place="wizard"
            onTrust={() => dispatch({ type: 'trustCertificate' })}
            onDismiss={() => dispatch({ type: 'dismissCertificate' })}
          />
        ) : null}
      </section>

      {state.saveError ? (
        <p className="field-error" role="alert" data-testid="save-error">
          {state.saveError}
        </p>
      ) : null}
      <div className="button-row">
        <button type="button" className="button" onClick={onTest} disabled={busy}>
          Test connection
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {state.step === 'saving' ? 'Saving…' : passed ? 'Save account' : 'Test and save account'}
        </button>
        <button type="button" className="button button-quiet" onClick={() => dispatch({ type: 'back' })} disabled={busy}>
          Back
        </button>
      </div>
    </form>
  );
}
