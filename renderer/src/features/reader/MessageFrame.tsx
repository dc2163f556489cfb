import { useEffect, useMemo, useState } from 'react';
import type { AttachmentRow } from '../../data/rows';
import { buildReaderDocument, READER_SANDBOX } from './sanitize';
import { log } from '../../log/logger';

interface Props {
  readonly html: string | null;
  readonly text: string | null;
  readonly attachments: readonly AttachmentRow[];
  readonly allowRemote: boolean;
  /** Mail in Junk: links lead nowhere. */
  readonly linksDisabled?: boolean;
  onBlocked(count: number, hosts: readonly string[]): void;
}

/**
 * The message body in a sandboxed frame: no allow-scripts, no allow-same-origin (READER_SANDBOX),
 * srcdoc from the sanitizer. Its height is fixed by CSS: without allow-same-origin the frame's
 * document is out of reach, and resizing after load would move what the person was clicking.
 *
 * The document is built in steps between which the window stays responsive; a large HTML body
 * shows its plain text first, then the formatted message once it is ready.
 *
 * Inline parts (cid:) become data: URLs, not object URLs: the frame's origin is opaque, and
 * Chromium refuses a blob: URL of the app's origin there ("Not allowed to load local resource").
 * Only raster types are inlined (the sanitizer's data: policy); an SVG part is left out.
 */
const RASTER = /^image\/(png|gif|jpe?g|webp|bmp|avif)$/i;
const MAX_INLINE_BYTES = 5 * 1024 * 1024;
/** HTML larger than this shows its text while the formatted message is prepared. */
const TEXT_FIRST_CHARS = 256 * 1024;

function dataUrl(blob: Blob, type: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('could not read an inline image'));
    reader.readAsDataURL(new Blob([blob], { type }));
  });
}

async function inlineImages(attachments: readonly AttachmentRow[]): Promise<Record<string, string>> {
  const map: Record<string, string> = {};
  for (const a of attachments) {
    if (!a.contentId || !a.blob || !RASTER.test(a.contentType) || a.blob.size > MAX_INLINE_BYTES) continue;
    map[a.contentId.replace(/^<|>$/g, '')] = await dataUrl(a.blob, a.contentType.toLowerCase());
  }
  return map;
}

/** A built document, with the body it was built from (a new message's body hides the old one's). */
type Shown = { srcdoc: string; preview: boolean; html: string | null; text: string | null } | null;

export function MessageFrame({ html, text, attachments, allowRemote, linksDisabled = false, onBlocked }: Props) {
  const [shown, setShown] = useState<Shown>(null);
  // The parts as stored, not the array's identity: a re-query with the same parts builds nothing.
  const partsKey = attachments.map((a) => `${a.id}\u0000${a.contentId ?? ''}\u0000${a.blob?.size ?? -1}`).join('\u0001');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on partsKey on purpose
  const parts = useMemo(() => attachments, [partsKey]);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    void (async () => {
      const cidMap = html === null ? {} : await inlineImages(parts);
      if (signal.aborted) return;
      if (html !== null && html.length > TEXT_FIRST_CHARS && text !== null && text.trim() !== '') {
        const first = await buildReaderDocument({ html: null, text, linksDisabled }, { signal });
        if (!signal.aborted) setShown({ srcdoc: first.srcdoc, preview: true, html, text });
      }
      const built = await buildReaderDocument({ html, text, allowRemote, cidMap, linksDisabled }, { signal });
      if (signal.aborted) return;
      setShown({ srcdoc: built.srcdoc, preview: false, html, text });
      onBlocked(built.blockedRemote, built.remoteHosts);
    })().catch((error: unknown) => {
      if (!signal.aborted) log.error('Could not show the message', error);
    });
    return () => controller.abort();
  }, [html, text, parts, allowRemote, linksDisabled, onBlocked]);

  const current = shown !== null && shown.html === html && shown.text === text ? shown : null;
  return (
    <>
      {current?.preview ? (
        <p className="reader-preparing" role="status">
          Showing the plain text while the formatted message is prepared…
        </p>
      ) : null}
      {current === null ? (
        <p className="reader-text" role="status">
          Preparing the message…
        </p>
      ) : (
        <iframe className="reader-frame" title="Message content" sandbox={READER_SANDBOX} referrerPolicy="no-referrer" srcDoc={current.srcdoc} />
      )}
    </>
  );
}
