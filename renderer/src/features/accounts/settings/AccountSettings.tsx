import { useEffect, useRef, useState } from 'react';
import type { ConnectionReport } from '../../../../../shared/ipc/calls/connection';
import { secretServersChanged, secretServersFor, type Account } from '../../../../../shared/model/account';
import { getBridge } from '../../../bridge/bridge';
import { useUi } from '../../../state/ui-store';
import { addQuestion, alsoCovered, questionFrom, sidesToPin, withoutSide, type CertificateQuestion } from '../certificate-question';
import { CertificatePrompt } from '../CertificatePrompt';
import { ConnectionLogButton } from '../ConnectionLogDialog';
import { ConnectionTestResult, type TestView } from '../ConnectionTestResult';
import { Field } from '../Field';
import { updateAccount } from '../use-account-data';
import { focusFirstError } from '../focus-first-error';
import { checkPassword } from '../input-checks';
import { RetentionFields } from '../RetentionFields';
import { ServerFields } from '../ServerFields';
import { editDraft, outgoingFollowing, type Side } from '../server-draft';
import { accountFrom, changedConnections, formChanged, formFrom, type AccountForm, type SettingsFieldErrors } from './account-form';
import { PasswordSetting } from './PasswordSetting';
import { SignInPanel } from '../SignInPanel';
import { useSignIn } from '../use-sign-in';
import { RemoveAccount } from './RemoveAccount';
import { UnsavedChangesDialog } from './UnsavedChangesDialog';
import '../accounts.css';

const IDLE: TestView = { status: 'idle' };

/** What an account's sign-in is bound to: the servers its grant may be used with. */
function signInServers(account: Account): string {
  return JSON.stringify(secretServersFor(account, 'incoming'));
}
const NO_PASSWORDS: Record<Side, string | null> = { incoming: null, outgoing: null };

type Phase = 'idle' | 'testing' | 'saving';

/**
 * One account's settings: identity, incoming, outgoing, keep/delete, checking; test, save, remove.
 * A changed connection (server, port, security, login, password) is tested before it is saved,
 * with "Save anyway" when the test fails; leaving with unsaved changes asks first.
 */
