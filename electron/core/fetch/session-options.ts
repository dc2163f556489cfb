/** What one fetch session is given (session.ts runs it; batch-runner.ts downloads and commits for it). */
import type { FailedMessage, FetchAccount, FetchProgress } from '../../../shared/ipc/calls/fetch';
import type { FetchedMessage } from '../../../shared/model/fetched-message';
import type { PopStateEntry } from '../../../shared/model/pop-state';
import type { Pop3ConnectOptions } from '../pop3';
import type { CommitOutcome } from './commit';
import type { ReadMessage } from './read-message';

export interface FetchSessionOptions {
  readonly account: FetchAccount;
  readonly secret: { password?: string; token?: string };
  readonly popState: readonly PopStateEntry[];
  /** Durably stores one batch; resolves with the store's answer (never rejects for store errors). */
  readonly commit: (messages: FetchedMessage[]) => Promise<CommitOutcome>;
  /** Reads a downloaded message (read-message.ts): its list fields and, as a rule, the whole of it. */
  readonly read: (raw: Buffer, receivedAt: number) => Promise<ReadMessage>;
  readonly onProgress?: (progress: Omit<FetchProgress, 'fetchId' | 'accountId'>) => void;
  readonly newId: () => string;
  readonly now?: () => number;
  readonly signal?: AbortSignal;
  /** Test hooks and tuning: extra CA, deadlines, transcript. */
  readonly connect?: Partial<Omit<Pop3ConnectOptions, 'host' | 'port' | 'security' | 'signal'>>;
  /**
   * Messages per commit (default 500). A commit costs the store per transaction as well as per
   * message (its commit, the live queries it wakes): bench:fetch measured 500 about 8–15% faster
   * end to end than 200.
   */
  readonly batchSize?: number;
  /**
   * Bytes per commit (default 4 MiB, whichever limit comes first). Main copies each batch once on
   * its way to the window (structured clone), on its own thread: bench:main-loop measured ~5 ms
   * for 4 MB on an idle core, several times that on a busy one, so a batch stays well inside
   * main's 50 ms budget even when its messages are big.
   */
  readonly batchBytes?: number;
  readonly maxPendingCommits?: number;
  readonly maxMessageBytes?: number;
  /** Told each message that could not be downloaded, as soon as that is certain. */
  readonly onFailed?: (failed: FailedMessage) => void;
}
