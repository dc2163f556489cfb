/**
 * Account settings keep what the person typed: against real Dovecot and Postfix, the account added
 * through the wizard and its mail fetched first. Leaving with unsaved changes (another folder,
 * another page, another account, closing the window) asks Save / Discard / Keep editing, and each
 * does what it says. A changed connection (password, server, port, security) is tested before it
 * is saved; a failing test saves nothing and offers "Save anyway", after which Get mail reports the
 * failure in words with its details.
 */
import { test, expect, type Page } from '@playwright/test';
import { callMain, readStore } from './harness/app-rig';
import { addAccountWithWizard, getMail, journeysAvailable, journeysSkipReason, messageList, passwordOf, startJourney, type Journey } from './journeys/journey';
import { inboxMail, openSettings, settingsForm } from './settings-support';

const SHOTS = '/tmp/settings-unsaved';

test.describe(journeysAvailable ? 'unsaved account settings against real Dovecot and Postfix' : `unsaved account settings (skipped: ${journeysSkipReason})`, () => {
  test.skip(!journeysAvailable, journeysSkipReason);
  let journey: Journey;
  let alice: string;

  test.beforeEach(async ({}, testInfo) => {
    testInfo.skip(testInfo.project.name !== 'chromium', 'drives the renderer in Chromium with a custom stand-in');
    journey = await startJourney({ aliceMail: [inboxMail(1), inboxMail(2)] });
    alice = await addAccountWithWizard(journey.page, 'alice', 'Alice Test');
    await getMail(journey, alice);
    await expect(messageList(journey.page).getByRole('option')).toHaveCount(2, { timeout: 30_000 });
  });
  test.afterEach(async () => {
    await journey?.close();
  });

  const signature = (page: Page) => settingsForm(page).getByLabel('Signature');
  const leaveDialog = (page: Page) => page.getByRole('alertdialog', { name: 'Save the changes to alice@test.domain?' });
  const storedAccount = async (page: Page) => (await readStore<{ identity: { signature?: string }; checkIntervalMinutes: number; incoming: { port: number; security: string } }>(page, 'accounts'))[0];

  test('leaving with unsaved changes asks; Keep editing stays, Discard leaves without saving, Save saves and goes; closing the window asks too', async () => {
    test.setTimeout(120_000);
    const { page } = journey;
    await openSettings(page);
    await signature(page).fill('Alice, sent from Heron');
    await page.screenshot({ path: `${SHOTS}-1-edited.png` });

    // Another folder: asked; Keep editing keeps the page and what was typed.
    await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: 'Inbox' }).click();
    await expect(leaveDialog(page)).toBeVisible();
    await expect(leaveDialog(page)).toContainText('If you leave now without saving, the changes are lost.');
    await page.screenshot({ path: `${SHOTS}-2-asked.png` });
    await leaveDialog(page).getByRole('button', { name: 'Keep editing' }).click();
    await expect(leaveDialog(page)).toBeHidden();
    await expect(signature(page)).toHaveValue('Alice, sent from Heron');

    // Esc is "Keep editing" too.
    await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: 'Inbox' }).click();
    await expect(leaveDialog(page)).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(leaveDialog(page)).toBeHidden();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();

    // Discard: leaves, and nothing was saved.
    await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: 'Inbox' }).click();
    await leaveDialog(page).getByRole('button', { name: 'Discard changes' }).click();
    await expect(messageList(page).getByRole('option')).toHaveCount(2);
    expect((await storedAccount(page))?.identity.signature).toBeUndefined();
    await openSettings(page);
    await expect(signature(page)).toHaveValue('');

    // Save from the question: saved, then on to where the person was going (Add account).
    await settingsForm(page).getByLabel('Check every (minutes, 0 = only when I ask)').fill('25');
    await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: 'Add account' }).click();
    await leaveDialog(page).getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('heading', { name: 'Add an account' })).toBeVisible();
    expect((await storedAccount(page))?.checkIntervalMinutes).toBe(25);

    // "Back to mail" on the settings page is leaving too; unchanged settings leave without a word.
    await openSettings(page);
    await page.getByRole('button', { name: 'Back to mail' }).click();
    await expect(messageList(page)).toBeVisible();
    await openSettings(page);
    await signature(page).fill('Changed again');
    await page.getByRole('button', { name: 'Back to mail' }).click();
    await expect(leaveDialog(page)).toBeVisible();
    await leaveDialog(page).getByRole('button', { name: 'Keep editing' }).click();

    // Closing the window with unsaved changes: the browser (in Electron, the shell) asks; staying keeps the page.
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.type());
      void d.dismiss();
    });
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => asked).toEqual(['beforeunload']);
    expect(page.isClosed()).toBe(false);
    await expect(signature(page)).toHaveValue('Changed again');
  });

  test('switching to another account with unsaved changes asks first', async () => {
    test.setTimeout(90_000);
    const { page } = journey;
    const bob = await addAccountWithWizard(page, 'bob', 'Bob Test');
    await openSettings(page);
    const chooser = page.getByRole('region', { name: 'Accounts', exact: true }).getByLabel('Account', { exact: true });
    await expect(chooser).toHaveValue(alice);
    await signature(page).fill('Unsaved Alice signature');
    await chooser.selectOption(bob);
    await expect(leaveDialog(page)).toBeVisible();
    await leaveDialog(page).getByRole('button', { name: 'Keep editing' }).click();
    await expect(chooser).toHaveValue(alice);
    await expect(signature(page)).toHaveValue('Unsaved Alice signature');
    await chooser.selectOption(bob);
    await leaveDialog(page).getByRole('button', { name: 'Save changes' }).click();
    await expect(settingsForm(page, 'bob@test.domain')).toBeVisible();
    await expect(chooser).toHaveValue(bob);
    const rows = await readStore<{ id: string; identity: { signature?: string } }>(page, 'accounts');
    expect(rows.find((a) => a.id === alice)?.identity.signature).toBe('Unsaved Alice signature');
  });

  test('a changed password or server is tested before saving: a failing test saves nothing and offers Save anyway; a working one saves', async () => {
    test.setTimeout(150_000);
    const { page, servers } = journey;
    const password = passwordOf('alice');
    await openSettings(page);
    const form = settingsForm(page);

    // A wrong new password: both servers use it, both are tested, both refuse it; nothing is stored.
    await form.getByTestId('password-incoming').getByRole('button', { name: 'Change password' }).click();
    await form.getByLabel('New password').fill('not-the-password');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect(form.getByTestId('save-blocked')).toBeVisible({ timeout: 30_000 });
    await expect(form.getByTestId('test-incoming')).toContainText('rejected the credentials');
    await expect(form.getByTestId('test-outgoing')).toContainText('The server rejected the password for alice@test.domain');
    await expect(form.getByRole('button', { name: 'Save anyway' })).toBeVisible();
    await form.getByTestId('save-blocked').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}-3-blocked.png` });
    await servers.dovecot.seed('alice', [inboxMail(3)]);
    await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: 'Inbox' }).click();
    await page.getByRole('alertdialog', { name: /Save the changes/ }).getByRole('button', { name: 'Discard changes' }).click();
    // The password that works is still the one stored: Get mail brings the new message.
    await getMail(journey, alice);
    await expect(messageList(page).getByRole('option')).toHaveCount(3, { timeout: 30_000 });

    // STARTTLS on the plain port with the password again (the server changed): tested, works, saved; Get mail goes through it.
    await openSettings(page);
    await form.locator('[data-field="incoming.security"]').selectOption('starttls');
    await form.locator('[data-field="incoming.port"]').fill(String(servers.dovecot.pop3Port));
    // Saved without the password: nothing is saved, and the password field opens with the reason.
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect(form.getByLabel('New password')).toBeFocused();
    await expect(form.getByTestId('password-incoming')).toContainText('The server changed: enter the password again');
    await form.getByLabel('New password').fill(password);
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect(form.getByRole('status').filter({ hasText: /^Saved\.$/ })).toBeVisible({ timeout: 30_000 });
    await expect(form.getByTestId('test-incoming')).toContainText('3 messages on the server');
    await form.getByRole('button', { name: 'Save changes' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}-4-tested-and-saved.png` });
    expect((await storedAccount(page))?.incoming).toMatchObject({ port: servers.dovecot.pop3Port, security: 'starttls' });

    // SSL/TLS on that plain port: the test says so in words; Save anyway saves it; Get mail then fails, in words, with details.
    await form.locator('[data-field="incoming.security"]').selectOption('tls');
    await form.locator('[data-field="incoming.port"]').fill(String(servers.dovecot.pop3Port));
    await form.getByTestId('password-incoming').getByRole('button', { name: 'Change password' }).click();
    await form.getByLabel('New password').fill(password);
    await form.getByRole('button', { name: 'Save changes' }).click();
    const words = `localhost did not answer with TLS on port ${servers.dovecot.pop3Port}: it answered in plain POP3. It may expect STARTTLS on this port, or SSL/TLS on port 995. Your password was not sent.`;
    await expect(form.getByTestId('test-incoming')).toContainText(words, { timeout: 30_000 });
    await expect(form.getByTestId('test-incoming')).not.toContainText('SSL routines');
    await expect(form.getByTestId('test-incoming')).toContainText('Change the security setting (SSL/TLS or STARTTLS) or the port above');
    expect((await storedAccount(page))?.incoming.security).toBe('starttls');
    await form.getByRole('button', { name: 'Save anyway' }).click();
    await expect(form.getByRole('status').filter({ hasText: 'Saved, although the connection test failed.' })).toBeVisible();
    expect((await storedAccount(page))?.incoming).toMatchObject({ port: servers.dovecot.pop3Port, security: 'tls' });
    expect(await callMain(page, 'hasPassword', { accountId: alice, slot: 'incoming' })).toMatchObject({ ok: true, value: { stored: true } });

    await page.getByRole('button', { name: 'Back to mail' }).click();
    await getMail(journey, alice);
    const failure = page.locator(`.fetch-error[data-account="${alice}"]`);
    await expect(failure).toContainText('The security setting does not match the port');
    await expect(failure).toContainText(words);
    await expect(failure).not.toContainText('SSL routines');
    await page.screenshot({ path: `${SHOTS}-5-get-mail-error.png` });
    await failure.getByRole('button', { name: 'Show details' }).click();
    const log = page.getByRole('dialog', { name: 'Connection log for alice@test.domain' });
    await expect(log).toBeVisible();
    await expect(log.locator('details[open] .log-lines')).toContainText(`Failed: ${words}`);
    await expect(log.locator('details[open] summary')).toContainText(`Incoming server (POP3) localhost:${servers.dovecot.pop3Port}, SSL/TLS · Get mail`);
    await page.screenshot({ path: `${SHOTS}-6-details.png` });
  });
});
