/**
 * The fast path: reads only the header block, for the message list. The fetch pipeline
 * acknowledges a batch once the raw bytes and these fields are committed; full body parsing
 * (parse.ts) trails behind. No body is touched, no library beyond nodemailer's address parser.
 * Never throws on bad input: what cannot be read becomes a default plus a warning.
 */
import addressparser from 'nodemailer/lib/addressparser';
import type { Address } from '../../../shared/model/message';
import { normalizeMessageIds } from '../../../shared/model/message-id';
import type { ParsedHeaders } from '../../../shared/model/parsed-message';
import { cap, cleanText, decodeRawHeader, decodeWords, pushWarning } from './words';

/** The header block is looked for in this many bytes at most; beyond, the rest is body. */
export const HEADER_SCAN_BYTES = 2 * 1024 * 1024;
/** One field's raw value is cut here (a 1 MB Subject line is an attack, not a subject). */
const FIELD_CAP = 64 * 1024;
const MAX_ADDRESSES = 500;
const MAX_REFERENCES = 100;

const WANTED = new Set(['from', 'sender', 'to', 'cc', 'reply-to', 'subject', 'date', 'message-id', 'in-reply-to', 'references', 'content-type', 'content-disposition']);

export interface ParseHeadersOptions {
  /** Used when the Date header is missing or unreadable (epoch ms). */
  readonly receivedAt: number;
  /** Total message size, when the caller knows it better than `raw.length` (TOP n, streams). */
  readonly size?: number;
}

/**
 * Where the header block ends: the offset of the first body byte, and the length of the header
 * text (without the blank line). When no blank line is found, everything scanned is header.
 */
export function findHeaderEnd(raw: Uint8Array): { headerLength: number; bodyStart: number; complete: boolean } {
  const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const limit = Math.min(buf.length, HEADER_SCAN_BYTES);
  // A message that starts with a blank line has no headers.
  if (buf[0] === 0x0a) return { headerLength: 0, bodyStart: 1, complete: true };
  if (buf[0] === 0x0d && buf[1] === 0x0a) return { headerLength: 0, bodyStart: 2, complete: true };
  const head = buf.subarray(0, limit);
  const lf = head.indexOf('\n\n');
  const crlf = head.indexOf('\n\r\n');
  const candidates = [lf, crlf].filter((i) => i >= 0);
  if (candidates.length === 0) return { headerLength: limit, bodyStart: limit, complete: buf.length <= limit };
  const at = Math.min(...candidates);
  const bodyStart = at === lf ? at + 2 : at + 3;
  const headerLength = at > 0 && buf[at - 1] === 0x0d ? at - 1 : at;
  return { headerLength, bodyStart, complete: true };
}

/**
 * Unfolded header fields we need (`wanted`, lower case), first occurrence wins (To/Cc occurrences
 * are joined).
 */
export function readFields(binary: string, warnings: string[], wanted: ReadonlySet<string> = WANTED): Map<string, string> {
  const fields = new Map<string, string>();
  let name: string | null = null;
  let value = '';
  let garbled = 0;
  const commit = (): void => {
    if (name === null) return;
    if (value.length > FIELD_CAP) {
      pushWarning(warnings, `The ${name} header is longer than ${FIELD_CAP} bytes; only the first ${FIELD_CAP} were read.`);
      value = value.slice(0, FIELD_CAP);
    }
    const prior = fields.get(name);
    if (prior === undefined) fields.set(name, value);
    else if (name === 'to' || name === 'cc') fields.set(name, `${prior}, ${value}`);
    name = null;
  };
  let pos = 0;
  let first = true;
  while (pos < binary.length) {
    let nl = binary.indexOf('\n', pos);
    if (nl < 0) nl = binary.length;
    let line = binary.slice(pos, nl);
    pos = nl + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (first && line.startsWith('From ')) {
      first = false; // an mbox separator, not a header
      continue;
    }
    first = false;
    const c = line.charCodeAt(0);
    if (c === 0x20 || c === 0x09) {
      if (name !== null && value.length <= FIELD_CAP) value += line;
      continue;
    }
    commit();
    const colon = line.indexOf(':');
    if (colon <= 0 || colon > 76 || /[\s\x00-\x1f]/.test(line.slice(0, colon))) {
      if (line.length > 0) garbled += 1;
      continue;
    }
    const key = line.slice(0, colon).toLowerCase();
    if (wanted.has(key)) {
      name = key;
      value = line.slice(colon + 1, colon + 1 + FIELD_CAP + 1);
    }
  }
  commit();
  if (garbled > 0) pushWarning(warnings, `${garbled} header line${garbled === 1 ? ' was' : 's were'} not of the form "Name: value" and ${garbled === 1 ? 'was' : 'were'} ignored.`);
  return fields;
}

