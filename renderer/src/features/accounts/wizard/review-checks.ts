/**
 * From the wizard's review screen to what is tested and saved: every field checked, errors keyed
 * to the field they belong next to, and the Account the wizard stores.
 */
import type { Account, IncomingServer, OutgoingServer, RetentionPolicy } from '../../../../../shared/model/account';
import { checkEmail, checkName, checkPassword } from '../input-checks';
import { toIncoming, toOutgoing, toRetention, type FieldErrors } from '../server-draft';
import { isSignedIn, usesSignIn, type WizardState } from './wizard-state';

export interface ReviewedSettings {
  readonly incoming: IncomingServer;
  readonly outgoing: OutgoingServer;
  readonly retention: RetentionPolicy;
  /** Null when the outgoing server uses the incoming password or no login. */
  readonly outgoingPassword: string | null;
}

export function reviewSettings(state: WizardState): { ok: true; settings: ReviewedSettings } | { ok: false; errors: FieldErrors } {
  const signIn = usesSignIn(state);
  const incoming = toIncoming(state.incoming);
  // One sign-in opens both servers: the outgoing one uses the incoming server's credentials.
  const outgoing = toOutgoing(state.outgoing, signIn || state.sameCredentials);
  const retention = toRetention(state.retention);
  const errors: FieldErrors = {
    ...(incoming.ok ? {} : incoming.errors),
    ...(outgoing.ok ? {} : outgoing.errors),
    ...(retention.ok ? {} : retention.errors),
  };
  if (signIn) {
    if (!isSignedIn(state)) errors['sign-in'] = `Sign in with ${state.signInProvider?.name ?? 'your provider'} first.`;
  } else {
    const password = checkPassword(state.password);
    if (!password.ok) errors.password = password.error;
  }
  const ownPassword = !signIn && !state.sameCredentials && state.outgoing.auth !== 'none';
  if (ownPassword) {
    const p = checkPassword(state.outgoingPassword, 'outgoing server’s password');
    if (!p.ok) errors['outgoing.password'] = p.error;
  }
  if (!incoming.ok || !outgoing.ok || !retention.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: { incoming: incoming.server, outgoing: outgoing.server, retention: retention.policy, outgoingPassword: ownPassword ? state.outgoingPassword : null },
  };
}

/** The account as saved: Heron's defaults for everything the wizard does not ask. */
export function buildAccount(state: WizardState, settings: ReviewedSettings, ids: { id: string; now: number; order: number }): Account {
  const name = checkName(state.name);
  const email = checkEmail(state.email);
  const address = email.ok ? email.value.address : state.email.trim();
  return {
    id: ids.id,
    label: address,
    identity: { name: name.ok ? name.value : state.name.trim(), address },
    incoming: settings.incoming,
    outgoing: settings.outgoing,
    retention: settings.retention,
    checkAtStartup: true,
    checkIntervalMinutes: 10,
    headersOnlyOverBytes: null,
    createdAt: ids.now,
    order: ids.order,
  };
}
