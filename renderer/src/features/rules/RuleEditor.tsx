/** Adding or editing one rule: its name, when it runs, its conditions and its actions. */
import { useId, useState } from 'react';
import {
  FIELD_NAMES,
  isNumberField,
  type Rule,
  type RuleAction,
  type RuleActionKind,
  type RuleCondition,
  type RuleField,
  type RuleOperator,
} from '../../../../shared/model/rule';
import { FIXED_FOLDER_NAMES, type LocalFolder } from '../../../../shared/model/message';
import type { AccountRow, FolderRow } from '../../data/rows';
import { folderNamer } from '../../data/rules-arrival';
import { AccountOptions } from '../own-mail/AccountSelect';
import { ACTION_NAMES, actionOfKind, operatorsFor, ruleProblems, withField } from './rule-draft';
import { FormError } from '../../ui/FormError';
import { RadioChoices } from '../../ui/RadioChoices';
import { Checkbox } from '../../ui/Checkbox';
import { ForwardFields } from './ForwardFields';

/** Where a rule can file mail: the fixed folders that hold mail (custom folders join when they exist). */
const TARGETS: readonly LocalFolder[] = ['inbox', 'sent', 'junk', 'trash'];

interface Props {
  readonly rule: Rule;
  readonly accounts: readonly AccountRow[];
  /** The person's folders: a rule may file mail there too. */
  readonly folders: readonly FolderRow[];
  onSave(rule: Rule): Promise<void>;
  onCancel(): void;
}

