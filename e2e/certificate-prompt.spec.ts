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
import { callMain, openAppRig, readStore, type AppRig } from './harness/app-rig';
import { seedAccounts } from './harness/seed';
import { getMail, messageList, type Journey } from './journeys/journey';
import { dovecotAvailable, makeTestPki, postfixAvailable, startMailServers, type MailServers, type TestPki } from './servers';
import { inboxMail, openSettings, setServer, settingsForm, startManualWizard } from './settings-support';

const PASSWORD = 'cert-prompt-e2e-secret';
const ACCOUNT_ID = 'acct-alice';
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
    if (pkiDir) await rm(pkiDir, { recursive: true, force: true });
  });

  const prompt = (page: Page) => page.getByTestId('certificate-prompt');
  const journey = (): Journey => ({ servers, rig, page: rig.page, close: async () => undefined });

  test('in the wizard: one prompt names both servers and ports, says the decision is kept with the new account; trusted once, both pass and are saved pinned', async () => {
    test.setTimeout(120_000);
    const { page } = rig;
    const { dovecot, postfix } = servers;
    await startManualWizard(page, PASSWORD);
    await setServer(page, 'incoming', 'tls', dovecot.pop3sPort);
    await setServer(page, 'outgoing', 'starttls', postfix.submissionPort);
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
    const [account] = await readStore<Pins & { id: string }>(page, 'accounts');
    expect([account?.incoming.pinnedCert, account?.outgoing.pinnedCert]).toEqual([pki.selfSigned.fingerprint256, pki.selfSigned.fingerprint256]);
    await getMail(journey(), account!.id);
    await expect(messageList(page).getByRole('option').filter({ hasText: 'Journey message 1' })).toHaveCount(1, { timeout: 30_000 });
  });

  // The account as it was before its servers presented this certificate (set up elsewhere, or the
  // certificate changed since): its row, its password, and no pin yet.
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
    await getMail(journey(), ACCOUNT_ID);
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
    await getMail(journey(), ACCOUNT_ID);
    await expect(messageList(page).getByRole('option').filter({ hasText: 'Journey message 1' })).toHaveCount(1, { timeout: 30_000 });
  });
});
