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
  /** Messages per commit (default 500): a commit costs the store per transaction as well as per message. */
  readonly batchSize?: number;
  /**
   * Bytes per commit (default 4 MiB, whichever limit comes first): main copies each batch on its
   * way to the window, on its own thread, and a batch of big messages must stay inside main's 50 ms budget.
   */
  readonly batchBytes?: number;
  readonly maxPendingCommits?: number;
  readonly maxMessageBytes?: number;
  /** Told each message that could not be downloaded, as soon as that is certain. */
  readonly onFailed?: (failed: FailedMessage) => void;
}
