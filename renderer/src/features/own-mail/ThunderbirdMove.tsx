/**
 * Moving from Thunderbird (issue 20): find its profiles (or pick a profile folder), list the POP3
 * accounts with their servers, folders and what Thunderbird already downloaded, and import the
 * ones the person picks. Passwords are asked for here (Thunderbird's are not read): each is given
 * to main first, then main imports the folders and popstate.dat, and the accounts are created once
 * that is stored (job-store.ts), so their first check downloads only what Thunderbird had not.
 */
import { useId, useState } from 'react';
import type { ThunderbirdAccountInfo, ThunderbirdProfileContents, ThunderbirdProfileInfo } from '../../../../shared/model/own-mail';
import { secretServersFor } from '../../../../shared/model/account';
import { getBridge } from '../../bridge/bridge';
import { useAccounts } from '../../data/hooks';
import { describeError } from '../../ui/errors';
import { newAccountId } from '../accounts/save-account';
import { jobStarted } from './job-store';

const SECURITY = { tls: 'SSL/TLS', starttls: 'STARTTLS', none: 'no encryption' } as const;

/** "keeps mail on the server for 14 days" and the like, from the account's retention. */
export function retentionWords(a: ThunderbirdAccountInfo['account']): string {
  const r = a.retention;
  if (r.mode === 'delete') return 'deletes mail from the server once downloaded';
  const keep = r.keepDays === null ? 'keeps mail on the server' : `keeps mail on the server for ${r.keepDays} ${r.keepDays === 1 ? 'day' : 'days'}`;
  return r.deleteWhenDeletedHere ? `${keep}, and deletes it there when deleted here` : keep;
}

const folderNames = (folders: ReadonlyArray<{ path: readonly string[] }>) => folders.map((f) => f.path.join('/')).join(', ');

