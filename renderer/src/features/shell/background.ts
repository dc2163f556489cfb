/**
 * The app's background work, started once by the shell: the store worker that writes what mail
 * brings (README, "Architecture") and files what the person moves, Trash's retention, checking mail (at startup and on each account's timer), sending
 * what waits in the Outbox, telling main the preferences it acts on, and asking the browser to
 * keep the store. Features render, and kick this work; they never start it.
 */
import { useEffect } from 'react';
import { connectStorePort } from '../../bridge/store-port';
import { getDb } from '../../data/db';
import { connectOrganizer } from '../../data/store/organize-client';
import { connectSearch } from '../../data/search/client';
import { startStoreWorker } from '../../data/store/start';
import { useTrashRetention } from '../folders/use-trash-retention';
import { requestPersistentStorage } from '../../data/persistence';
import type { AccountRow } from '../../data/rows';
import { log } from '../../log/logger';
import { useFetching } from '../fetch/runtime';
import { useOutboxRunner } from '../outbox/use-outbox-runner';
import { useRuleForwards } from '../rules/use-rule-forwards';
import { getBridge } from '../../bridge/bridge';
import { useUi } from '../../state/ui-store';
import { createMovedAccounts, followOwnMail } from '../own-mail/job-store';
import { usePreferencesSync } from '../settings/use-preferences-sync';

let persistenceAsked = false;
let storeStarted = false;

export function useBackgroundWork(accounts: readonly AccountRow[] | undefined): void {
  useEffect(() => {
    // Before the first Get mail can need it (main waits for the store's port a while, too).
    if (storeStarted) return;
    storeStarted = true;
    const worker = startStoreWorker();
    connectOrganizer(worker);
    connectSearch(worker);
    connectStorePort(worker);
  }, []);
  useTrashRetention();
  usePreferencesSync();
  useOutboxRunner();
  useRuleForwards();
  // An import, export, backup or restore runs in main whatever is on screen: its end is kept for the settings page.
  useEffect(
    () =>
      followOwnMail(getBridge(), (done) => {
        // A restore ends in Settings, where its outcome is shown and the restored accounts' passwords are entered.
        if (done.outcome?.kind === 'restore' && done.outcome.accounts > 0) useUi.getState().navigate({ name: 'settings' });
        if (done.kind === 'thunderbird') void createMovedAccounts(done, getDb()).catch((error: unknown) => log.error('Could not create the accounts moved from Thunderbird', error));
      }, () => useUi.getState().navigate({ name: 'settings' })),
    [],
  );
  useFetching(accounts);
  useEffect(() => {
    // Once per start: the answer can change (the person may clear site data), and the settings page shows it.
    if (persistenceAsked) return;
    persistenceAsked = true;
    void requestPersistentStorage(getDb(), navigator.storage).catch((error: unknown) => log.error('Could not record the storage persistence answer', error));
  }, []);
}
