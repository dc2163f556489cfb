/**
 * Changing an account's settings takes effect where the person expects: a new retention mode at
 * the next check, a check interval by itself, a signature in the next message, and a password
 * changed at the provider, refused until it is changed here too, then used for both servers.
 */
import { expect, test } from '@playwright/test';
import { readStore } from '../harness/app-rig';
import { openSettings, settingsForm } from '../settings-support';
import { addAccountWithWizard, describeJourney, getMail, messageList, snap, waitForDelivery } from './journey';

const NEW_PASSWORD = 'alice-changed-at-the-provider';

function note(n: number): Buffer {
  return Buffer.from(
    `From: Carol <carol@test.domain>\r\nTo: alice@test.domain\r\nSubject: Later note ${n}\r\nDate: Sun, 22 Mar 2026 10:0${n}:00 +0000\r\nMessage-ID: <later-${n}@test.domain>\r\n\r\nNote ${n}.\r\n`,
  );
}

describeJourney('changing account settings', { timeoutMs: 240_000 }, (journey) => {
  test('retention mode, check interval, signature and a changed password each take effect at the next check or message', async () => {
    const j = journey();
    const { page, servers } = j;
    // The window's timers run on a clock the test can move (the check interval), from the start.
    await page.clock.install();
    await page.reload();
    await page.waitForFunction(() => document.querySelector('.app:not(.app-loading)') !== null);
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option')).toHaveCount(6);
    expect(await servers.dovecot.listMaildir('alice')).toHaveLength(6);
    const form = settingsForm(page);

    await test.step('"Delete it from the server": the next check empties the server, the mail stays here', async () => {
      await openSettings(page);
      await form.getByRole('radio', { name: 'Delete it from the server' }).check();
      await expect(page.getByTestId('delete-mode-warning')).toBeVisible();
      await form.getByRole('button', { name: 'Save changes' }).click();
      await expect(form.getByRole('status')).toContainText(/Saved/);
      await snap(page, 'settings-1-delete-mode');
      await page.getByRole('button', { name: 'Back to mail' }).click();
      await getMail(j, alice);
      expect(await servers.dovecot.listMaildir('alice')).toEqual([]);
      await expect(messageList(page).getByRole('option')).toHaveCount(6);
    });

    await test.step('"Check every 5 minutes": new mail arrives by itself when the time comes', async () => {
      await openSettings(page);
      await form.getByLabel('Check every (minutes, 0 = only when I ask)').fill('5');
      await form.getByRole('button', { name: 'Save changes' }).click();
      await expect(form.getByRole('status')).toContainText(/Saved/);
      await page.getByRole('button', { name: 'Back to mail' }).click();
      await servers.dovecot.seed('alice', [note(1)]);
      await page.clock.fastForward('04:00');
      await page.waitForTimeout(1000);
      await expect(messageList(page).getByRole('option')).toHaveCount(6);
      await page.clock.fastForward('01:30');
      await expect(messageList(page).getByRole('option')).toHaveCount(7, { timeout: 30_000 });
      await expect(messageList(page).getByRole('option').filter({ hasText: 'Later note 1' })).toHaveCount(1);
      // Delete mode still holds: the server is empty again.
      await expect.poll(async () => (await servers.dovecot.listMaildir('alice')).length, { timeout: 30_000 }).toBe(0);
    });

    await test.step('a signature goes into the next message', async () => {
      await openSettings(page);
      await form.getByLabel('Signature').fill('Alice Test\nvia Heron');
      await form.getByRole('button', { name: 'Save changes' }).click();
      await expect(form.getByRole('status')).toContainText(/Saved/);
      await page.getByRole('button', { name: 'Back to mail' }).click();
      await page.getByRole('button', { name: 'New message' }).click();
      const pane = page.getByRole('region', { name: 'New message' });
      await expect(pane.getByRole('combobox', { name: 'To', exact: true })).toBeFocused();
      await page.keyboard.type('bob@test.domain');
      await page.keyboard.press('Enter');
      await pane.getByRole('textbox', { name: 'Subject' }).fill('With my new signature');
      const body = page.getByRole('region', { name: 'Message: With my new signature' }).getByRole('textbox', { name: 'Message text' });
      await body.locator(':scope > div').first().click();
      await page.keyboard.type('Hello Bob.');
      await snap(page, 'settings-2-signature-in-compose');
      await page.keyboard.press('Control+Enter');
      const [got] = await waitForDelivery(servers, 'bob', 1);
      expect(got!.mail.text).toMatch(/^Hello Bob\.\n+-- \nAlice Test\nvia Heron\n?$/);
    });

    await test.step('a password changed at the provider: refused in words until it is changed here, then used for getting and sending', async () => {
      await servers.dovecot.setPassword('alice', NEW_PASSWORD);
      await servers.dovecot.seed('alice', [note(2)]);
      await getMail(j, alice);
      await expect(page.getByRole('alert').filter({ hasText: /password/i }).first()).toBeVisible();
      await snap(page, 'settings-3-password-refused');
      await expect(messageList(page).getByRole('option')).toHaveCount(7);
      expect(await servers.dovecot.listMaildir('alice')).toHaveLength(1);

      await openSettings(page);
      await form.getByTestId('password-incoming').getByRole('button', { name: 'Change password' }).click();
      await form.getByLabel('New password').fill(NEW_PASSWORD);
      await form.getByRole('button', { name: 'Save changes' }).click();
      await expect(form.getByRole('status')).toContainText(/Saved/, { timeout: 30_000 });
      await snap(page, 'settings-4-password-saved');
      await page.getByRole('button', { name: 'Back to mail' }).click();
      await getMail(j, alice);
      await expect(messageList(page).getByRole('option').filter({ hasText: 'Later note 2' })).toHaveCount(1);
      await expect(page.getByRole('alert').filter({ hasText: /password/i })).toHaveCount(0);

      // The outgoing server uses the incoming password ("Use the incoming server's password").
      await page.getByRole('button', { name: 'New message' }).click();
      await expect(page.getByRole('region', { name: 'New message' }).getByRole('combobox', { name: 'To', exact: true })).toBeFocused();
      await page.keyboard.type('bob@test.domain');
      await page.keyboard.press('Enter');
      await page.getByRole('region', { name: 'New message' }).getByRole('textbox', { name: 'Subject' }).fill('Sent with the new password');
      await page.keyboard.press('Control+Enter');
      await waitForDelivery(servers, 'bob', 2);
      const accounts = await readStore<{ id: string }>(page, 'accounts');
      expect(accounts.map((a) => a.id)).toEqual([alice]);
    });
  });
});
