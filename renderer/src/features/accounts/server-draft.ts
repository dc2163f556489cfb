/**
 * A server's settings as the form holds them (text fields stay text until checked), and the
 * conversion both ways. Used by the wizard and by account settings, so both check the same way.
 */
import type { IncomingServer, OutgoingServer, Pop3AuthMethod, RetentionPolicy, Security, SmtpAuthMethod } from '../../../../shared/model/account';
import { checkDays, checkHost, checkPort, checkUsername } from './input-checks';

export type Side = 'incoming' | 'outgoing';

export interface ServerDraft {
  readonly host: string;
  readonly port: string;
  readonly security: Security;
  readonly auth: Pop3AuthMethod | SmtpAuthMethod;
  readonly username: string;
  readonly pinnedCert: string | null;
  readonly allowPlaintextPassword: boolean;
}

/** Field keys, e.g. 'incoming.host'; errors are shown next to the field with this key. */
export type ServerField = 'host' | 'port' | 'security' | 'auth' | 'username' | 'password';
export type FieldKey = `${Side}.${ServerField}` | 'name' | 'email' | 'password' | 'sign-in' | 'keepDays' | 'plaintextConsent';
export type FieldErrors = Partial<Record<FieldKey, string>>;

export const DEFAULT_PORTS: Readonly<Record<Side, Readonly<Record<Security, number>>>> = {
  incoming: { tls: 995, starttls: 110, none: 110 },
  outgoing: { tls: 465, starttls: 587, none: 587 },
};

export const POP3_AUTH_WORDS: Readonly<Record<Pop3AuthMethod, string>> = {
  user: 'Password (USER/PASS)',
  plain: 'Password (SASL PLAIN)',
  login: 'Password (SASL LOGIN)',
  apop: 'Encrypted password (APOP)',
  'cram-md5': 'Encrypted password (CRAM-MD5)',
  xoauth2: 'Sign-in with the provider (OAuth2, XOAUTH2)',
};

export const SMTP_AUTH_WORDS: Readonly<Record<SmtpAuthMethod, string>> = {
  plain: 'Password (PLAIN)',
  login: 'Password (LOGIN)',
  'cram-md5': 'Encrypted password (CRAM-MD5)',
  xoauth2: 'Sign-in with the provider (OAuth2, XOAUTH2)',
  none: 'No login',
};

export const SECURITY_WORDS: Readonly<Record<Security, string>> = {
  tls: 'SSL/TLS (encrypted from the start)',
  starttls: 'STARTTLS (encrypted after connecting)',
  none: 'None — not encrypted',
};

export function draftFrom(server: IncomingServer | OutgoingServer): ServerDraft {
  return {
    host: server.host,
    port: String(server.port),
    security: server.security,
    auth: server.auth,
    username: server.username,
    pinnedCert: server.pinnedCert ?? null,
    allowPlaintextPassword: server.allowPlaintextPassword === true,
  };
}

export function emptyDraft(side: Side, username: string, host = ''): ServerDraft {
  return {
    host,
    port: String(DEFAULT_PORTS[side].tls),
    security: 'tls',
    auth: side === 'incoming' ? 'user' : 'plain',
    username,
    pinnedCert: null,
    allowPlaintextPassword: false,
  };
}

/**
 * Changing the host, port or security invalidates a trusted certificate (it was confirmed for
 * another server) and leaving plaintext withdraws the consent; switching security moves a default
 * port to the new default.
 */
export function editDraft(side: Side, draft: ServerDraft, field: keyof ServerDraft, value: string | boolean | null): ServerDraft {
  const next = { ...draft, [field]: value } as ServerDraft;
  if (field === 'security') {
    const ports = DEFAULT_PORTS[side];
    const wasDefault = Object.values(ports).map(String).includes(draft.port.trim()) || draft.port.trim() === '';
    const withPort = wasDefault ? { ...next, port: String(ports[value as Security]) } : next;
    return { ...withPort, pinnedCert: null, allowPlaintextPassword: value === 'none' ? draft.allowPlaintextPassword : false };
  }
  if (field === 'host' || field === 'port') return { ...next, pinnedCert: null };
  return next;
}

/**
 * The outgoing server after the incoming server's login method changed: one provider's sign-in
 * opens both servers, so an outgoing server that logs in like the incoming one follows it to
 * XOAUTH2 and back to a password. A server with no login, or its own password, stays as it is.
 */
