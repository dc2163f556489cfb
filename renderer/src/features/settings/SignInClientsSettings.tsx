import { useCallback, useEffect, useState } from 'react';
import type { SignInClientInfo } from '../../../../shared/ipc/calls/sign-in';
import { getBridge } from '../../bridge/bridge';
import { ExternalLink } from '../accounts/ExternalLink';
import { Field } from '../accounts/Field';
import { FormError } from '../../ui/FormError';

/**
 * The app registrations Heron signs in to Google and Microsoft with: the one Heron ships, or one a
 * person or an organization registered itself (an organization may allow only its own app). The
 * registration lives in main; a client secret goes there and is never shown again.
 */
export function SignInClientsSettings() {
  const [clients, setClients] = useState<readonly SignInClientInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await getBridge().call('signInClients');
    if (r.ok) setClients(r.value);
    else setError(r.error.message);
  }, []);
  useEffect(() => void load(), [load]);
  return (
    <section aria-labelledby="sign-in-clients-title" className="sign-in-clients">
      <h2 id="sign-in-clients-title">Sign-in with Google and Microsoft</h2>
      <p className="field-hint">
        Heron signs in to these providers as a registered app. If yours allows only its own app, or Heron has none built in, register one (a desktop or
        public client, redirect address <code>http://127.0.0.1</code>) and enter it here.
      </p>
      <FormError message={error} />
      {clients === null ? <p className="field-hint">Asking Heron…</p> : clients.map((c) => <ClientForm key={c.provider} info={c} onSaved={() => void load()} />)}
    </section>
  );
}

function ClientForm({ info, onSaved }: { readonly info: SignInClientInfo; readonly onSaved: () => void }) {
  const [clientId, setClientId] = useState(info.own?.clientId ?? '');
  const [secret, setSecret] = useState('');
  const [tenant, setTenant] = useState(info.own?.tenant ?? '');
  const [state, setState] = useState<{ error: string | null; saved: string | null }>({ error: null, saved: null });
  const key = `client-${info.provider}`;
  const save = async () => {
    const id = clientId.trim();
    if (id === '') {
      setState({ error: 'Enter the client ID of your registration, or choose “Use Heron’s registration”.', saved: null });
      return;
    }
    const r = await getBridge().call('setSignInClient', {
      provider: info.provider,
      clientId: id,
      ...(secret !== '' ? { clientSecret: secret } : {}),
      ...(info.usesTenant && tenant.trim() !== '' ? { tenant: tenant.trim() } : {}),
    });
    if (!r.ok) {
      setState({ error: r.error.message, saved: null });
      return;
    }
    setSecret('');
    setState({ error: null, saved: `Saved: Heron signs in to ${info.name} with this registration from now on.` });
    onSaved();
  };
  const clear = async () => {
    const r = await getBridge().call('clearSignInClient', { provider: info.provider });
    if (!r.ok) {
      setState({ error: r.error.message, saved: null });
      return;
    }
    setClientId('');
    setSecret('');
    setTenant('');
    setState({ error: null, saved: info.bundledClientId ? 'Heron’s own registration is used again.' : `No registration for ${info.name} now: sign-in needs one.` });
    onSaved();
  };
  return (
    <fieldset className="field-group" data-testid={key} aria-label={`Sign-in with ${info.name}`}>
      <legend>{info.name}</legend>
      <p className="field-hint">
        {info.own
          ? `Heron signs in to ${info.name} with your registration${info.own.hasSecret ? ' (a client secret is set)' : ''}.`
          : info.bundledClientId
            ? `Heron signs in to ${info.name} with its own registration.`
            : `Heron has no registration for ${info.name} built in: enter one to sign in with ${info.name}.`}{' '}
        Register one at <ExternalLink url={info.registerUrl}>{new URL(info.registerUrl).host}</ExternalLink>, allowing{' '}
        {info.scopes.map((scope, i) => (
          <span key={scope}>
            {i > 0 ? ', ' : ''}
            <code>{scope}</code>
          </span>
        ))}
        .
      </p>
      <Field field={`${key}.id`} label="Client ID" value={clientId} onValue={setClientId} autoComplete="off" spellCheck={false} className="input-wide" error={state.error ?? undefined} />
      <Field
        field={`${key}.secret`}
        label="Client secret (only if the registration has one)"
        type="password"
        value={secret}
        onValue={setSecret}
        autoComplete="off"
        hint={info.own?.hasSecret ? 'A secret is set; leave this empty to keep it.' : undefined}
      />
      {info.usesTenant ? (
        <Field
          field={`${key}.tenant`}
          label="Directory (tenant)"
          value={tenant}
          onValue={setTenant}
          autoComplete="off"
          spellCheck={false}
          hint="“common” for any account, “organizations” for work and school accounts, or your directory’s ID or domain. Empty means “common”."
        />
      ) : null}
      <div className="button-row">
        <button type="button" className="button" onClick={() => void save()}>
          Save registration
        </button>
        {info.own ? (
          <button type="button" className="button button-quiet" onClick={() => void clear()}>
            {info.bundledClientId ? 'Use Heron’s registration' : 'Remove this registration'}
          </button>
        ) : null}
        <span role="status">{state.saved}</span>
      </div>
    </fieldset>
  );
}
