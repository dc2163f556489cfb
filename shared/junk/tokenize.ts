/**
 * The words the junk filter learns from. Each message yields a set (a word counts once per
 * message, as in SpamBayes): words of the subject and of the sender marked as such (a word means
 * more there), the body's words, the hosts of its links, and a few shape tokens (an HTML-only
 * message, a link-heavy one). Words are lower-cased; very short and very long ones say little.
 */
import { bodyText } from '../model/body-text';

export interface JunkInput {
  readonly subject: string;
  readonly from: string;
  readonly text: string;
  /** The HTML body, when there is one (its tags are stripped; its links' hosts are kept). */
  readonly html: string | null;
  /** Every value of a header (decoded), when the bytes are at hand: mailers and relays say much. */
  readonly header?: (name: string) => readonly string[];
}

/** Headers whose words are telling; their tokens carry the header's name. */
const WORD_HEADERS = ['x-mailer', 'user-agent', 'content-type', 'precedence', 'x-priority', 'organization'];
/** Headers whose mere presence is telling. */
const PRESENCE_HEADERS = ['list-id', 'list-unsubscribe', 'in-reply-to', 'references', 'x-mailing-list', 'mailing-list', 'x-beenthere', 'reply-to'];
const HOST = /\b(?:[a-z0-9-]+\.)+[a-z]{2,}\b/g;

function headerTokens(header: (name: string) => readonly string[], into: Set<string>): void {
  for (const name of WORD_HEADERS) for (const v of header(name)) words(v.slice(0, 300), `${name}:`, into);
  for (const name of PRESENCE_HEADERS) if (header(name).length > 0) into.add(`has:${name}`);
  // The relays a message passed, by domain (the last two labels), and how many there were.
  const received = header('received');
  into.add(`received-count:${Math.min(received.length, 10)}`);
  for (const r of received.slice(0, 6)) {
    for (const m of r.slice(0, 400).toLowerCase().matchAll(HOST)) into.add(`received:${m[0].split('.').slice(-2).join('.')}`);
  }
  for (const v of header('message-id')) {
    const at = v.lastIndexOf('@');
    if (at >= 0) into.add(`message-id:${v.slice(at + 1).replace(/>.*$/, '').toLowerCase().split('.').slice(-2).join('.')}`);
  }
}

const MIN_WORD = 3;
const MAX_WORD = 24;
/** Enough of a long message to judge it; the rest costs time and says little more. */
const MAX_TEXT = 30_000;
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’$.!-]*[\p{L}\p{N}$!]|[\p{L}\p{N}]/gu;
const URL_HOST = /\bhttps?:\/\/([a-z0-9.-]+)/gi;

function words(text: string, prefix: string, into: Set<string>): void {
  for (const match of text.slice(0, MAX_TEXT).toLowerCase().matchAll(WORD)) {
    const w = match[0];
    if (w.length < MIN_WORD) continue;
    if (w.length > MAX_WORD) {
      into.add(`${prefix}skip:${w[0] ?? ''}${Math.floor(w.length / 10) * 10}`);
      continue;
    }
    into.add(prefix + w);
  }
}

export function junkTokens(m: JunkInput): string[] {
  const out = new Set<string>();
  words(m.subject, 'subject:', out);
  const from = m.from.toLowerCase();
  const at = from.lastIndexOf('@');
  if (at >= 0) out.add(`from-domain:${from.slice(at + 1).replace(/[>\s].*$/, '')}`);
  words(from, 'from:', out);
  const body = bodyText(m);
  words(body, '', out);
  const linked = `${m.text} ${m.html ?? ''}`.slice(0, MAX_TEXT * 3);
  let links = 0;
  for (const match of linked.matchAll(URL_HOST)) {
    links += 1;
    const host = (match[1] ?? '').toLowerCase();
    out.add(`url:${host}`);
    const parts = host.split('.');
    if (parts.length > 2) out.add(`url:${parts.slice(-2).join('.')}`);
  }
  if (m.text === '' && m.html) out.add('shape:html-only');
  if (links > 10) out.add('shape:many-links');
  if (body.trim() === '') out.add('shape:empty-body');
  if (m.header) headerTokens(m.header, out);
  return [...out];
}
