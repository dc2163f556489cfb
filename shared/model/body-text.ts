/**
 * The one way the store's readers (search, rules, the junk filter) turn a message body into plain
 * text: the text part, else the HTML's text. Cheap and dependency-free, it reads the body the
 * fetch worker stored; the reader and the composer use html-to-text in main for display.
 */
import { readStoredText, type StoredBody } from './stored-text';

/** Plain text of an HTML body, enough to search and classify: no scripts, styles or head, tags dropped, common entities read. */
export function htmlText(html: string): string {
  return html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&amp;/gi, '&')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    // An accented letter's entity reads as its letter: search and the filter fold accents anyway.
    .replace(/&([a-z])(acute|grave|circ|uml|tilde|cedil|ring|slash);/gi, '$1')
    .replace(/&#x([0-9a-f]{1,6});/gi, (_, n: string) => String.fromCodePoint(Math.min(parseInt(n, 16), 0x10ffff)))
    .replace(/&#(\d{1,7});/g, (_, n: string) => String.fromCodePoint(Math.min(Number(n), 0x10ffff)));
}

/** A body's text: its plain part, else (none, or only white space) its HTML's text; at most `max` characters. */
export function bodyText(body: { readonly text: string | null; readonly html: string | null }, max = Infinity): string {
  const text = body.text !== null && body.text.trim() !== '' ? body.text : body.html === null ? '' : htmlText(body.html);
  return text.length > max ? text.slice(0, max) : text;
}

/** The same for a body as stored, whose text may still lie in the message's bytes. */
export function storedBodyText(raw: Uint8Array | undefined, body: Pick<StoredBody, 'text' | 'html'>, max = Infinity): string {
  return bodyText({ text: readStoredText(raw, body.text), html: readStoredText(raw, body.html) }, max);
}
