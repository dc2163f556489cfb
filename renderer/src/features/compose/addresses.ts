/**
 * Recipient chips: what a person types or pastes into To/Cc/Bcc, split into addresses and checked
 * before a chip turns valid. The rules mirror the engine's (electron/core/smtp/address.ts), which
 * checks again in main: RFC 5322 §3.4.1 addr-spec, an IDN domain allowed (sent as punycode), a
 * non-ASCII local part only where the server offers SMTPUTF8.
 */
import type { Address } from '../../../../shared/model/message';

const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;
// RFC 5322 §3.2.3 atext, plus any non-ASCII character (RFC 6532).
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const DOT_ATOM_LOCAL = new RegExp(`^(?:${ATEXT}|[^\\u0000-\\u007f])+(?:\\.(?:${ATEXT}|[^\\u0000-\\u007f])+)*$`);
const QUOTED_LOCAL = /^"(?:[\u0020\u0021\u0023-\u005b\u005d-\u007e]|\\[\u0020-\u007e]|[^\u0000-\u007f])*"$/;
const LDH_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

export interface Chip extends Address {
  /** Null when the address is fine; otherwise a sentence saying what is wrong. */
  readonly error: string | null;
}

/** The domain as ASCII (IDN → punycode, RFC 5890), or null when it is not a valid host name. */
export function asciiDomain(domain: string): string | null {
  if (domain === '' || domain.length > 253 || /[\s/\\?#@:[\]%]/.test(domain)) return null;
  let host: string;
  try {
    host = new URL(`http://${domain}/`).hostname;
  } catch {
    return null;
  }
  const labels = host.replace(/\.$/, '').split('.');
  if (labels.length < 2) return null;
  return labels.every((l) => LDH_LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1] ?? '') ? labels.join('.') : null;
}

/** Null when `address` is a deliverable addr-spec, else what is wrong with it, in words. */
export function addressError(address: string, options: { smtpUtf8?: boolean } = {}): string | null {
  const shown = `“${address.slice(0, 80)}”`;
  if (address === '') return 'The address is empty.';
  if (CONTROL.test(address)) return `${shown} contains a line break or a control character.`;
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return `${shown} is not an email address: it needs a name, “@” and a domain, like alice@example.com.`;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (!DOT_ATOM_LOCAL.test(local) && !QUOTED_LOCAL.test(local)) return `The part before “@” in ${shown} has characters an address cannot have.`;
  if (new TextEncoder().encode(local).length > 64) return `The part before “@” in ${shown} is longer than 64 bytes.`;
  const ascii = asciiDomain(domain);
  if (ascii === null) return `The domain in ${shown} is not a valid domain name.`;
  if (/[^\u0000-\u007f]/.test(local) && options.smtpUtf8 !== true) {
    return `${shown} has non-ASCII characters before “@”; the outgoing server does not say it accepts such addresses (SMTPUTF8).`;
  }
  if (new TextEncoder().encode(`${local}@${ascii}`).length > 254) return `${shown} is longer than 254 bytes.`;
  return null;
}

/**
 * Splits pasted or typed text into addresses: `a@x, "Doe, Jane" <j@y>; Bob <b@z>`. Commas and
 * semicolons inside quotes or angle brackets do not split. Each piece becomes a chip, valid or not.
 */
export function parseRecipients(text: string, options: { smtpUtf8?: boolean } = {}): Chip[] {
  const pieces: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\' && quoted && i + 1 < text.length) {
      current += c + (text[++i] as string);
      continue;
    }
    if (c === '"') quoted = !quoted;
    else if (c === '<' && !quoted) angle = true;
    else if (c === '>' && !quoted) angle = false;
    if ((c === ',' || c === ';' || c === '\n' || c === '\r') && !quoted && !angle) {
      pieces.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  pieces.push(current);
  return pieces.map((p) => p.trim()).filter((p) => p !== '').map((p) => parseOne(p, options));
}

function parseOne(piece: string, options: { smtpUtf8?: boolean }): Chip {
  const m = /^(.*?)\s*<([^<>]*)>\s*$/.exec(piece);
  if (m) {
    const name = unquote((m[1] ?? '').trim());
    const address = (m[2] ?? '').trim();
    return { name, address, error: addressError(address, options) };
  }
  // "mailto:" pasted from a web page.
  const address = piece.replace(/^mailto:/i, '').trim();
  return { name: '', address, error: addressError(address, options) };
}

function unquote(name: string): string {
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) return name.slice(1, -1).replace(/\\(.)/g, '$1');
  return name;
}

/** `Name <address>` for display and for the reply's attribution line. */
export function formatAddress(a: Address): string {
  return a.name ? `${a.name} <${a.address}>` : a.address;
}

/** Same mailbox? The domain is case-insensitive; the local part is compared case-insensitively too, as every real server does. */
export function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * A display name that itself looks like a different address ("paypal@paypal.com" <x@evil.example>)
 * hides where the mail really goes: the compose view then shows the real address beside it.
 */
export function nameHidesAddress(a: Address): boolean {
  const inName = /[^\s<>"'(),;:]+@[^\s<>"'(),;:]+\.[^\s<>"'(),;:]+/.exec(a.name);
  return inName !== null && !sameAddress(inName[0], a.address);
}

/** More visible recipients than this: suggest Bcc, so recipients do not all see one another. */
export const BCC_SUGGESTION_THRESHOLD = 15;

export function suggestBcc(to: readonly Address[], cc: readonly Address[]): boolean {
  return to.length + cc.length > BCC_SUGGESTION_THRESHOLD;
}
