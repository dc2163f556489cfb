import { useState } from 'react';
import { isExecutableName, visibleFileName } from '../../../../shared/ipc/calls/files';
import { getBridge } from '../../bridge/bridge';
import type { AttachmentRow } from '../../data/rows';
import { describeError } from '../../ui/errors';
import { formatSize } from '../inbox/format';

type SaveState = { kind: 'idle' } | { kind: 'confirm' } | { kind: 'saving' } | { kind: 'saved'; name: string } | { kind: 'error'; text: string };

function AttachmentItem({ a }: { a: AttachmentRow }) {
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const shown = visibleFileName(a.filename || 'attachment');
  const risky = isExecutableName(a.filename);

  const save = async () => {
    if (!a.blob) return;
    setState({ kind: 'saving' });
    const result = await getBridge().call('saveAttachment', {
      fileName: a.filename || 'attachment',
      contentType: a.contentType,
      bytes: new Uint8Array(await a.blob.arrayBuffer()),
    });
    if (!result.ok) setState({ kind: 'error', text: `${describeError(result.error).title}: ${result.error.message}` });
    else if (result.value.saved) setState({ kind: 'saved', name: result.value.fileName ?? shown });
    else setState({ kind: 'idle' });
  };

  return (
    <li className="attachment" data-filename={a.filename}>
      <span className="attachment-name" title={shown}>
        {shown}
      </span>
      <span className="attachment-meta">
        {formatSize(a.size)} · {a.contentType}
      </span>
      {a.blob === null ? (
        <span className="attachment-note">Not stored (too large)</span>
      ) : state.kind === 'confirm' ? (
        <span className="attachment-confirm" role="alert">
          “{shown}” is a program or script: opening it could run code on this computer.
          <button type="button" className="button button-danger" onClick={() => void save()}>
            Save anyway
          </button>
          <button type="button" className="button" onClick={() => setState({ kind: 'idle' })}>
            Cancel
          </button>
        </span>
      ) : (
        <button
          type="button"
          className="button button-quiet"
          disabled={state.kind === 'saving'}
          aria-label={`Save ${shown}`}
          onClick={() => (risky ? setState({ kind: 'confirm' }) : void save())}
        >
          {state.kind === 'saving' ? 'Saving…' : 'Save'}
        </button>
      )}
      {state.kind === 'saved' ? <span role="status">Saved as {state.name}</span> : null}
      {state.kind === 'error' ? <span role="alert">{state.text}</span> : null}
    </li>
  );
}

/** The message's attachments (inline images shown in the body are listed too: they are files). */
export function AttachmentList({ attachments }: { attachments: readonly AttachmentRow[] }) {
  const files = attachments.filter((a) => !a.inline || !a.contentId);
  if (files.length === 0) return null;
  return (
    <section className="attachments" aria-label="Attachments">
      <h3 className="visually-hidden">Attachments</h3>
      <ul>
        {files.map((a) => (
          <AttachmentItem key={a.id} a={a} />
        ))}
      </ul>
    </section>
  );
}
