/**
 * The connection log's handlers: read it, copy it as text to the system clipboard, clear it. The
 * recording happens where connections are made (connection tests, fetch, send); see
 * core/log/session-recorder.ts and core/log/log-store.ts.
 */
import type { connectionLogCalls } from '../../../shared/ipc/calls/connection-log';
import type { HandlersOf } from '../../../shared/ipc/define';
import { HeronError } from '../../../shared/ipc/result';
import { formatConnectionLog } from '../../../shared/model/connection-log-text';
import type { ConnectionLogStore } from '../../core/log/log-store';

export interface ConnectionLogDeps {
  readonly store: Pick<ConnectionLogStore, 'read' | 'clear'>;
  /** The system clipboard (Electron's clipboard.writeText; a recorder in the harness). */
  readonly writeClipboard: (text: string) => void;
  /** "Heron Mail 0.1.0 (electron, linux)": the first line of a copied log. */
  readonly product: string;
}

export function createConnectionLogHandlers(deps: ConnectionLogDeps): HandlersOf<typeof connectionLogCalls> {
  return {
    readConnectionLog: async ({ accountId }) => ({ accountId, sessions: await deps.store.read(accountId) }),
    copyConnectionLog: async ({ accountId }) => {
      const sessions = await deps.store.read(accountId);
      const text = formatConnectionLog({ accountId, sessions }, `Connection log of ${deps.product}, account ${accountId}`);
      try {
        deps.writeClipboard(text);
      } catch (error) {
        throw new HeronError('EINTERNAL', `The log could not be put on the clipboard (${error instanceof Error ? error.message.slice(0, 200) : 'unknown reason'}).`);
      }
      return { characters: text.length };
    },
    clearConnectionLog: ({ accountId }) => deps.store.clear(accountId),
  };
}
