/**
 * Addresses and header values as a person typed them, checked before they can reach a header or
 * an SMTP command line (STYLE.md §4). Rejecting beats stripping: a name with a line break in it
 * is a mistake or an attack, and silently "fixing" it would send something the person did not write.
 */
import { domainToASCII } from 'node:url';
import { HeronError } from '../../../shared/ipc/result';
import { formatMessageId, normalizeMessageId } from '../../../shared/model/message-id';

/** C0 controls (CR, LF, NUL…), DEL, and the Unicode line/paragraph separators some parsers treat as line ends. */
const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;
/** Same, but a TAB is fine inside a subject or a display name (it is folding white space). */
const CONTROL_EXCEPT_TAB = /[\u0000-\u0008\u000a-\u001f\u007f\u0085\u2028\u2029]/;

// RFC 5322 §3.2.3 atext, plus any non-ASCII character (RFC 6532 UTF8-non-ascii).
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const DOT_ATOM_LOCAL = new RegExp(`^(?:${ATEXT}|[^\\u0000-\\u007f])+(?:\\.(?:${ATEXT}|[^\\u0000-\\u007f])+)*$`);
// RFC 5322 §3.2.4 quoted-string without CR/LF (checked earlier): qtext or a quoted pair.
const QUOTED_LOCAL = /^"(?:[\u0020\u0021\u0023-\u005b\u005d-\u007e]|\\[\u0020-\u007e]|[^\u0000-\u007f])*"$/;
const LDH_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const IPV4_LITERAL = /^\[(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\]$/;

export interface CheckedAddress {
  /** As typed (trimmed), for display. */
  readonly address: string;
  /** The form that goes into MAIL FROM / RCPT TO and the headers: the domain as punycode. */
  readonly ascii: string;
  /** The local part is not ASCII: only deliverable through a server that offers SMTPUTF8 (RFC 6531). */
  readonly needsSmtpUtf8: boolean;
}

function invalid(field: string, message: string): HeronError {
  return new HeronError('EINVALID', message, { detail: { field } });
}

/** Throws EINVALID naming `field` when `value` holds a line break or another control character. */
export function checkHeaderText(value: string, field: string, label: string, options: { max?: number } = {}): string {
  if (CONTROL_EXCEPT_TAB.test(value)) {
    throw invalid(field, `The ${label} contains a line break or a control character; remove it and try again.`);
  }
  const max = options.max ?? 998;
  if (value.length > max) throw invalid(field, `The ${label} is longer than ${max} characters.`);
  return value;
}

/**
 * Checks an RFC 5322 addr-spec (§3.4.1) and returns its envelope form. IDN domains become
 * punycode (RFC 5890) so that no server needs SMTPUTF8 just for the domain; a non-ASCII local
 * part is allowed only when `smtpUtf8` says the server accepts it.
 */
export function checkAddress(value: string, field: string, options: { smtpUtf8?: boolean } = {}): CheckedAddress {
  const address = value.trim();
  const shown = JSON.stringify(address.slice(0, 80));
  if (CONTROL.test(address)) throw invalid(field, `The address ${shown} contains a line break or a control character.`);
  if (address === '') throw invalid(field, 'An address is empty.');
  if (/[<>]/.test(address)) throw invalid(field, `The address ${shown} contains "<" or ">".`);
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) {
    throw invalid(field, `${shown} is not an email address (it needs a name, "@" and a domain, like alice@example.com).`);
  }
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (!DOT_ATOM_LOCAL.test(local) && !QUOTED_LOCAL.test(local)) {
    throw invalid(field, `The part before "@" in ${shown} has characters an address cannot have.`);
  }
  if (Buffer.byteLength(local, 'utf8') > 64) throw invalid(field, `The part before "@" in ${shown} is longer than 64 bytes.`);
  const asciiDomain = toAsciiDomain(domain);
  if (asciiDomain === null) throw invalid(field, `The domain in ${shown} is not a valid domain name.`);
  const needsSmtpUtf8 = /[^\u0000-\u007f]/.test(local);
  if (needsSmtpUtf8 && !options.smtpUtf8) {
    throw invalid(
      field,
      `The address ${shown} has non-ASCII characters before "@"; the outgoing server does not say it accepts such addresses (SMTPUTF8).`,
    );
  }
  const ascii = `${local}@${asciiDomain}`;
  if (Buffer.byteLength(ascii, 'utf8') > 254) throw invalid(field, `The address ${shown} is longer than 254 bytes.`);
  return { address, ascii, needsSmtpUtf8 };
}

function toAsciiDomain(domain: string): string | null {
  if (IPV4_LITERAL.test(domain)) return domain;
  if (domain.startsWith('[')) return null;
  // domainToASCII applies UTS #46 mapping (lower-casing, full-width dots) and answers '' for an invalid name.
  const ascii = domainToASCII(domain);
  if (ascii === '' || ascii.length > 253) return null;
  const labels = ascii.split('.');
  // A bare host name ("bob@localhost") is almost always a typo in a mail client; require a dot.
  if (labels.length < 2) return null;
  return labels.every((label) => LDH_LABEL.test(label)) ? ascii : null;
}

/**
 * A msg-id for an In-Reply-To or References header (RFC 5322 §3.6.4), from its stored form or with
 * its brackets (shared/model/message-id.ts): answers it as the header writes it, `<id>`.
 */
export function checkMessageId(value: string, field: string): string {
  const id = normalizeMessageId(value);
  if (id === null) throw invalid(field, `${JSON.stringify(value.trim().slice(0, 80))} is not a Message-ID.`);
  return formatMessageId(id);
}
