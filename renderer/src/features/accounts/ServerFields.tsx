import type { Pop3AuthMethod, Security, SmtpAuthMethod } from '../../../../shared/model/account';
import { Field } from './Field';
import { SelectField } from './SelectField';
import { POP3_AUTH_WORDS, SECURITY_WORDS, SMTP_AUTH_WORDS, sendsPasswordInClear, type FieldErrors, type ServerDraft, type Side } from './server-draft';

export interface ServerFieldsProps {
  readonly side: Side;
  readonly draft: ServerDraft;
  readonly errors: FieldErrors;
  readonly onEdit: (field: keyof ServerDraft, value: string | boolean | null) => void;
}

const SECURITIES: readonly Security[] = ['tls', 'starttls', 'none'];

/** Host, port, security, login method and user name of one server, each with its error beside it. */
export function ServerFields({ side, draft, errors, onEdit }: ServerFieldsProps) {
  const words: Readonly<Record<string, string>> = side === 'incoming' ? POP3_AUTH_WORDS : SMTP_AUTH_WORDS;
  const methods = Object.keys(words) as (Pop3AuthMethod | SmtpAuthMethod)[];
  const title = side === 'incoming' ? 'Incoming mail (POP3)' : 'Outgoing mail (SMTP)';
  return (
    <fieldset className="field-group server-fields" data-side={side}>
      <legend>{title}</legend>
      <div className="field-row">
        <Field
          field={`${side}.host`}
          label="Server"
          value={draft.host}
          onValue={(v) => onEdit('host', v)}
          error={errors[`${side}.host`]}
          autoComplete="off"
          spellCheck={false}
          className="input-wide"
        />
        <Field
          field={`${side}.port`}
          label="Port"
          value={draft.port}
          onValue={(v) => onEdit('port', v)}
          error={errors[`${side}.port`]}
          inputMode="numeric"
          className="input-narrow"
        />
      </div>
      <SelectField
        field={`${side}.security`}
        label="Security"
        value={draft.security}
        options={SECURITIES.map((s) => ({ value: s, label: SECURITY_WORDS[s] }))}
        onValue={(v) => onEdit('security', v)}
        error={errors[`${side}.security`]}
      />
      {draft.security === 'none' ? (
        <div className="plaintext-consent">
          <p className="page-notice">
            Without encryption, anyone on the network between you and {draft.host || 'the server'} can read your mail
            {sendsPasswordInClear(draft) ? ' and your password' : ''}.
          </p>
          {sendsPasswordInClear(draft) ? (
            <label className="checkbox">
              <input
                type="checkbox"
                data-field={`${side}.allowPlaintextPassword`}
                checked={draft.allowPlaintextPassword}
                onChange={(e) => onEdit('allowPlaintextPassword', e.target.checked)}
              />
              Send my password unencrypted to this server
            </label>
          ) : null}
        </div>
      ) : null}
      <SelectField
        field={`${side}.auth`}
        label="Login method"
        value={draft.auth}
        options={methods.map((m) => ({ value: m, label: words[m] ?? m }))}
        onValue={(v) => onEdit('auth', v)}
        error={errors[`${side}.auth`]}
      />
      {draft.auth !== 'none' ? (
        <Field
          field={`${side}.username`}
          label="User name"
          value={draft.username}
          onValue={(v) => onEdit('username', v)}
          error={errors[`${side}.username`]}
          autoComplete="off"
          spellCheck={false}
        />
      ) : null}
      {draft.pinnedCert ? (
        <div className="pinned-cert">
          <p>
            You trusted this server’s own certificate for this account (SHA-256 <code className="fingerprint">{draft.pinnedCert}</code>).
          </p>
          <button type="button" className="button" onClick={() => onEdit('pinnedCert', null)}>
            Stop trusting it
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}
