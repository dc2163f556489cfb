/**
 * "What is on the server" (issue 20), from what the POP state records at the last check: each
 * message Heron knows on the account's server, whether it is here and why not, and when the
 * account's mode deletes it there, and why. Pure, so every mode's words are tested without a store.
 */
import type { RetentionPolicy } from './account';
import type { PersonAsk, PopStateEntry, PopStatus } from './pop-state';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ServerViewRow {
  readonly uidl: string;
  readonly localId: string;
  readonly status: PopStatus;
  /** Octets as the server listed them; 0 when not known (moved from Thunderbird). */
  readonly size: number;
  readonly here: boolean;
  /** Whether and why it is (not) here. */
  readonly state: string;
  /** When it is deleted from the server; null: not by this account's mode. */
  readonly deleteAt: number | null;
  /** When it is deleted there, and why when the reason is not the account's mode (`modeWords`). */
  readonly deletion: string;
  /** Deleted from the server by a check that ended with QUIT: no longer there. */
  readonly gone: boolean;
  /** What the person asked of it that no check has done yet, in words; null when nothing is asked. */
  readonly asked: string | null;
  /** The check after the ask failed: nothing it asked was done. */
  readonly askFailed: boolean;
}

/** The account's last check, to tell whether it failed after the person asked something. */
export interface LastCheck {
  readonly finishedAt: number | null;
  readonly error: { readonly message: string } | null;
}

export interface ServerView {
  readonly rows: readonly ServerViewRow[];
  /** Messages still on the server (those a check deleted are rows, not counted). */
  readonly count: number;
  readonly deleted: number;
  readonly size: number;
  readonly here: number;
  readonly notHere: number;
}

const FAILURE: Record<string, string> = {
  refused: 'the server refused to send it',
  temporary: 'the server had a temporary problem',
  'too-big': 'it is over the size Heron downloads',
  mismatch: 'the server sent something other than the message it listed',
  lost: 'the connection failed while it was downloading',
};

function day(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** The account's mode in one sentence, said once above the rows that follow it. */
export function modeWords(policy: RetentionPolicy): string {
  if (policy.mode === 'delete') return 'This account deletes mail from the server once it is downloaded.';
  if (policy.keepDays === null) return 'This account leaves mail on the server.';
  return `This account leaves mail on the server ${policy.keepDays} ${policy.keepDays === 1 ? 'day' : 'days'} after it is downloaded.`;
}

function byMode(policy: RetentionPolicy, downloadedAt: number): Pick<ServerViewRow, 'deleteAt' | 'deletion'> {
  if (policy.mode === 'delete') return { deleteAt: downloadedAt, deletion: 'Deleted at the next check.' };
  if (policy.keepDays === null) return { deleteAt: null, deletion: 'Kept there.' };
  const at = downloadedAt + policy.keepDays * DAY_MS;
  return { deleteAt: at, deletion: `Deleted at the first check from ${day(at)} on.` };
}

function when(at: number): string {
  return new Date(at).toISOString().slice(0, 16).replace('T', ' ');
}

/** What the person asked and no check has done yet; and, when the check after the ask failed, that nothing happened. */
function askFailed(ask: PersonAsk, last: LastCheck | undefined): boolean {
  return Boolean(last?.error) && last?.finishedAt != null && last.finishedAt >= ask.at;
}

function askWords(ask: PersonAsk, last: LastCheck | undefined): string {
  const what = ask.action === 'delete' ? 'delete it from the server' : 'download it whole';
  if (last?.error && askFailed(ask, last)) {
    const nothing = ask.action === 'delete' ? 'the server deleted nothing, so it is still there' : 'it was not downloaded';
    return `You asked to ${what} at ${when(ask.at)} UTC, but the check that was to do it failed (${last.error.message}): ${nothing}. Heron tries again at the next check.`;
  }
  return `You asked to ${what} at ${when(ask.at)} UTC: the check doing it has not finished yet.`;
}

export function serverView(entries: readonly PopStateEntry[], policy: RetentionPolicy, last?: LastCheck): ServerView {
  const rows = entries.map((e): ServerViewRow => {
    const base = { uidl: e.uidl, localId: e.localId, size: e.size, status: e.status, gone: e.status === 'deleted-on-server', asked: e.asked ? askWords(e.asked, last) : null, askFailed: e.asked ? askFailed(e.asked, last) : false };
    switch (e.status) {
      case 'stored':
        return { ...base, here: true, state: `Downloaded here ${day(e.downloadedAt)}.`, ...byMode(policy, e.downloadedAt) };
      case 'headers-only':
        return {
          ...base,
          here: false,
          state: e.failure ? `Only its headers are here: ${FAILURE[e.failure.reason] ?? e.failure.reason}.` : 'Only its headers are here: it is over the size this account downloads whole.',
          deleteAt: null,
          deletion: 'Kept there: its body is only there.',
        };
      case 'failed':
        return {
          ...base,
          here: false,
          state: `Not downloaded: ${e.failure ? (FAILURE[e.failure.reason] ?? e.failure.reason) : 'it could not be downloaded'}${e.failure ? ` (${e.failure.attempts} ${e.failure.attempts === 1 ? 'try' : 'tries'})` : ''}.`,
          deleteAt: null,
          deletion: 'Kept there until it is downloaded.',
        };
      case 'deleted-here':
        return policy.deleteWhenDeletedHere
          ? { ...base, here: false, state: 'You deleted it here.', deleteAt: e.downloadedAt, deletion: 'Deleted at the next check: you deleted it here.' }
          : { ...base, here: false, state: 'You deleted it here.', ...byMode(policy, e.downloadedAt) };
      case 'deleted-on-server':
        return {
          ...base,
          asked: null,
          askFailed: false,
          here: false,
          // Confirmed: it was not here (headers only, or not downloaded), so no copy of its content is left.
          state: e.asked?.confirmed ? 'Gone for good: only the server had its content.' : `Downloaded here ${day(e.downloadedAt)}.`,
          deleteAt: e.downloadedAt,
          deletion: 'Deleted: a check deleted it, and the server confirmed it.',
        };
    }
  });
  const there = rows.filter((r) => !r.gone);
  return {
    rows,
    count: there.length,
    deleted: rows.length - there.length,
    size: there.reduce((sum, r) => sum + r.size, 0),
    here: there.filter((r) => r.here).length,
    notHere: there.filter((r) => !r.here).length,
  };
}
