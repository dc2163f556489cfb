import { useEffect, useId, useRef, useState } from 'react';
import { visibleFileName } from '../../../../shared/ipc/calls/files';
import type { AttachmentRow } from '../../data/rows';
import { formatSize } from '../../ui/format-size';
import { decodeText, looksLikePdf, type PreviewKind } from './attachment-kinds';

type Content = { readonly url: string } | { readonly text: string; readonly truncated: boolean } | { readonly refused: string };

/**
 * An attachment shown in the app, in a modal dialog (Escape or Close returns to the message):
 *
 * - an image in an <img> from a blob: URL: an image element decodes pixels and runs nothing;
 * - text in a <pre>, as React text: markup in it is shown, never parsed;
 * - a PDF in Chromium's own viewer, in a frame whose source is a blob: URL typed application/pdf,
 *   made only from bytes that start as a PDF. Chromium refuses a PDF in a sandboxed frame, and in
 *   a frame that must take a CSP of ours, so this frame has neither: the viewer runs as Chromium's
 *   PDF extension, in its own process and origin, and the PDF's own scripts (PDFium's) see nothing
 *   of the page. The blob's type is set here, so its bytes are never read as a page; even if they
 *   were, the blob document inherits the app's CSP (no inline script). The URL is revoked on close.
 */
export function AttachmentPreview({ attachment, kind, onClose }: { attachment: AttachmentRow; kind: PreviewKind; onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [content, setContent] = useState<Content | null>(null);
  const name = visibleFileName(attachment.filename || 'attachment');

  useEffect(() => {
    const el = dialog.current;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (el && !el.open) el.showModal();
    return () => before?.focus();
  }, []);

  useEffect(() => {
    const blob = attachment.blob;
    if (!blob) return;
    let live = true;
    let url: string | null = null;
    void (async () => {
      if (kind === 'text') {
        const decoded = decodeText(new Uint8Array(await blob.arrayBuffer()));
        if (live) setContent(decoded);
        return;
      }
      if (kind === 'pdf' && !looksLikePdf(new Uint8Array(await blob.slice(0, 1024).arrayBuffer()))) {
        if (live) setContent({ refused: 'This file does not start as a PDF does, so Heron does not show it. Open it with another app, or save it.' });
        return;
      }
      const made = URL.createObjectURL(new Blob([blob], { type: kind === 'pdf' ? 'application/pdf' : attachment.contentType || 'application/octet-stream' }));
      if (live) {
        url = made;
        setContent({ url: made });
      } else URL.revokeObjectURL(made);
    })();
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [attachment, kind]);

  return (
    <dialog
      ref={dialog}
      className={`preview-dialog preview-of-${kind}`}
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="preview-head">
        <h2 id={titleId} className="preview-title">
          {name}
        </h2>
        <span className="attachment-meta">
          {formatSize(attachment.size)} · {attachment.contentType}
        </span>
        <button type="button" className="button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
      <div className="preview-body">
        {content === null ? (
          <p className="preview-note">Loading…</p>
        ) : 'refused' in content ? (
          <p className="preview-note" role="alert">
            {content.refused}
          </p>
        ) : 'text' in content ? (
          <>
            {content.truncated ? <p className="preview-note">Only the first part is shown: the file is large. Open it with another app to see all of it.</p> : null}
            <pre className="preview-text" tabIndex={0}>
              {content.text}
            </pre>
          </>
        ) : kind === 'pdf' ? (
          <iframe className="preview-pdf" src={content.url} title={`${name} (PDF)`} referrerPolicy="no-referrer" />
        ) : (
          <img className="preview-image" src={content.url} alt={name} />
        )}
      </div>
    </dialog>
  );
}
