/**
 * The fast MIME parser: reads the plain shapes most mail has — one text or HTML part, a
 * multipart/alternative of text and HTML, a multipart/mixed of that and base64 attachments —
 * in UTF-8 or US-ASCII, 7bit, 8bit or base64, from bytes already in memory, without mailparser's
 * streams. Anything else, and anything it cannot be sure of, it declines (null), and the caller
 * hands the message to mailparser (parse.ts): what it does read, it reads exactly as parse.ts
 * would (simple.test.ts compares the two over generated and hand-made mail), with the same
 * header decoder (headers.ts) and the same finishing code (finish.ts).
 */
import { TextDecoder } from 'node:util';
import type { RawSpan } from '../../../shared/model/stored-text';
import { DEFAULT_ATTACHMENT_CAP, finishAttachment, finishMessage, type ParsedAttachment, type ParsedMessage } from './finish';
import { findHeaderEnd, headersFromFields, readFields } from './headers';
import { isMediaType, parseContentType, type ContentType } from './content-type';

/** Larger messages go to mailparser, which streams them. */
const MAX_BYTES = 4 * 1024 * 1024;
/** A longer header block goes to mailparser, which refuses some (mailsplit's header cap). */
const MAX_HEADER_BYTES = 64 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }); // a BOM is kept, as mailparser keeps it

interface Entity {
  readonly ct: ContentType;
  /** Lower case, trimmed; '' when absent. */
  readonly encoding: string;
  readonly disposition: ContentType | null;
  readonly cid: string | undefined;
  readonly body: Buffer;
}

interface Read {
  text: string | null;
  html: string | null;
  /** Where the text and HTML lie in the message's bytes, when they are those bytes as they are. */
  textAt: Span | null;
  htmlAt: Span | null;
  readonly attachments: ParsedAttachment[];
  /** Where each attachment's base64 lies in the message's bytes (null for one over the size cap: not kept). */
  readonly attachmentsAt: (Span | null)[];
}

/** A run of bytes of the buffer under the message ([start, end) of its ArrayBuffer). */
type Span = RawSpan;

/** What the fast parser read, and where in the message's bytes its text, HTML and parts lie. */
export interface SimpleParse {
  readonly message: ParsedMessage;
  /**
   * Offsets within the message: the text or HTML is exactly those bytes read as UTF-8 with LF
   * line ends (null when it is not, e.g. base64 or derived from the HTML); each attachment is the
   * base64 there (null when over the size cap: not kept).
   */
  readonly inRaw: { readonly text: RawSpan | null; readonly html: RawSpan | null; readonly attachments: readonly (RawSpan | null)[] };
}

/** Declines: the message is not one of the shapes read here. */
class Decline extends Error {}

export interface SimpleParseOptions {
  /** Epoch ms; the date shown when the Date header is missing or unreadable. */
  readonly receivedAt: number;
  readonly maxAttachmentBytes?: number;
}

/** The message read, or null when it is not one of the plain shapes (mailparser reads it then). */
export function parseSimple(raw: Buffer, options: SimpleParseOptions): ParsedMessage | null {
  return readSimple(raw, options)?.message ?? null;
}

/** parseSimple, and where in the bytes what it read lies. */
export function readSimple(raw: Buffer, options: SimpleParseOptions): SimpleParse | null {
  if (raw.length > MAX_BYTES) return null;
  const end = findHeaderEnd(raw);
  if (!end.complete || end.headerLength === 0 || end.headerLength > MAX_HEADER_BYTES || end.bodyStart <= end.headerLength) return null;
  const headerText = raw.toString('latin1', 0, end.headerLength);
  try {
    const top = entity(headerText, raw.subarray(end.bodyStart), true);
    const warnings: string[] = [];
    const read: Read = { text: null, html: null, textAt: null, htmlAt: null, attachments: [], attachmentsAt: [] };
    readTop(top, read, options.maxAttachmentBytes ?? DEFAULT_ATTACHMENT_CAP, warnings);
    const headerWarnings: string[] = [];
    const headers = headersFromFields(readFields(headerText, headerWarnings), { receivedAt: options.receivedAt }, raw.length, headerWarnings);
    const message = finishMessage(headers, read, headerWarnings, warnings);
    const base = raw.byteOffset;
    const local = (span: Span | null, exact: boolean): RawSpan | null => (span === null || !exact ? null : { start: span.start - base, end: span.end - base });
    return {
      message,
      inRaw: {
        // Only where finishing left the text as read (no NUL taken out, not the HTML's text).
        text: local(read.textAt, message.body.text === read.text),
        html: local(read.htmlAt, message.body.html === read.html),
        attachments: read.attachmentsAt.map((span) => local(span, true)),
      },
    };
  } catch (e) {
    if (e instanceof Decline) return null;
    throw e;
  }
}

