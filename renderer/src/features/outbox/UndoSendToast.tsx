/**
 * "Sending in 8 s — Undo": one line per message still in its undo window. Undo takes the message
 * out of the Outbox and reopens it in compose exactly as it was sent. It reads the Outbox itself,
 * so it is there again after a reload while the window lasts.
 */
import { useEffect, useState } from 'react';
import { inUndoWindow } from '../../../../shared/model/outbox';
import type { OutboxRow } from '../../data/rows';
import { useUi } from '../../state/ui-store';
import { useComposeUi } from '../compose/compose-store';
import { outboxActions, useHeldForUndo } from './use-outbox-data';

const TICK_MS = 250;

export function UndoSendToast() {
  const held = useHeldForUndo();
  // The tick only re-renders; the time is read at each render, so a bar that appears counts from the right second.
  const [, setTick] = useState(0);
  const now = Date.now();
  const [tooLate, setTooLate] = useState<string | null>(null);
  const openDraft = useComposeUi((s) => s.openDraft);
  const navigate = useUi((s) => s.navigate);
  const waiting = (held ?? []).filter((r) => inUndoWindow({ ...r, raw: new Uint8Array(0), status: r.state }, now));
  const ticking = (held?.length ?? 0) > 0;
  useEffect(() => {
    if (!ticking) return;
    const t = setInterval(() => setTick((n) => n + 1), TICK_MS);
    return () => clearInterval(t);
  }, [ticking]);
  useEffect(() => {
    if (tooLate === null) return;
    const t = setTimeout(() => setTooLate(null), 6_000);
    return () => clearTimeout(t);
  }, [tooLate]);

  const undo = async (row: OutboxRow) => {
    const draftId = await outboxActions.edit(row.id);
    if (draftId === null) return setTooLate(`Too late to undo “${subjectOf(row)}”: it is being sent.`);
    navigate({ name: 'mail' });
    openDraft(draftId);
  };

  if (waiting.length === 0 && tooLate === null) return null;
  return (
    <div className="undo-send" role="region" aria-label="Undo send">
      {waiting.map((row) => {
        const left = Math.max(1, Math.ceil(((row.sendAt ?? now) - now) / 1000));
        return (
          <div key={row.id} className="undo-send-item" role="status">
            <span>
              Sending “{subjectOf(row)}” in {left} s
            </span>
            <button type="button" className="button button-primary" onClick={() => void undo(row)}>
              Undo
            </button>
            <button type="button" className="button button-quiet" onClick={() => void outboxActions.sendItemNow(row.id)}>
              Send now
            </button>
          </div>
        );
      })}
      {tooLate ? (
        <div className="undo-send-item" role="alert">
          {tooLate}
        </div>
      ) : null}
    </div>
  );
}

function subjectOf(row: OutboxRow): string {
  return row.sentMeta.subject || '(no subject)';
}
