import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { ConnectionReport } from '../../../../../shared/ipc/calls/connection';
import { getBridge } from '../../../bridge/bridge';
import { useUi } from '../../../state/ui-store';
import { describeError } from '../../../ui/errors';
import { focusFirstError } from '../focus-first-error';
import type { Side } from '../server-draft';
import { DiscoveryChecklist } from './DiscoveryChecklist';
import { IdentityStep } from './IdentityStep';
import { ReviewStep } from './ReviewStep';
import { addAccount } from '../use-account-data';
import { buildAccount, reviewSettings, type ReviewedSettings } from './review-checks';
import { initialWizardState, isSignedIn, signInKey, testsPassed, usesSignIn, wizardReducer, type WizardState } from './wizard-state';
import { useSignIn } from '../use-sign-in';
import '../accounts.css';

const TITLES = {
  identity: 'Add an account',
  discovering: 'Looking up your provider’s settings',
  review: 'Check your settings',
  saving: 'Check your settings',
} as const;

/** The account setup wizard: identity → discovery → review, test and save → the new account's inbox. */
export function WizardView() {
  const [state, dispatch] = useReducer(wizardReducer, undefined, initialWizardState);
  const stateRef = useRef<WizardState>(state);
  stateRef.current = state;
  const root = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const navigate = useUi((s) => s.navigate);
  const selectFolder = useUi((s) => s.selectFolder);

  // The tests of an account that was never saved leave no log behind, nor a sign-in.
  const savedRef = useRef(false);
  const signedInRef = useRef(false);
  const accountId = state.accountId;
  useEffect(
    () => () => {
      if (savedRef.current) return;
      void getBridge().call('clearConnectionLog', { accountId });
      if (signedInRef.current) void getBridge().call('forgetAccountSecrets', { accountId });
    },
    [accountId],
  );

  // The provider's sign-in (Google, Microsoft) when the incoming server takes one.
  const signIn = useSignIn(state.incoming.host, null, () => stateRef.current.storageChoice !== 'session');
  useEffect(() => dispatch({ type: 'signInProvider', provider: signIn.provider }), [signIn.provider]);
  const startSignIn = useCallback(async () => {
    const s = stateRef.current;
    if (s.storage?.backend === 'basic_text' && s.storageChoice === null) {
      dispatch({ type: 'invalid', errors: { 'sign-in': 'Choose below how Heron should remember your sign-in, then sign in.' } });
      return;
    }
    const r = reviewSettings({ ...s, signedInFor: signInKey(s) });
    if (!r.ok) {
      dispatch({ type: 'invalid', errors: r.errors });
      focusFirstError(root.current);
      return;
    }
    const email = s.email.trim();
    const servers = signInKey(s);
    signedInRef.current = true;
    const ok = await signIn.start({ accountId: s.accountId, address: email, incoming: r.settings.incoming, outgoing: r.settings.outgoing });
    dispatch({ type: 'signedIn', servers: ok ? servers : null });
  }, [signIn]);

  // Each step change moves focus to its heading, so a screen reader announces where the person is.
  const shownStep = state.step === 'saving' ? 'review' : state.step;
  useEffect(() => heading.current?.focus(), [shownStep]);

  // Discovery runs while the step is 'discovering'; its checklist fills from progress events.
  const email = state.email;
  useEffect(() => {
    if (state.step !== 'discovering') return;
    const bridge = getBridge();
    let live = true;
    const asked = email.trim();
    const unsubscribe = bridge.subscribe('discoveryProgress', (item) => {
      if (live && item.email.toLowerCase() === asked.toLowerCase()) dispatch({ type: 'progress', item });
    });
    void bridge.call('discoverSettings', { email: asked }).then((result) => {
      if (!live) return;
      dispatch(result.ok ? { type: 'discovered', discovery: result.value } : { type: 'discoveryFailed', error: result.error });
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, [state.step, email]);

  // How passwords will be kept decides whether the review screen must ask.
  useEffect(() => {
    if (state.step !== 'review' || state.storage !== null) return;
    let live = true;
    void getBridge()
      .call('secretStorageStatus')
      .then((r) => {
        if (live && r.ok) dispatch({ type: 'storage', status: r.value });
      });
    return () => {
      live = false;
    };
  }, [state.step, state.storage]);

  const runTests = useCallback(async (settings: ReviewedSettings): Promise<boolean> => {
    const s = stateRef.current;
    const bridge = getBridge();
    const one = async (side: Side, call: () => ReturnType<typeof bridge.call<'testIncoming'>>) => {
      dispatch({ type: 'testStart', side });
      const result = await call();
      const report: ConnectionReport = result.ok
        ? result.value
        : { side, host: settings[side].host, port: settings[side].port, steps: [{ kind: 'connect', ok: false, text: result.error.message }], error: result.error, certificate: null, messageCount: null, mailboxBytes: null, authMethods: [], sizeLimit: null };
      dispatch({ type: 'testDone', side, report });
      return report.error === null;
    };
    // Signed in, main tests with the account-to-be's sign-in; otherwise with the password typed here.
    const signedIn = usesSignIn(s);
    const incomingPassword = signedIn ? {} : { password: s.password };
    const outgoingPassword = settings.outgoing.auth === 'none' || signedIn ? undefined : (settings.outgoingPassword ?? s.password);
    const [inOk, outOk] = await Promise.all([
      one('incoming', () => bridge.call('testIncoming', { accountId: s.accountId, incoming: settings.incoming, ...incomingPassword })),
      one('outgoing', () => bridge.call('testOutgoing', { accountId: s.accountId, outgoing: settings.outgoing, ...(outgoingPassword === undefined ? {} : { password: outgoingPassword }) })),
    ]);
    if (!inOk || !outOk) focusFirstError(root.current);
    return inOk && outOk;
  }, []);

  const checked = useCallback((): ReviewedSettings | null => {
    const r = reviewSettings(stateRef.current);
    if (r.ok) return r.settings;
    dispatch({ type: 'invalid', errors: r.errors });
    focusFirstError(root.current);
    return null;
  }, []);

  const onTest = useCallback(() => {
    const settings = checked();
    if (settings) void runTests(settings);
  }, [checked, runTests]);

  const onFinish = useCallback(async () => {
    const settings = checked();
    if (!settings) return;
    const s = stateRef.current;
    if (s.storage?.backend === 'basic_text' && s.storageChoice === null) {
      dispatch({ type: 'saveFailed', message: 'Choose how Heron should remember your password (above), then save again.' });
      return;
    }
    if (!testsPassed(s) && !(await runTests(settings))) return;
    dispatch({ type: 'saveStart' });
    const latest = stateRef.current;
    const account = buildAccount(latest, settings, { id: latest.accountId, now: Date.now(), order: 0 });
    const saved = await addAccount(account, {
      // Signed in: main already holds the grant for these servers.
      incoming: usesSignIn(latest) && isSignedIn(latest) ? null : latest.password,
      outgoing: settings.outgoingPassword,
      persist: latest.storageChoice !== 'session',
    });
    if (!saved.ok) {
      const words = describeError(saved.error, 'account-form');
      dispatch({ type: 'saveFailed', message: `${words.message} ${words.hint}` });
      return;
    }
    savedRef.current = true;
    selectFolder({ accountId: saved.account.id, folder: 'inbox' });
  }, [checked, runTests, selectFolder]);

  return (
    <section className="page wizard" aria-labelledby="wizard-title" ref={root} data-step={shownStep}>
      <h1 id="wizard-title" ref={heading} tabIndex={-1}>
        {TITLES[state.step]}
      </h1>
      {state.step === 'identity' ? (
        <>
          <IdentityStep
            name={state.name}
            email={state.email}
            password={state.password}
            errors={state.errors}
            onEdit={(field, value) => dispatch({ type: 'edit', field, value })}
            onSubmit={() => {
              dispatch({ type: 'submitIdentity' });
              focusFirstError(root.current);
            }}
            onManual={() => {
              dispatch({ type: 'manual' });
              focusFirstError(root.current);
            }}
          />
          <button type="button" className="button button-quiet" onClick={() => navigate({ name: 'mail' })}>
            Cancel
          </button>
        </>
      ) : null}
      {state.step === 'discovering' ? (
        <div aria-live="polite" aria-busy="true">
          <p>Heron is asking where {state.email.trim()} gets its mail. This takes at most 15 seconds.</p>
          <DiscoveryChecklist items={state.progress} />
          <button type="button" className="button" onClick={() => dispatch({ type: 'manual' })}>
            Stop and enter settings myself
          </button>
        </div>
      ) : null}
      {state.step === 'review' || state.step === 'saving' ? (
        <ReviewStep state={state} dispatch={dispatch} onTest={onTest} onFinish={() => void onFinish()} signIn={signIn} onSignIn={() => void startSignIn()} />
      ) : null}
    </section>
  );
}