export function parseHeaders(raw: Uint8Array, options: ParseHeadersOptions): ParsedHeaders {
  const warnings: string[] = [];
  const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const end = findHeaderEnd(buf);
  if (!end.complete) pushWarning(warnings, `No end of the header block in the first ${HEADER_SCAN_BYTES} bytes: the rest was not read as headers.`);
  return headersFromFields(readFields(buf.toString('latin1', 0, end.headerLength), warnings), options, options.size ?? buf.length, warnings);
}

export function headersFromFields(fields: Map<string, string>, options: ParseHeadersOptions, size: number, warnings: string[]): ParsedHeaders {
  const text = (key: string): string | undefined => {
    const v = fields.get(key);
    return v === undefined ? undefined : decodeRawHeader(v);
  };
  const from = parseAddresses(text('from') ?? text('sender'), warnings);
  if (from.length === 0) pushWarning(warnings, 'The message has no readable sender (From).');
  const contentType = mediaType(fields.get('content-type'));
  const disposition = (fields.get('content-disposition') ?? '').trim().toLowerCase();
  const subjectRaw = text('subject');
  return {
    meta: {
      messageId: firstId(text('message-id')),
      inReplyTo: firstId(text('in-reply-to')),
      references: allIds(text('references')),
      from: from[0] ?? null,
      to: parseAddresses(text('to'), warnings),
      cc: parseAddresses(text('cc'), warnings),
      replyTo: parseAddresses(text('reply-to'), warnings),
      subject: subjectRaw === undefined ? '' : cap(cleanText(decodeWords(subjectRaw, warnings)).trim(), 2000),
      date: parseDate(text('date'), options.receivedAt, warnings),
      size,
      hasAttachments: guessAttachments(contentType, disposition),
    },
    contentType,
    warnings,
  };
}

function mediaType(value: string | undefined): string {
  if (value === undefined) return 'text/plain'; // RFC 2045 §5.2
  const t = (value.split(';')[0] ?? '').trim().toLowerCase();
  return /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(t) ? t : 'text/plain';
}

/** The paperclip guess before the body is parsed; the full parse replaces it with the truth. */
function guessAttachments(contentType: string, disposition: string): boolean {
  if (disposition.startsWith('attachment')) return true;
  if (contentType === 'multipart/mixed') return true;
  if (contentType.startsWith('multipart/') || contentType.startsWith('text/')) return false;
  return !contentType.startsWith('message/delivery-status');
}

export function parseAddresses(value: string | undefined, warnings: string[]): Address[] {
  if (value === undefined || value.trim() === '') return [];
  let parsed: Array<{ name: string; address: string }>;
  try {
    parsed = fastAddresses(value) ?? addressparser(value, { flatten: true });
  } catch {
    pushWarning(warnings, `An address list could not be read: "${cap(cleanText(value), 80)}".`);
    return [];
  }
  const out: Address[] = [];
  for (const a of parsed) {
    if (out.length >= MAX_ADDRESSES) {
      pushWarning(warnings, `An address list has more than ${MAX_ADDRESSES} entries; the rest were dropped.`);
      break;
    }
    // The name is decoded after splitting, so a comma inside an encoded word cannot split it.
    // Name and address are kept exactly: a name that looks like another address is the reader's
    // to show, not ours to "fix". Domains stay in their ASCII (punycode) form.
    const name = cap(cleanText(decodeWords(a.name ?? '', warnings)).trim(), 300);
    const address = cap(cleanText(a.address ?? '').trim(), 320);
    if (name === '' && address === '') continue;
    out.push({ name, address });
  }
  return out;
}

const NAME_ADDR = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^"<>@]*?))\s*<([^<>\s"]*)>\s*$/;
const BARE_ADDR = /^\s*([^\s<>"]+@[^\s<>"]+)\s*$/;

/**
 * The common shapes — `a@b`, `Name <a@b>`, `"Name, Jr." <a@b>` — without nodemailer's general
 * tokenizer, which dominated header parsing (docs/performance.md). Anything else (comments,
 * groups, odd quoting) returns null and goes to addressparser.
 */
function fastAddresses(value: string): Array<{ name: string; address: string }> | null {
  if (/[():;\\]/.test(value.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) return null;
  const items: string[] = [];
  let start = 0;
  let quoted = false;
  let angle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x5c && quoted) i += 1; // backslash escape
    else if (c === 0x22 && !angle) quoted = !quoted;
    else if (c === 0x3c && !quoted) angle = true;
    else if (c === 0x3e && !quoted) angle = false;
    else if (c === 0x2c && !quoted && !angle) {
      items.push(value.slice(start, i));
      start = i + 1;
    }
  }
  if (quoted || angle) return null;
  items.push(value.slice(start));
  const out: Array<{ name: string; address: string }> = [];
  for (const item of items) {
    if (item.trim() === '') continue;
    const m = NAME_ADDR.exec(item);
    if (m) {
      const name = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? '').replace(/\s+/g, ' ');
      out.push({ name, address: m[3] ?? '' });
      continue;
    }
    const bare = BARE_ADDR.exec(item);
    if (!bare) return null;
    out.push({ name: '', address: bare[1] ?? '' });
  }
  return out;
}

