/**
 * How a provider limits POP sessions, and the words for it (issue 20): RFC 2449 §6.5 `LOGIN-DELAY`
 * in CAPA (the least time between two logins), and RFC 3206's response codes — `[IN-USE]` (another
 * session holds the mailbox), `[LOGIN-DELAY]` (a login too soon after the last), `[SYS/TEMP]` (a
 * passing problem on the server). None of them is a password problem. Pure, shared by the fetch
 * status and "What is on the server".
 */

export type SessionRefusal = 'IN-USE' | 'LOGIN-DELAY' | 'SYS/TEMP';

const REFUSALS: readonly SessionRefusal[] = ['IN-USE', 'LOGIN-DELAY', 'SYS/TEMP'];

/** The RFC 3206 code a failed check carries (the POP3 engine puts it in the error's detail), if it is one of these. */
export function refusalOf(error: { readonly detail?: unknown; readonly responseCode?: string } | null): SessionRefusal | null {
  if (!error) return null;
  const fromDetail = (error.detail as { responseCode?: unknown } | undefined)?.responseCode;
  const code = error.responseCode ?? (typeof fromDetail === 'string' ? fromDetail.toUpperCase() : undefined);
  return REFUSALS.find((r) => r === code) ?? null;
}

/** Minutes between checks that respects the server's LOGIN-DELAY (0 stays 0: no automatic checks). */
export function allowedIntervalMinutes(checkIntervalMinutes: number, loginDelaySeconds: number | null | undefined): number {
  if (checkIntervalMinutes <= 0 || !loginDelaySeconds) return checkIntervalMinutes;
  return Math.max(checkIntervalMinutes, Math.ceil(loginDelaySeconds / 60));
}

const minutes = (n: number) => `${n} ${n === 1 ? 'minute' : 'minutes'}`;

/** Said when the account checks more often than the server allows; null when it does not. */
export function loginDelayWarning(host: string, checkIntervalMinutes: number, loginDelaySeconds: number | null | undefined): string | null {
  if (!loginDelaySeconds || checkIntervalMinutes <= 0 || checkIntervalMinutes * 60 >= loginDelaySeconds) return null;
  const allowed = allowedIntervalMinutes(checkIntervalMinutes, loginDelaySeconds);
  return (
    `${host} allows one login every ${minutes(allowed)} (POP3 LOGIN-DELAY ${loginDelaySeconds}), but this account is set to check every ${minutes(checkIntervalMinutes)}. ` +
    `Heron checks every ${minutes(allowed)} instead; a “Get mail” sooner than that is refused by the server. Set the account to check every ${minutes(allowed)} or more.`
  );
}

/** What a refusal means for the person, after the error's own sentence (the fetch status). */
export function refusalHint(refusal: SessionRefusal): string {
  switch (refusal) {
    case 'IN-USE':
      return 'Another mail program or device (or another check) was connected to this mailbox, and the server lets one session at a time. Your password is fine. Heron tries again later.';
    case 'LOGIN-DELAY':
      return 'The provider limits how often a mailbox may be checked. Your password is fine. Heron waits and tries again.';
    case 'SYS/TEMP':
      return 'The server asked to try again later. Your password is fine. Heron tries again later.';
  }
}

const LEAD: Record<SessionRefusal, (host: string) => string> = {
  'IN-USE': (host) => `The mailbox on ${host} was in use by another session.`,
  'LOGIN-DELAY': (host) => `${host} refused a login this soon after the last one.`,
  'SYS/TEMP': (host) => `${host} had a temporary problem.`,
};

/** What a refusal means, in words, for the person (the server view). */
export function refusalWords(refusal: SessionRefusal, host: string): string {
  return `${LEAD[refusal](host)} ${refusalHint(refusal)}`;
}
