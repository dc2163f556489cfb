/** The Outbox folder: each message waiting, sending or stuck, with its state in plain words. */
import { useEffect, useState } from 'react';
import { useUi } from '../../state/ui-store';
import { isConnectionError } from '../../ui/errors';
import { useAccounts } from '../../data/hooks';
import { ConnectionLogButton } from '../accounts/ConnectionLogDialog';
import { SignInAgain } from '../accounts/SignInAgain';
import { useComposeUi } from '../compose/compose-store';
import { describeOutboxRow } from './describe';
import { outboxActions as repo, useOutboxRows } from './use-outbox-data';

export function OutboxView({ accountId }: { accountId: string | null }) {
  const rows = useOutboxRows(accountId);
  const openDraft = useComposeUi((s) => s.openDraft);
  const navigate = useUi((s) => s.navigate);
  const accounts = useAccounts();
  // The tick only re-renders; the time is read at each render, so a new row never shows a stale count.
  const [, setTick] = useState(0);
  const now = Date.now();
  // Each second while a message counts down its undo window; else twice a minute.
  const counting = rows?.some((r) => r.state === 'queued' && r.scheduled === false && (r.sendAt ?? 0) > now) === true;
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), counting ? 1000 : 30_000);
    return () => clearInterval(t);
  }, [counting]);
  if (rows === undefined) return <section className="outbox" aria-busy="true" aria-label="Outbox" />;
  return (
    <section className="outbox" aria-label="Outbox">
      <h2>Outbox</h2>
      {rows.length === 0 ? <p>Nothing is waiting to be sent.</p> : null}
      <ul className="outbox-list">
        {rows.map((row) => {
          const words = describeOutboxRow(row, now);
          return (
            <li key={row.id} className={`outbox-item outbox-${row.state}`} aria-label={`${row.sentMeta.subject || '(no subject)'}: ${words.status}`}>
              <div className="outbox-subject">{row.sentMeta.subject || '(no subject)'}</div>
              <div className="outbox-to">To {row.envelope.to.join(', ')}</div>
              <div className="outbox-status" role="status">
                {words.status}
              </div>
              {words.detail ? <p className="outbox-detail">{words.detail}</p> : null}
              <div className="outbox-actions">
                {words.actions.includes('sign-in') ? (() => {
                  const account = accounts?.find((a) => a.id === row.accountId);
                  return account ? <SignInAgain account={account} onSignedIn={() => void repo.sendAgain(row.id)} /> : null;
                })() : null}
                {words.actions.includes('send-now') ? (
                  // A retry: the network may be back for every waiting message. A held one: just this.
                  <button type="button" className="button" onClick={() => void (row.state === 'waiting-retry' ? repo.sendAllNow() : repo.sendItemNow(row.id))}>
                    Send now
                  </button>
                ) : null}
                {words.actions.includes('send-again') ? (
                  <button type="button" className="button" onClick={() => void repo.sendAgain(row.id)}>
                    Send again
                  </button>
                ) : null}
                {words.actions.includes('stop') ? (
                  <button type="button" className="button button-quiet" onClick={() => void repo.stopTrying(row.id)}>
                    Stop trying
                  </button>
                ) : null}
                {words.actions.includes('mark-sent') ? (
                  <button type="button" className="button" onClick={() => void repo.markAsSent(row.id)}>
                    Mark as sent
                  </button>
                ) : null}
                {words.actions.includes('edit') ? (
                  <button
                    type="button"
                    className="button button-quiet"
                    onClick={() =>
                      void repo.edit(row.id).then((draftId) => {
                        if (draftId) openDraft(draftId);
                      })
                    }
                  >
                    Edit
                  </button>
                ) : null}
                {words.actions.includes('cancel') ? (
                  <button type="button" className="button button-quiet" onClick={() => void repo.edit(row.id)}>
                    Cancel sending
                  </button>
                ) : null}
                {row.lastError && row.state !== 'sent' && isConnectionError(row.lastError.code) ? (
                  <ConnectionLogButton accountId={row.accountId} address={row.envelope.from} side="outgoing" />
                ) : null}
                {words.actions.includes('settings') ? (
                  <button type="button" className="button button-quiet" onClick={() => navigate({ name: 'settings' })}>
                    Account settings
                  </button>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
