/**
 * Settings › What is on the server (issue 20): per account, the server's mailbox as the last check
 * left it — how many messages and how big, which are here and which not (and why), and when the
 * account's mode deletes each there, and why. Warns when messages left the server between checks
 * without Heron deleting them (another program or device is taking this mailbox's mail).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState } from 'react';
import { serverView } from '../../../../shared/model/server-view';
import { getDb } from '../../data/db';
import { useAccounts } from '../../data/hooks';
import { serverStateOf } from '../../data/server-state';
import { formatSize } from '../../ui/format-size';
import { tryUndownloadedAgain } from '../fetch/use-fetch-data';
import { AccountSelect } from './AccountSelect';
import './own-mail.css';

const when = (at: number | null) => (at === null ? 'never' : new Date(at).toLocaleString());

export function ServerView() {
  const id = useId();
  const accounts = useAccounts();
  const [chosen, setChosen] = useState<string | null>(null);
  const account = accounts?.find((a) => a.id === chosen) ?? accounts?.[0];
  const state = useLiveQuery(() => (account ? serverStateOf(getDb(), account.id) : undefined), [account?.id]);
  if (!accounts || accounts.length === 0 || !account) return null;
  const view = state ? serverView(state.entries, account.retention) : null;
  const failed = state?.entries.filter((e) => e.status === 'failed').length ?? 0;
  return (
    <section aria-labelledby={`${id}-title`} className="server-view">
      <h2 id={`${id}-title`}>What is on the server</h2>
      <AccountSelect id={`${id}-account`} label="Account" accounts={accounts} value={account.id} onChange={setChosen} />
      {state && view ? (
        <div data-testid="server-view">
          <p>
            {state.row?.lastCheckFinishedAt ? `At the last check (${when(state.row.lastCheckFinishedAt)}), ` : 'Not checked yet. From what Heron remembers, '}
            {account.incoming.host} holds {view.count} {view.count === 1 ? 'message' : 'messages'} Heron knows ({formatSize(view.size)}): {view.here} here, {view.notHere} not.
          </p>
          {state.row?.unidentified ? <p className="field-error">{state.row.unidentified} more have no id from the server (no UIDL), so Heron leaves them there and cannot tell them apart.</p> : null}
          {state.row?.vanished ? (
            <p className="field-error" data-testid="server-vanished">
              {state.row.vanished.count} {state.row.vanished.count === 1 ? 'message' : 'messages'} left the server before the check of {when(state.row.vanished.at)} without Heron deleting{' '}
              {state.row.vanished.count === 1 ? 'it' : 'them'}: another mail program or device may be downloading this mailbox and deleting what it downloads.
            </p>
          ) : null}
          {failed > 0 ? (
            <button type="button" className="button" onClick={() => void tryUndownloadedAgain(account.id)}>
              Download now the {failed} not downloaded
            </button>
          ) : null}
          {view.count > 0 ? (
            <table className="server-table">
              <thead>
                <tr>
                  <th scope="col">Message</th>
                  <th scope="col">Size</th>
                  <th scope="col">Here</th>
                  <th scope="col">On the server</th>
                </tr>
              </thead>
              <tbody>
                {view.rows.map((r) => (
                  <tr key={`${r.uidl}:${r.localId}`}>
                    <td>
                      {state.subjects.get(r.localId) ?? '(not here)'}
                      <br />
                      <code className="muted">{r.uidl}</code>
                    </td>
                    <td>{r.size > 0 ? formatSize(r.size) : '—'}</td>
                    <td>{r.state}</td>
                    <td>{r.deletion}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
