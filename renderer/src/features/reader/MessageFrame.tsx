import { useEffect, useMemo, useState } from 'react';
import type { AttachmentRow } from '../../data/rows';
import { buildReaderDocument, READER_SANDBOX } from './sanitize';
import { withLinkTitles } from './link-titles';

interface Props {
  readonly html: string | null;
  readonly text: string | null;
  readonly attachments: readonly AttachmentRow[];
  readonly allowRemote: boolean;
  onBlocked(count: number, hosts: readonly string[]): void;
}

/**
 * The message body in a sandboxed frame: no allow-scripts, no allow-same-origin (READER_SANDBOX),
 * srcdoc from the sanitizer. Its height is fixed by CSS: without allow-same-origin the frame's
 * document is out of reach, and resizing after load would move what the person was clicking.
 *
 * Inline parts (cid:) become data: URLs, not object URLs: the frame's origin is opaque, and
 * Chromium refuses a blob: URL of the app's origin there ("Not allowed to load local resource").
 * Only raster types are inlined (the sanitizer's data: policy); an SVG part is left out.
 */
const RASTER = /^image\/(png|gif|jpe?g|webp|bmp|avif)$/i;
const MAX_INLINE_BYTES = 5 * 1024 * 1024;

async function inlineImages(attachments: readonly AttachmentRow[]): Promise<Record<string, string>> {
  const map: Record<string, string> = {};
  for (const a of attachments) {
    if (!a.contentId || !a.blob || !RASTER.test(a.contentType) || a.blob.size > MAX_INLINE_BYTES) continue;
    const bytes = new Uint8Array(await a.blob.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    map[a.contentId.replace(/^<|>$/g, '')] = `data:${a.contentType.toLowerCase()};base64,${btoa(binary)}`;
  }
  return map;
}
export function MessageFrame({ html, text, attachments, allowRemote, onBlocked }: Props) {
  const [cidMap, setCidMap] = useState<Record<string, string>>({});
  useEffect(() => {
    let live = true;
    void inlineImages(attachments).then((map) => live && setCidMap(map));
    return () => {
      live = false;
    };
  }, [attachments]);

  const doc = useMemo(() => {
    const built = buildReaderDocument({ html, text, allowRemote, cidMap });
    return { ...built, srcdoc: withLinkTitles(built.srcdoc).srcdoc };
  }, [html, text, allowRemote, cidMap]);

  useEffect(() => onBlocked(doc.blockedRemote, doc.remoteHosts), [doc, onBlocked]);

  return (
    <iframe
      className="reader-frame"
      title="Message content"
      sandbox={READER_SANDBOX}
      referrerPolicy="no-referrer"
      srcDoc={doc.srcdoc}
    />
  );
}
