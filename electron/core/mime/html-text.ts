/**
 * Readable plain text from HTML: for the text alternative of what the person wrote, and for the
 * text of HTML-only mail (its preview line, and the quote of a reply or a forward). Links keep their
 * address, headings keep their case, tables stay tables, images are left out.
 */
import { convert } from 'html-to-text';

/** Past this many characters of HTML the rest is not converted (html-to-text is slow on huge input). */
export const MAX_HTML_TO_TEXT = 2 * 1024 * 1024;

export function htmlText(html: string): string {
  // Cut here rather than by html-to-text's own limit, which says so on the console every time.
  return convert(html.length > MAX_HTML_TO_TEXT ? html.slice(0, MAX_HTML_TO_TEXT) : html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true, ignoreHref: false, noAnchorUrl: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'h4', options: { uppercase: false } },
      { selector: 'h5', options: { uppercase: false } },
      { selector: 'h6', options: { uppercase: false } },
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    ],
  });
}
