/**
 * Sending with the security setting and the port swapped (issue 16, case 7): alice has her mail
 * from the real Dovecot and answers a message, but her outgoing server is set to SSL/TLS on the
 * real Postfix's STARTTLS port. The Outbox says in words that no secure connection could be set
 * up, and does not try again by itself (not even when the network "comes back"); she changes the
 * port but now has STARTTLS on the implicit-TLS port, which Heron finds out and says too; with
 * SSL/TLS on the implicit-TLS port, "Send again" delivers the reply once.
 */
import { expect, test, type Page } from '@playwright/test';
import type { Security } from '../../shared/model/account';
import { readStore } from '../harness/app-rig';
import { mailByKey } from './mailbox';
import { addAccountWithWizard, describeJourney, getMail, messageList, openFolder, openMessage, passwordOf, snap, waitForDelivery } from './journey';

interface OutboxRowView {
  readonly state: string;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError: { readonly code: string; readonly message: string; readonly retryable: boolean } | null;
}

/** Sets alice's outgoing security and port in her account settings and saves them. */
async function setOutgoing(page: Page, security: Security, port: number): Promise<void> {
  await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Settings for alice@test.domain' });
  const outgoing = form.getByRole('group', { name: 'Outgoing mail (SMTP)' });
  const words: Record<Security, string> = {
    tls: 'SSL/TLS (encrypted from the start)',
    starttls: 'STARTTLS (encrypted after connecting)',
    none: 'None — not encrypted',
  };
  await outgoing.getByLabel('Security').selectOption({ label: words[security] });
  await outgoing.getByLabel('Port').fill(String(port));
  // The password is bound to the servers it may go to (the outgoing one shares it): a changed server needs it again.
  const password = form.getByTestId('password-incoming');
  await password.getByRole('button', { name: 'Change password' }).click();
  await password.getByLabel('New password').fill(passwordOf('alice'));
  await form.getByRole('button', { name: 'Save changes' }).click();
  // Where saving tests the new settings first, a failing test offers to save them anyway.
  const anyway = form.getByRole('button', { name: 'Save anyway' });
  const saved = form.getByRole('status').filter({ hasText: /^Saved/ });
  await expect(anyway.or(saved)).toBeVisible({ timeout: 60_000 });
  if (await anyway.isVisible()) await anyway.click();
  await expect(saved).toBeVisible();
}

async function outboxRows(page: Page): Promise<OutboxRowView[]> {
  return readStore<OutboxRowView>(page, 'outbox');
}

describeJourney('sending with the security setting and port swapped', { timeoutMs: 240_000 }, (journey) => {
  test('the Outbox says no secure connection could be set up, in words, and does not retry; after the fix "Send again" delivers once', async () => {
    const j = journey();
    const { page, servers } = j;
    const { submissionPort, submissionsPort } = servers.postfix;
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option')).toHaveCount(6);
    const plain = mailByKey('plain');
    const item = page.getByRole('listitem').filter({ hasText: `Re: ${plain.subject}` });

    await test.step('SSL/TLS on the STARTTLS port: not sent, in words, and not tried again', async () => {
      await setOutgoing(page, 'tls', submissionPort);
      await openFolder(page, 'Inbox');
      await openMessage(page, plain.subject);
      await page.getByRole('toolbar', { name: 'Message actions' }).getByRole('button', { name: 'Reply', exact: true }).click();
      const reply = page.getByRole('region', { name: `Message: Re: ${plain.subject}` });
      await reply.getByRole('textbox', { name: 'Message text' }).click();
      await page.keyboard.press('Control+Home');
      await page.keyboard.type('Sent once the settings are right.');
      await reply.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(reply).toBeHidden({ timeout: 20_000 });

      await openFolder(page, 'Outbox');
      await expect(item.getByRole('status')).toHaveText('Not sent — no secure connection to the server', { timeout: 30_000 });
      const detail = item.locator('.outbox-detail');
      await expect(detail).toContainText('TLS');
      await expect(detail).toContainText('Nothing was sent.');
      await expect(detail).toContainText('Heron will not try again by itself: check the outgoing server settings, then send again.');
      await expect(detail).not.toContainText(/offline|SSL routines/);
      await expect(item.getByRole('button', { name: 'Send again' })).toBeVisible();
      await expect(item.getByRole('button', { name: 'Account settings' })).toBeVisible();
      await snap(page, 'send-tls-1-tls-on-starttls-port');

      // The network "comes back" and time passes: a failed message waits for the person.
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
      await page.waitForTimeout(2000);
      const rows = await outboxRows(page);
      expect(rows.map((r) => [r.state, r.attempts, r.nextAttemptAt, r.lastError?.code, r.lastError?.retryable])).toEqual([['failed', 0, 0, 'ETLS', false]]);
      expect(await servers.dovecot.listMaildir('bob')).toEqual([]);
    });

    await test.step('the port changed, but now STARTTLS on the implicit-TLS port: Heron finds that out and says so', async () => {
      await setOutgoing(page, 'starttls', submissionsPort);
      await openFolder(page, 'Outbox');
      await item.getByRole('button', { name: 'Send again' }).click();
      await expect(item.getByRole('status')).toHaveText('Sending…');
      await snap(page, 'send-tls-2a-sending');
      // The server waits for a TLS handshake and Heron for a greeting, until the greeting deadline.
      await expect(item.getByRole('status')).toHaveText('Not sent — no secure connection to the server', { timeout: 60_000 });
      await expect(item.locator('.outbox-detail')).toContainText(
        `localhost answers with TLS from the first byte on port ${submissionsPort}, but the account is set to STARTTLS, which starts in plain text. Choose SSL/TLS for this port, or STARTTLS on port 587. Nothing was sent.`,
      );
      await snap(page, 'send-tls-2-starttls-on-tls-port');
      expect((await outboxRows(page)).map((r) => [r.state, r.lastError?.code, r.lastError?.retryable])).toEqual([['failed', 'ETLS', false]]);
      expect(await servers.dovecot.listMaildir('bob')).toEqual([]);
    });

    await test.step('SSL/TLS on the implicit-TLS port: "Send again" delivers the reply once', async () => {
      await setOutgoing(page, 'tls', submissionsPort);
      await openFolder(page, 'Outbox');
      await item.getByRole('button', { name: 'Send again' }).click();
      await expect(page.getByText('Nothing is waiting to be sent.')).toBeVisible({ timeout: 30_000 });
      await snap(page, 'send-tls-3-sent');
      const [toBob] = await waitForDelivery(servers, 'bob', 1);
      expect(toBob!.mail.subject).toBe(`Re: ${plain.subject}`);
      expect(toBob!.mail.text).toContain('Sent once the settings are right.');
      const sent = (await readStore<{ folder: string }>(page, 'messages')).filter((m) => m.folder === 'sent');
      expect(sent).toHaveLength(1);
      await openFolder(page, 'Sent');
      await expect(messageList(page).getByRole('option').filter({ hasText: `Re: ${plain.subject}` })).toHaveCount(1);
      await snap(page, 'send-tls-4-in-sent');
    });
  });
});
