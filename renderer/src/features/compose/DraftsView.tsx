/** The Drafts folder: drafts newest first; opening one restores everything, attachments included. */
import { useComposeUi } from './compose-store';
import { useDrafts } from './use-compose-data';

export function DraftsView({ accountId }: { accountId: string | null }) {
  const rows = useDrafts(accountId);
  const openDraft = useComposeUi((s) => s.openDraft);
  if (rows === undefined) return <section className="drafts" aria-busy="true" aria-label="Drafts" />;
  return (
    <section className="drafts" aria-label="Drafts">
      <h2>Drafts</h2>
      {rows.length === 0 ? <p>No drafts.</p> : null}
      <ul className="drafts-list">
        {rows.map((d) => (
          <li key={d.id}>
            <button type="button" className="button button-quiet draft-open" onClick={() => openDraft(d.id)}>
              <span className="draft-subject">{d.subject || '(no subject)'}</span>{' '}
              <span className="compose-hint">
                {d.to.map((a) => a.name || a.address).join(', ') || 'no recipients yet'}
                {d.attachments.length ? ` · ${d.attachments.length} attachment${d.attachments.length > 1 ? 's' : ''}` : ''}
                {d.outboxId ? ' · in the Outbox' : ''}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
