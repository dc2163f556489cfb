/**
 * The account model. Accounts live in the renderer's Dexie store (the source of truth); main gets
 * the server settings it needs with each call and keeps only the encrypted passwords.
 */

/** How a connection is secured. 'none' is only ever chosen by the person, never automatically. */
export type Security = 'tls' | 'starttls' | 'none';

export type Pop3AuthMethod = 'user' | 'apop' | 'plain' | 'login' | 'cram-md5' | 'xoauth2';
export type SmtpAuthMethod = 'plain' | 'login' | 'cram-md5' | 'xoauth2' | 'none';

export interface ServerEndpoint {
  readonly host: string;
  readonly port: number;
  readonly security: Security;
  readonly username: string;
  /**
   * SHA-256 fingerprint (hex, colon-separated, upper case) of a certificate the person confirmed
   * for this account. Only used when normal verification fails; never skips host-name checks
   * for other certificates.
   */
  readonly pinnedCert?: string;
  /** The person agreed to send the password in clear over an unencrypted connection. */
  readonly allowPlaintextPassword?: boolean;
}

export interface IncomingServer extends ServerEndpoint {
  readonly protocol: 'pop3';
  readonly auth: Pop3AuthMethod;
}

export interface OutgoingServer extends ServerEndpoint {
  readonly protocol: 'smtp';
  readonly auth: SmtpAuthMethod;
  /** Use the incoming server's password. */
  readonly sameCredentialsAsIncoming?: boolean;
}

/**
 * Thunderbird's semantics: keep forever, keep N days (counted from download), or delete after
 * download; "delete from the server when I delete it here" combines with the keep modes.
 */
export interface RetentionPolicy {
  readonly mode: 'keep' | 'delete';
  /** With mode 'keep': delete from the server this many days after download; null = forever. */
  readonly keepDays: number | null;
  readonly deleteWhenDeletedHere: boolean;
}

export const DEFAULT_RETENTION: RetentionPolicy = { mode: 'keep', keepDays: 14, deleteWhenDeletedHere: true };

export interface Identity {
  readonly name: string;
  readonly address: string;
  readonly replyTo?: string;
  readonly signature?: string;
}

export interface Account {
  readonly id: string;
  readonly label: string;
  readonly identity: Identity;
  readonly incoming: IncomingServer;
  readonly outgoing: OutgoingServer;
  readonly retention: RetentionPolicy;
  readonly checkAtStartup: boolean;
  /** Minutes between automatic checks; 0 = never. */
  readonly checkIntervalMinutes: number;
  /** Messages larger than this many bytes are fetched headers-only; null = no limit. */
  readonly headersOnlyOverBytes: number | null;
  readonly createdAt: number;
  /** Position in the sidebar. */
  readonly order: number;
}

/** Which of an account's two passwords. */
export type SecretSlot = 'incoming' | 'outgoing';

/** The server identity a stored password is bound to (main refuses to send it anywhere else). */
export interface SecretServer {
  readonly host: string;
  readonly port: number;
  readonly security: Security;
  readonly username: string;
}

function serverOf(e: ServerEndpoint): SecretServer {
  return { host: e.host, port: e.port, security: e.security, username: e.username };
}

/**
 * The servers one of an account's passwords may be sent to: the incoming password also goes to
 * the outgoing server when that server logs in with the same credentials.
 */
export function secretServersFor(account: Pick<Account, 'incoming' | 'outgoing'>, slot: SecretSlot): SecretServer[] {
  if (slot === 'outgoing') return [serverOf(account.outgoing)];
  const shared = account.outgoing.sameCredentialsAsIncoming === true && account.outgoing.auth !== 'none';
  return shared ? [serverOf(account.incoming), serverOf(account.outgoing)] : [serverOf(account.incoming)];
}

/** True when a change to the account sends a slot's password to a server it was not stored for. */
export function secretServersChanged(before: Pick<Account, 'incoming' | 'outgoing'>, after: Pick<Account, 'incoming' | 'outgoing'>, slot: SecretSlot): boolean {
  const key = (list: SecretServer[]) => JSON.stringify(list.map((s) => [s.security, s.host.trim().toLowerCase(), s.port, s.username]));
  const now = secretServersFor(after, slot);
  const was = new Set(secretServersFor(before, slot).map((s) => key([s])));
  return now.some((s) => !was.has(key([s])));
}
