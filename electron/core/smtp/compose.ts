/**
 * Builds the exact RFC 5322 bytes of a draft once, with nodemailer's MailComposer. These bytes are
 * what the outbox stores and what the server receives, unchanged: the output is canonical (CRLF
 * line ends only, no line over 998 octets) so SMTP's transparency step — dot-stuffing, which the
 * server undoes — is the only transformation on the wire.
 */
import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { HeronError } from '../../../shared/ipc/result';
import type { Draft, Envelope } from '../../../shared/model/draft';
import type { Address } from '../../../shared/model/message';
import { formatMessageId } from '../../../shared/model/message-id';
import { htmlText } from '../mime/html-text';
import { checkAddress, checkHeaderText, checkMessageId, type CheckedAddress } from './address';
import { AUTO_FORWARDED, HERON_FORWARD_HEADER } from '../../../shared/rules/forward';

export interface AttachmentBytes {
  readonly id: string;
  readonly bytes: Uint8Array;
}

export interface BuildOptions {
  /** The Date header; defaults to now. */
  readonly now?: Date;
  /** The outgoing server offers SMTPUTF8 (RFC 6531): non-ASCII local parts are allowed. */
  readonly smtpUtf8?: boolean;
  /** Left-hand side of the Message-ID; a random UUID unless a test pins it. */
  readonly messageIdLocal?: string;
}

export interface BuiltMessage {
  readonly raw: Uint8Array;
  /** Its stored form, without angle brackets (shared/model/message-id.ts). */
  readonly messageId: string;
  readonly envelope: Envelope;
}

