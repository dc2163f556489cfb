/**
 * A self-signed certificate is refused until the person pins it: the incoming server is a Dovecot
 * presenting the test PKI's self-signed leaf (the app trusts only the test CA, which did not sign
 * it). The wizard, in manual mode, shows the certificate with its SHA-256 fingerprint; without
 * trusting it the account cannot be saved; once trusted, the test passes, the account is saved
 * with that exact pin, and Get mail fetches through it.
 */
import { test, expect, type Page } from '@playwright/test';
import { callMain, openAppRig, readStore, type AppRig } from './harness/app-rig';
import { dovecotAvailable, postfixAvailable, startDovecot, startMailServers, type DovecotInstance, type MailServers } from './servers';
import { setServer, startManualWizard } from './settings-support';

const PASSWORD = 'pinning-e2e-secret';
const available = dovecotAvailable.available && postfixAvailable.available;

test.describe(available ? 'certificate pinning in the wizard against real Dovecot' : `certificate pinning in the wizard (skipped: ${[dovecotAvailable.reason, postfixAvailable.reason].filter(Boolean).join('; ')})`, () => {
  test.skip(!available, 'Dovecot/Postfix are not installed here');
  let servers: MailServers;
  let selfSigned: DovecotInstance;
  let rig: AppRig;

  test.beforeEach(async ({}, testInfo) => {
    testInfo.skip(testInfo.project.name !== 'chromium', 'drives the renderer in Chromium with a custom stand-in');
    servers = await startMailServers({ users: [{ name: 'alice', password: PASSWORD }] });
    const pki = servers.dovecot.pki;
    // Same users, but this Dovecot presents the self-signed leaf. Its own start-up check trusts
    // that leaf directly; the app is only ever told about the test CA.
    selfSigned = await startDovecot({
      users: [{ name: 'alice', password: PASSWORD }],
      pki: { ...pki, leaf: pki.selfSigned, caPem: pki.selfSigned.certPem, caPath: pki.selfSigned.certPath },
    });
    await selfSigned.seed('alice', [Buffer.from('From: carol@test.domain\r\nTo: alice@test.domain\r\nSubject: Behind a pinned certificate\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <pin1@test.domain>\r\n\r\nHello.\r\n')]);
    rig = await openAppRig({ ca: servers.dovecot.ca });
  });
  test.afterEach(async () => {
    await rig?.close();
    await selfSigned?.stop();
    await servers?.stop();
  });

  async function manualSettings(page: Page) {
    await startManualWizard(page, PASSWORD);
    await setServer(page, 'incoming', 'tls', selfSigned.pop3sPort);
    await setServer(page, 'outgoing', 'starttls', servers.postfix.submissionPort);
  }

  test('the certificate prompt shows the fingerprint; without trusting it nothing is saved; trusted, the test passes, the pin is saved and mail comes through it', async () => {
    test.setTimeout(120_000);
    const { page } = rig;
    const fingerprint = servers.dovecot.pki.selfSigned.fingerprint256;
    await manualSettings(page);

    // Save asks for a test first: the incoming server's certificate is refused, nothing is stored.
    await page.getByRole('button', { name: 'Test and save account' }).click();
    const prompt = page.getByTestId('certificate-prompt');
    await expect(prompt).toBeVisible({ timeout: 20_000 });
    await expect(prompt.getByRole('heading')).toHaveText(`Heron could not verify the certificate of the incoming mail server (POP3) localhost:${selfSigned.pop3sPort}`);
    await expect(prompt.locator('code.fingerprint')).toHaveText(fingerprint);
    await expect(prompt).toContainText('(the server signed it itself)');
    await expect(page.getByTestId('test-incoming')).not.toContainText('message on the server');
    await expect(page.getByTestId('test-outgoing')).toContainText('Logged in as alice@test.domain');
    expect(await readStore(page, 'accounts')).toHaveLength(0);

    // Declining keeps it refused: saving tests again and is refused again.
    await prompt.getByRole('button', { name: 'Don’t trust it' }).click();
    await expect(prompt).toBeHidden();
    await page.getByRole('button', { name: 'Test and save account' }).click();
    await expect(prompt).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('heading', { name: 'Check your settings' })).toBeVisible();
    expect(await readStore(page, 'accounts')).toHaveLength(0);

    // Trusted: this exact certificate is pinned, and the test passes.
    await prompt.getByRole('button', { name: 'Trust this certificate for this account' }).click();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(page.getByTestId('test-incoming')).toContainText('1 message on the server', { timeout: 20_000 });
    await page.getByRole('button', { name: 'Save account' }).click();
    await expect(page.getByRole('heading', { name: 'Check your settings' })).toBeHidden();
    const accounts = await readStore<{ id: string; incoming: { host: string; port: number; pinnedCert?: string } }>(page, 'accounts');
    expect(accounts.map((a) => a.incoming)).toEqual([expect.objectContaining({ host: 'localhost', port: selfSigned.pop3sPort, pinnedCert: fingerprint })]);
    expect(await callMain(page, 'hasPassword', { accountId: accounts[0]!.id, slot: 'incoming' })).toMatchObject({ ok: true, value: { stored: true } });

    // Fetching honours the pin.
    const button = page.getByRole('button', { name: 'Get mail', exact: true }).first();
    await expect(button).toBeEnabled({ timeout: 30_000 });
    await button.click();
    await expect(page.getByRole('listbox', { name: /^Messages in / }).getByRole('option').filter({ hasText: 'Behind a pinned certificate' })).toHaveCount(1, { timeout: 30_000 });
  });
});
