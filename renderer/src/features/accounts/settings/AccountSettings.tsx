import { useEffect, useRef, useState } from 'react';
import type { ConnectionReport } from '../../../../../shared/ipc/calls/connection';
import { secretServersChanged, secretServersFor, type Account } from '../../../../../shared/model/account';
import { getBridge } from '../../../bridge/bridge';
import { accountsRepo } from '../../../data/accounts-repo';
import { getDb } from '../../../data/db';
import { CertificatePrompt, type CertificateQuestionView } from '../CertificatePrompt';
import { ConnectionTestResult, type TestView } from '../ConnectionTestResult';
import { Field } from '../Field';
import { focusFirstError } from '../focus-first-error';
import { checkPassword } from '../input-checks';
import { RetentionFields } from '../RetentionFields';
import { ServerFields } from '../ServerFields';
import { editDraft, type Side } from '../server-draft';
import { accountFrom, formFrom, type AccountForm, type SettingsFieldErrors } from './account-form';
import { PasswordSetting } from './PasswordSetting';
import { RemoveAccount } from './RemoveAccount';
import '../accounts.css';

const IDLE: TestView = { status: 'idle' };

/** One account's settings: identity, incoming, outgoing, keep/delete, checking; test, save, remove. */
export function AccountSettings({ account, onRemoved }: { readonly account: Account; readonly onRemoved: () => void }) {
  const [form, setForm] = useState<AccountForm>(() => formFrom(account));
  const [errors, setErrors] = useState<SettingsFieldErrors>({});
  const [passwords, setPasswords] = useState<Record<Side, string | null>>({ incoming: null, outgoing: null });
  const [tests, setTests] = useState<Record<Side, TestView>>({ incoming: IDLE, outgoing: IDLE });
  const [cert, setCert] = useState<(CertificateQuestionView & { side: Side }) | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  const root = useRef<HTMLFormElement>(null);

  useEffect(() => {
    setForm(formFrom(account));
    setErrors({});
    setPasswords({ incoming: null, outgoing: null });
    setTests({ incoming: IDLE, outgoing: IDLE });
    setCert(null);
  }, [account.id]); // eslint-disable-line react-hooks/exhaustive-deps -- only a different account resets the form

  const edit = (patch: Partial<AccountForm>, cleared: string[] = []) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !cleared.includes(k))));
    setSaved(null);
  };
  const editServer = (side: Side) => (field: Parameters<typeof editDraft>[2], value: string | boolean | null) => {
    edit({ [side]: editDraft(side, form[side], field, value) }, [`${side}.${field}`, `${side}.security`]);
    setTests((t) => ({ ...t, [side]: IDLE }));
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

  const test = async () => {
    const r = accountFrom(account, form);
    const pe = checkedPasswords();
    if (!r.ok || Object.keys(pe).length > 0) {
      setErrors({ ...(r.ok ? {} : r.errors), ...pe });
      focusFirstError(root.current);
      return;
    }
    const bridge = getBridge();
    const run = async (side: Side) => {
      setTests((t) => ({ ...t, [side]: { status: 'running' } }));
      const own = side === 'outgoing' && r.account.outgoing.sameCredentialsAsIncoming ? passwords.incoming : passwords[side];
      const password = own ? { password: own } : {};
      const result =
        side === 'incoming'
          ? await bridge.call('testIncoming', { accountId: account.id, incoming: r.account.incoming, ...password })
          : await bridge.call('testOutgoing', { accountId: account.id, outgoing: r.account.outgoing, ...password });
      const report: ConnectionReport = result.ok
        ? result.value
        : { side, host: r.account[side].host, port: r.account[side].port, steps: [{ kind: 'connect', ok: false, text: result.error.message }], error: result.error, certificate: null, messageCount: null, mailboxBytes: null, authMethods: [], sizeLimit: null };
      setTests((t) => ({ ...t, [side]: { status: 'done', report } }));
      const d = report.error?.detail;
      if (report.error?.code === 'ECERT' && d && typeof d.fingerprint256 === 'string') {
        const s = (v: unknown) => (typeof v === 'string' ? v : '');
        setCert({ side, host: report.host, port: report.port, fingerprint256: d.fingerprint256, subject: s(d.subject), issuer: s(d.issuer), validTo: s(d.validTo), reason: report.error.message });
      }
      if (report.error?.code === 'EAUTH' || report.error?.code === 'ENOSECRET') {
        const key = side === 'incoming' || r.account.outgoing.sameCredentialsAsIncoming ? 'password' : 'outgoing.password';
        setErrors((e) => ({ ...e, [key]: report.error?.message ?? '' }));
        setPasswords((p) => ({ ...p, [key === 'password' ? 'incoming' : 'outgoing']: p[key === 'password' ? 'incoming' : 'outgoing'] ?? '' }));
      }
    };
    await Promise.all([run('incoming'), run('outgoing')]);
  };

  const save = async () => {
    const r = accountFrom(account, form);
    const pe = checkedPasswords();
    if (!r.ok || Object.keys(pe).length > 0) {
      setErrors({ ...(r.ok ? {} : r.errors), ...pe });
      focusFirstError(root.current);
      return;
    }
    // A stored password is bound to its server in main: a changed server needs the password again.
    const missing: Record<string, string> = {};
    for (const side of ['incoming', 'outgoing'] as const) {
      const needsLogin = side === 'incoming' || (r.account.outgoing.auth !== 'none' && !r.account.outgoing.sameCredentialsAsIncoming);
      if (needsLogin && passwords[side] === null && secretServersChanged(account, r.account, side)) {
        missing[side === 'incoming' ? 'password' : 'outgoing.password'] = 'The server changed: enter the password again so Heron may send it to the new server.';
      }
    }
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      focusFirstError(root.current);
      return;
    }
    const bridge = getBridge();
    const storage = await bridge.call('secretStorageStatus');
    for (const side of ['incoming', 'outgoing'] as const) {
      const p = passwords[side];
      if (p === null) continue;
      const prior = await bridge.call('hasPassword', { accountId: account.id, slot: side });
      const persist = storage.ok && storage.value.backend !== 'unavailable' && (storage.value.backend === 'os' || (prior.ok && prior.value.persisted));
      const set = await bridge.call('setPassword', { accountId: account.id, slot: side, password: p, persist, servers: secretServersFor(r.account, side) });
      if (!set.ok) {
        setErrors((e) => ({ ...e, [side === 'incoming' ? 'password' : 'outgoing.password']: set.error.message }));
        return;
      }
    }
    await accountsRepo(getDb()).put(r.account);
    setPasswords({ incoming: null, outgoing: null });
    setRefresh((n) => n + 1);
    setSaved('Saved.');
  };

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
      <PasswordSetting accountId={account.id} slot="incoming" value={passwords.incoming} onValue={(v) => { setPasswords((p) => ({ ...p, incoming: v })); edit({}, ['password']); }} error={errors.password} refresh={refresh} />
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
      {form.outgoing.auth !== 'none' ? (
        <>
          <label className="checkbox">
            <input type="checkbox" checked={form.sameCredentials} onChange={(e) => { edit({ sameCredentials: e.target.checked }); setTests((t) => ({ ...t, outgoing: IDLE })); }} />
            Use the incoming server’s password
          </label>
          {!form.sameCredentials ? (
            <PasswordSetting accountId={account.id} slot="outgoing" value={passwords.outgoing} onValue={(v) => { setPasswords((p) => ({ ...p, outgoing: v })); edit({}, ['outgoing.password']); }} error={errors['outgoing.password']} refresh={refresh} />
          ) : null}
        </>
      ) : null}

      <section aria-label="Connection test" aria-live="polite">
        <ConnectionTestResult title="Incoming server" test={tests.incoming} />
        <ConnectionTestResult title="Outgoing server" test={tests.outgoing} />
      </section>
      {cert ? (
        <CertificatePrompt
          question={cert}
          onTrust={() => {
            editServer(cert.side)('pinnedCert', cert.fingerprint256);
            setCert(null);
          }}
          onDismiss={() => setCert(null)}
        />
      ) : null}
      <div className="button-row">
        <button type="button" className="button" onClick={() => void test()}>
          Test connection
        </button>
        <button type="submit" className="button button-primary">
          Save changes
        </button>
        <span role="status">{saved}</span>
      </div>
      <RemoveAccount account={account} onRemoved={onRemoved} />
    </form>
  );
}
