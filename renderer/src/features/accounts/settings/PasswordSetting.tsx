import { useEffect, useState } from 'react';
import type { PasswordStatus } from '../../../../../shared/ipc/calls/credentials';
import type { SecretSlot } from '../../../../../shared/model/account';
import { getBridge } from '../../../bridge/bridge';
import { Field } from '../Field';

/**
 * A write-only password: Heron says whether one is stored and lets the person replace it; the
 * stored password is never read back (STYLE.md §5).
 */
export function PasswordSetting({ accountId, slot, value, onValue, error, refresh }: {
  readonly accountId: string;
  readonly slot: SecretSlot;
  readonly value: string | null;
  readonly onValue: (value: string | null) => void;
  readonly error?: string | undefined;
  /** Changes after a save, so the status is asked again. */
  readonly refresh: number;
}) {
  const [status, setStatus] = useState<PasswordStatus | null>(null);
  useEffect(() => {
    let live = true;
    void getBridge()
      .call('hasPassword', { accountId, slot })
      .then((r) => {
        if (live && r.ok) setStatus(r.value);
      });
    return () => {
      live = false;
    };
  }, [accountId, slot, refresh]);

  const words =
    status === null
      ? 'Checking…'
      : !status.stored
        ? 'No password is stored.'
        : !status.readable
          ? 'A password is stored but can no longer be read (the system keyring changed). Enter it again.'
          : status.persisted
            ? 'A password is stored.'
            : 'A password is kept until Heron quits; you will be asked again next time.';
  return (
    <div className="password-setting" data-testid={`password-${slot}`}>
      <p className="field-hint">{words}</p>
      {value === null ? (
        <button type="button" className="button" onClick={() => onValue('')}>
          {status?.stored ? 'Change password' : 'Enter password'}
        </button>
      ) : (
        <Field field={slot === 'incoming' ? 'password' : 'outgoing.password'} label="New password" type="password" value={value} onValue={onValue} error={error} autoComplete="off" />
      )}
    </div>
  );
}
