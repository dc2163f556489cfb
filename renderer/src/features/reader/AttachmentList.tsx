import { useState } from 'react';
import { isExecutableName, visibleFileName } from '../../../../shared/ipc/calls/files';
import { getBridge } from '../../bridge/bridge';
import type { AttachmentRow } from '../../data/rows';
import { describeError } from '../../ui/errors';
import { formatSize } from '../../ui/format-size';
import { isAttachedMessage, previewKind, type PreviewKind } from './attachment-kinds';
import { AttachmentPreview } from './AttachmentPreview';

type Action = 'open' | 'save';
type ItemState =
  | { kind: 'idle' }
  | { kind: 'confirm'; action: Action }
  | { kind: 'busy'; action: Action }
  | { kind: 'done'; text: string }
  | { kind: 'error'; text: string };

interface ItemProps {
  readonly a: AttachmentRow;
  onPreview(a: AttachmentRow, kind: PreviewKind): void;
  onOpenMessage?: (a: AttachmentRow) => void;
}

function AttachmentItem({ a, onPreview, onOpenMessage }: ItemProps) {
  const [state, setState] = useState<ItemState>({ kind: 'idle' });
  const fileName = a.filename || 'attachment';
  const shown = visibleFileName(fileName);
  const risky = isExecutableName(a.filename);
  const kind = previewKind(a);
  const message = onOpenMessage !== undefined && isAttachedMessage(a);

  const run = async (action: Action) => {
    if (!a.blob) return;
    setState({ kind: 'busy', action });
    const bytes = new Uint8Array(await a.blob.arrayBuffer());
    const bridge = getBridge();
    if (action === 'save') {
      const result = await bridge.call('saveAttachment', { fileName, contentType: a.contentType, bytes });
      if (!result.ok) setState({ kind: 'error', text: `${describeError(result.error).title}: ${result.error.message}` });
      else if (result.value.saved) setState({ kind: 'done', text: `Saved as ${result.value.fileName ?? shown}` });
      else setState({ kind: 'idle' });
      return;
    }
    // Only a program the person confirmed goes with allowProgram (main checks the name too).
    const result = await bridge.call('openAttachment', { fileName, contentType: a.contentType, bytes, allowProgram: risky });
    if (result.ok) setState({ kind: 'done', text: `Opened ${result.value.fileName}` });
    else setState({ kind: 'error', text: `${describeError(result.error).title}: ${result.error.message}` });
  };
  const ask = (action: Action) => (risky ? setState({ kind: 'confirm', action }) : void run(action));

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
          <button type="button" className="button button-danger" onClick={() => void run(state.action)}>
            {state.action === 'open' ? 'Open anyway' : 'Save anyway'}
          </button>
          <button type="button" className="button" onClick={() => setState({ kind: 'idle' })}>
            Cancel
          </button>
        </span>
      ) : (
        <span className="attachment-actions">
          {kind ? (
            <button type="button" className="button button-quiet" aria-label={`Preview ${shown}`} onClick={() => onPreview(a, kind)}>
              Preview
            </button>
          ) : null}
          <button
            type="button"
            className="button button-quiet"
            aria-label={`Open ${shown}`}
            title={message ? 'Read this message here' : 'Open with the app your system uses for this kind of file'}
            disabled={state.kind === 'busy'}
            onClick={() => (message ? onOpenMessage?.(a) : ask('open'))}
          >
            {state.kind === 'busy' && state.action === 'open' ? 'Opening…' : 'Open'}
          </button>
          <button type="button" className="button button-quiet" disabled={state.kind === 'busy'} aria-label={`Save ${shown}`} onClick={() => ask('save')}>
            {state.kind === 'busy' && state.action === 'save' ? 'Saving…' : 'Save'}
          </button>
        </span>
      )}
      {state.kind === 'done' ? <span role="status">{state.text}</span> : null}
      {state.kind === 'error' ? <span role="alert">{state.text}</span> : null}
    </li>
  );
}

/**
 * The message's attachments: preview (images, text, PDF), open with the system's app, save; an
 * attached message opens in the reader when `onOpenMessage` is given. Inline images the body
 * shows are not listed.
 */
export function AttachmentList({ attachments, onOpenMessage }: { attachments: readonly AttachmentRow[]; onOpenMessage?: (a: AttachmentRow) => void }) {
  const [previewing, setPreviewing] = useState<{ a: AttachmentRow; kind: PreviewKind } | null>(null);
  const files = attachments.filter((a) => !a.inline || !a.contentId);
  if (files.length === 0) return null;
  return (
    <section className="attachments" aria-label="Attachments">
      <h3 className="visually-hidden">Attachments</h3>
      <ul>
        {files.map((a) => (
          <AttachmentItem key={a.id} a={a} onPreview={(row, kind) => setPreviewing({ a: row, kind })} {...(onOpenMessage ? { onOpenMessage } : {})} />
        ))}
      </ul>
      {previewing ? <AttachmentPreview attachment={previewing.a} kind={previewing.kind} onClose={() => setPreviewing(null)} /> : null}
    </section>
  );
}
