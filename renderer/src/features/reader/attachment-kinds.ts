/**
 * What Heron can do with an attachment itself, from its type and name (and, for a PDF, its first
 * bytes): preview an image, a text file or a PDF in the app, or read an attached message in the
 * reader. Anything else is opened with the system's app or saved.
 */
export type PreviewKind = 'image' | 'text' | 'pdf';

interface Named {
  readonly filename: string;
  readonly contentType: string;
}

// Raster formats Chromium decodes in an <img>; an <img> never runs script, whatever the file holds.
const IMAGE_TYPES = /^image\/(png|gif|jpe?g|pjpeg|webp|bmp|avif|x-icon|vnd\.microsoft\.icon)$/;
const IMAGE_NAMES = /\.(png|gif|jpe?g|webp|bmp|avif|ico)$/i;
const TEXT_TYPES = /^(text\/(plain|csv|markdown|x-markdown|x-log|tab-separated-values|calendar|vcard|x-vcard|x-patch|x-diff)|application\/(json|x-ndjson|xml)|text\/xml)$/;
const TEXT_NAMES = /\.(txt|text|log|csv|tsv|md|markdown|json|xml|ics|vcf|diff|patch|ini|cfg|conf|yaml|yml)$/i;
const GENERIC = /^(application\/octet-stream|application\/x-download|binary\/octet-stream|)$/;

export function previewKind(a: Named): PreviewKind | null {
  const type = a.contentType.toLowerCase();
  // A specific type wins; a generic one lets the name decide (senders often say octet-stream).
  if (IMAGE_TYPES.test(type)) return 'image';
  if (TEXT_TYPES.test(type)) return 'text';
  if (type === 'application/pdf' || type === 'application/x-pdf') return 'pdf';
  if (!GENERIC.test(type)) return null;
  if (IMAGE_NAMES.test(a.filename)) return 'image';
  if (TEXT_NAMES.test(a.filename)) return 'text';
  if (/\.pdf$/i.test(a.filename)) return 'pdf';
  return null;
}

/** An attached message: message/rfc822 (or a generic type named .eml). */
export function isAttachedMessage(a: Named): boolean {
  const type = a.contentType.toLowerCase();
  return type === 'message/rfc822' || type === 'message/global' || (GENERIC.test(type) && /\.eml$/i.test(a.filename));
}

/** A PDF starts with "%PDF-" within its first 1,024 bytes (ISO 32000-1 §7.5.2, as readers accept it). */
export function looksLikePdf(head: Uint8Array): boolean {
  const text = String.fromCharCode(...head.subarray(0, 1024));
  return text.includes('%PDF-');
}

/** The most text a preview shows; the rest is left to the system's app. */
export const MAX_PREVIEW_TEXT_BYTES = 2 * 1024 * 1024;

/** Text as the file holds it: UTF-8 when it is valid UTF-8, else Windows-1252 (which never fails). */
export function decodeText(bytes: Uint8Array): { text: string; truncated: boolean } {
  const truncated = bytes.byteLength > MAX_PREVIEW_TEXT_BYTES;
  const head = truncated ? bytes.subarray(0, MAX_PREVIEW_TEXT_BYTES) : bytes;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(head, { stream: truncated });
  } catch {
    text = new TextDecoder('windows-1252').decode(head);
  }
  return { text, truncated };
}
