import { Field } from './Field';
import type { FieldErrors, RetentionDraft } from './server-draft';

export interface RetentionFieldsProps {
  readonly draft: RetentionDraft;
  readonly errors: FieldErrors;
  readonly onChange: (patch: Partial<RetentionDraft>) => void;
  /** Settings of an existing account say that switching to delete mode is safe. */
  readonly existing?: boolean;
}

/** Keep or delete, in plain words (Thunderbird's semantics, see shared/model/account.ts). */
export function RetentionFields({ draft, errors, onChange, existing }: RetentionFieldsProps) {
  return (
    <fieldset className="field-group retention-fields">
      <legend>After Heron downloads a message</legend>
      <label className="radio">
        <input type="radio" name="retention" checked={draft.choice === 'keep-days'} onChange={() => onChange({ choice: 'keep-days' })} />
        Leave a copy on the server for a while
      </label>
      {draft.choice === 'keep-days' ? (
        <div className="nested">
          <Field
            field="keepDays"
            label="Days to keep it there"
            value={draft.days}
            onValue={(days) => onChange({ days })}
            error={errors.keepDays}
            inputMode="numeric"
            className="input-narrow"
            hint="Counted from when Heron downloaded it. Your phone or webmail still sees it until then."
          />
        </div>
      ) : null}
      <label className="radio">
        <input type="radio" name="retention" checked={draft.choice === 'keep-forever'} onChange={() => onChange({ choice: 'keep-forever' })} />
        Leave a copy on the server forever
      </label>
      <label className="radio">
        <input type="radio" name="retention" checked={draft.choice === 'delete'} onChange={() => onChange({ choice: 'delete' })} />
        Delete it from the server
      </label>
      {draft.choice === 'delete' ? (
        <p className="page-notice" data-testid="delete-mode-warning">
          The server’s mailbox will be emptied as Heron downloads: your phone, webmail or another computer will no longer see
          those messages. Heron deletes a message from the server only after it is safely stored on this computer.
          {existing ? ' Switching now is safe: messages not yet stored here are never deleted.' : ''}
        </p>
      ) : null}
      {draft.choice !== 'delete' ? (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.deleteWhenDeletedHere}
            onChange={(e) => onChange({ deleteWhenDeletedHere: e.target.checked })}
          />
          Delete it from the server when I delete it here
        </label>
      ) : null}
    </fieldset>
  );
}
