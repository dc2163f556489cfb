/**
 * Settings › Message rules (issue 19): the rules in order, each with its switch, its place, what
 * it does and the last problem it met; adding and editing; importing Thunderbird's filters with
 * a report of what was left out; and running the rules on a folder now.
 */
import { useId, useState } from 'react';
import { LOCAL_FOLDERS, FIXED_FOLDER_NAMES, type FolderKey, type LocalFolder } from '../../../../shared/model/message';
import type { Rule } from '../../../../shared/model/rule';
import type { ImportedRules } from '../../../../shared/rules/thunderbird';
import { useAccounts } from '../../data/hooks';
import { describeRule, newRule, problemLines } from './rule-draft';
import { RuleEditor } from './RuleEditor';
import { importFromThunderbird, moveRule, removeRule, runOnFolder, saveRule, setRuleEnabled, useFolderRows, useRules } from './use-rules';
import { folderNamer } from '../../data/rules-arrival';
import './rules.css';

const RUNNABLE: readonly LocalFolder[] = LOCAL_FOLDERS.filter((f) => f !== 'drafts' && f !== 'outbox');

export function RulesSettings() {
  const id = useId();
  const rules = useRules();
  const accounts = useAccounts() ?? [];
  const folders = useFolderRows() ?? [];
  const names = folderNamer(folders);
  const [editing, setEditing] = useState<Rule | null>(null);
  const [imported, setImported] = useState<ImportedRules | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [folder, setFolder] = useState<FolderKey>('inbox');
  // The fixed folders of every account, then the person's own (each in its account or Local Folders).
  const runnable: ReadonlyArray<{ folder: FolderKey; label: string }> = [
    ...RUNNABLE.map((f) => ({ folder: f, label: `${FIXED_FOLDER_NAMES[f]} (every account)` })),
    ...folders
      .map((f) => ({ folder: f.id, label: names(f.id) ?? f.name }))
      .sort((a, b) => a.label.localeCompare(b.label)),
  ];
  const chosen = runnable.find((r) => r.folder === folder) ?? runnable[0];
  const [busy, setBusy] = useState(false);
  const fail = (what: string) => (e: unknown) => setNote(`${what}: ${e instanceof Error ? e.message : String(e)}`);

  if (editing) {
    return (
      <section aria-labelledby={`${id}-title`} className="rules-settings">
        <h2 id={`${id}-title`}>{rules?.some((r) => r.id === editing.id) ? 'Edit rule' : 'New rule'}</h2>
        <RuleEditor
          rule={editing}
          accounts={accounts}
          folders={folders}
          onSave={async (r) => {
            await saveRule(r);
            setEditing(null);
          }}
          onCancel={() => setEditing(null)}
        />
      </section>
    );
  }

  return (
    <section aria-labelledby={`${id}-title`} className="rules-settings">
      <h2 id={`${id}-title`}>Message rules</h2>
      <p className="field-hint">Rules sort mail as it arrives, when you run them on a folder, and on mail you send. They run from the top; “Stop processing” ends the list for a message.</p>
      {rules === undefined ? (
        <p>Loading…</p>
      ) : rules.length === 0 ? (
        <p>No rules yet.</p>
      ) : (
        <ol className="rules-list" aria-label="Rules">
          {rules.map((r, i) => (
            <li key={r.id} className="rules-item" aria-label={r.name}>
              <label className="checkbox">
                <input type="checkbox" checked={r.enabled} onChange={(e) => void setRuleEnabled(r.id, e.target.checked).catch(fail('The rule could not be changed'))} />
                <span className="rules-name">{r.name}</span>
              </label>
              <span className="rules-summary">{describeRule(r, names)}</span>
              {problemLines(r, names).map((message) => (
                <span key={message} className="rules-problem" role="alert">
                  Problem: {message}
                </span>
              ))}
              <span className="rules-buttons">
                <button type="button" className="button button-quiet" disabled={i === 0} aria-label={`Move ${r.name} up`} onClick={() => void moveRule(r.id, -1).catch(fail('The rule could not be moved'))}>
                  Up
                </button>
                <button type="button" className="button button-quiet" disabled={i === rules.length - 1} aria-label={`Move ${r.name} down`} onClick={() => void moveRule(r.id, 1).catch(fail('The rule could not be moved'))}>
                  Down
                </button>
                <button type="button" className="button" aria-label={`Edit ${r.name}`} onClick={() => setEditing(r)}>
                  Edit
                </button>
                <button
                  type="button"
                  className="button button-quiet"
                  aria-label={`Delete ${r.name}`}
                  onClick={() => {
                    if (window.confirm(`Delete the rule “${r.name}”?`)) void removeRule(r.id).catch(fail('The rule could not be deleted'));
                  }}
                >
                  Delete
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
      <div className="rules-actions">
        <button type="button" className="button button-primary" onClick={() => setEditing(newRule((rules?.at(-1)?.order ?? 0) + 1))}>
          New rule
        </button>
        <label className="button">
          Import from Thunderbird…
          <input
            type="file"
            className="visually-hidden"
            aria-label="Import Thunderbird filters (msgFilterRules.dat)"
            accept=".dat"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) return;
              setNote(null);
              importFromThunderbird(file, null).then(setImported, (err: unknown) => {
                setImported(null);
                fail(`${file.name} could not be imported`)(err);
              });
            }}
          />
        </label>
      </div>
      {imported ? (
        <div className="rules-report" role="status" aria-label="Import report">
          <p>
            Imported {imported.rules.length} {imported.rules.length === 1 ? 'rule' : 'rules'}
            {imported.skipped.length > 0 ? `; ${imported.skipped.length} could not be imported` : ''}.
          </p>
          <ReasonList label="Not imported" items={imported.skipped} />
          <ReasonList label="Imported in part" items={imported.partly} />
        </div>
      ) : null}
      <div className="rules-run">
        <label htmlFor={`${id}-folder`}>Run the rules on</label>
        <select id={`${id}-folder`} value={chosen?.folder} onChange={(e) => setFolder(e.target.value as FolderKey)}>
          {runnable.map((r) => (
            <option key={r.folder} value={r.folder}>
              {r.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => {
            if (!chosen) return;
            setBusy(true);
            setNote(null);
            // A folder of one's own belongs to one account (or Local Folders): its id alone finds its mail.
            runOnFolder({ accountId: null, folder: chosen.folder })
              .then(({ looked, matched }) => setNote(`Rules ran on ${looked} ${looked === 1 ? 'message' : 'messages'} in ${chosen.label.replace(/ \(every account\)$/, '')}; ${matched} matched.`), fail('The rules could not run'))
              .finally(() => setBusy(false));
          }}
        >
          {busy ? 'Running…' : 'Run now'}
        </button>
      </div>
      {note ? <p role="status">{note}</p> : null}
    </section>
  );
}

/** Rules an import left out or took in part, each with its reason. */
function ReasonList({ label, items }: { label: string; items: ReadonlyArray<{ readonly name: string; readonly reason: string }> }) {
  if (items.length === 0) return null;
  return (
    <ul aria-label={label}>
      {items.map((s) => (
        <li key={s.name}>
          <strong>{s.name}</strong>: {s.reason}
        </li>
      ))}
    </ul>
  );
}
