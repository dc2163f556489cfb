/**
 * The words for messages that stay on the server because they could not be downloaded (issue 16
 * §1), in terms of what is on the server: how many, why, and whether Heron tries again by itself.
 */
import { MAX_DOWNLOAD_ATTEMPTS, triesAgain, type FailureReason, type PopStateEntry } from '../../../../shared/model/pop-state';

export interface UndownloadedLine {
  readonly reason: FailureReason | 'too-big-headers' | 'unidentified';
  readonly count: number;
  /** "1 message could not be downloaded: the server refused it." */
  readonly text: string;
  /** The server's own words for a refusal, when all of them say the same (else null). */
  readonly said: string | null;
}

export interface UndownloadedWords {
  readonly lines: readonly UndownloadedLine[];
  /** What happens next, or null when nothing more will. */
  readonly next: string | null;
  /** Whether "Try again" can do anything (not for messages that arrived too big). */
  readonly canRetry: boolean;
}

const ORDER: ReadonlyArray<UndownloadedLine['reason']> = ['refused', 'temporary', 'mismatch', 'lost', 'too-big', 'too-big-headers', 'unidentified'];

function phrase(reason: UndownloadedLine['reason'], one: boolean): string {
  const it = one ? 'it' : 'them';
  switch (reason) {
    case 'refused':
      return `the server refused ${it}`;
    case 'temporary':
      return `the server had a temporary problem with ${it}`;
    case 'mismatch':
      return `what the server sent did not match what it said about ${it}`;
    case 'lost':
      return `the connection failed while downloading ${it}`;
    case 'too-big':
      return `${one ? 'it is' : 'they are'} larger than the server said`;
    case 'too-big-headers':
      return '';
    case 'unidentified':
      return `the server gives ${it} no id (POP3 UIDL), which leaving mail on the server needs to tell ${it} from mail already here`;
  }
}

export function describeUndownloaded(entries: readonly PopStateEntry[], unidentified = 0): UndownloadedWords | null {
  const failed = entries.filter((e): e is PopStateEntry & { failure: NonNullable<PopStateEntry['failure']> } => e.failure !== undefined);
  if (failed.length === 0 && unidentified === 0) return null;
  const groups = new Map<UndownloadedLine['reason'], typeof failed>();
  for (const e of failed) {
    const key = e.failure.reason === 'too-big' && e.status === 'headers-only' ? 'too-big-headers' : e.failure.reason;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const lines = ORDER.flatMap((reason): UndownloadedLine[] => {
    const group = groups.get(reason) ?? [];
    const n = reason === 'unidentified' ? unidentified : group.length;
    if (n === 0) return [];
    const one = n === 1;
    const count = `${n} ${one ? 'message' : 'messages'}`;
    const text =
      reason === 'too-big-headers'
        ? `${count} ${one ? 'is' : 'are'} larger than the server said: only ${one ? 'its' : 'their'} headers were downloaded. Open ${one ? 'it' : 'one'} to download the whole message.`
        : `${count} could not be downloaded: ${phrase(reason, one)}.`;
    const words = new Set(group.map((e) => e.failure.detail));
    const said = (reason === 'refused' || reason === 'temporary') && words.size === 1 ? [...words][0]! : null;
    return [{ reason, count: n, text, said }];
  });
  const retryable = failed.filter((e) => e.failure.reason !== 'too-big');
  const again = retryable.filter((e) => triesAgain(e.failure)).length;
  const stopped = retryable.length - again;
  const them = retryable.length === 1 ? 'it' : 'them';
  let next: string | null = null;
  if (stopped === 0 && again > 0) next = `Heron will try ${them} again at the next check.`;
  else if (again === 0 && stopped > 0) next = `Heron stopped trying after ${MAX_DOWNLOAD_ATTEMPTS} checks; ${stopped === 1 ? 'it stays' : 'they stay'} on the server.`;
  else if (again > 0) next = `Heron will try ${again} of them again at the next check; it stopped trying the other ${stopped} after ${MAX_DOWNLOAD_ATTEMPTS} checks.`;
  else if (groups.has('too-big') || unidentified > 0) next = `${failed.length + unidentified === 1 ? 'It stays' : 'They stay'} on the server.`;
  return { lines, next, canRetry: retryable.length > 0 };
}
