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
 * srcdoc from the sanitizer. Inline parts (cid:) are object URLs of the stored attachments,
 * revoked when the message changes or the reader closes.
 */
export function MessageFrame({ html, text, attachments, allowRemote, onBlocked }: Props) {
  const [cidMap, setCidMap] = useState<Record<string, string>>({});
  useEffect(() => {
    const map: Record<string, string> = {};
    const urls: string[] = [];
    for (const a of attachments) {
      if (a.contentId && a.blob) {
        const url = URL.createObjectURL(a.blob);
        urls.push(url);
        map[a.contentId.replace(/^<|>$/g, '')] = url;
      }
    }
    setCidMap(map);
    return () => urls.forEach((u) => URL.revokeObjectURL(u));
  }, [attachments]);

  const doc = useMemo(() => {
    const built = buildReaderDocument({ html, text, allowRemote, cidMap });
    return { ...built, srcdoc: withLinkTitles(built.srcdoc).srcdoc };
  }, [html, text, allowRemote, cidMap]);

  useEffect(() => onBlocked(doc.blockedRemote, doc.remoteHosts), [doc, onBlocked]);

  const [height, setHeight] = useState(400);
  return (
    <iframe
      className="reader-frame"
      title="Message content"
      sandbox={READER_SANDBOX}
      referrerPolicy="no-referrer"
      srcDoc={doc.srcdoc}
      style={{ height }}
      onLoad={(e) => {
        // Without allow-same-origin the frame's document is out of reach; fill the pane instead.
        const pane = e.currentTarget.parentElement;
        setHeight(Math.max(300, (pane?.clientHeight ?? 600) - 8));
      }}
    />
  );
}