function readTop(top: Entity, read: Read, maxAttachment: number, warnings: string[]): void {
  const media = mediaOf(top.ct);
  if (media === 'text/plain' || media === 'text/html') {
    textPart(top, read, false);
    return;
  }
  if (media === 'multipart/alternative') {
    alternative(top, read);
    return;
  }
  if (media !== 'multipart/mixed') throw new Decline();
  const [first, ...rest] = parts(top);
  if (!first) throw new Decline();
  const firstMedia = mediaOf(first.ct);
  if (firstMedia === 'multipart/alternative') alternative(first, read);
  else if (firstMedia === 'text/plain' || firstMedia === 'text/html') textPart(first, read, false);
  else throw new Decline();
  for (const part of rest) {
    const found = attachment(part, maxAttachment, warnings);
    read.attachments.push(found);
    read.attachmentsAt.push(found.meta.omitted ? null : spanOf(part.body));
  }
}

/** Text and HTML, one of each at most, nothing else. */
function alternative(e: Entity, read: Read): void {
  const children = parts(e);
  if (children.length === 0 || children.length > 2) throw new Decline();
  for (const child of children) textPart(child, read, true);
}

/** A text or HTML part shown as the message (never one with a name: mailparser's rules differ there). */
function textPart(e: Entity, read: Read, inAlternative: boolean): void {
  const media = mediaOf(e.ct);
  if (media !== 'text/plain' && media !== 'text/html') throw new Decline();
  if (e.disposition !== null && (mediaOf(e.disposition) !== 'inline' || e.disposition.params.size > 0)) throw new Decline();
  for (const name of e.ct.params.keys()) if (name !== 'charset') throw new Decline(); // format=flowed, name=…: mailparser's
  const charset = (e.ct.params.get('charset') ?? 'utf-8').toLowerCase().replace(/[^a-z0-9]+/g, '');
  if (!['utf8', 'ascii', 'usascii'].includes(charset)) throw new Decline();
  let decoded: string;
  try {
    decoded = utf8.decode(decodedBytes(e));
  } catch {
    throw new Decline(); // not UTF-8: how mailparser replaces the bad bytes is its own
  }
  // mailparser drops an empty part, and joins a second one of a kind (neither read here).
  const text = decoded.replace(/\r?\n/g, '\n');
  if (text === '') throw new Decline();
  const at = e.encoding === 'base64' ? null : spanOf(e.body);
  if (media === 'text/plain') {
    if (read.text !== null) throw new Decline();
    read.text = text;
    read.textAt = at;
  } else {
    // An HTML part beside text outside an alternative is mailparser's own mix.
    if (read.html !== null || (!inAlternative && read.text !== null)) throw new Decline();
    read.html = text;
    read.htmlAt = at;
  }
}

function attachment(e: Entity, maxBytes: number, warnings: string[]): ParsedAttachment {
  const media = mediaOf(e.ct);
  // Text shown inline, nested messages and multiparts, types mailparser renames: not here.
  if (!isMediaType(e.ct) || /^(text|multipart|message)\//.test(media)) throw new Decline();
  if (e.encoding !== 'base64') throw new Decline();
  if (e.disposition !== null && mediaOf(e.disposition) !== 'attachment' && mediaOf(e.disposition) !== 'inline') throw new Decline();
  const filename = plainParam(e.disposition, 'filename') ?? plainParam(e.ct, 'name');
  // mailparser types application/octet-stream by the file name's extension: only those it leaves alone here.
  if (media === 'application/octet-stream' && filename !== undefined && filename.includes('.') && !/\.bin$/i.test(filename)) throw new Decline();
  const content = base64(e.body);
  return finishAttachment({ filename, contentType: media, cid: cidOf(e.cid), size: content.length, content }, maxBytes, warnings);
}

/** A plain ASCII parameter, or undefined when absent; an encoded one (RFC 2047, RFC 2231) declines. */
function plainParam(ct: ContentType | null, name: string): string | undefined {
  if (ct === null) return undefined;
  for (const key of ct.params.keys()) if (key.startsWith(`${name}*`)) throw new Decline();
  const value = ct.params.get(name);
  if (value === undefined) return undefined;
  if (!/^[\x20-\x7e]*$/.test(value) || value.includes('=?')) throw new Decline();
  return value;
}

function cidOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[\x20-\x7e\t]*$/.test(value) || value.includes('=?')) throw new Decline();
  return value.trim().replace(/^<|>$/g, '').trim();
}

function decodedBytes(e: Entity): Buffer {
  if (e.encoding === '' || e.encoding === '7bit' || e.encoding === '8bit' || e.encoding === 'binary') return e.body;
  if (e.encoding === 'base64') return base64(e.body);
  throw new Decline(); // quoted-printable and the rest: mailparser's
}

/** Base64 with line breaks only (anything else in it declines: decoders differ on junk). */
function base64(body: Buffer): Buffer {
  const text = body.toString('latin1');
  if (!/^[A-Za-z0-9+/\r\n]*(?:=[\r\n]*){0,2}$/.test(text)) throw new Decline();
  const digits = text.replace(/[\r\n]+/g, '');
  if (digits.length % 4 !== 0) throw new Decline();
  return Buffer.from(digits, 'base64');
}

