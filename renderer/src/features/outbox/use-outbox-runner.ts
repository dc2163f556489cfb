/**
 * The app's one outbox runner, wired to the bridge and the database: started once by the shell
 * (shell/background.ts), kicked when something is queued or retried, woken by the window's `online`
 * event and by main's `systemResumed` (the machine woke from sleep).
 */
import { useEffect } from 'react';
import type { sendCalls } from '../../../../shared/ipc/calls/send';
import type { CallInput } from '../../../../shared/ipc/define';
import { getBridge } from '../../bridge/bridge';
import { accountsRepo } from '../../data/accounts-repo';
import { getDb } from '../../data/db';
import { outboxRepo } from '../../data/outbox-repo';
import { createOutboxRunner, type OutboxRunner } from './runner';

let runner: OutboxRunner | null = null;

function getRunner(): OutboxRunner {
  if (!runner) {
    const bridge = getBridge();
    const db = getDb();
    runner = createOutboxRunner({
      repo: outboxRepo(db),
      // The schema's inferred type spells optional keys as `key: T | undefined`; the model's are `key?: T`.
      send: (input) => bridge.call('sendMessages', input as CallInput<(typeof sendCalls)['sendMessages']>),
      sendState: (ids) => bridge.call('sendState', { ids }),
      outgoing: async (accountId) => (await accountsRepo(db).get(accountId))?.outgoing ?? null,
      onProgress: (listener) => bridge.subscribe('sendProgress', listener),
      onResume: (listener) => bridge.subscribe('systemResumed', () => listener()),
      onOnline: (listener) => {
        window.addEventListener('online', listener);
        return () => window.removeEventListener('online', listener);
      },
    });
  }
  return runner;
}

export function kickOutbox(): Promise<void> {
  return getRunner().kick();
}

export function useOutboxRunner(): void {
  useEffect(() => {
    const r = getRunner();
    void r.start();
    return () => r.stop();
  }, []);
}
