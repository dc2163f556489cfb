/**
 * Whether real Dovecot and Postfix can run here, decided once per process. Tests skip with the
 * reason in their title, never silently:
 *
 *   describe.skipIf(!dovecotAvailable.available)(dovecotAvailable.title('POP3 against Dovecot'), …)
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface Availability {
  readonly available: boolean;
  /** Why not, in a few words ('' when available). */
  readonly reason: string;
  /** `name` when available, else `name (skipped: reason)`. */
  title(name: string): string;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && executable(join(dir, name)));
}

function make(missing: string[]): Availability {
  const reason = missing.join('; ');
  return {
    available: missing.length === 0,
    reason,
    title: (name) => (missing.length === 0 ? name : `${name} (skipped: ${reason})`),
  };
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const common = [
  ...(isRoot ? [] : ['not running as root (the servers start as root and drop privileges)']),
  ...(onPath('openssl') ? [] : ['openssl not installed']),
];

/** Dovecot with the POP3 service (Debian dovecot-core + dovecot-pop3d). */
export const dovecotAvailable: Availability = make([
  ...common,
  ...(executable('/usr/sbin/dovecot') ? [] : ['dovecot not installed']),
  ...(executable('/usr/lib/dovecot/pop3') ? [] : ['dovecot-pop3d not installed']),
]);

/** Postfix (its SASL comes from Dovecot, so Dovecot is required too). */
export const postfixAvailable: Availability = make([
  ...common,
  ...(executable('/usr/sbin/dovecot') ? [] : ['dovecot not installed']),
  ...(executable('/usr/lib/dovecot/pop3') ? [] : ['dovecot-pop3d not installed']),
  ...(executable('/usr/sbin/postfix') ? [] : ['postfix not installed']),
]);

export const mpopAvailable: Availability = make(onPath('mpop') ? [] : ['mpop not installed']);