function spanOf(bytes: Buffer): Span {
  return { start: bytes.byteOffset, end: bytes.byteOffset + bytes.byteLength };
}

function mediaOf(ct: ContentType): string {
  return ct.subtype === null ? ct.type : `${ct.type}/${ct.subtype}`;
}

/**
 * One entity's MIME fields, read strictly: every line a field or its continuation, each MIME
 * field once. Anything odd (a line that is not a field, a field twice) declines: parse.ts's
 * repairs and mailparser's choices are theirs to make.
 */
function entity(headerText: string, body: Buffer, top: boolean): Entity {
  const fields = new Map<string, string>();
  let name: string | null = null;
  for (const rawLine of headerText.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const c = line.charCodeAt(0);
    if (c === 0x20 || c === 0x09) {
      if (name === null) throw new Decline();
      if (name !== '') fields.set(name, `${fields.get(name) ?? ''}${line}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0 || /[\s\x00-\x1f\x7f-\xff]/.test(line.slice(0, colon))) throw new Decline();
    const key = line.slice(0, colon).toLowerCase();
    if (key.startsWith('content-') || key === 'mime-version') {
      if (fields.has(key)) throw new Decline();
      fields.set(key, line.slice(colon + 1));
      name = key;
    } else name = '';
  }
  const value = (key: string) => {
    const v = fields.get(key);
    if (v !== undefined && /[\x80-\xff]/.test(v)) throw new Decline();
    return v;
  };
  const ctValue = value('content-type');
  if (ctValue === undefined && !top) throw new Decline(); // a part's default depends on its parent
  const ct = parseContentType(ctValue ?? 'text/plain');
  if (!isMediaType(ct)) throw new Decline();
  const disposition = value('content-disposition');
  return {
    ct,
    encoding: (value('content-transfer-encoding') ?? '').trim().toLowerCase(),
    disposition: disposition === undefined ? null : parseContentType(disposition),
    cid: value('content-id'),
    body,
  };
}

/** A multipart's parts: delimiters exact, the close delimiter there, nothing delimiter-like besides. */
function parts(e: Entity): Entity[] {
  const boundary = e.ct.params.get('boundary');
  if (boundary === undefined || !/^[0-9A-Za-z'()+_,\-./:=? ]{1,70}$/.test(boundary) || boundary.endsWith(' ')) throw new Decline();
  if (e.encoding !== '' && e.encoding !== '7bit' && e.encoding !== '8bit' && e.encoding !== 'binary') throw new Decline();
  const body = e.body;
  const dash = Buffer.from(`--${boundary}`, 'latin1');
  // Every line that starts with the delimiter: where it starts, and whether it closes.
  const lines: { start: number; next: number; close: boolean }[] = [];
  for (let at = body.indexOf(dash); at !== -1; at = body.indexOf(dash, at + 1)) {
    if (at > 0 && body[at - 1] !== 0x0a) continue;
    const nl = body.indexOf(0x0a, at);
    const lineEnd = nl === -1 ? body.length : nl;
    const rest = body.toString('latin1', at + dash.length, lineEnd > at && body[lineEnd - 1] === 0x0d ? lineEnd - 1 : lineEnd);
    if (rest !== '' && rest !== '--') throw new Decline(); // transport padding, a longer boundary: mailparser's
    lines.push({ start: at, next: nl === -1 ? body.length : nl + 1, close: rest === '--' });
    if (rest === '--') break;
  }
  const last = lines.at(-1);
  if (!last?.close || lines.length < 2) throw new Decline();
  // A delimiter-like line before the first delimiter: parse.ts may take it for the real one (repair.ts).
  const preamble = body.subarray(0, lines[0]!.start);
  if (preamble[0] === 0x2d || preamble.includes('\n-', 0, 'latin1')) throw new Decline();
  // Nothing but blank lines after the close delimiter (an epilogue is mailparser's).
  if (body.subarray(last.next).some((b) => b !== 0x0d && b !== 0x0a)) throw new Decline();
  const out: Entity[] = [];
  for (let i = 0; i + 1 < lines.length; i += 1) {
    const from = lines[i]!.next;
    let to = lines[i + 1]!.start;
    // The line break before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
    if (to > from && body[to - 1] === 0x0a) to -= 1;
    if (to > from && body[to - 1] === 0x0d) to -= 1;
    const part = body.subarray(from, to);
    const end = findHeaderEnd(part);
    if (!end.complete || end.headerLength === 0 || end.headerLength > MAX_HEADER_BYTES || end.bodyStart <= end.headerLength) throw new Decline();
    out.push(entity(part.toString('latin1', 0, end.headerLength), part.subarray(end.bodyStart), false));
  }
  return out;
}