function firstId(value: string | undefined): string | null {
  return value === undefined ? null : (allIds(value)[0] ?? null);
}

/** msg-ids in their stored form (shared/model/message-id.ts); bare ones only where no `<…>` is found. */
function allIds(value: string | undefined): string[] {
  if (value === undefined) return [];
  const clean = cleanText(value);
  const bracketed = [...clean.matchAll(/<([^<>]*)>/g)].map((m) => m[1] ?? '');
  let ids = normalizeMessageIds(bracketed.length > 0 ? bracketed : clean.split(/[\s,]+/).filter((s) => s.includes('@')));
  // Keep the thread root and the most recent ancestors (RFC 5322 §3.6.4 trimming practice).
  if (ids.length > MAX_REFERENCES) ids = [ids[0] ?? '', ...ids.slice(ids.length - (MAX_REFERENCES - 1))];
  return ids;
}

const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };
const ZONES: Record<string, number> = { ut: 0, utc: 0, gmt: 0, z: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420 };
// Later than this many ms after receipt is not a date a sender could honestly have written.
const FUTURE_SLACK = 2 * 86_400_000;

/** RFC 5322 §3.3 dates and their common malformations; falls back to receivedAt with a warning. */
export function parseDate(value: string | undefined, receivedAt: number, warnings: string[]): number {
  if (value === undefined || value.trim() === '') {
    pushWarning(warnings, 'The message has no Date header: the time it arrived is shown.');
    return receivedAt;
  }
  const read = strictish(value);
  const t = read?.time ?? null;
  if (t !== null && t >= 0 && t <= receivedAt + FUTURE_SLACK) {
    // RFC 5322 §4.3 reads an unknown zone as UTC; the list and the reader both show that time.
    if (read?.zoneless) pushWarning(warnings, `The Date header "${cap(cleanText(value).trim(), 60)}" has no time zone; it was read as UTC.`);
    return t;
  }
  pushWarning(warnings, `The Date header "${cap(cleanText(value).trim(), 60)}" could not be read: the time it arrived is shown.`);
  return receivedAt;
}

function strictish(value: string): { time: number; zoneless: boolean } | null {
  const s = cleanText(value).replace(/\([^()]*\)/g, ' ').replace(/\s+/g, ' ').trim();
  // day month year hh:mm[:ss] [zone] — with or without the weekday, commas, dots or dashes.
  const m = /(\d{1,2})[\s.-]+([A-Za-z]{3})[A-Za-z]*\.?[\s.-]+(\d{2,4})[\s,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([+-]\d{2}:?\d{2}|[A-Za-z]{1,5}(?:[+-]\d{1,4})?)?/.exec(s);
  if (m) {
    const month = MONTHS[(m[2] ?? '').toLowerCase()];
    if (month === undefined) return fallbackParse(s);
    let year = Number(m[3]);
    if ((m[3] ?? '').length <= 2) year += year < 50 ? 2000 : 1900; // RFC 5322 §4.3
    else if ((m[3] ?? '').length === 3) year += 1900;
    const base = Date.UTC(year, month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
    return Number.isNaN(base) ? null : { time: base - zoneMinutes(m[7]) * 60_000, zoneless: m[7] === undefined };
  }
  return fallbackParse(s);
}

function zoneMinutes(zone: string | undefined): number {
  if (zone === undefined) return 0; // RFC 5322 §4.3: unknown zone is treated as UTC
  const numeric = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (numeric) return (numeric[1] === '-' ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3]));
  const named = /^([A-Za-z]+)(?:([+-])(\d{1,4}))?$/.exec(zone);
  if (!named) return 0;
  let minutes = ZONES[(named[1] ?? '').toLowerCase()] ?? 0;
  if (named[2] !== undefined && named[3] !== undefined) {
    const n = named[3].length <= 2 ? Number(named[3]) * 60 : Math.floor(Number(named[3]) / 100) * 60 + (Number(named[3]) % 100);
    minutes += (named[2] === '-' ? -1 : 1) * n;
  }
  return minutes;
}

function fallbackParse(s: string): { time: number; zoneless: boolean } | null {
  // ISO 8601 and other shapes JavaScript itself understands. An ISO date-time without a zone is
  // local time to JavaScript; mail has no local time, so it is read as UTC.
  const zoneless = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(s);
  const t = Date.parse(zoneless ? `${s.replace(' ', 'T')}Z` : s);
  return Number.isNaN(t) ? null : { time: t, zoneless };
}