export function AccountSettings({ account, onRemoved }: { readonly account: Account; readonly onRemoved: () => void }) {
  const [baseline, setBaseline] = useState<AccountForm>(() => formFrom(account));
  const [form, setForm] = useState<AccountForm>(baseline);
  const [errors, setErrors] = useState<SettingsFieldErrors>({});
  const [passwords, setPasswords] = useState<Record<Side, string | null>>(NO_PASSWORDS);
  const [tests, setTests] = useState<Record<Side, TestView>>({ incoming: IDLE, outgoing: IDLE });
  const [certs, setCerts] = useState<readonly CertificateQuestion[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>('idle');
  /** The last save stopped because the changed connection failed its test. */
  const [blocked, setBlocked] = useState(false);
  const [pendingLeave, setPendingLeave] = useState<(() => void) | null>(null);
  const [refresh, setRefresh] = useState(0);
  const root = useRef<HTMLFormElement>(null);
  const log = { accountId: account.id, address: account.identity.address };
  // A server that takes its provider's sign-in (Google, Microsoft): "Sign in again" instead of a password.
  const signIn = useSignIn(form.incoming.host, account.id);
  const signsIn = form.incoming.auth === 'xoauth2' && signIn.provider !== null;
  /** The servers this form signed in for (the grant is bound to them). */
  const [signedInFor, setSignedInFor] = useState<string | null>(null);

  const dirty = formChanged(baseline, form) || Boolean(passwords.incoming) || Boolean(passwords.outgoing);
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;

  // Leaving for another page, folder or account asks first while something is unsaved.
  useEffect(() => {
    const { setLeaveGuard } = useUi.getState();
    setLeaveGuard((proceed) => {
      if (!dirtyRef.current) return false;
      setPendingLeave(() => proceed);
      return true;
    });
    return () => setLeaveGuard(null);
  }, []);
  // Closing the window (or reloading it) too: the browser, or Electron's shell, asks.
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  const edit = (patch: Partial<AccountForm>, cleared: string[] = []) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !cleared.includes(k))));
    setSaved(null);
    setBlocked(false);
  };
  const editServer = (side: Side) => (field: Parameters<typeof editDraft>[2], value: string | boolean | null) => {
    setForm((f) => {
      const next = { ...f, [side]: editDraft(side, f[side], field, value) };
      if (side !== 'incoming' || field !== 'auth') return next;
      return { ...next, outgoing: outgoingFollowing(f.outgoing, f.incoming.auth, next.incoming.auth, f.sameCredentials || f.outgoing.auth === 'xoauth2') };
    });
    edit({}, [`${side}.${field}`, `${side}.security`]);
    setTests((t) => (side === 'incoming' && field === 'auth' ? { incoming: IDLE, outgoing: IDLE } : { ...t, [side]: IDLE }));
    setCerts((list) => withoutSide(list, side));
  };
  const editPassword = (side: Side) => (value: string | null) => {
    setPasswords((p) => ({ ...p, [side]: value }));
    edit({}, [side === 'incoming' ? 'password' : 'outgoing.password']);
  };

  const checkedPasswords = (): SettingsFieldErrors => {
    const e: SettingsFieldErrors = {};
    for (const side of ['incoming', 'outgoing'] as const) {
      const p = passwords[side];
      if (p === null) continue;
      const c = checkPassword(p);
      if (!c.ok) e[side === 'incoming' ? 'password' : 'outgoing.password'] = c.error;
    }
    return e;
  };

  /** The form as an account, or its errors shown next to their fields. */
  const checked = (): Account | null => {
    const r = accountFrom(account, form);
    const pe = checkedPasswords();
    if (r.ok && Object.keys(pe).length === 0) return r.account;
    setErrors({ ...(r.ok ? {} : r.errors), ...pe });
    focusFirstError(root.current);
    return null;
  };

  /** Tests one server with the settings as they are in the form (and a new password, if typed); true when it works. */
  const runTest = async (side: Side, candidate: Account): Promise<boolean> => {
    const bridge = getBridge();
    setTests((t) => ({ ...t, [side]: { status: 'running' } }));
    setCerts((list) => withoutSide(list, side));
    const own = side === 'outgoing' && candidate.outgoing.sameCredentialsAsIncoming ? passwords.incoming : passwords[side];
    const password = own ? { password: own } : {};
    const result =
      side === 'incoming'
        ? await bridge.call('testIncoming', { accountId: account.id, incoming: candidate.incoming, ...password })
        : await bridge.call('testOutgoing', { accountId: account.id, outgoing: candidate.outgoing, ...password });
    const report: ConnectionReport = result.ok
      ? result.value
      : { side, host: candidate[side].host, port: candidate[side].port, steps: [{ kind: 'connect', ok: false, text: result.error.message }], error: result.error, certificate: null, messageCount: null, mailboxBytes: null, authMethods: [], sizeLimit: null };
    setTests((t) => ({ ...t, [side]: { status: 'done', report } }));
    const question = questionFrom(side, report);
    if (question) setCerts((list) => addQuestion(list, question));
    const loginRefused = report.error?.code === 'EAUTH' || report.error?.code === 'ENOSECRET' || report.error?.code === 'ESIGNIN';
    if (loginRefused && candidate.incoming.auth === 'xoauth2' && signIn.provider !== null) {
      // The sign-in is what to renew, not a password.
      setErrors((e) => ({ ...e, 'sign-in': report.error?.message ?? '' }));
    } else if (report.error?.code === 'EAUTH' || report.error?.code === 'ENOSECRET') {
      const slot: Side = side === 'incoming' || candidate.outgoing.sameCredentialsAsIncoming ? 'incoming' : 'outgoing';
      setErrors((e) => ({ ...e, [slot === 'incoming' ? 'password' : 'outgoing.password']: report.error?.message ?? '' }));
      setPasswords((p) => ({ ...p, [slot]: p[slot] ?? '' }));
    }
    return report.error === null;
  };

  const test = async () => {
    const candidate = checked();
    if (!candidate) return;
    await Promise.all([runTest('incoming', candidate), runTest('outgoing', candidate)]);
  };

  /** Saves the form; a changed connection is tested first unless `anyway`. True when saved. */
  const save = async ({ anyway = false } = {}): Promise<boolean> => {
    const candidate = checked();
    if (!candidate) return false;
    if (signsIn && secretServersChanged(account, candidate, 'incoming') && signedInFor !== signInServers(candidate)) {
      setErrors({ 'sign-in': `The server changed: sign in with ${signIn.provider?.name ?? 'your provider'} again so Heron may use your sign-in with the new server.` });
      focusFirstError(root.current);
      return false;
    }
    // A stored password is bound to its server in main: a changed server needs the password again.
    const missing: Record<string, string> = {};
    for (const side of ['incoming', 'outgoing'] as const) {
      const needsLogin = (side === 'incoming' && !signsIn) || (side === 'outgoing' && candidate.outgoing.auth !== 'none' && !candidate.outgoing.sameCredentialsAsIncoming);
      if (needsLogin && passwords[side] === null && secretServersChanged(account, candidate, side)) {
        missing[side === 'incoming' ? 'password' : 'outgoing.password'] = 'The server changed: enter the password again so Heron may send it to the new server.';
      }
    }
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      // The field opens with its error, so the person sees why nothing was saved and where to type.
      setPasswords((p) => ({ incoming: 'password' in missing ? (p.incoming ?? '') : p.incoming, outgoing: 'outgoing.password' in missing ? (p.outgoing ?? '') : p.outgoing }));
      focusFirstError(root.current);
      return false;
    }
    setSaved(null);
    setBlocked(false);
    const sides = changedConnections(account, candidate, { incoming: Boolean(passwords.incoming) || signedInFor !== null, outgoing: Boolean(passwords.outgoing) });
    if (!anyway && sides.length > 0) {
      setPhase('testing');
      const works = await Promise.all(sides.map((side) => runTest(side, candidate)));
      if (works.includes(false)) {
        setPhase('idle');
        setBlocked(true);
        return false;
      }
    }
    setPhase('saving');
    const bridge = getBridge();
    const storage = await bridge.call('secretStorageStatus');
    for (const side of ['incoming', 'outgoing'] as const) {
      const p = passwords[side];
      if (p === null) continue;
      const prior = await bridge.call('hasPassword', { accountId: account.id, slot: side });
      const persist = storage.ok && storage.value.backend !== 'unavailable' && (storage.value.backend === 'os' || (prior.ok && prior.value.persisted));
      const set = await bridge.call('setPassword', { accountId: account.id, slot: side, password: p, persist, servers: secretServersFor(candidate, side) });
      if (!set.ok) {
        setErrors((e) => ({ ...e, [side === 'incoming' ? 'password' : 'outgoing.password']: set.error.message }));
        setPhase('idle');
        return false;
      }
    }
    await updateAccount(candidate);
    const now = formFrom(candidate);
    setBaseline(now);
    setForm(now);
    setPasswords(NO_PASSWORDS);
    setSignedInFor(null);
    setRefresh((n) => n + 1);
    setPhase('idle');
    setSaved(anyway && sides.length > 0 ? 'Saved, although the connection test failed.' : 'Saved.');
    return true;
  };

  const signInNow = async () => {
    const candidate = checked();
    if (!candidate) return;
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'sign-in')));
    const ok = await signIn.start({ accountId: account.id, address: candidate.identity.address, incoming: candidate.incoming, outgoing: candidate.outgoing });
    if (!ok) return;
    setSignedInFor(signInServers(candidate));
    setTests({ incoming: IDLE, outgoing: IDLE });
  };

  const leave = {
    save: async () => {
      const go = pendingLeave;
      const ok = await save();
      setPendingLeave(null);
      if (ok) go?.();
    },
    discard: () => {
      const go = pendingLeave;
      setPendingLeave(null);
      setForm(baseline);
      setPasswords(NO_PASSWORDS);
      dirtyRef.current = false;
      go?.();
    },
  };

  const busy = phase !== 'idle';
  const question = certs[0];
  return (
    <form
      ref={root}
      className="account-settings"
      noValidate
      aria-label={`Settings for ${account.identity.address}`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <fieldset className="field-group">
        <legend>Identity</legend>
        <Field field="name" label="Your name" value={form.name} onValue={(name) => edit({ name }, ['name'])} error={errors.name} />
        <Field field="email" label="Email address" value={form.address} onValue={(address) => edit({ address }, ['email'])} error={errors.email} />
        <Field field="replyTo" label="Reply-to address (optional)" value={form.replyTo} onValue={(replyTo) => edit({ replyTo }, ['replyTo'])} error={errors.replyTo} />
        <div className="form-field">
          <label htmlFor={`sig-${account.id}`}>Signature</label>
          <textarea id={`sig-${account.id}`} rows={4} value={form.signature} onChange={(e) => edit({ signature: e.target.value }, ['signature'])} aria-invalid={errors.signature ? true : undefined} />
          {errors.signature ? <p className="field-error">{errors.signature}</p> : null}
        </div>
      </fieldset>

      <ServerFields side="incoming" draft={form.incoming} errors={errors} onEdit={editServer('incoming')} />
      {signsIn && signIn.provider ? (
        <SignInPanel
          provider={signIn.provider}
          view={signIn.view}
          address={form.address.trim()}
          onSignIn={() => void signInNow()}
          onReopen={signIn.reopen}
          onCancel={signIn.cancel}
          error={errors['sign-in']}
        />
      ) : (
        <PasswordSetting accountId={account.id} slot="incoming" value={passwords.incoming} onValue={editPassword('incoming')} error={errors.password} refresh={refresh} />
      )}
      <RetentionFields draft={form.retention} errors={errors} onChange={(patch) => edit({ retention: { ...form.retention, ...patch } }, ['keepDays'])} existing />
      <fieldset className="field-group">
        <legend>Checking for mail</legend>
        <label className="checkbox">
          <input type="checkbox" checked={form.checkAtStartup} onChange={(e) => edit({ checkAtStartup: e.target.checked })} />
          Check when Heron starts
        </label>
        <Field field="interval" label="Check every (minutes, 0 = only when I ask)" value={form.interval} onValue={(interval) => edit({ interval }, ['interval'])} error={errors.interval} inputMode="numeric" className="input-narrow" />
        <Field field="sizeLimitKb" label="Download only the headers of messages larger than (KB, empty = no limit)" value={form.sizeLimitKb} onValue={(sizeLimitKb) => edit({ sizeLimitKb }, ['sizeLimitKb'])} error={errors.sizeLimitKb} inputMode="numeric" className="input-narrow" />
      </fieldset>

      <ServerFields side="outgoing" draft={form.outgoing} errors={errors} onEdit={editServer('outgoing')} />
      {form.outgoing.auth !== 'none' && !signsIn ? (
        <>
          <label className="checkbox">
            <input type="checkbox" checked={form.sameCredentials} onChange={(e) => { edit({ sameCredentials: e.target.checked }); setTests((t) => ({ ...t, outgoing: IDLE })); }} />
            Use the incoming server’s password
          </label>
          {!form.sameCredentials ? (
            <PasswordSetting accountId={account.id} slot="outgoing" value={passwords.outgoing} onValue={editPassword('outgoing')} error={errors['outgoing.password']} refresh={refresh} />
          ) : null}
        </>
      ) : null}

      <section aria-label="Connection test" aria-live="polite">
        <ConnectionTestResult title="Incoming server" test={tests.incoming} log={log} />
        <ConnectionTestResult title="Outgoing server" test={tests.outgoing} log={log} />
      </section>
      {question ? (
        <CertificatePrompt
          question={question}
          alsoCovers={alsoCovered(question, form)}
          place="settings"
          onTrust={() => {
            const rest = certs.slice(1);
            const sides = sidesToPin(question, form).filter((side) => question.servers.some((s) => s.side === side) || !rest.some((r) => r.servers.some((s) => s.side === side)));
            for (const side of sides) editServer(side)('pinnedCert', question.fingerprint256);
            setCerts(rest);
          }}
          onDismiss={() => setCerts((list) => list.slice(1))}
        />
      ) : null}
      {blocked ? (
        <div className="save-blocked" role="alert" data-testid="save-blocked">
          <p>
            The changed connection did not work in the test above, so nothing was saved. Correct the settings and save again — or save them anyway,
            for example if the server is down right now. Until the server accepts them, Heron cannot get or send mail for this account.
          </p>
          <button type="button" className="button" onClick={() => void save({ anyway: true })}>
            Save anyway
          </button>
        </div>
      ) : null}
      <div className="button-row">
        <button type="button" className="button" onClick={() => void test()} disabled={busy}>
          Test connection
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          Save changes
        </button>
        <span role="status">{phase === 'testing' ? 'Testing the changed connection before saving…' : phase === 'saving' ? 'Saving…' : saved}</span>
      </div>
      <fieldset className="field-group">
        <legend>Troubleshooting</legend>
        <p className="field-hint">What Heron and this account’s servers said to each other, without passwords or message contents — for you, or to send to your provider.</p>
        <div className="button-row">
          <ConnectionLogButton {...log} label="Show connection log" />
        </div>
      </fieldset>
      <RemoveAccount account={account} onRemoved={onRemoved} />
      {pendingLeave ? (
        <UnsavedChangesDialog address={account.identity.address} busy={busy} onSave={() => void leave.save()} onDiscard={leave.discard} onStay={() => setPendingLeave(null)} />
      ) : null}
    </form>
  );
}