export function ThunderbirdMove({ busy }: { readonly busy: boolean }) {
  const id = useId();
  const accounts = useAccounts();
  const bridge = getBridge();
  const [profiles, setProfiles] = useState<ThunderbirdProfileInfo[] | null>(null);
  const [contents, setContents] = useState<ThunderbirdProfileContents | null>(null);
  const [picked, setPicked] = useState<Record<string, string | null>>({});
  const [local, setLocal] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);

  const fail = (e: Parameters<typeof describeError>[0]) => {
    const words = describeError(e);
    setError(`${words.title}: ${words.message}`);
  };
  const open = async (dir: string) => {
    setError(null);
    setContents(null);
    const r = await bridge.call('readThunderbirdProfile', { dir });
    if (!r.ok) return fail(r.error);
    setContents(r.value);
    setPicked(Object.fromEntries(r.value.accounts.map((a) => [a.key, null])));
    setLocal(false);
  };
  const find = async () => {
    setError(null);
    const r = await bridge.call('findThunderbird');
    if (!r.ok) return fail(r.error);
    setProfiles(r.value);
    const first = r.value.find((p) => p.isDefault && p.exists) ?? r.value.find((p) => p.exists);
    if (first) await open(first.dir);
  };
  const choose = async () => {
    setError(null);
    const r = await bridge.call('chooseThunderbirdProfile');
    if (!r.ok) return fail(r.error);
    if (r.value === null) return;
    setProfiles((list) => [...(list ?? []).filter((p) => p.dir !== r.value?.dir), r.value as ThunderbirdProfileInfo]);
    await open(r.value.dir);
  };

  const chosen = contents?.accounts.filter((a) => picked[a.key] !== null && picked[a.key] !== undefined) ?? [];
  const localInto = chosen.length > 0 ? null : (accounts?.[0]?.id ?? null);
  const start = async () => {
    if (!contents) return;
    setError(null);
    const missing = chosen.find((a) => (picked[a.key] ?? '') === '');
    if (missing) return setError(`Enter the password for ${missing.account.identity.address}: Heron does not read Thunderbird's saved passwords.`);
    setWorking(true);
    try {
      const storage = await bridge.call('secretStorageStatus');
      const persist = storage.ok && storage.value.backend === 'os' && storage.value.encryptionAvailable;
      const ids: Array<{ key: string; accountId: string }> = [];
      for (const a of chosen) {
        const accountId = newAccountId();
        const set = await bridge.call('setPassword', { accountId, slot: 'incoming', password: picked[a.key] as string, persist, servers: secretServersFor(a.account, 'incoming') });
        if (!set.ok) return fail(set.error);
        ids.push({ key: a.key, accountId });
      }
      const into = local ? (ids[0]?.accountId ?? localInto) : null;
      const r = await bridge.call('importThunderbird', { dir: contents.dir, accounts: ids, localFoldersInto: into });
      if (!r.ok) return fail(r.error);
      if (r.value.jobId !== null) {
        jobStarted(r.value.jobId);
        setContents(null);
        setProfiles(null);
      }
    } finally {
      setWorking(false);
    }
  };

  return (
    <fieldset className="field-group" aria-labelledby={`${id}-legend`}>
      <legend id={`${id}-legend`}>Move from Thunderbird</legend>
      <p className="muted">
        Heron finds Thunderbird’s profiles, sets up its POP3 accounts with their servers and settings, imports their folders, and remembers what
        Thunderbird already downloaded, so nothing is downloaded twice. Passwords are asked for here.
      </p>
      <div className="button-row">
        <button type="button" className="button" disabled={busy || working} onClick={() => void find()}>
          Find Thunderbird profiles
        </button>
        <button type="button" className="button" disabled={busy || working} onClick={() => void choose()}>
          Choose a profile folder…
        </button>
      </div>
      {profiles !== null && profiles.length === 0 ? <p>No Thunderbird profile was found on this computer. Choose a profile folder (for example one copied from another computer).</p> : null}
      {profiles !== null && profiles.length > 1 ? (
        <div className="form-field">
          <label htmlFor={`${id}-profile`}>Profile</label>
          <select id={`${id}-profile`} value={contents?.dir ?? ''} onChange={(e) => void open(e.target.value)}>
            {profiles.map((p) => (
              <option key={p.dir} value={p.dir} disabled={!p.exists}>
                {p.name}
                {p.isDefault ? ' (default)' : ''}
                {p.exists ? '' : ' (folder missing)'}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {contents ? (
        <div data-testid="thunderbird-profile">
          <p>
            Profile: <strong>{contents.dir}</strong>
          </p>
          {contents.mayBeInUse ? <p className="field-error">Thunderbird seems to be running: quit it first, so its folders do not change while Heron reads them.</p> : null}
          {contents.accounts.length === 0 ? <p>This profile has no POP3 account.</p> : null}
          {contents.accounts.map((a) => {
            const on = picked[a.key] !== null && picked[a.key] !== undefined;
            const inc = a.account.incoming;
            return (
              <div key={a.key} className="thunderbird-account">
                <label className="checkbox">
                  <input type="checkbox" checked={on} onChange={(e) => setPicked((p) => ({ ...p, [a.key]: e.target.checked ? '' : null }))} />
                  <span>
                    <strong>{a.account.identity.address}</strong> — {inc.host}:{inc.port}, {SECURITY[inc.security]}, user {inc.username}; {retentionWords(a.account)}.{' '}
                    {a.folders.length > 0 ? `Folders: ${folderNames(a.folders)}.` : 'No folders.'} {a.downloaded > 0 ? `Thunderbird already downloaded ${a.downloaded} ${a.downloaded === 1 ? 'message' : 'messages'}.` : ''}
                  </span>
                </label>
                {on ? (
                  <div className="form-field nested">
                    <label htmlFor={`${id}-pw-${a.key}`}>Password for {a.account.identity.address}</label>
                    <input id={`${id}-pw-${a.key}`} type="password" autoComplete="off" value={picked[a.key] ?? ''} onChange={(e) => setPicked((p) => ({ ...p, [a.key]: e.target.value }))} />
                  </div>
                ) : null}
              </div>
            );
          })}
          {contents.localFolders && contents.localFolders.length > 0 ? (
            <label className="checkbox">
              <input type="checkbox" checked={local} disabled={chosen.length === 0 && localInto === null} onChange={(e) => setLocal(e.target.checked)} />
              Local Folders ({folderNames(contents.localFolders)}), into {chosen[0]?.account.identity.address ?? accounts?.[0]?.identity.address ?? 'an account'}
            </label>
          ) : null}
          {contents.others.length > 0 ? <p className="muted">Not imported (Heron reads POP3 mail): {contents.others.map((o) => `${o.name} (${o.type})`).join(', ')}.</p> : null}
          <div className="button-row">
            <button type="button" className="button button-primary" disabled={busy || working || (chosen.length === 0 && !local)} onClick={() => void start()}>
              Import from Thunderbird
            </button>
          </div>
        </div>
      ) : null}
      {error ? <p className="field-error">{error}</p> : null}
    </fieldset>
  );
}
