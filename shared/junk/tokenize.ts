/**
 * The words the junk filter learns from. Each message yields a set (a word counts once per
 * message, as in SpamBayes): words of the subject and of the sender marked as such (a word means
 * more there), the body's words, the hosts of its links, a few shape tokens (an HTML-only
 * message, a link-heavy one), and from the headers the mailer, relays, charset and the like.
 * Words are lower-cased; very short and very long ones say little.
 */
import { bodyText } from '../model/body-text';

/**
 * The version of the words below, stored with the model: a model counted on an older version is
 * upgraded when the store opens (junk-repo.ts), so a change here never loses the person's training.
 */
export const JUNK_TOKENS = 2;

/**
 * The kinds of word each version added, by prefix. A change that only adds words is upgraded in
 * place: the messages still stored gain their new words, and the training of messages since
 * deleted stays as it was counted.
 */
export const JUNK_TOKENS_ADDED: Readonly<Record<number, readonly string[]>> = {
  2: ['charset:', 'encoding:', 'recipients:', 'received-ip:', 'has-not:'],
};

/** Whether a word is of a kind added after `version` (so a model counted on `version` lacks it). */
export function addedSince(version: number): (word: string) => boolean {
  const prefixes: string[] = [];
  for (let v = version + 1; v <= JUNK_TOKENS; v++) prefixes.push(...(JUNK_TOKENS_ADDED[v] ?? []));
  return (word) => prefixes.some((p) => word.startsWith(p));
}

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
/** A relay's address as Received headers write it, "[192.0.2.7]". */
const RELAY_IP = /\[(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}\]/g;

function headerTokens(header: (name: string) => readonly string[], into: Set<string>): void {
  for (const name of WORD_HEADERS) for (const v of header(name)) words(v.slice(0, 300), `${name}:`, into);
  for (const name of PRESENCE_HEADERS) if (header(name).length > 0) into.add(`has:${name}`);
  // The relays a message passed, by domain (the last two labels), and how many there were.
  const received = header('received');
  into.add(`received-count:${Math.min(received.length, 10)}`);
  for (const r of received.slice(0, 6)) {
    for (const m of r.slice(0, 400).toLowerCase().matchAll(HOST)) into.add(`received:${m[0].split('.').slice(-2).join('.')}`);
  }
  // What SpamBayes and SpamAssassin's Bayes read too: the charset and transfer encoding, how
  // many people it went to, the networks of the last relays, and headers a mailer always writes.
  for (const v of header('content-type')) {
    const charset = /charset="?([^";\s]+)/i.exec(v);
    if (charset?.[1]) into.add(`charset:${charset[1].toLowerCase()}`);
  }
  for (const v of header('content-transfer-encoding')) into.add(`encoding:${v.trim().toLowerCase().slice(0, 40)}`);
  const recipients = [...header('to'), ...header('cc')].join(',').split(',').filter((a) => a.includes('@')).length;
  into.add(`recipients:${Math.min(recipients, 5)}`);
  for (const r of received.slice(0, 3)) {
    for (const ip of r.matchAll(RELAY_IP)) {
      into.add(`received-ip:${ip[1]}.${ip[2]}`);
      into.add(`received-ip:${ip[1]}.${ip[2]}.${ip[3]}`);
    }
  }
  if (header('date').length === 0) into.add('has-not:date');
  if (header('message-id').length === 0) into.add('has-not:message-id');
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
