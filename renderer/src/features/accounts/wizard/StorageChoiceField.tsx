import type { SecretStorageStatus } from '../../../../../shared/ipc/calls/credentials';
import type { StorageChoice } from './wizard-state';

/**
 * How the password is kept, asked only when the system has no keyring ('basic_text': Chromium's
 * fixed key hides the password from a casual look, not from someone who reads the file) or
 * nothing can be stored at all.
 */
export function StorageChoiceField({ status, choice, onChoose }: { readonly status: SecretStorageStatus | null; readonly choice: StorageChoice | null; readonly onChoose: (c: StorageChoice) => void }) {
  if (status === null || status.backend === 'os') return null;
  if (status.backend === 'unavailable') {
    return (
      <p className="page-notice" data-testid="storage-unavailable">
        This computer offers Heron no safe place to store passwords, so Heron will keep yours in memory and ask for it again each
        time you start Heron.
      </p>
    );
  }
  return (
    <fieldset className="field-group" data-testid="storage-choice">
      <legend>Remembering your password</legend>
      <p>
        This system has no password keyring (such as GNOME Keyring or KWallet). Heron can still store the password on disk, but only
        lightly scrambled: anyone who can read your files could recover it.
      </p>
      <label className="radio">
        <input type="radio" name="storage" checked={choice === 'store'} onChange={() => onChoose('store')} />
        Store it anyway
      </label>
      <label className="radio">
        <input type="radio" name="storage" checked={choice === 'session'} onChange={() => onChoose('session')} />
        Ask me each time I start Heron
      </label>
    </fieldset>
  );
}