/** RFC 5322 §2.1.1: a line is at most 998 octets before its CRLF. */
const MAX_LINE = 998;
const CONTENT_TYPE = /^[A-Za-z0-9!#$&^_.+-]{1,127}\/[A-Za-z0-9!#$&^_.+-]{1,127}$/;

interface MailAddress {
  name: string;
  address: string;
}

export async function buildMessage(
  draft: Draft,
  attachments: readonly AttachmentBytes[],
  options: BuildOptions = {},
): Promise<BuiltMessage> {
  const smtpUtf8 = options.smtpUtf8 === true;
  const from = checkParty(draft.from, 'from', smtpUtf8);
  const replyTo = draft.replyTo ? checkParty(draft.replyTo, 'replyTo', smtpUtf8) : null;
  const to = draft.to.map((a, i) => checkParty(a, `to[${i}]`, smtpUtf8));
  const cc = draft.cc.map((a, i) => checkParty(a, `cc[${i}]`, smtpUtf8));
  const bcc = draft.bcc.map((a, i) => checkParty(a, `bcc[${i}]`, smtpUtf8));
  if (to.length + cc.length + bcc.length === 0) {
    throw new HeronError('EINVALID', 'The message has no recipients; add at least one address in To, Cc or Bcc.', {
      detail: { field: 'to' },
    });
  }
  const subject = checkHeaderText(draft.subject, 'subject', 'subject', { max: 2000 });
  const inReplyTo = draft.inReplyTo === null ? undefined : checkMessageId(draft.inReplyTo, 'inReplyTo');
  const references = draft.references.map((r, i) => checkMessageId(r, `references[${i}]`));

  const bytesById = new Map(attachments.map((a) => [a.id, a.bytes]));
  const files = draft.attachments.map((ref, i) => {
    const field = `attachments[${i}]`;
    const filename = checkHeaderText(ref.filename, `${field}.filename`, 'attachment name', { max: 255 });
    if (!CONTENT_TYPE.test(ref.contentType)) {
      throw new HeronError('EINVALID', `The attachment "${filename}" has an invalid type (${JSON.stringify(ref.contentType.slice(0, 60))}).`, {
        detail: { field: `${field}.contentType` },
      });
    }
    const bytes = bytesById.get(ref.id);
    if (bytes === undefined) {
      throw new HeronError('EINVALID', `The attachment "${filename}" could not be found; attach it again.`, { detail: { field } });
    }
    if (bytes.byteLength !== ref.size) {
      throw new HeronError('EINVALID', `The attachment "${filename}" changed size (${ref.size} → ${bytes.byteLength} bytes); attach it again.`, {
        detail: { field },
      });
    }
    return {
      filename,
      contentType: ref.contentType,
      content: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      contentTransferEncoding: 'base64',
    };
  });

  const domain = from.checked.ascii.slice(from.checked.ascii.lastIndexOf('@') + 1);
  const messageId = `${options.messageIdLocal ?? randomUUID()}@${domain}`;
  const html = draft.plainTextMode || draft.html === null || draft.html.trim() === '' ? null : crlf(draft.html);
  // An HTML message always carries a plain alternative made from that HTML, so both parts say the same.
  const text = html === null ? draft.text : htmlToPlainText(html);

  const composer = new MailComposer({
    from: from.mail,
    ...(replyTo ? { replyTo: replyTo.mail } : {}),
    ...(to.length ? { to: to.map((p) => p.mail) } : {}),
    ...(cc.length ? { cc: cc.map((p) => p.mail) } : {}),
    subject,
    messageId: formatMessageId(messageId),
    date: options.now ?? new Date(),
    ...(inReplyTo ? { inReplyTo } : {}),
    ...(references.length ? { references } : {}),
    // A rule's forward says it was sent automatically, so no auto-responder answers it and no rule forwards it again (shared/rules/forward.ts).
    ...(draft.autoForwarded === true ? { headers: { 'Auto-Submitted': AUTO_FORWARDED, [HERON_FORWARD_HEADER]: 'rule' } } : {}),
    text: textPart(text),
    ...(html === null ? {} : { html }),
    attachments: files,
    // Nothing in a draft may make the composer read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const built = await new Promise<Buffer>((resolve, reject) => {
    composer.compile().build((error, message) => (error ? reject(error) : resolve(message)));
  });
  assertCanonical(built);
  const envelope: Envelope = {
    from: from.checked.ascii,
    to: dedupe([...to, ...cc, ...bcc].map((p) => p.checked.ascii)),
  };
  return { raw: new Uint8Array(built.buffer, built.byteOffset, built.byteLength), messageId, envelope };
}

function checkParty(party: Address, field: string, smtpUtf8: boolean): { checked: CheckedAddress; mail: MailAddress } {
  const name = checkHeaderText(party.name, `${field}.name`, 'name', { max: 256 });
  const checked = checkAddress(party.address, `${field}.address`, { smtpUtf8 });
  return { checked, mail: { name: name.trim(), address: checked.ascii } };
}

/**
 * The text part. Line ends become CRLF (RFC 5322 canonical form), except when the text holds a
 * bare CR: then base64 carries it byte for byte, because quoted-printable output from the
 * composer would pass that CR through raw, and a bare CR on the wire is what SMTP smuggling uses.
 */
function textPart(text: string): string | { content: string; contentTransferEncoding: string } {
  if (/\r(?!\n)/.test(text)) return { content: text, contentTransferEncoding: 'base64' };
  return crlf(text);
}

function crlf(value: string): string {
  return value.replace(/\r\n|\r|\n/g, '\r\n');
}

/** Plain text from the HTML the person wrote: links keep their address, quotes keep their "> ". */
export function htmlToPlainText(html: string): string {
  return crlf(signatureSeparators(htmlText(html)));
}

/**
 * The editor writes the signature separator as "--&nbsp;" (a trailing space would collapse in
 * HTML), and html-to-text keeps the NBSP. Readers recognise only "-- " (dash dash SPACE, RFC 3676
 * §4.3; also when quoted), so a line that is exactly "--" plus one NBSP becomes the real separator.
 * Other NBSPs are the person's text and stay.
 */
function signatureSeparators(text: string): string {
  return text.replace(/^((?:> )*)--\u00a0$/gm, '$1-- ');
}

function dedupe(addresses: string[]): string[] {
  const seen = new Set<string>();
  return addresses.filter((a) => {
    const key = a.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A post-condition, not a hope: if the composer ever emitted a bare CR or LF or an over-long line,
 * the bytes on the wire would differ from the stored copy (and a bare CR is an injection vector).
 */
function assertCanonical(raw: Buffer): void {
  let lineStart = 0;
  for (let i = 0; i < raw.length; i += 1) {
    const byte = raw[i];
    if (byte === 0x0d) {
      if (raw[i + 1] !== 0x0a) throw canonicalError(`a bare CR at byte ${i}`);
      if (i - lineStart > MAX_LINE) throw canonicalError(`a line of ${i - lineStart} octets at byte ${lineStart}`);
      i += 1;
      lineStart = i + 1;
    } else if (byte === 0x0a) {
      throw canonicalError(`a bare LF at byte ${i}`);
    } else if (byte === 0x00) {
      throw canonicalError(`a NUL at byte ${i}`);
    }
  }
  if (raw.length - lineStart > MAX_LINE) throw canonicalError(`a final line of ${raw.length - lineStart} octets`);
}

function canonicalError(what: string): HeronError {
  return new HeronError('EINTERNAL', `Heron built a message it cannot send safely (${what}).`);
}
