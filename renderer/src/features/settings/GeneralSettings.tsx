import { useId, useState } from 'react';
import { saveSetting, useAccounts, useSetting } from '../../data/hooks';
import { isListDensity, isTrashKeepDays, type ListDensity, type Settings } from '../../data/settings-repo';
import { UNDO_SEND_CHOICES, undoSeconds } from '../compose/send-hold';
import { FormError } from '../../ui/FormError';
import { RadioChoices } from '../../ui/RadioChoices';
import { Checkbox } from '../../ui/Checkbox';

const TRASH_DAYS: readonly { value: number | null; label: string }[] = [
  { value: 7, label: '7 days' },
  { value: 14, label: '14 days' },
  { value: 30, label: '30 days' },
  { value: 90, label: '90 days' },
  { value: 365, label: 'a year' },
  { value: null, label: 'until I empty it' },
];

const DENSITIES: readonly { value: ListDensity; label: string; hint: string }[] = [
  { value: 'comfortable', label: 'Comfortable', hint: 'sender, subject and the first words of each message' },
  { value: 'compact', label: 'Compact', hint: 'sender and subject only, so many more messages fit at once' },
];

/** Settings that belong to no single account: the message list's density, new-mail notifications and the default account. */
export function GeneralSettings() {
  const id = useId();
  const notify = useSetting('notifyNewMail');
  const defaultId = useSetting('defaultAccountId');
  const accounts = useAccounts();
  // The controls show a choice at once; the store confirms it a moment later through the live
  // query. If the write fails, the stored value shows again, with the reason.
  const [chosenNotify, setChosenNotify] = useState<boolean | null>(null);
  const [chosenDefault, setChosenDefault] = useState<string | null>(null);
  const density = useSetting('listDensity');
  const [chosenDensity, setChosenDensity] = useState<ListDensity | null>(null);
  const shownDensity = chosenDensity ?? (isListDensity(density) ? density : 'comfortable');
  const undo = useSetting('undoSendSeconds');
  const [chosenUndo, setChosenUndo] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = accounts?.find((a) => a.id === (chosenDefault ?? defaultId)) ?? accounts?.[0];
  const trashDays = useSetting('trashKeepDays');
  const byYear = useSetting('archiveByYear');
  const [chosenTrash, setChosenTrash] = useState<{ v: number | null } | null>(null);
  const [chosenByYear, setChosenByYear] = useState<boolean | null>(null);
  const shownTrash = chosenTrash ? chosenTrash.v : isTrashKeepDays(trashDays) ? trashDays : 30;
  const store = <K extends 'notifyNewMail' | 'defaultAccountId' | 'listDensity' | 'trashKeepDays' | 'archiveByYear' | 'undoSendSeconds'>(key: K, value: Settings[K], undo: () => void) => {
    setError(null);
    saveSetting(key, value).catch((e: unknown) => {
      undo();
      setError(`Heron could not store this setting: ${e instanceof Error ? e.message : String(e)}`);
    });
  };
  return (
    <>
      <fieldset className="field-group">
        <legend>Message list</legend>
        <RadioChoices
          name="list-density"
          value={shownDensity}
          choices={DENSITIES.map((d) => ({ value: d.value, label: `${d.label}: ${d.hint}` }))}
          disabled={density === undefined}
          onChange={(value) => {
            setChosenDensity(value);
            store('listDensity', value, () => setChosenDensity(null));
          }}
        />
      </fieldset>
      <fieldset className="field-group">
        <legend>Trash and Archive</legend>
        <div className="form-field">
          <label htmlFor={`${id}-trash`}>Keep deleted messages in Trash for</label>
          <select
            id={`${id}-trash`}
            value={shownTrash === null ? 'never' : String(shownTrash)}
            disabled={trashDays === undefined}
            aria-describedby={`${id}-trash-hint`}
            onChange={(e) => {
              const v = e.target.value === 'never' ? null : Number(e.target.value);
              setChosenTrash({ v });
              store('trashKeepDays', v, () => setChosenTrash(null));
            }}
          >
            {TRASH_DAYS.map((d) => (
              <option key={d.label} value={d.value === null ? 'never' : String(d.value)}>
                {d.label}
              </option>
            ))}
            {shownTrash !== null && !TRASH_DAYS.some((d) => d.value === shownTrash) ? <option value={String(shownTrash)}>{shownTrash} days</option> : null}
          </select>
        </div>
        <p className="field-hint" id={`${id}-trash-hint`}>
          After that they are deleted for good, as if you emptied Trash: an account set to delete from the server what you delete here deletes them there too.
        </p>
        <Checkbox
          checked={chosenByYear ?? byYear ?? false}
          disabled={byYear === undefined}
          onChange={(on) => {
            setChosenByYear(on);
            store('archiveByYear', on, () => setChosenByYear(null));
          }}
        >
          Archive messages into a folder for each year (Archive / 2026)
        </Checkbox>
      </fieldset>
      <fieldset className="field-group">
        <legend>Sending</legend>
        <div className="form-field">
          <label htmlFor={`${id}-undo`}>Undo send: hold each message for</label>
          <select
            id={`${id}-undo`}
            value={chosenUndo ?? undoSeconds(undo)}
            disabled={undo === undefined}
            onChange={(e) => {
              const seconds = Number(e.target.value);
              setChosenUndo(seconds);
              store('undoSendSeconds', seconds, () => setChosenUndo(null));
            }}
            aria-describedby={`${id}-undo-hint`}
          >
            {UNDO_SEND_CHOICES.map((s) => (
              <option key={s} value={s}>
                {s} seconds
              </option>
            ))}
          </select>
        </div>
        <p className="field-hint" id={`${id}-undo-hint`}>
          After Send, the message waits this long in the Outbox; Undo reopens it as it was.
        </p>
      </fieldset>
      <fieldset className="field-group">
        <legend>Notifications</legend>
        <Checkbox
          checked={chosenNotify ?? notify ?? true}
          disabled={notify === undefined}
          describedBy={`${id}-notify-hint`}
          onChange={(on) => {
            setChosenNotify(on);
            store('notifyNewMail', on, () => setChosenNotify(null));
          }}
        >
          Show a notification when new mail arrives
        </Checkbox>
        <p className="field-hint" id={`${id}-notify-hint`}>
          The system shows it while Heron’s window is not in front.
        </p>
      </fieldset>
      {accounts && accounts.length > 1 && current ? (
        <fieldset className="field-group">
          <legend>Default account</legend>
          <div className="form-field">
            <label htmlFor={`${id}-default`}>Send new messages from</label>
            <select
              id={`${id}-default`}
              value={current.id}
              onChange={(e) => {
                setChosenDefault(e.target.value);
                store('defaultAccountId', e.target.value, () => setChosenDefault(null));
              }}
              aria-describedby={`${id}-default-hint`}
            >
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.identity.name ? `${a.identity.name} <${a.identity.address}>` : a.identity.address}
                </option>
              ))}
            </select>
          </div>
          <p className="field-hint" id={`${id}-default-hint`}>
            This account comes first in the sidebar. A message written from an account’s own folders is still sent from that account.
          </p>
        </fieldset>
      ) : null}
      <FormError message={error} />
    </>
  );
}
