/**
 * A provider's refusal in words a person understands. Microsoft puts an `AADSTS<number>` code at
 * the start of `error_description`; Google answers `invalid_grant` with a short sentence. The
 * person gets the reason and the code (which their administrator or a search understands).
 */
import { HeronError, type ErrorCode } from '../../../shared/ipc/result';

/** Microsoft Entra error codes a mail client meets when signing in or refreshing. */
const AADSTS: Readonly<Record<string, string>> = {
  '65001': 'Heron has not been given permission to your mail yet (consent is required)',
  '50076': 'your organization requires multi-factor authentication for this sign-in',
  '50079': 'your organization requires you to set up multi-factor authentication first',
  '70008': 'the sign-in expired because it was not used for a long time',
  '700082': 'the sign-in expired because it was not used for 90 days',
  '50173': 'the sign-in was revoked, for example because the password changed',
  '90094': 'an administrator of your organization has to approve Heron first',
  '90099': 'an administrator of your organization has to approve Heron for this directory first',
  '65004': 'you declined to give Heron permission to your mail',
  '53003': 'your organization’s access policies blocked the sign-in',
  '50057': 'the account is disabled',
  '50011': 'the app registration does not allow Heron’s loopback redirect address',
  '700016': 'the app registration (client id) does not exist in this directory',
  '7000218': 'the app registration is not set up as a public client (allow public client flows)',
};

/** Plain OAuth2 error codes (RFC 6749 §4.1.2.1, §5.2). */
const OAUTH: Readonly<Record<string, string>> = {
  invalid_grant: 'the sign-in has expired or was revoked',
  access_denied: 'the sign-in was declined',
  consent_required: 'Heron has not been given permission to your mail yet (consent is required)',
  interaction_required: 'the provider needs you to sign in again in the browser',
  login_required: 'the provider needs you to sign in again in the browser',
  invalid_client: 'the provider does not accept Heron’s client registration',
  unauthorized_client: 'the client registration may not sign in this way',
  invalid_scope: 'the provider does not grant the mail permissions Heron asks for',
  admin_policy_enforced: 'your organization’s administrator does not allow this app',
};

export interface ProviderRefusal {
  readonly error: string;
  readonly description: string | null;
}

/** "the sign-in expired because it was not used for 90 days (AADSTS700082)", or the provider's own words. */
export function refusalInWords(refusal: ProviderRefusal): string {
  const aad = /AADSTS(\d+)/.exec(refusal.description ?? '')?.[1];
  if (aad !== undefined) {
    // A code without words here: Microsoft's own first sentence says more than the generic OAuth2 error.
    const said = firstSentence(refusal.description ?? '');
    const words = AADSTS[aad] ?? (said ? `the provider said “${said}”` : (OAUTH[refusal.error] ?? 'the provider refused'));
    return `${words} (AADSTS${aad})`;
  }
  const words = OAUTH[refusal.error];
  const said = refusal.description ? firstSentence(refusal.description) : null;
  if (words) return said ? `${words} (“${said}”)` : words;
  return said ? `the provider refused (${refusal.error}: “${said}”)` : `the provider refused (${refusal.error})`;
}

/** The first sentence of a provider's description, without Microsoft's code prefix and trace ids, capped. */
function firstSentence(text: string): string {
  const line = text
    .replace(/^\s*AADSTS\d+:\s*/, '')
    .replace(/\s+Trace ID:.*$/s, '')
    .replace(/\s+/g, ' ')
    .trim();
  const sentence = /^.+?[.!?](?=\s|$)/.exec(line)?.[0] ?? line;
  return sentence.length > 160 ? `${sentence.slice(0, 157)}…` : sentence;
}

/** Codes that mean: nothing Heron can do alone — the person signs in again (or an admin acts). */
const SIGN_IN_AGAIN = new Set(['invalid_grant', 'interaction_required', 'login_required', 'consent_required', 'access_denied']);
/** Codes that mean the registration (client id, redirect, scopes) is wrong: signing in again will not help. */
const REGISTRATION = new Set(['invalid_client', 'unauthorized_client', 'invalid_scope', 'invalid_request', 'unsupported_grant_type']);

/** The HeronError for a provider's refusal; `who` names the account ("alice@example.com"). */
export function refusalError(providerName: string, who: string, refusal: ProviderRefusal, status: number | null): HeronError {
  const reason = refusalInWords(refusal);
  const aad = /AADSTS(\d+)/.exec(refusal.description ?? '')?.[1] ?? null;
  const detail = { provider: providerName, reason: refusal.error, ...(aad ? { aadsts: aad } : {}) };
  if (refusal.error === 'temporarily_unavailable' || refusal.error === 'server_error' || (status !== null && status >= 500)) {
    return new HeronError('ETEMPORARY', `${providerName} could not sign in ${who} right now (${reason}). Heron will try again later.`, { retryable: true, detail });
  }
  let code: ErrorCode = 'ESIGNIN';
  if (REGISTRATION.has(refusal.error) && aad !== '65001') code = 'EREJECTED';
  else if (!SIGN_IN_AGAIN.has(refusal.error) && aad === null) code = 'EREJECTED';
  const next = code === 'ESIGNIN' ? 'Sign in again to go on.' : 'Check the sign-in registration in Settings.';
  return new HeronError(code, `${providerName} ended Heron’s sign-in for ${who}: ${reason}. ${next}`, { detail });
}
