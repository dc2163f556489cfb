import { describe, expect, it } from 'vitest';
import { useUi } from './ui-store';

describe('ui store', () => {
  it('clears the message selection and returns to mail when another folder is chosen', () => {
    const ui = useUi.getState();
    ui.navigate({ name: 'settings' });
    ui.selectMessage('m1');
    ui.selectFolder({ accountId: 'a1', folder: 'sent' });
    const s = useUi.getState();
    expect([s.route, s.folder, s.messageId]).toEqual([{ name: 'mail' }, { accountId: 'a1', folder: 'sent' }, null]);
  });
});

describe('leave guard', () => {
  it('a guard that takes over holds the navigation until it lets the person go; without one, navigation is immediate', () => {
    const ui = useUi.getState();
    ui.selectFolder({ accountId: null, folder: 'inbox' });
    ui.navigate({ name: 'settings' });
    let release: (() => void) | null = null;
    ui.setLeaveGuard((proceed) => {
      release = proceed;
      return true;
    });
    ui.selectFolder({ accountId: 'a1', folder: 'sent' });
    ui.navigate({ name: 'accounts/add' });
    expect(useUi.getState().route).toEqual({ name: 'settings' });
    (release as unknown as () => void)();
    expect(useUi.getState().route).toEqual({ name: 'accounts/add' });
    ui.setLeaveGuard(() => false);
    ui.navigate({ name: 'mail' });
    expect(useUi.getState().route).toEqual({ name: 'mail' });
    ui.setLeaveGuard(null);
  });

  it('navigating to where the person already is asks nothing', () => {
    const ui = useUi.getState();
    ui.navigate({ name: 'settings' });
    let asked = 0;
    ui.setLeaveGuard(() => ++asked > 0);
    ui.navigate({ name: 'settings' });
    expect(asked).toBe(0);
    ui.setLeaveGuard(null);
  });
});
