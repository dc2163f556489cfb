import type { FetchAccount, FetchSummary } from '../../shared/ipc/calls/fetch';

export type NewMailListener = (account: FetchAccount, summary: FetchSummary) => void;

/** The person's preferences main acts on by itself (the renderer owns them in Dexie and pushes them here). */
export interface MainPreferences {
  readonly notifyNewMail: boolean;
}

/**
 * What main currently believes the preferences are. Until the renderer says otherwise,
 * notifications are on: that is the setting's default, and a notice missed because the window
 * was slow to start would be worse than one shown a moment before it was turned off.
 */
export class PreferencesState {
  #current: MainPreferences = { notifyNewMail: true };

  get current(): MainPreferences {
    return this.#current;
  }

  set(next: Partial<MainPreferences>): void {
    this.#current = { ...this.#current, ...next };
  }

  /** Wraps the shell's notifier so it is only called while new-mail notifications are on. */
  gate(notify: NewMailListener): NewMailListener {
    return (account, summary) => {
      if (this.#current.notifyNewMail) notify(account, summary);
    };
  }
}
