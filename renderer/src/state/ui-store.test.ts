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
