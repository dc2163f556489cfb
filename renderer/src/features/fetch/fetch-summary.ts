/**
 * The words the list's status area shows for getting mail, for one account or several (a unified
 * folder): while it runs, where it is and how many messages are stored of how many; after, how
 * many new messages arrived. Pure, so a test pins the words.
 */
import type { AccountFetchStatus } from './fetch-status';

export interface FetchView {
  readonly running: boolean;
  /** '' when there is nothing to say (no check yet). */
  readonly text: string;
  /** For the progress bar while messages download; null: no measure yet (an indeterminate bar). */
  readonly progress: { readonly value: number; readonly max: number } | null;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

const PHASE_WORDS = {
  connecting: 'Connecting…',
  listing: 'Looking for new mail…',
  downloading: 'Looking for new mail…',
  deleting: 'Deleting from the server…',
  finishing: 'Finishing…',
} as const;

export function describeFetch(statuses: readonly AccountFetchStatus[]): FetchView {
  const running = statuses.filter((s) => s.fetchId !== null);
  if (running.length > 0) {
    const downloading = running.filter((s) => s.progress?.phase === 'downloading' && s.progress.messagesTotal > 0);
    if (downloading.length === 0) {
      const phase = running[0]?.progress?.phase ?? 'connecting';
      return { running: true, text: PHASE_WORDS[phase], progress: null };
    }
    let total = 0;
    let done = 0;
    let bytes = 0;
    let bytesTotal = 0;
    for (const s of downloading) {
      const p = s.progress;
      if (!p) continue;
      total += p.messagesTotal;
      // What this window committed is ahead of main's count by one acknowledgement.
      done += Math.min(p.messagesTotal, Math.max(p.messagesDone, s.stored));
      bytes += p.bytesDone;
      bytesTotal += p.bytesTotal;
    }
    return {
      running: true,
      text: done === 0 ? `Getting ${plural(total, 'message', 'messages')}…` : `${done.toLocaleString()} of ${plural(total, 'message', 'messages')}`,
      progress: bytesTotal > 0 ? { value: Math.min(bytes, bytesTotal), max: bytesTotal } : { value: done, max: total },
    };
  }
  const finished = statuses.filter((s) => s.lastFinishedAt !== null);
  if (finished.length === 0) return { running: false, text: '', progress: null };
  // The account's own alert below says what went wrong, in words.
  if (finished.some((s) => s.lastError !== null && s.lastError.code !== 'EABORTED')) return { running: false, text: 'Could not get mail', progress: null };
  const arrived = finished.reduce((n, s) => n + (s.lastNew ?? 0), 0);
  if (arrived > 0) return { running: false, text: plural(arrived, 'new message', 'new messages'), progress: null };
  return { running: false, text: finished.some((s) => s.lastError?.code === 'EABORTED') ? 'Stopped' : 'No new mail', progress: null };
}
