/**
 * Input checks for what a person types in the account wizard and what an autoconfig file
 * says: host names, ports, email addresses. Each failure is an EINVALID HeronError whose
 * message names the field and what is wrong, and whose detail.field lets the form mark it.
 */
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { HeronError } from '../../../shared/ipc/result';

function invalid(field: string, message: string): HeronError {
  return new HeronError('EINVALID', message, { detail: { field } });
}

function quote(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return `"${shown.replace(/[\u0000-\u001f\u007f]/g, '\uFFFD')}"`;
}

/**
 * A server host name or IP address, trimmed, lower-cased and with international names in
 * punycode (what DNS and TLS certificates carry). Refuses schemes, ports, paths, spaces and
 * control characters, which people paste from browsers ("https://mail.example.com:993/").
 */
export function normalizeHost(raw: string, field = 'host'): string {
  const value = raw.trim().replace(/\.$/, '');
  if (value === '') throw invalid(field, 'The server name is empty.');
  if (/[\u0000-\u001f\u007f]/.test(value)) throw invalid(field, `The server name ${quote(value)} contains a line break or control character.`);
  if (/\s/.test(value)) throw invalid(field, `The server name ${quote(value)} contains a space.`);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw invalid(field, `The server name ${quote(value)} should be just the name, without "${value.split('//')[0]}//".`);
  }
  if (/[/?#@]/.test(value)) throw invalid(field, `The server name ${quote(value)} should be just the name, without a path or "@".`);
  const bracketed = /^\[(.*)\]$/.exec(value);
  const bare = bracketed?.[1] ?? value;
  if (isIP(bare) === 6) return bare.toLowerCase();
  if (isIP(bare) === 4) return bare;
  if (/:\d*$/.test(value)) throw invalid(field, `The server name ${quote(value)} should not include a port; enter the port in its own field.`);
  const ascii = domainToASCII(value.toLowerCase());
  if (ascii === '') throw invalid(field, `The server name ${quote(value)} is not a valid host name.`);
  if (ascii.length > 253) throw invalid(field, `The server name ${quote(value)} is too long.`);
  for (const label of ascii.split('.')) {
    if (!/^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/.test(label)) {
      throw invalid(field, `The server name ${quote(value)} is not a valid host name (the part ${quote(label)} is not allowed).`);
    }
  }
  return ascii;
}

export function checkPort(value: unknown, field = 'port'): number {
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) value = Number(value);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    throw invalid(field, `The port must be a whole number from 1 to 65535 (got ${quote(String(value))}).`);
  }
  return value;
}

export interface EmailAddress {
  /** As the person typed it, trimmed; the local part keeps its case. */
  readonly address: string;
  readonly localPart: string;
  /** Lower-case, punycode. */
  readonly domain: string;
}

/**
 * A mailbox address as used for login and discovery: `local@domain`, one "@", a local part of
 * at most 64 octets without spaces or control characters, a domain that is a valid host name
 * with at least one dot (discovery needs a real domain; a dotless one is a local alias).
 */
export function parseEmailAddress(raw: string, field = 'email'): EmailAddress {
  const address = raw.trim();
  if (address === '') throw invalid(field, 'Enter your email address.');
  if (/[\u0000-\u001f\u007f]/.test(address)) throw invalid(field, `The email address ${quote(address)} contains a line break or control character.`);
  if (/\s/.test(address)) throw invalid(field, `The email address ${quote(address)} contains a space.`);
  const at = address.lastIndexOf('@');
  if (at === -1) throw invalid(field, `The email address ${quote(address)} has no "@"; it should look like name@example.com.`);
  const localPart = address.slice(0, at);
  const domainPart = address.slice(at + 1);
  if (localPart === '') throw invalid(field, `The email address ${quote(address)} has nothing before the "@".`);
  if (domainPart === '') throw invalid(field, `The email address ${quote(address)} has nothing after the "@".`);
  if (localPart.includes('@') && !/^".*"$/.test(localPart)) throw invalid(field, `The email address ${quote(address)} has more than one "@".`);
  if (Buffer.byteLength(localPart) > 64) throw invalid(field, `The part before "@" in ${quote(address)} is longer than 64 characters.`);
  if (/[<>()[\],;:\\]/.test(localPart) && !/^".*"$/.test(localPart)) {
    throw invalid(field, `The email address ${quote(address)} contains a character that is not allowed before the "@".`);
  }
  if (/^\.|\.$|\.\./.test(localPart)) throw invalid(field, `The part before "@" in ${quote(address)} has a misplaced dot.`);
  let domain: string;
  try {
    domain = normalizeHost(domainPart, field);
  } catch {
    throw invalid(field, `The part after "@" in ${quote(address)} is not a valid domain.`);
  }
  if (isIP(domain) !== 0 || !domain.includes('.')) {
    throw invalid(field, `The part after "@" in ${quote(address)} should be a domain such as example.com.`);
  }
  return { address: `${localPart}@${domain}`, localPart, domain };
}

/** ISPDB username placeholders (%EMAILADDRESS%, %EMAILLOCALPART%, %EMAILDOMAIN%). */
export function expandUsername(template: string, email: EmailAddress): string {
  return template
    .replace(/%EMAILADDRESS%/g, email.address)
    .replace(/%EMAILLOCALPART%/g, email.localPart)
    .replace(/%EMAILDOMAIN%/g, email.domain);
}
