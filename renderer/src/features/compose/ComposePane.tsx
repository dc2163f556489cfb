/**
 * The compose pane: From, To/Cc/Bcc chips, Subject, the body (rich or plain), attachments by
 * picker or drag and drop, warnings (attachment reminder, size limit, many visible recipients),
 * drafts saved a few seconds after each change and on close, and Send into the Outbox.
 * Keyboard: Ctrl+Enter (Cmd+Enter on macOS) sends, Esc closes and keeps the draft. An answer opens
 * with the caret at the top of the body; a new message, in To.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { SmtpCapabilitiesDto } from '../../../../shared/ipc/calls/send';
import { asSerializedError, type SerializedError } from '../../../../shared/ipc/result';
import { getBridge } from '../../bridge/bridge';
import { useAccounts } from '../../data/hooks';
import type { DraftRow } from '../../data/rows';
import { describeError } from '../../ui/errors';
import { formatSize } from '../../ui/format-size';
import { addressError, suggestBcc } from './addresses';
import { estimatedMessageSize, fromDroppedFile, readPicked } from './attach';
import type { sizeLimit } from './capabilities';
import { useComposeUi } from './compose-store';
import { sanitizeComposeHtml } from './editor-html';
import { RecipientField } from './RecipientField';
import { needsAttachmentReminder } from './reminder';
import { textToEditorHtml } from './reply';
import { RichEditor } from './RichEditor';
import { SendLaterPicker } from './SendLaterPicker';
import { discardDraft, outgoingCapabilities, outgoingSizeLimit, saveDraft, sendDraft, takeBackFromOutbox, useDraft } from './use-compose-data';
import './compose.css';

export const DRAFT_SAVE_DELAY_MS = 2000;

export function ComposePane({ draftId }: { draftId: string }) {
  const stored = useDraft(draftId);
  if (stored === undefined) return <section className="compose" aria-busy="true" aria-label="New message" />;
  return <ComposeForm key={draftId} initial={stored} />;
}

/** Why this draft cannot be sent as it is, or null. */
function sendBlocker(d: DraftRow, smtpUtf8: boolean): 'no-recipients' | { invalid: string } | null {
  if (d.to.length + d.cc.length + d.bcc.length === 0) return 'no-recipients';
  const invalid = [...d.to, ...d.cc, ...d.bcc].find((a) => addressError(a.address, { smtpUtf8 }) !== null);
  return invalid ? { invalid: invalid.address } : null;
}

