/**
 * What both MIME parsers (parse.ts, mailparser's; simple.ts, the fast one) do with what they
 * read: the same finishing code, so a message reads the same whichever parser took it. The
 * text falls back to the HTML's, inline parts are the ones the HTML shows, the snippet comes
 * from the text, attachments are named and capped the same way.
 */
import type { ParsedAttachmentMeta, ParsedBody, ParsedHeaders, ParsedMeta } from '../../../shared/model/parsed-message';
import { htmlText } from './html-text';
import { cap, cleanText, pushWarning } from './words';

export interface ParsedAttachment {
  readonly meta: ParsedAttachmentMeta;
  /** Empty when `meta.omitted`. */
  readonly content: Buffer;
}

export interface ParsedMessage {
  readonly meta: ParsedMeta;
  readonly body: ParsedBody;
  readonly attachments: readonly ParsedAttachment[];
}

/** Attachment content beyond this size is dropped (meta kept, `omitted: true`). */
export const DEFAULT_ATTACHMENT_CAP = 25 * 1024 * 1024;
const SNIPPET_CHARS = 200;

/** An attachment as a parser found it: its name and type as written, its decoded size and content. */
export interface FoundAttachment {
  readonly filename: string | undefined;
  readonly contentType: string;
  readonly cid: string | undefined;
  readonly size: number;
  /** The decoded bytes; ignored when over the cap. */
  readonly content: Buffer;
}

/** Named, typed and capped the same way whichever parser found it. */
export function finishAttachment(a: FoundAttachment, maxBytes: number, warnings: string[]): ParsedAttachment {
  const omitted = a.size > maxBytes;
  const filename = cap(cleanText(a.filename ?? '').trim(), 255) || defaultName(a.contentType);
  if (omitted) pushWarning(warnings, `The attachment "${filename}" (${a.size} bytes) is over the ${maxBytes}-byte limit and was not kept.`);
  const cid = a.cid ? cap(cleanText(a.cid).trim(), 998) : null;
  return {
    meta: {
      filename,
      contentType: cap(cleanText(a.contentType || 'application/octet-stream').toLowerCase(), 200),
      size: a.size,
      contentId: cid,
      inline: false, // decided once the HTML is known (finishMessage)
      omitted,
    },
    content: omitted ? Buffer.alloc(0) : a.content,
  };
}

/** The message as the app keeps it, from its header fields and the text, HTML and attachments read. */
export function finishMessage(
  headers: ParsedHeaders,
  read: { readonly text: string | null; readonly html: string | null; readonly attachments: readonly ParsedAttachment[] },
  headerWarnings: readonly string[],
  warnings: readonly string[],
): ParsedMessage {
  const bodyHtml = clean(read.html);
  const plain = clean(read.text);
  // An empty text part beside HTML says nothing: the HTML's text stands in for it.
  const bodyText = bodyHtml !== null && (plain === null || plain.trim() === '') ? htmlText(bodyHtml) : plain;
  // An inline part is one the HTML shows; any other (unreferenced, or no HTML) is listed, so nothing is hidden.
  const shown = referencedCids(bodyHtml);
  const parts = read.attachments.map((a) => ({ ...a, meta: { ...a.meta, inline: a.meta.contentId !== null && shown.has(a.meta.contentId) } }));
  return {
    meta: {
      ...headers.meta,
      hasAttachments: parts.some((a) => !a.meta.inline),
      snippet: snippetOf(bodyText ?? ''),
    },
    body: { text: bodyText, html: bodyHtml, warnings: [...headerWarnings, ...warnings] },
    attachments: parts,
  };
}

/** Content-IDs the HTML refers to (cid: URLs, RFC 2392), decoded, without angle brackets. */
function referencedCids(html: string | null): Set<string> {
  const ids = new Set<string>();
  if (html === null) return ids;
  for (const m of html.matchAll(/cid:([^\s"'()<>]+)/gi)) {
    const raw = m[1] ?? '';
    let id = raw;
    try {
      id = decodeURIComponent(raw);
    } catch {
      // A stray % is part of the id.
    }
    ids.add(id.replace(/^<|>$/g, ''));
  }
  return ids;
}

function defaultName(contentType: string): string {
  const sub = (contentType.split('/')[1] ?? 'bin').replace(/[^a-z0-9.+-]/gi, '').slice(0, 20) || 'bin';
  return contentType.startsWith('message/') ? 'message.eml' : `attachment.${sub}`;
}

function clean(s: string | null): string | null {
  if (s === null) return null;
  return s.includes('\0') ? s.replace(/\0/g, '') : s;
}

/** The first ~200 readable characters, whitespace collapsed. */
export function snippetOf(text: string): string {
  const limit = 4 * SNIPPET_CHARS * 4;
  // Most text is long enough that a short head gives the same first characters: tried first.
  if (text.length > 3 * SNIPPET_CHARS) {
    const short = collapse(text.slice(0, 3 * SNIPPET_CHARS));
    const cut = cutAt(short);
    // Past the cut, at least one more character: the head's end cannot reach what is kept.
    if (cut >= 0 && cut < short.length - 2) return `${short.slice(0, cut).trimEnd()}…`;
  }
  const collapsed = collapse(text.length > limit ? text.slice(0, limit) : text);
  const cut = cutAt(collapsed);
  return cut < 0 ? collapsed : `${collapsed.slice(0, cut).trimEnd()}…`;
}

function collapse(text: string): string {
  return cleanText(text).replace(/\s+/g, ' ').trim();
}

/** Where the text is cut after SNIPPET_CHARS code points (a surrogate pair is one), or -1 when it is not longer. */
function cutAt(collapsed: string): number {
  if (collapsed.length <= SNIPPET_CHARS) return -1;
  let count = 0;
  for (let i = 0; i < collapsed.length; count += 1) {
    if (count === SNIPPET_CHARS) return i;
    i += (collapsed.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
  }
  return -1;
}
