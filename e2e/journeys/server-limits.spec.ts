/**
 * When the provider limits POP sessions (issue 20), against the real Dovecot with
 * `pop3_lock_session = yes`: while another POP3 session holds alice's mailbox, Get mail is answered
 * `-ERR [IN-USE]`; Heron says in words that another session holds the mailbox and that the password
 * is fine — in the fetch status and in "What is on the server" — and a check after the other
 * session ended gets the mail.
 */
import { expect, test } from '@playwright/test';
import tls from 'node:tls';
import { inboxMail, openSettings } from '../settings-support';
import { addAccountWithWizard, describeJourney, getMail, messageList, passwordOf, snap } from './journey';

/** A POP3 session of another program, logged in to `user`'s mailbox and left open (Dovecot then holds the lock). */
async function holdMailbox(port: number, ca: string, user: string): Promise<{ close(): void }> {
  const socket = tls.connect({ host: '127.0.0.1', port, ca, servername: 'localhost' });
  let seen = '';
  const until = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${pattern} from Dovecot; got ${JSON.stringify(seen)}`)), 10_000);
      const check = () => {
        if (!pattern.test(seen)) return;
        clearTimeout(timer);
        socket.off('data', onData);
        resolve();
      };
      const onData = (chunk: Buffer) => {
        seen += chunk.toString('latin1');
        check();
      };
      socket.on('data', onData);
      check();
    });
  await until(/^\+OK.*\r\n/);
  socket.write(`USER ${user}@test.domain\r\nPASS ${passwordOf(user)}\r\n`);
  await until(/\+OK Logged in/);
  return { close: () => socket.end('QUIT\r\n') };
}

describeJourney('a provider that limits POP sessions', { timeoutMs: 180_000, aliceMail: [inboxMail(1), inboxMail(2)], dovecotConfig: 'pop3_lock_session = yes' }, (journey) => {
  test('a mailbox held by another session is said in words, not as a password error, in the fetch status and the server view; the next check gets the mail', async () => {
    const j = journey();
    const { page, servers } = j;
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option')).toHaveCount(2);

    const other = await holdMailbox(servers.dovecot.pop3sPort, servers.dovecot.ca, 'alice');
    try {
      await servers.dovecot.seed('alice', [inboxMail(3)]);
      await getMail(j, alice);
      const status = page.locator('.fetch-status[data-code="ELOCKED"]');
      await expect(status).toContainText('The mailbox is in use (alice@test.domain)');
      await expect(status).toContainText('-ERR [IN-USE]');
      await expect(status).toContainText('Another mail program or device (or another check) was connected to this mailbox, and the server lets one session at a time. Your password is fine. Heron tries again later.');
      await expect(status).not.toContainText(/rejected the credentials|password was refused/i);
      await expect(messageList(page).getByRole('option')).toHaveCount(2);
      await snap(page, 'server-limits-1-status');

      await openSettings(page);
      const warning = page.getByTestId('server-provider');
      await warning.scrollIntoViewIfNeeded();
      await expect(warning).toContainText('At the last check: The mailbox on localhost was in use by another session. Another mail program or device');
      await expect(warning).toContainText('Your password is fine.');
      await snap(page, 'server-limits-2-view');
      await page.getByRole('button', { name: 'Back to mail' }).click();
    } finally {
      other.close();
    }

    // The other program logged out: the next check gets the mail, and the warnings go.
    await expect.poll(async () => {
      await getMail(j, alice);
      return messageList(page).getByRole('option').count();
    }, { timeout: 30_000 }).toBe(3);
    await expect(page.locator('.fetch-status[data-code="ELOCKED"]')).toHaveCount(0);
    await openSettings(page);
    await expect(page.getByTestId('server-provider')).toHaveCount(0);
  });
});
