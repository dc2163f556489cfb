import { describe, expect, it } from 'vitest';
import type { FetchAccount, FetchSummary } from '../../shared/ipc/calls/fetch';
import { PreferencesState } from './notify-prefs';

const account = { address: 'alice@example.com' } as FetchAccount;
const summary = { newMessages: [{ from: 'Bob', subject: 'Hi' }] } as unknown as FetchSummary;

describe('PreferencesState', () => {
  it('notifies by default, before the renderer has said anything', () => {
    const prefs = new PreferencesState();
    const shown: string[] = [];
    prefs.gate((a) => shown.push(a.address))(account, summary);
    expect(prefs.current).toEqual({ notifyNewMail: true });
    expect(shown).toEqual(['alice@example.com']);
  });

  it('stays silent while notifications are off and speaks again when they are back on', () => {
    const prefs = new PreferencesState();
    const shown: FetchSummary[] = [];
    const notify = prefs.gate((_a, s) => shown.push(s));
    prefs.set({ notifyNewMail: false });
    notify(account, summary);
    notify(account, summary);
    expect(shown).toHaveLength(0);
    prefs.set({ notifyNewMail: true });
    notify(account, summary);
    expect(shown).toEqual([summary]);
  });

  it('a partial update keeps the other preferences', () => {
    const prefs = new PreferencesState();
    prefs.set({ notifyNewMail: false });
    prefs.set({});
    expect(prefs.current).toEqual({ notifyNewMail: false });
  });
});