export function RuleEditor({ rule: initial, accounts, folders, onSave, onCancel }: Props) {
  const id = useId();
  const [rule, setRule] = useState<Rule>(initial);
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const names = folderNamer(folders);
  const targets: ReadonlyArray<[string, string]> = [...TARGETS.map((f): [string, string] => [f, FIXED_FOLDER_NAMES[f]]), ...folders.map((f): [string, string] => [f.id, names(f.id) ?? f.name])];
  const problems = ruleProblems(rule, names);
  const set = (change: Partial<Rule>) => setRule((r) => ({ ...r, ...change }));
  const setCondition = (i: number, c: RuleCondition) =>
    set({ conditions: rule.conditions.map((x, k) => (k === i ? c : x)) });
  const setAction = (i: number, a: RuleAction) => set({ actions: rule.actions.map((x, k) => (k === i ? a : x)) });

  return (
    <form
      className="rule-editor"
      aria-label={initial.name ? `Edit rule ${initial.name}` : 'New rule'}
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (problems.length > 0) return;
        setError(null);
        onSave({ ...rule, name: rule.name.trim() }).catch((err: unknown) =>
          setError(`Heron could not save the rule: ${err instanceof Error ? err.message : String(err)}`),
        );
      }}
    >
      <div className="form-field">
        <label htmlFor={`${id}-name`}>Rule name</label>
        <input id={`${id}-name`} value={rule.name} onChange={(e) => set({ name: e.target.value })} />
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-account`}>Mail of</label>
        <select
          id={`${id}-account`}
          value={rule.accountId ?? ''}
          onChange={(e) => set({ accountId: e.target.value === '' ? null : e.target.value })}
        >
          <option value="">Every account</option>
          <AccountOptions accounts={accounts} />
        </select>
      </div>
      <fieldset className="field-group">
        <legend>Run this rule</legend>
        <Checkbox checked={rule.triggers.arrival} onChange={(on) => set({ triggers: { ...rule.triggers, arrival: on } })}>
          When mail arrives
        </Checkbox>
        {rule.triggers.arrival ? (
          <Checkbox className="checkbox rule-indent" checked={rule.junkPhase === 'before'} onChange={(on) => set({ junkPhase: on ? 'before' : 'after' })}>
            Before the junk filter (mail this rule files is never judged junk)
          </Checkbox>
        ) : null}
        <Checkbox checked={rule.triggers.manual} onChange={(on) => set({ triggers: { ...rule.triggers, manual: on } })}>
          When I run rules on a folder
        </Checkbox>
        <Checkbox checked={rule.triggers.sending} onChange={(on) => set({ triggers: { ...rule.triggers, sending: on } })}>
          On mail I send (its copy in Sent)
        </Checkbox>
      </fieldset>
      <fieldset className="field-group">
        <legend>Conditions</legend>
        <RadioChoices name={`${id}-match`} value={rule.match} choices={MATCHES} onChange={(match) => set({ match })} />
        {rule.match === 'every' ? null : (
          <>
            <ol className="rule-rows">
              {rule.conditions.map((c, i) => (
                <li key={i} className="rule-row">
                  <select
                    aria-label={`Condition ${i + 1}: field`}
                    value={c.field}
                    onChange={(e) => setCondition(i, withField(c, e.target.value as RuleField))}
                  >
                    {(Object.keys(FIELD_NAMES) as RuleField[]).map((f) => (
                      <option key={f} value={f}>
                        {FIELD_NAMES[f]}
                      </option>
                    ))}
                  </select>
                  {c.field === 'header' ? (
                    <input
                      aria-label={`Condition ${i + 1}: header name`}
                      placeholder="List-Id"
                      value={c.header ?? ''}
                      onChange={(e) => setCondition(i, { ...c, header: e.target.value })}
                    />
                  ) : null}
                  <select
                    aria-label={`Condition ${i + 1}: test`}
                    value={c.operator}
                    onChange={(e) => setCondition(i, { ...c, operator: e.target.value as RuleOperator })}
                  >
                    {operatorsFor(c.field).map(([o, label]) => (
                      <option key={o} value={o}>
                        {label}
                      </option>
                    ))}
                  </select>
                  {c.operator === 'exists' || c.operator === 'not-exists' ? null : (
                    <input
                      aria-label={`Condition ${i + 1}: value`}
                      inputMode={isNumberField(c.field) ? 'numeric' : undefined}
                      value={c.value}
                      onChange={(e) => setCondition(i, { ...c, value: e.target.value })}
                    />
                  )}
                  <RemoveButton
                    label={`Remove condition ${i + 1}`}
                    onRemove={() => set({ conditions: rule.conditions.filter((_, k) => k !== i) })}
                  />
                </li>
              ))}
            </ol>
            <button
              type="button"
              className="button"
              onClick={() =>
                set({ conditions: [...rule.conditions, { field: 'subject', operator: 'contains', value: '' }] })
              }
            >
              Add condition
            </button>
          </>
        )}
      </fieldset>
      <fieldset className="field-group">
        <legend>Actions, in order</legend>
        <ol className="rule-rows">
          {rule.actions.map((a, i) => (
            <li key={i} className="rule-row">
              <select
                aria-label={`Action ${i + 1}`}
                value={a.kind}
                onChange={(e) => setAction(i, actionOfKind(e.target.value as RuleActionKind, a))}
              >
                {ACTION_NAMES.map(([k, label]) => (
                  <option key={k} value={k}>
                    {label}
                  </option>
                ))}
              </select>
              {a.kind === 'move' || a.kind === 'copy' ? (
                <select
                  aria-label={`Action ${i + 1}: folder`}
                  value={a.folderId}
                  onChange={(e) => setAction(i, { ...a, folderId: e.target.value })}
                >
                  {targets.map(([f, label]) => (
                    <option key={f} value={f}>
                      {label}
                    </option>
                  ))}
                  {targets.some(([f]) => f === a.folderId) ? null : <option value={a.folderId}>(a deleted folder)</option>}
                </select>
              ) : null}
              {a.kind === 'forward' ? <ForwardFields index={i + 1} action={a} onChange={(next) => setAction(i, next)} /> : null}
              {a.kind === 'tag' ? (
                <input
                  aria-label={`Action ${i + 1}: tag`}
                  value={a.tag}
                  onChange={(e) => setAction(i, { ...a, tag: e.target.value })}
                />
              ) : null}
              <RemoveButton
                label={`Remove action ${i + 1}`}
                onRemove={() => set({ actions: rule.actions.filter((_, k) => k !== i) })}
              />
            </li>
          ))}
        </ol>
        <button
          type="button"
          className="button"
          onClick={() => set({ actions: [...rule.actions, { kind: 'mark-read' }] })}
        >
          Add action
        </button>
      </fieldset>
      {tried && problems.length > 0 ? (
        <ul className="field-error" role="alert" aria-label="This rule cannot be saved yet">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      <FormError message={error} />
      <div className="rule-editor-buttons">
        <button type="submit" className="button button-primary">
          Save rule
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

const MATCHES: ReadonlyArray<{ value: Rule['match']; label: string }> = [
  { value: 'all', label: 'All of these' },
  { value: 'any', label: 'Any of these' },
  { value: 'every', label: 'Every message' },
];

/** A row's Remove button, named by what it removes. */
function RemoveButton({ label, onRemove }: { readonly label: string; onRemove(): void }) {
  return (
    <button type="button" className="button button-quiet" aria-label={label} onClick={onRemove}>
      Remove
    </button>
  );
}
