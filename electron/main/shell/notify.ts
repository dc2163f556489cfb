import { Notification, type BrowserWindow } from 'electron';
import type { FetchAccount, FetchSummary } from '../../../shared/ipc/calls/fetch';
import { newMailNotice } from '../new-mail-notice';

/** Desktop notification for new mail; silent while the person is looking at Heron. */
export function notifyNewMail(window: () => BrowserWindow | null) {
  return (account: FetchAccount, summary: FetchSummary): void => {
    const win = window();
    if (win?.isFocused()) return;
    if (!Notification.isSupported()) return;
    const notice = newMailNotice(account.address, summary);
    if (notice === null) return;
    const n = new Notification({ title: notice.title, body: notice.body, silent: false });
    n.on('click', () => {
      const w = window();
      if (w) {
        if (w.isMinimized()) w.restore();
        w.focus();
      }
    });
    n.show();
  };
}
