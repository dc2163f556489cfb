import { useEffect, useRef, useState } from 'react';
import type { LogSession } from '../../../../shared/ipc/calls/connection-log';
import { sessionBody, sessionTitle } from '../../../../shared/model/connection-log-text';
import { getBridge } from '../../bridge/bridge';
import { describeError } from '../../ui/errors';

type Loaded = { readonly status: 'loading' } | { readonly status: 'failed'; readonly text: string } | { readonly status: 'ready'; readonly sessions: readonly LogSession[] };

/**
 * An account's connection log in a modal dialog: newest connection first (the one that failed,
 * when opened from an error, unfolded), each with what Heron and the server said; Copy puts the
 * whole log on the clipboard for a support request. Main recorded it redacted: no password and
 * no message content.
 */
export function ConnectionLogDialog({ accountId, address, side, onClose }: {
  readonly accountId: string;
  readonly address: string;
  /** Opened from an error on this server: its newest session is unfolded. */
  readonly side?: 'incoming' | 'outgoing';
  readonly onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [note, setNote] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  useEffect(() => {
    let live = true;
    void getBridge()
      .call('readConnectionLog', { accountId })
      .then((r) => {
        if (!live) return;
        setLoaded(r.ok ? { status: 'ready', sessions: r.value.sessions } : { status: 'failed', text: describeError(r.error).message });
      });
    return () => {
      live = false;
    };
  }, [accountId, version]);

  const copy = async () => {
    const r = await getBridge().call('copyConnectionLog', { accountId });
    setNote(r.ok ? `Copied the log (${r.value.characters.toLocaleString('en-US')} characters). Paste it into your message to your provider or administrator.` : describeError(r.error).message);
  };
  const clear = async () => {
    const r = await getBridge().call('clearConnectionLog', { accountId });
    setNote(r.ok ? 'The log is empty now.' : describeError(r.error).message);
    setVersion((n) => n + 1);
  };

  const newest = loaded.status === 'ready' ? [...loaded.sessions].reverse() : [];
  const unfold = newest.find((s) => side === undefined || s.side === side)?.id;
  return (
    <dialog ref={dialog} className="connection-log" aria-labelledby="connection-log-title" onClose={onClose} data-testid="connection-log">
      <h2 id="connection-log-title">Connection log for {address}</h2>
      <p className="field-hint">
        What Heron and your mail servers said to each other, newest first. Passwords and the contents of your messages are never recorded. “C:” is
        Heron, “S:” the server, “--” a note from Heron.
      </p>
      {loaded.status === 'loading' ? <p>Reading the log…</p> : null}
      {loaded.status === 'failed' ? <p className="field-error">{loaded.text}</p> : null}
      {loaded.status === 'ready' && newest.length === 0 ? <p>No connections recorded yet. Test the connection or get mail, then look again.</p> : null}
      <div className="connection-log-sessions">
        {newest.map((s) => (
          <details key={s.id} open={s.id === unfold} className={s.error ? 'log-session log-failed' : 'log-session'}>
            <summary>{sessionTitle(s)}</summary>
            <pre className="log-lines">{sessionBody(s)}</pre>
          </details>
        ))}
      </div>
      <p role="status" className="field-hint">
        {note}
      </p>
      <div className="button-row">
        <button type="button" className="button button-primary" onClick={() => void copy()} disabled={loaded.status !== 'ready' || newest.length === 0}>
          Copy log
        </button>
        <button type="button" className="button" onClick={() => void clear()} disabled={loaded.status !== 'ready' || newest.length === 0}>
          Clear log
        </button>
        <button type="button" className="button button-quiet" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}

/** A button that opens the account's connection log ("Show details" next to an error). */
export function ConnectionLogButton({ accountId, address, side, label = 'Show details' }: {
  readonly accountId: string;
  readonly address: string;
  readonly side?: 'incoming' | 'outgoing';
  readonly label?: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)}>
        {label}
      </button>
      {open ? <ConnectionLogDialog accountId={accountId} address={address} {...(side ? { side } : {})} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
