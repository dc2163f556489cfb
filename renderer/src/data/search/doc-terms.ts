/**
 * What the index keeps of one message: the terms of its subject, people, body text and attachment
 * names, plus field terms (`f:` sender, `t:` recipients, `s:` subject) for the operators and for
 * ranking. The text comes from what the store already holds (the body the fetch worker read),
 * never from parsing the bytes again.
 */
import type { Address } from '../../../../shared/model/message';
import { addressTerms, tokenize } from './tokenize';

/** Body text past this many characters is not indexed (a log file pasted into a message). */
export const MAX_INDEXED_TEXT = 100_000;

export const ATTACHMENT_TERM = 'has:attachment';

/** The parts of a message the index reads. */
export interface SearchSource {
  readonly from: Address | null;
  readonly to: readonly Address[];
  readonly cc: readonly Address[];
  readonly subject: string;
  readonly text: string | null;
  readonly html: string | null;
  readonly attachmentNames: readonly string[];
  readonly hasAttachments: boolean;
}

/** Plain text of an HTML body, enough to index: no scripts or styles, tags dropped, common entities read. */
export function htmlText(html: string): string {
  return html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&amp;/gi, '&')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    // An accented letter's entity reads as its letter: the index folds accents anyway.
    .replace(/&([a-z])(acute|grave|circ|uml|tilde|cedil|ring|slash);/gi, '$1')
    .replace(/&#x([0-9a-f]{1,6});/gi, (_, n: string) => String.fromCodePoint(Math.min(parseInt(n, 16), 0x10ffff)))
    .replace(/&#(\d{1,7});/g, (_, n: string) => String.fromCodePoint(Math.min(Number(n), 0x10ffff)));
}

/** The text a phrase is checked against, and the index reads: the plain body, else the HTML's text. */
export function bodyText(s: Pick<SearchSource, 'text' | 'html'>): string {
  const text = s.text ?? (s.html === null ? '' : htmlText(s.html));
  return text.length > MAX_INDEXED_TEXT ? text.slice(0, MAX_INDEXED_TEXT) : text;
}

function peopleTerms(people: readonly Address[], prefix: string, into: Set<string>): void {
  for (const p of people) {
    for (const t of tokenize(p.name)) {
      into.add(t);
      into.add(prefix + t);
    }
    for (const t of addressTerms(p.address)) {
      into.add(t);
      into.add(prefix + t);
    }
  }
}

/** Every distinct term of a message. */
export function docTerms(s: SearchSource): Set<string> {
  const terms = new Set<string>();
  for (const t of tokenize(s.subject)) {
    terms.add(t);
    terms.add(`s:${t}`);
  }
  peopleTerms(s.from ? [s.from] : [], 'f:', terms);
  peopleTerms([...s.to, ...s.cc], 't:', terms);
  for (const t of tokenize(bodyText(s))) terms.add(t);
  for (const name of s.attachmentNames) for (const t of tokenize(name)) terms.add(t);
  if (s.hasAttachments) terms.add(ATTACHMENT_TERM);
  return terms;
}