function ComposeForm({ initial }: { initial: DraftRow }) {
  const accounts = useAccounts() ?? [];
  const close = useComposeUi((s) => s.close);
  const [draft, setDraft] = useState<DraftRow>(initial);
  const [showCcBcc, setShowCcBcc] = useState(initial.cc.length + initial.bcc.length > 0);
  const [caps, setCaps] = useState<SmtpCapabilitiesDto | null>(null);
  const [limit, setLimit] = useState<Awaited<ReturnType<typeof sizeLimit>>>(null);
  const [error, setError] = useState<SerializedError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // The attachment reminder is up; it remembers whether Send or Send later asked.
  const [confirmReminder, setConfirmReminder] = useState<{ later: number | null } | null>(null);
  const [laterOpen, setLaterOpen] = useState(false);
  const [saved, setSaved] = useState(true);
  const latest = useRef(draft);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const account = accounts.find((a) => a.id === draft.accountId);
  const inOutbox = draft.outboxId !== null;
  // An answer (or a draft that already has its recipients) is written in the body; a new message starts with To.
  const [startInBody] = useState(initial.sourceMessageId !== null || initial.to.length > 0);

  const save = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const d = latest.current;
    const html = d.html === null ? null : sanitizeComposeHtml(d.html);
    await saveDraft({ ...d, html, updatedAt: Date.now() });
    setSaved(true);
  }, []);

  const update = (patch: Partial<DraftRow>) => {
    const next = { ...latest.current, ...patch };
    latest.current = next;
    setDraft(next);
    setSaved(false);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), DRAFT_SAVE_DELAY_MS);
  };

  // Saved on close (unmount) too, so nothing typed in the last seconds is lost.
  useEffect(
    () => () => {
      if (timer.current) void save();
    },
    [save],
  );

  useEffect(() => {
    if (!account) return;
    void outgoingCapabilities(account).then(setCaps);
    void outgoingSizeLimit(account).then(setLimit);
  }, [account]);

  const attachmentBytes = draft.attachments.reduce((n, a) => n + a.size, 0);
  const estimate = estimatedMessageSize(draft.text.length + (draft.html?.length ?? 0), attachmentBytes);
  const overLimit = limit?.size != null && estimate > limit.size;
  const smtpUtf8 = caps?.smtpUtf8 === true;
  const blocker = sendBlocker(draft, smtpUtf8);
  const invalid = blocker !== null && blocker !== 'no-recipients' ? blocker.invalid : null;

  const pick = async () => {
    setError(null);
    const bridge = getBridge();
    const picked = await bridge.call('pickAttachments');
    if (!picked.ok) return setError(picked.error);
    try {
      for (const p of picked.value) {
        setBusy(`Attaching ${p.filename}…`);
        const row = await readPicked(
          { readAttachmentChunk: (i) => bridge.call('readAttachmentChunk', i), releaseAttachment: (i) => bridge.call('releaseAttachment', i) },
          p,
        );
        update({ attachments: [...latest.current.attachments, row] });
      }
    } catch (e) {
      setError(asSerializedError(e));
    } finally {
      setBusy(null);
    }
  };

  const drop = (files: FileList) => {
    setError(null);
    try {
      const rows = [...files].map(fromDroppedFile);
      update({ attachments: [...latest.current.attachments, ...rows] });
    } catch (e) {
      setError(asSerializedError(e));
    }
  };

  /** Send (held for the undo window), or with `later`, Send later at that time. */
  const send = async (skipReminder = false, later: number | null = null) => {
    setError(null);
    setLaterOpen(false);
    if (!skipReminder && needsAttachmentReminder(latest.current.text, latest.current.attachments.length)) {
      setConfirmReminder({ later });
      return;
    }
    setConfirmReminder(null);
    setBusy('Putting the message in the Outbox…');
    try {
      await save();
      await sendDraft(latest.current.id, { smtpUtf8: caps?.smtpUtf8 === true, ...(later === null ? {} : { later }) });
      close();
    } catch (e) {
      setError(asSerializedError(e));
    } finally {
      setBusy(null);
    }
  };

  const closeKeepingDraft = () => void save().then(close);

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
      // Fields had their own Enter first (a half-typed address became a chip), so check what is there now.
      e.preventDefault();
      if (!inOutbox && busy === null && sendBlocker(latest.current, smtpUtf8) === null) void send();
    } else if (e.key === 'Escape' && busy === null) {
      // A field that uses Esc itself (suggestions, the link bar) stops it before it gets here.
      e.preventDefault();
      closeKeepingDraft();
    }
  };

  const editFromOutbox = async () => {
    if (!draft.outboxId) return;
    const back = await takeBackFromOutbox(draft.outboxId);
    if (back === null) setError({ code: 'EBUSY', message: 'The message is being sent right now; wait a moment.', retryable: true });
    else update({ outboxId: null });
  };

  const words = error ? describeError(error) : null;
  return (
    <section
      className="compose"
      aria-label={draft.subject ? `Message: ${draft.subject}` : 'New message'}
      onKeyDown={onKeyDown}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        if (e.dataTransfer.files.length) {
          e.preventDefault();
          drop(e.dataTransfer.files);
        }
      }}
    >
      <header className="compose-header">
        <h2>{draft.subject || 'New message'}</h2>
        <span className="compose-saved" aria-live="polite">
          {saved ? 'Draft saved' : 'Editing'}
        </span>
        <button type="button" className="button button-quiet" title="Close (Esc); the draft is kept" onClick={closeKeepingDraft}>
          Close
        </button>
      </header>
      {inOutbox ? (
        <div className="notice" role="status">
          This message is in the Outbox.{' '}
          <button type="button" className="button" onClick={() => void editFromOutbox()}>
            Take it out of the Outbox to edit
          </button>
        </div>
      ) : null}
      <fieldset className="compose-fields" disabled={inOutbox || busy !== null}>
        <div className="compose-row">
          <label className="compose-label" htmlFor="compose-from">
            From
          </label>
          <select
            id="compose-from"
            value={draft.accountId}
            onChange={(e) => {
              const a = accounts.find((x) => x.id === e.target.value);
              if (a) update({ accountId: a.id, from: { name: a.identity.name, address: a.identity.address }, replyTo: a.identity.replyTo ? { name: '', address: a.identity.replyTo } : null });
            }}
          >
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.identity.name ? `${a.identity.name} <${a.identity.address}>` : a.identity.address}
              </option>
            ))}
          </select>
          {!showCcBcc ? (
            <button type="button" className="button button-quiet" onClick={() => setShowCcBcc(true)}>
              Cc/Bcc
            </button>
          ) : null}
        </div>
        <RecipientField label="To" value={draft.to} onChange={(to) => update({ to })} smtpUtf8={smtpUtf8} autoFocus={!startInBody} />
        {showCcBcc ? (
          <>
            <RecipientField label="Cc" value={draft.cc} onChange={(cc) => update({ cc })} smtpUtf8={smtpUtf8} />
            <RecipientField label="Bcc" value={draft.bcc} onChange={(bcc) => update({ bcc })} smtpUtf8={smtpUtf8} />
          </>
        ) : null}
        {suggestBcc(draft.to, draft.cc) ? (
          <p className="notice" role="status">
            {draft.to.length + draft.cc.length} people will see one another’s addresses. Put them in Bcc to keep their addresses private.{' '}
            <button type="button" className="button" onClick={() => (setShowCcBcc(true), update({ bcc: [...draft.bcc, ...draft.to, ...draft.cc], to: [], cc: [] }))}>
              Move everyone to Bcc
            </button>
          </p>
        ) : null}
        <div className="compose-row">
          <label className="compose-label" htmlFor="compose-subject">
            Subject
          </label>
          <input id="compose-subject" value={draft.subject} maxLength={2000} onChange={(e) => update({ subject: e.target.value.replace(/[\r\n]+/g, ' ') })} />
        </div>
        <div className="compose-row">
          <label>
            <input type="checkbox" checked={draft.plainTextMode} onChange={(e) => update({ plainTextMode: e.target.checked })} /> Plain text only
          </label>
        </div>
        {draft.plainTextMode ? (
          // Edited as plain text, the formatted version is out of date: rich text starts again from this text.
          <textarea className="compose-plain" aria-label="Message text" autoFocus={startInBody} value={draft.text} onChange={(e) => update({ text: e.target.value, html: null })} />
        ) : (
          <RichEditor
            label="Message text"
            initialHtml={draft.html ?? textToEditorHtml(draft.text)}
            onChange={(html, text) => update({ html, text })}
            autoFocus={startInBody}
            disabled={inOutbox || busy !== null}
          />
        )}
        <div className="compose-attachments">
          <button type="button" className="button" onClick={() => void pick()}>
            Attach files…
          </button>
          <span className="compose-hint">or drop files here</span>
          {draft.attachments.length ? (
            <ul aria-label="Attachments">
              {draft.attachments.map((a) => (
                <li key={a.id}>
                  {a.filename} <span className="compose-hint">({formatSize(a.size)})</span>{' '}
                  <button type="button" className="button button-quiet" aria-label={`Remove ${a.filename}`} onClick={() => update({ attachments: latest.current.attachments.filter((x) => x.id !== a.id) })}>
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          {draft.attachments.length ? <p className="compose-hint">Total {formatSize(attachmentBytes)}</p> : null}
          {overLimit && limit?.size ? (
            <p className="notice notice-warning" role="alert">
              This message will be about {formatSize(estimate)}; the server accepts at most {formatSize(limit.size)}
              {limit.learnedAt !== null ? ` (as it said on ${new Date(limit.learnedAt).toLocaleDateString()}; it cannot be reached now)` : ''}. Remove or shrink an attachment, or the server
              will refuse it.
            </p>
          ) : null}
        </div>
      </fieldset>
      {confirmReminder ? (
        <div className="notice notice-warning" role="alertdialog" aria-label="Attachment reminder">
          The message mentions an attachment, but nothing is attached.{' '}
          <button type="button" className="button" onClick={() => (setConfirmReminder(null), void pick())}>
            Attach files…
          </button>{' '}
          <button type="button" className="button button-quiet" onClick={() => void send(true, confirmReminder.later)}>
            Send anyway
          </button>
        </div>
      ) : null}
      {laterOpen ? <SendLaterPicker onChoose={(at) => void send(false, at)} onCancel={() => setLaterOpen(false)} /> : null}
      {words ? (
        <div className="notice notice-error" role="alert">
          <strong>{words.title}</strong> {words.message} <span className="compose-hint">{words.hint}</span>
        </div>
      ) : null}
      {busy ? <p role="status">{busy}</p> : null}
      <footer className="compose-footer">
        <button type="button" className="button button-primary" title="Send (Ctrl+Enter)" disabled={inOutbox || busy !== null || blocker !== null} onClick={() => void send()}>
          Send
        </button>
        <button
          type="button"
          className="button"
          aria-expanded={laterOpen}
          disabled={inOutbox || busy !== null || blocker !== null}
          onClick={() => setLaterOpen((open) => !open)}
        >
          Send later…
        </button>
        {invalid !== null ? <span className="field-error">Fix the address “{invalid}” before sending.</span> : null}
        <button type="button" className="button button-quiet" disabled={inOutbox} onClick={() => void discardDraft(draft.id).then(() => (timer.current && clearTimeout(timer.current), (timer.current = null), close()))}>
          Discard
        </button>
      </footer>
    </section>
  );
}
