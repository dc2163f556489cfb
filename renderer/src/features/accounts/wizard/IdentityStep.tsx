import { Field } from '../Field';
import type { FieldErrors } from '../server-draft';

export interface IdentityStepProps {
  readonly name: string;
  readonly email: string;
  readonly password: string;
  readonly errors: FieldErrors;
  readonly onEdit: (field: 'name' | 'email' | 'password', value: string) => void;
  readonly onSubmit: () => void;
  readonly onManual: () => void;
}

/** Three fields; Heron finds the rest. */
export function IdentityStep({ name, email, password, errors, onEdit, onSubmit, onManual }: IdentityStepProps) {
  return (
    <form
      className="wizard-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <Field field="name" label="Your name" value={name} onValue={(v) => onEdit('name', v)} error={errors.name} autoComplete="name" hint="As recipients will see it." />
      <Field field="email" label="Email address" type="email" value={email} onValue={(v) => onEdit('email', v)} error={errors.email} autoComplete="email" spellCheck={false} />
      <Field
        field="password"
        label="Password"
        type="password"
        value={password}
        onValue={(v) => onEdit('password', v)}
        error={errors.password}
        autoComplete="current-password"
        hint="Stored encrypted on this computer and never shown again. Some providers need an app password; with Google or Microsoft you can leave it empty and sign in with them instead."
      />
      <div className="button-row">
        <button type="submit" className="button button-primary">
          Continue
        </button>
        <button type="button" className="button button-quiet" onClick={onManual}>
          Enter server settings myself
        </button>
      </div>
    </form>
  );
}
