/**
 * Settings › What is on the server (issue 20): per account, the server's mailbox as the last check
 * left it — how many messages and how big, which are here and which not (and why), and when the
 * account's mode deletes each there, and why. Warns when messages left the server between checks
 * without Heron deleting them (another program or device is taking this mailbox's mail), and when
 * the provider limits POP sessions. The person can select messages and delete them from the server
 * now, or download them now; the account's Get mail does either (server-actions.ts).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState } from 'react';
import { modeWords, serverView } from '../../../../shared/model/server-view';
import { getDb } from '../../data/db';
import { useAccounts } from '../../data/hooks';
import { deletableWithoutConfirm, downloadable } from '../../data/server-asks';
import { serverStateOf } from '../../data/server-state';
import { formatSize } from '../../ui/format-size';
import { useAccountFetchStatus } from '../fetch/fetch-status';
import { tryUndownloadedAgain } from '../fetch/use-fetch-data';
import { AccountSelect } from './AccountSelect';
import { ProviderWarnings } from './ProviderWarnings';
import { askAndCheck } from './server-actions';
import { ServerDeleteDialog } from './ServerDeleteDialog';
import { ServerTable } from './ServerTable';
import './own-mail.css';

const when = (at: number | null) => (at === null ? 'never' : new Date(at).toLocaleString());
const messages = (n: number) => `${n} ${n === 1 ? 'message' : 'messages'}`;

export function ServerView() {
  const id = useId();
  const accounts = useAccounts();
  const [chosen, setChosen] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [said, setSaid] = useState<string | null>(null);
  const account = accounts?.find((a) => a.id === chosen) ?? accounts?.[0];
  const state = useLiveQuery(() => (account ? serverStateOf(getDb(), account.id) : undefined), [account?.id]);
  const status = useAccountFetchStatus(account?.id ?? '');
  if (!accounts || accounts.length === 0 || !account) return null;
  const row = state?.row ?? null;
  const view = state ? serverView(state.entries, account.retention, { finishedAt: row?.lastCheckFinishedAt ?? null, error: row?.lastError ?? null }) : null;
  const failed = state?.entries.filter((e) => e.status === 'failed').length ?? 0;
  const chosenEntries = state?.entries.filter((e) => selected.has(e.localId) && e.status !== 'deleted-on-server') ?? [];
  const here = chosenEntries.filter(deletableWithoutConfirm);
  const notHere = chosenEntries.filter((e) => !deletableWithoutConfirm(e));
  const toDownload = chosenEntries.filter(downloadable);
  const running = status.fetchId !== null;
  const name = (localId: string) => state?.subjects.get(localId) ?? '(not downloaded)';

  const select = (ids: readonly string[], on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      for (const i of ids) if (on) next.add(i);
      else next.delete(i);
      return next;
    });
  const act = async (ids: readonly string[], action: 'delete' | 'download', confirmedGone = false) => {
    setConfirming(false);
    const result = await askAndCheck(account.id, ids, action, confirmedGone);
    setSelected(new Set());
    setSaid(
      result.asked === 0
        ? 'Nothing to do for the selected messages.'
        : action === 'delete'
          ? `Asked ${account.incoming.host} to delete ${messages(result.asked)}: Heron checks the account now, and the table shows what the check did.`
          : `Asked ${account.incoming.host} for ${messages(result.asked)} whole: Heron checks the account now, and the table shows what the check did.`,
    );
  };
  const deleteNow = () => {
    if (notHere.length > 0) setConfirming(true);
    else void act(here.map((e) => e.localId), 'delete');
  };

  return (
    <section aria-labelledby={`${id}-title`} className="server-view">
      <h2 id={`${id}-title`}>What is on the server</h2>
      <AccountSelect
        id={`${id}-account`}
        label="Account"
        accounts={accounts}
        value={account.id}
        onChange={(a) => {
          setChosen(a);
          setSelected(new Set());
          setSaid(null);
        }}
      />
      {state && view ? (
        <div data-testid="server-view">
          <p>
            {row?.lastCheckFinishedAt ? `At the last check (${when(row.lastCheckFinishedAt)}), ` : 'Not checked yet. From what Heron remembers, '}
            {account.incoming.host} holds {view.count} {view.count === 1 ? 'message' : 'messages'} Heron knows ({formatSize(view.size)}): {view.here} here, {view.notHere} not.
            {view.deleted > 0 ? ` ${messages(view.deleted)} deleted from the server by the last check.` : ''} {modeWords(account.retention)}
          </p>
          <ProviderWarnings account={account} row={row} />
          {row?.unidentified ? <p className="field-error">{row.unidentified} more have no id from the server (no UIDL), so Heron leaves them there and cannot tell them apart.</p> : null}
          {row?.vanished ? (
            <p className="field-error" data-testid="server-vanished">
              {row.vanished.count} {row.vanished.count === 1 ? 'message' : 'messages'} left the server before the check of {when(row.vanished.at)} without Heron deleting{' '}
              {row.vanished.count === 1 ? 'it' : 'them'}: another mail program or device may be downloading this mailbox and deleting what it downloads.
            </p>
          ) : null}
          {failed > 0 ? (
            <button type="button" className="button" disabled={running} onClick={() => void tryUndownloadedAgain(account.id)}>
              Download now the {failed} not downloaded
            </button>
          ) : null}
          {view.rows.length > 0 ? (
            <>
              <div className="server-actions" role="toolbar" aria-label="Selected messages">
                <span className="muted" aria-live="polite">
                  {chosenEntries.length === 0 ? 'Select messages to delete them from the server or download them now.' : `${messages(chosenEntries.length)} selected`}
                </span>
                <button type="button" className="button" disabled={running || toDownload.length === 0} onClick={() => void act(toDownload.map((e) => e.localId), 'download')}>
                  Download now{toDownload.length > 0 ? ` (${toDownload.length})` : ''}
                </button>
                <button type="button" className="button button-danger" disabled={running || chosenEntries.length === 0} onClick={deleteNow}>
                  Delete from server now{chosenEntries.length > 0 ? ` (${chosenEntries.length})` : ''}
                </button>
              </div>
              {said ? (
                <p role="status" className="server-said">
                  {said}
                </p>
              ) : null}
              <ServerTable rows={view.rows} subjects={state.subjects} selected={selected} onSelect={select} />
            </>
          ) : null}
          {confirming ? (
            <ServerDeleteDialog
              notHere={notHere.map((e) => name(e.localId))}
              here={here.length}
              onDeleteAll={() => void act(chosenEntries.map((e) => e.localId), 'delete', true)}
              onDeleteHere={() => void act(here.map((e) => e.localId), 'delete')}
              onCancel={() => setConfirming(false)}
            />
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
