/**
 * An existing account's settings as the form holds them, and back: the same checks as the wizard
 * (input-checks, server-draft), so an account can never be saved with a value the wizard refuses.
 */
import type { Account, IncomingServer, OutgoingServer } from '../../../../../shared/model/account';
import { checkEmail, checkInterval, checkName, checkOptionalEmail, checkSizeLimitKb } from '../input-checks';
import { draftFrom, retentionDraftFrom, toIncoming, toOutgoing, toRetention, type FieldErrors, type RetentionDraft, type ServerDraft, type Side } from '../server-draft';

export interface AccountForm {
  readonly name: string;
  readonly address: string;
  readonly replyTo: string;
  readonly signature: string;
  readonly incoming: ServerDraft;
  readonly outgoing: ServerDraft;
  readonly sameCredentials: boolean;
  readonly retention: RetentionDraft;
  readonly checkAtStartup: boolean;
  readonly interval: string;
  readonly sizeLimitKb: string;
}

/** Extra field keys of the settings form. */
export type SettingsFieldErrors = FieldErrors & Partial<Record<'replyTo' | 'signature' | 'interval' | 'sizeLimitKb', string>>;

export function formFrom(account: Account): AccountForm {
  return {
    name: account.identity.name,
    address: account.identity.address,
    replyTo: account.identity.replyTo ?? '',
    signature: account.identity.signature ?? '',
    incoming: draftFrom(account.incoming),
    outgoing: draftFrom(account.outgoing),
    sameCredentials: account.outgoing.sameCredentialsAsIncoming === true,
    retention: retentionDraftFrom(account.retention),
    checkAtStartup: account.checkAtStartup,
    interval: String(account.checkIntervalMinutes),
    sizeLimitKb: account.headersOnlyOverBytes === null ? '' : String(Math.round(account.headersOnlyOverBytes / 1024)),
  };
}

export function accountFrom(base: Account, form: AccountForm): { ok: true; account: Account } | { ok: false; errors: SettingsFieldErrors } {
  const errors: SettingsFieldErrors = {};
  const name = checkName(form.name);
  const address = checkEmail(form.address);
  const replyTo = checkOptionalEmail(form.replyTo);
  const interval = checkInterval(form.interval);
  const size = checkSizeLimitKb(form.sizeLimitKb);
  const incoming = toIncoming(form.incoming);
  // One sign-in opens both servers when both log in with it.
  const outgoing = toOutgoing(form.outgoing, form.sameCredentials || (form.incoming.auth === 'xoauth2' && form.outgoing.auth === 'xoauth2'));
  const retention = toRetention(form.retention);
  if (!name.ok) errors.name = name.error;
  if (!address.ok) errors.email = address.error;
  if (!replyTo.ok) errors.replyTo = replyTo.error;
  if (!interval.ok) errors.interval = interval.error;
  if (!size.ok) errors.sizeLimitKb = size.error;
  if (form.signature.length > 10_000) errors.signature = 'The signature is too long (at most 10,000 characters).';
  Object.assign(errors, incoming.ok ? {} : incoming.errors, outgoing.ok ? {} : outgoing.errors, retention.ok ? {} : retention.errors);
  if (!name.ok || !address.ok || !replyTo.ok || !interval.ok || !size.ok || !incoming.ok || !outgoing.ok || !retention.ok || Object.keys(errors).length > 0) {
    return { ok: false, errors };
  }
  const signature = form.signature.replace(/\r\n?/g, '\n');
  return {
    ok: true,
    account: {
      ...base,
      label: address.value.address,
      identity: {
        name: name.value,
        address: address.value.address,
        ...(replyTo.value ? { replyTo: replyTo.value } : {}),
        ...(signature.trim() ? { signature } : {}),
      },
      incoming: incoming.server,
      outgoing: outgoing.server,
      retention: retention.policy,
      checkAtStartup: form.checkAtStartup,
      checkIntervalMinutes: interval.value,
      headersOnlyOverBytes: size.value,
    },
  };
}

/** The form holds something the saved account does not (the person would lose it by leaving). */
export function formChanged(saved: AccountForm, now: AccountForm): boolean {
  return JSON.stringify(saved) !== JSON.stringify(now);
}

/**
 * The servers whose connection would not be the one that worked before: another host, port,
 * security, login, trusted certificate, plaintext consent, or a new password (the incoming one
 * also counts for an outgoing server that uses it). These are tested before they are saved.
 */
export function changedConnections(before: Account, after: Account, newPassword: Readonly<Record<Side, boolean>>): Side[] {
  const key = (s: IncomingServer | OutgoingServer) =>
    JSON.stringify([s.host.trim().toLowerCase(), s.port, s.security, s.username, s.auth, s.pinnedCert ?? null, s.allowPlaintextPassword === true, 'sameCredentialsAsIncoming' in s && s.sameCredentialsAsIncoming === true]);
  const sharesIncoming = after.outgoing.auth !== 'none' && after.outgoing.sameCredentialsAsIncoming === true;
  const changed: Side[] = [];
  if (key(before.incoming) !== key(after.incoming) || newPassword.incoming) changed.push('incoming');
  if (key(before.outgoing) !== key(after.outgoing) || (after.outgoing.auth !== 'none' && (sharesIncoming ? newPassword.incoming : newPassword.outgoing))) changed.push('outgoing');
  return changed;
}
