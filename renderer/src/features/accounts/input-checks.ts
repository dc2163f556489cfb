/**
 * What a person types into the account wizard and account settings, checked before anything is
 * sent to main. Each check answers either the normalised value or a sentence for the person that
 * names what is wrong, shown next to the field (main checks again: STYLE.md §4).
 */

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const good = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = (error: string): Checked<never> => ({ ok: false, error });

const CONTROL = /[\u0000-\u001f\u007f]/;

function shown(value: string): string {
  const cut = value.length > 60 ? `${value.slice(0, 60)}…` : value;
  return `“${cut.replace(/[\u0000-\u001f\u007f]/g, '\uFFFD')}”`;
}

/**
 * A server name: trimmed, international names converted to punycode (what DNS and certificates
 * carry), IPv4 and bracketed IPv6 literals allowed. People paste "https://mail.example.com:995/";
 * each part that does not belong gets its own explanation.
 */
export function checkHost(raw: string): Checked<string> {
  const value = raw.trim().replace(/\.$/, '');
  if (value === '') return bad('Enter the server name, for example pop.example.com.');
  if (/[\r\n]/.test(value)) return bad('The server name must be on one line.');
  if (CONTROL.test(value)) return bad(`The server name ${shown(value)} contains a control character.`);
  if (/\s/.test(value)) return bad(`The server name ${shown(value)} contains a space.`);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
  if (scheme) return bad(`Enter just the server name, without “${scheme[1]}://”.`);
  if (/[/?#\\]/.test(value)) return bad(`Enter just the server name, without a path (${shown(value)}).`);
  if (value.includes('@')) return bad(`A server name has no “@”; ${shown(value)} looks like an email address.`);
  if (/^\[[0-9a-f:.]+\]$/i.test(value)) return good(value.toLowerCase());
  if (/:\d*$/.test(value) && value.split(':').length === 2) return bad('Enter the port in the Port field, not after the server name.');
  if (value.includes(':')) return bad('Write an IPv6 address in square brackets, for example [2001:db8::1].');
  let hostname: string;
  try {
    hostname = new URL(`http://${value}`).hostname;
  } catch {
    return bad(`${shown(value)} is not a valid server name.`);
  }
  if (hostname.length > 253) return bad('The server name is too long (at most 253 characters).');
  for (const label of hostname.split('.')) {
    if (label === '' || label.length > 63 || !/^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/.test(label)) {
      return bad(`${shown(value)} is not a valid server name.`);
    }
  }
  return good(hostname);
}

export function checkPort(raw: string): Checked<number> {
  const value = raw.trim();
  if (value === '') return bad('Enter the port number.');
  if (!/^\d+$/.test(value)) return bad(`The port must be a whole number (got ${shown(value)}).`);
  const port = Number(value);
  if (port < 1 || port > 65535) return bad(`The port must be from 1 to 65535 (got ${value}).`);
  return good(port);
}

export interface CheckedAddress {
  readonly address: string;
  /** The domain in punycode, for discovery. */
  readonly domain: string;
}

/** A mailbox address (RFC 5321 §4.1.2 in practice): local@domain, no display name, no spaces. */
export function checkEmail(raw: string): Checked<CheckedAddress> {
  const value = raw.trim();
  if (value === '') return bad('Enter your email address.');
  if (CONTROL.test(value)) return bad('The email address must be on one line, without control characters.');
  if (/\s/.test(value)) return bad(`The email address ${shown(value)} contains a space.`);
  if (/[<>]/.test(value)) return bad('Enter just the address, for example alice@example.com, without a name or “<>”.');
  const at = value.lastIndexOf('@');
  if (at === -1) return bad(`${shown(value)} is missing the “@” and the domain, as in alice@example.com.`);
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local === '') return bad('The part before “@” is empty.');
  if (local.length > 64) return bad('The part before “@” is too long (at most 64 characters).');
  if (local.includes('@') && !/^".*"$/.test(local)) return bad('An email address has only one “@”.');
  if (domain === '') return bad('The part after “@” is empty; it should be your provider’s domain, as in example.com.');
  if (!domain.includes('.') && !/^\[.*\]$/.test(domain)) return bad(`The domain ${shown(domain)} is incomplete; it usually looks like example.com.`);
  const host = checkHost(domain);
  if (!host.ok) return bad(`The domain ${shown(domain)} is not valid.`);
  if (value.length > 320) return bad('The email address is too long.');
  return good({ address: value, domain: host.value });
}

export function checkName(raw: string): Checked<string> {
  const value = raw.trim();
  if (value === '') return bad('Enter your name as recipients should see it.');
  if (CONTROL.test(value)) return bad('Your name must be on one line.');
  if (value.length > 200) return bad('Your name is too long (at most 200 characters).');
  return good(value);
}

export function checkUsername(raw: string): Checked<string> {
  const value = raw.trim();
  if (value === '') return bad('Enter the user name for this server (often your full email address).');
  if (CONTROL.test(value)) return bad('The user name must be on one line, without control characters.');
  if (value.length > 320) return bad('The user name is too long.');
  return good(value);
}

/** Passwords are not trimmed: a leading or trailing space can be part of one. */
export function checkPassword(raw: string, what = 'password'): Checked<string> {
  if (raw === '') return bad(`Enter the ${what}.`);
  if (/[\r\n\0]/.test(raw)) return bad(`The ${what} cannot contain a line break.`);
  if (raw.length > 1024) return bad(`The ${what} is too long (at most 1,024 characters).`);
  return good(raw);
}

export function checkDays(raw: string): Checked<number> {
  const value = raw.trim();
  if (!/^\d+$/.test(value)) return bad('Enter a number of days, for example 14.');
  const days = Number(value);
  if (days < 1 || days > 36500) return bad('Enter a number of days from 1 to 36,500.');
  return good(days);
}

/** Minutes between automatic checks; 0 means never. */
export function checkInterval(raw: string): Checked<number> {
  const value = raw.trim();
  if (!/^\d+$/.test(value)) return bad('Enter a number of minutes (0 = only when you ask).');
  const minutes = Number(value);
  if (minutes > 24 * 60) return bad('Check at least once a day (at most 1,440 minutes).');
  return good(minutes);
}

/** Empty = no limit; otherwise kilobytes, stored as bytes. */
export function checkSizeLimitKb(raw: string): Checked<number | null> {
  const value = raw.trim();
  if (value === '') return good(null);
  if (!/^\d+$/.test(value) || Number(value) < 1) return bad('Enter a size in KB (1 or more), or leave it empty for no limit.');
  const kb = Number(value);
  if (kb > 4 * 1024 * 1024) return bad('Enter at most 4,194,304 KB (4 GB), or leave it empty for no limit.');
  return good(kb * 1024);
}

/** Optional reply-to: empty is fine. */
export function checkOptionalEmail(raw: string): Checked<string | null> {
  if (raw.trim() === '') return good(null);
  const checked = checkEmail(raw);
  return checked.ok ? good(checked.value.address) : checked;
}
