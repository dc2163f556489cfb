/**
 * Reply, Reply all and Forward as pure functions over a stored message: subject prefixes that do
 * not stack, recipients without the person's own addresses, threading headers (RFC 5322 §3.6.4),
 * and the quoted original with its attribution line.
 */
import type { Address, MessageBody, MessageMeta } from '../../../../shared/model/message';
import { normalizeMessageIds } from '../../../../shared/model/message-id';
import { PERSON_LOCALES } from '../../ui/locale';
import { escapeHtml } from '../../ui/escape-html';
import { sameAddress } from './addresses';
import { stripPrefixes } from '../../../../shared/threads/subject';

/**
 * The subject with every leading reply/forward prefix removed, so a thread never reads
 * "Re: Aw: Re: Fwd: x" (the prefixes, in many languages: shared/threads/subject.ts).
 */
export function baseSubject(subject: string): string {
  return stripPrefixes(subject).base;
}

export function replySubject(subject: string): string {
  return `Re: ${baseSubject(subject)}`;
}

export function forwardSubject(subject: string): string {
  return `Fwd: ${baseSubject(subject)}`;
}

/**
 * References for an answer (RFC 5322 §3.6.4): the parent's References (or its In-Reply-To when it
 * has none) followed by the parent's Message-ID, in their stored form whatever form the parent row
 * holds. Capped to the first and the last 19 so a long thread cannot grow the header without bound.
 */
export function replyReferences(parent: Pick<MessageMeta, 'messageId' | 'inReplyTo' | 'references'>): string[] {
  const chain = parent.references.length ? [...parent.references] : parent.inReplyTo ? [parent.inReplyTo] : [];
  if (parent.messageId) chain.push(parent.messageId);
  const unique = normalizeMessageIds(chain);
  return unique.length > 20 ? [unique[0] as string, ...unique.slice(-19)] : unique;
}

export type ReplyMode = 'reply' | 'reply-all';

export interface ReplyRecipients {
  readonly to: Address[];
  readonly cc: Address[];
}

/**
 * Who an answer goes to. Reply: Reply-To if set, else From. Reply all adds the other To and Cc
 * addresses. `ownAddresses` are those of the account answering: never included, nor any address
 * twice; replying to a message that account sent goes back to its original recipients, and a note
 * to self (nobody else in it) goes back to self. Another of the person's accounts is a person to
 * answer like any other.
 */
export function replyRecipients(parent: MessageMeta, mode: ReplyMode, ownAddresses: readonly string[]): ReplyRecipients {
  const isOwn = (a: Address) => ownAddresses.some((o) => sameAddress(o, a.address));
  const seen: string[] = [];
  const take = (list: readonly Address[], keepOwn = false) =>
    list.filter((a) => {
      const key = a.address.trim().toLowerCase();
      if (key === '' || (!keepOwn && isOwn(a)) || seen.includes(key)) return false;
      seen.push(key);
      return true;
    });
  const fromSelf = parent.from !== null && isOwn(parent.from);
  const primary = fromSelf ? parent.to : parent.replyTo.length ? parent.replyTo : parent.from ? [parent.from] : [];
  let to = take(primary);
  if (to.length === 0) to = take(primary, true);
  if (mode === 'reply') return { to, cc: [] };
  const moreTo = fromSelf ? [] : take(parent.to);
  const cc = take(parent.cc);
  return { to: [...to, ...moreTo], cc };
}

/** "On Thu, 12 Mar 2026, 15:30, Grace Hopper wrote:" — the date in the person's locale. */
export function attributionLine(parent: Pick<MessageMeta, 'from' | 'date'>, locales: readonly string[] | undefined = PERSON_LOCALES, timeZone?: string): string {
  const when = new Intl.DateTimeFormat(locales ? [...locales] : undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(parent.date));
  const who = parent.from ? parent.from.name || parent.from.address : 'someone';
  return `On ${when}, ${who} wrote:`;
}

/** Each line prefixed with "> " (">" alone on empty lines), as RFC 3676 §4.5 quoting does. */
export function quoteText(text: string): string {
  return text
    .replace(/\r\n|\r/g, '\n')
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => (line === '' ? '>' : line.startsWith('>') ? `>${line}` : `> ${line}`))
    .join('\n');
}

/** Plain text as the editor's HTML: paragraphs per line, characters escaped. */
export function textToEditorHtml(text: string): string {
  return text
    .replace(/\r\n|\r/g, '\n')
    .split('\n')
    .map((line) => `<div>${line === '' ? '<br>' : escapeHtml(line)}</div>`)
    .join('');
}

export interface QuotedBody {
  readonly text: string;
  /** For the editor; the original's HTML is never pasted in raw: its text is quoted instead. */
  readonly html: string;
}

/** The quoted original under an empty line for the answer. */
export function quotedReplyBody(parent: Pick<MessageMeta, 'from' | 'date'>, body: Pick<MessageBody, 'text'> | undefined, locales: readonly string[] | undefined = PERSON_LOCALES): QuotedBody {
  const attribution = attributionLine(parent, locales);
  const original = body?.text ?? '';
  return {
    text: `\n\n${attribution}\n${quoteText(original)}\n`,
    html: `<div><br></div>${textToEditorHtml(attribution)}<blockquote>${textToEditorHtml(original)}</blockquote>`,
  };
}

/** The inline forward block: a marker, the original's main headers, then its text unquoted. */
export function forwardedBody(parent: MessageMeta, body: Pick<MessageBody, 'text'> | undefined, locales: readonly string[] | undefined = PERSON_LOCALES): QuotedBody {
  const fmt = (list: readonly Address[]) => list.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ');
  const lines = [
    '---------- Forwarded message ----------',
    `From: ${parent.from ? fmt([parent.from]) : ''}`,
    `Date: ${new Intl.DateTimeFormat(locales ? [...locales] : undefined, { dateStyle: 'full', timeStyle: 'short' }).format(new Date(parent.date))}`,
    `Subject: ${parent.subject}`,
    `To: ${fmt(parent.to)}`,
    ...(parent.cc.length ? [`Cc: ${fmt(parent.cc)}`] : []),
  ];
  const original = (body?.text ?? '').replace(/\r\n|\r/g, '\n');
  return {
    text: `\n\n${lines.join('\n')}\n\n${original}`,
    html: `<div><br></div>${textToEditorHtml(lines.join('\n'))}<div><br></div>${textToEditorHtml(original)}`,
  };
}

/** A file name for a message forwarded as an attachment: its subject, made safe. */
export function forwardAttachmentName(subject: string): string {
  const base = baseSubject(subject).replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120);
  return `${base || 'message'}.eml`;
}
