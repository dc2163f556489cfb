/**
 * One certificate, one host, one decision: real Dovecot and Postfix on localhost both present the
 * same self-signed certificate (the app trusts only the test CA, which did not sign it). The
 * prompt names the servers and ports it is about, is shown once for both, says where the decision
 * takes effect for where the person is (the wizard, or account settings), and trusting it pins it
 * on both servers; the tests then pass, the pins are saved and Get mail comes through them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { callMain, openAppRig, readStore, seedAccounts, type AppRig } from './harness/app-rig';
import { dovecotAvailable, makeTestPki, postfixAvailable, startMailServers, type MailServers, type TestPki } from './servers';
import { ACCOUNT_ID, getMailAndWait, inboxMail, messageList, openSettings, settingsForm } from './settings-support';

const PASSWORD = 'cert-prompt-e2e-secret';
const available = dovecotAvailable.available && postfixAvailable.available;
const SHOTS = '/tmp/settings-certificate';

type Pins = { incoming: { port: number; pinnedCert?: string }; outgoing: { port: number; pinnedCert?: string } };

test.describe(available ? 'certificate prompt against real Dovecot and Postfix with one self-signed certificate' : `certificate prompt (skipped: ${[dovecotAvailable.reason, postfixAvailable.reason].filter(Boolean).join('; ')})`, () => {
  test.skip(!available, 'Dovecot/Postfix are not installed here');
  let pkiDir: string;
  let pki: TestPki;
  let servers: MailServers;
  let rig: AppRig;

  test.beforeEach(async ({}, testInfo) => {
    testInfo.skip(testInfo.project.name !== 'chromium', 'drives the renderer in Chromium with a custom stand-in');
    pkiDir = await mkdtemp(path.join(os.tmpdir(), 'heron-cert-prompt-'));
    pki = await makeTestPki(pkiDir);
    // Both servers present the self-signed leaf; their own start-up checks trust that leaf directly.
    servers = await startMailServers({
      users: [{ name: 'alice', password: PASSWORD }],
      pki: { ...pki, leaf: pki.selfSigned, caPem: pki.selfSigned.certPem, caPath: pki.selfSigned.certPath },
    });
    await servers.dovecot.seed('alice', [inboxMail(1)]);
    rig = await openAppRig({ ca: pki.caPem });
  });
  test.afterEach(async () => {
    await rig?.close();
    await servers?.stop();
    await rm(pkiDir, { recursive: true, force: true });
  });

  const prompt = (page: Page) => page.getByTestId('certificate-prompt');

  test('in the wizard: one prompt names both servers and ports, says the decision is kept with the new account; trusted once, both pass and are saved pinned', async () => {
    test.setTimeout(120_000);
    const { page } = rig;
    const { dovecot, postfix } = servers;
    await page.getByRole('button', { name: 'Add account', exact: true }).last().click();
    await page.getByLabel('Your name').fill('Alice Test');
    await page.getByLabel('Email address').fill('alice@test.domain');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Enter server settings myself' }).click();
    for (const [side, security, port] of [['incoming', 'tls', dovecot.pop3sPort], ['outgoing', 'starttls', postfix.submissionPort]] as const) {
      await page.locator(`[data-field="${side}.host"]`).fill('localhost');
      await page.locator(`[data-field="${side}.security"]`).selectOption(security);
      await page.locator(`[data-field="${side}.port"]`).fill(String(port));
    }
    await page.getByRole('button', { name: 'Test and save account' }).click();
    await expect(page.getByTestId('test-incoming')).toContainText('could not be verified', { timeout: 20_000 });
    await expect(page.getByTestId('test-outgoing')).toContainText('could not be verified', { timeout: 20_000 });
    await expect(prompt(page)).toHaveCount(1);
    await expect(prompt(page).getByRole('heading')).toHaveText(
      `Heron could not verify the certificate of the incoming (POP3) and outgoing (SMTP) mail servers localhost:${dovecot.pop3sPort} and localhost:${postfix.submissionPort}`,
    );
    await expect(prompt(page)).toContainText('Both servers presented this same certificate, so you decide once for both.');
    await expect(prompt(page).locator('code.fingerprint')).toHaveText(pki.selfSigned.fingerprint256);
    await expect(prompt(page).getByTestId('certificate-effect')).toHaveText('It is kept with the account when you save it, and only this exact certificate is accepted.');
    // The hint is for where the person is: the certificate is right below, not "in the account settings".
    await expect(page.getByTestId('test-incoming')).toContainText('review its certificate below before you trust it');
    await expect(page.locator('.page.wizard')).not.toContainText('in the account settings');
    await page.screenshot({ path: `${SHOTS}-1-wizard-prompt.png` });
    expect(await readStore(page, 'accounts')).toHaveLength(0);

    await prompt(page).getByRole('button', { name: 'Trust this certificate for this account' }).click();
    await expect(prompt(page)).toHaveCount(0);
    await page.getByRole('button', { name: 'Test and save account' }).click();
    await expect(page.getByRole('heading', { name: 'Check your settings' })).toBeHidden({ timeout: 30_000 });
    const [account] = await readStore<Pins>(page, 'accounts');
    expect([account?.incoming.pinnedCert, account?.outgoing.pinnedCert]).toEqual([pki.selfSigned.fingerprint256, pki.selfSigned.fingerprint256]);
    await getMailAndWait(page);
    await expect(messageList(page).getByRole('option').filter({ hasText: 'Journey message 1' })).toHaveCount(1, { timeout: 30_000 });
  });

  test('in account settings: one prompt for both, the decision takes effect on Save, which tests the pinned servers and saves both pins', async () => {
    test.setTimeout(120_000);
    const { page } = rig;
    const { dovecot, postfix } = servers;
    await seedAccounts(page, [{ id: ACCOUNT_ID, address: 'alice@test.domain', order: 0, incoming: { host: 'localhost', port: dovecot.pop3sPort }, outgoing: { host: 'localhost', port: postfix.submissionPort } }]);
    await callMain(page, 'setPassword', {
      accountId: ACCOUNT_ID,
      slot: 'incoming',
      password: PASSWORD,
      persist: false,
      servers: [
        { host: 'localhost', port: dovecot.pop3sPort, security: 'tls', username: 'alice' },
        { host: 'localhost', port: postfix.submissionPort, security: 'starttls', username: 'alice' },
      ],
    });
    // Get mail first: refused, with the way to the decision in words.
    await getMailAndWait(page);
    await expect(page.locator('.fetch-error')).toContainText('open Settings, test the account’s connection and review its certificate there');

    await openSettings(page);
    const form = settingsForm(page);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect(prompt(page)).toBeVisible({ timeout: 20_000 });
    await expect(form.getByTestId('test-outgoing')).toContainText('could not be verified', { timeout: 20_000 });
    await expect(prompt(page)).toHaveCount(1);
    await expect(prompt(page).getByRole('heading')).toContainText(`localhost:${dovecot.pop3sPort} and localhost:${postfix.submissionPort}`);
    await expect(prompt(page).getByTestId('certificate-effect')).toHaveText('It takes effect when you save the changes, and only this exact certificate is accepted.');
    await prompt(page).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}-2-settings-prompt.png` });

    await prompt(page).getByRole('button', { name: 'Trust this certificate for this account' }).click();
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect(form.getByRole('status').filter({ hasText: /^Saved\.$/ })).toBeVisible({ timeout: 30_000 });
    await expect(form.getByTestId('test-incoming')).toContainText('certificate accepted because you trusted it for this account');
    await expect(form.getByTestId('test-outgoing')).toContainText('Logged in as alice');
    const [account] = await readStore<Pins>(page, 'accounts');
    expect([account?.incoming.pinnedCert, account?.outgoing.pinnedCert]).toEqual([pki.selfSigned.fingerprint256, pki.selfSigned.fingerprint256]);

    await page.getByRole('button', { name: 'Back to mail' }).click();
    await getMailAndWait(page);
    await expect(messageList(page).getByRole('option').filter({ hasText: 'Journey message 1' })).toHaveCount(1, { timeout: 30_000 });
  });
});
