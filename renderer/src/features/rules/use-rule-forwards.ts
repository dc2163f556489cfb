/**
 * The app's one watcher of rules' forwards (rule-forwards.ts), started by the shell: whenever a
 * commit leaves forwards waiting (a fetch, rules run on a folder, mail filed in Sent), and once at
 * start (forwards a restart interrupted), they go to the Outbox, and the Outbox is kicked.
 */
import { liveQuery } from 'dexie';
import { useEffect } from 'react';
import { getBridge } from '../../bridge/bridge';
import { getDb } from '../../data/db';
import { log } from '../../log/logger';
import { queueDraft } from '../compose/session';
import { kickOutbox } from '../outbox/use-outbox-runner';
import { queueRuleForwards } from './rule-forwards';

export function useRuleForwards(): void {
  useEffect(() => {
    const db = getDb();
    let running: Promise<void> | null = null;
    let again = false;
    const run = (): void => {
      if (running) {
        again = true;
        return;
      }
      running = (async () => {
        do {
          again = false;
          const queued = await queueRuleForwards({ db, queue: async (draftId) => void (await queueDraft(db, getBridge(), draftId)) });
          if (queued > 0) void kickOutbox();
        } while (again);
      })()
        .catch((error: unknown) => log.error('Could not queue the forwards rules asked for', error))
        .finally(() => {
          running = null;
        });
    };
    const subscription = liveQuery(() => db.ruleForwards.count()).subscribe({
      next: (waiting) => {
        if (waiting > 0) run();
      },
      error: (error: unknown) => log.error('Could not watch the forwards rules asked for', error),
    });
    return () => subscription.unsubscribe();
  }, []);
}