export function outgoingFollowing(outgoing: ServerDraft, before: ServerDraft['auth'], after: ServerDraft['auth'], sameCredentials: boolean): ServerDraft {
  if (outgoing.auth === 'none' || before === after) return outgoing;
  if (after === 'xoauth2' && sameCredentials) return { ...outgoing, auth: 'xoauth2' };
  if (before === 'xoauth2' && outgoing.auth === 'xoauth2') return { ...outgoing, auth: 'plain' };
  return outgoing;
}

export type Converted<T> = { readonly ok: true; readonly server: T } | { readonly ok: false; readonly errors: FieldErrors };

/** Needs a password sent over the wire as is? (APOP and CRAM-MD5 send only a digest.) */
export function sendsPasswordInClear(draft: ServerDraft): boolean {
  return draft.security === 'none' && !['apop', 'cram-md5', 'none'].includes(draft.auth);
}

function checkCommon(side: Side, draft: ServerDraft): { errors: FieldErrors; host: string; port: number; username: string } {
  const errors: FieldErrors = {};
  const host = checkHost(draft.host);
  const port = checkPort(draft.port);
  const username = draft.auth === 'none' ? { ok: true as const, value: draft.username.trim() } : checkUsername(draft.username);
  if (!host.ok) errors[`${side}.host`] = host.error;
  if (!port.ok) errors[`${side}.port`] = port.error;
  if (!username.ok) errors[`${side}.username`] = username.error;
  if (sendsPasswordInClear(draft) && !draft.allowPlaintextPassword) {
    errors[`${side}.security`] =
      'This connection is not encrypted. To use it anyway, confirm below that Heron may send your password unencrypted.';
  }
  return { errors, host: host.ok ? host.value : '', port: port.ok ? port.value : 0, username: username.ok ? username.value : '' };
}

function extras(draft: ServerDraft) {
  return {
    ...(draft.pinnedCert ? { pinnedCert: draft.pinnedCert } : {}),
    ...(draft.security === 'none' && draft.allowPlaintextPassword ? { allowPlaintextPassword: true } : {}),
  };
}

export function toIncoming(draft: ServerDraft): Converted<IncomingServer> {
  const c = checkCommon('incoming', draft);
  if (Object.keys(c.errors).length > 0) return { ok: false, errors: c.errors };
  const auth = draft.auth === 'none' ? 'user' : (draft.auth as Pop3AuthMethod);
  return { ok: true, server: { protocol: 'pop3', host: c.host, port: c.port, security: draft.security, username: c.username, auth, ...extras(draft) } };
}

export function toOutgoing(draft: ServerDraft, sameCredentialsAsIncoming: boolean): Converted<OutgoingServer> {
  const c = checkCommon('outgoing', draft);
  if (Object.keys(c.errors).length > 0) return { ok: false, errors: c.errors };
  return {
    ok: true,
    server: {
      protocol: 'smtp',
      host: c.host,
      port: c.port,
      security: draft.security,
      username: c.username,
      auth: draft.auth as SmtpAuthMethod,
      ...extras(draft),
      ...(sameCredentialsAsIncoming && draft.auth !== 'none' ? { sameCredentialsAsIncoming: true } : {}),
    },
  };
}

/** The keep/delete choice as the form shows it: three plain options and one checkbox. */
export interface RetentionDraft {
  readonly choice: 'keep-days' | 'keep-forever' | 'delete';
  readonly days: string;
  readonly deleteWhenDeletedHere: boolean;
}

export function retentionDraftFrom(policy: RetentionPolicy): RetentionDraft {
  if (policy.mode === 'delete') return { choice: 'delete', days: '14', deleteWhenDeletedHere: policy.deleteWhenDeletedHere };
  return policy.keepDays === null
    ? { choice: 'keep-forever', days: '14', deleteWhenDeletedHere: policy.deleteWhenDeletedHere }
    : { choice: 'keep-days', days: String(policy.keepDays), deleteWhenDeletedHere: policy.deleteWhenDeletedHere };
}

export function toRetention(draft: RetentionDraft): { ok: true; policy: RetentionPolicy } | { ok: false; errors: FieldErrors } {
  if (draft.choice === 'delete') return { ok: true, policy: { mode: 'delete', keepDays: null, deleteWhenDeletedHere: draft.deleteWhenDeletedHere } };
  if (draft.choice === 'keep-forever') return { ok: true, policy: { mode: 'keep', keepDays: null, deleteWhenDeletedHere: draft.deleteWhenDeletedHere } };
  const days = checkDays(draft.days);
  if (!days.ok) return { ok: false, errors: { keepDays: days.error } };
  return { ok: true, policy: { mode: 'keep', keepDays: days.value, deleteWhenDeletedHere: draft.deleteWhenDeletedHere } };
}
