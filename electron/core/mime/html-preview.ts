/**
 * The text of an HTML part for the list's preview line, when a message has no text part (HTML-only
 * newsletters in multipart/alternative or multipart/related: mailparser derives text from HTML
 * only for a single-part message). The same html-to-text mailparser uses, without link targets or
 * images; only the start is read, since a preview needs a couple of hundred characters.
 */
import { convert } from 'html-to-text';

const MAX_PREVIEW_HTML = 256 * 1024;

export function htmlPreviewText(html: string): string {
  return convert(html.length > MAX_PREVIEW_HTML ? html.slice(0, MAX_PREVIEW_HTML) : html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
    ],
    limits: { maxInputLength: MAX_PREVIEW_HTML },
  });
}
