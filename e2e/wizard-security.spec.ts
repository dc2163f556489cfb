/**
 * The security setting and the port do not match, in the setup wizard against real Dovecot and
 * Postfix: SSL/TLS chosen on the plain POP3 and submission ports, then STARTTLS on the
 * implicit-TLS ports. Each is said in words with what to try (never OpenSSL's string, never a
 * bare timeout), the hint points at the settings above (not "the account settings", which do not
 * exist yet), and "Show details" opens the new account's connection log. Corrected, the account
 * is tested, saved and gets its mail.
 */
import { test, expect } from '@playwright/test';
import { readStore } from './harness/app-rig';
import { getMail, journeysAvailable, journeysSkipReason, messageList, passwordOf, startJourney, type Journey } from './journeys/journey';
import { inboxMail, setServer, startManualWizard } from './settings-support';

const SHOTS = '/tmp/settings-wizard-security';

test.describe(journeysAvailable ? 'security setting and port in the wizard against real Dovecot and Postfix' : `security setting and port in the wizard (skipped: ${journeysSkipReason})`, () => {
  test.skip(!journeysAvailable, journeysSkipReason);
  let journey: Journey;

  test.beforeEach(async ({}, testInfo) => {
    testInfo.skip(testInfo.project.name !== 'chromium', 'drives the renderer in Chromium with a custom stand-in');
    journey = await startJourney({ aliceMail: [inboxMail(1)] });
  });
  test.afterEach(async () => {
    await journey?.close();
  });

  test('SSL/TLS on a plain port and STARTTLS on a TLS port are explained in words, with what to try; corrected, the account is saved and gets mail', async () => {
    test.setTimeout(150_000);
    const { page } = journey;
    const { dovecot, postfix } = journey.servers;
    await startManualWizard(page, passwordOf('alice'));
    const incoming = page.getByTestId('test-incoming');
    const outgoing = page.getByTestId('test-outgoing');

    // SSL/TLS on the ports that speak plain POP3 and SMTP first.
    await setServer(page, 'incoming', 'tls', dovecot.pop3Port);
    await setServer(page, 'outgoing', 'tls', postfix.submissionPort);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(incoming).toContainText(
      `localhost did not answer with TLS on port ${dovecot.pop3Port}: it answered in plain POP3. It may expect STARTTLS on this port, or SSL/TLS on port 995. Your password was not sent.`,
      { timeout: 20_000 },
    );
    await expect(outgoing).toContainText(
      `localhost did not answer with TLS on port ${postfix.submissionPort}: it answered in plain SMTP. It may expect STARTTLS on this port, or SSL/TLS on port 465. Nothing was sent.`,
      { timeout: 20_000 },
    );
    for (const result of [incoming, outgoing]) {
      await expect(result).not.toContainText('SSL routines');
      await expect(result).not.toContainText('wrong version number');
      await expect(result).toContainText('Change the security setting (SSL/TLS or STARTTLS) or the port above, as the message says.');
      await expect(result).not.toContainText('in the account settings');
    }
    await page.screenshot({ path: `${SHOTS}-1-tls-on-plain.png` });

    // The details: this account-to-be's own connection log, the failed session open.
    await incoming.getByRole('button', { name: 'Show details' }).click();
    const log = page.getByRole('dialog', { name: 'Connection log for alice@test.domain' });
    await expect(log.locator('details[open] summary')).toContainText(`Incoming server (POP3) localhost:${dovecot.pop3Port}, SSL/TLS · Connection test`);
    await expect(log.locator('details[open] .log-lines')).toContainText('reason=wrong version number');
    await page.screenshot({ path: `${SHOTS}-2-details.png` });
    await log.getByRole('button', { name: 'Close' }).click();
    await expect(log).toBeHidden();

    // STARTTLS on the implicit-TLS ports: the server waits for TLS, Heron for a greeting.
    await setServer(page, 'incoming', 'starttls', dovecot.pop3sPort);
    await setServer(page, 'outgoing', 'starttls', postfix.submissionsPort);
    await page.getByRole('button', { name: 'Test connection' }).click();
    // Both ports answer a TLS hello, so the words name the setting to choose.
    await expect(incoming).toContainText(
      `localhost answers with TLS from the first byte on port ${dovecot.pop3sPort}, but the account is set to STARTTLS, which starts in plain text. Choose SSL/TLS for this port, or STARTTLS on port 110. Your password was not sent.`,
      { timeout: 40_000 },
    );
    await expect(outgoing).toContainText(
      `localhost answers with TLS from the first byte on port ${postfix.submissionsPort}, but the account is set to STARTTLS, which starts in plain text. Choose SSL/TLS for this port, or STARTTLS on port 587. Nothing was sent.`,
      { timeout: 40_000 },
    );
    for (const result of [incoming, outgoing]) await expect(result).toContainText('Change the security setting (SSL/TLS or STARTTLS) or the port above');
    await page.screenshot({ path: `${SHOTS}-3-starttls-on-tls.png` });
    expect(await readStore(page, 'accounts')).toHaveLength(0);

    // Corrected: tested, saved, and Get mail brings the mail.
    await setServer(page, 'incoming', 'tls', dovecot.pop3sPort);
    await setServer(page, 'outgoing', 'starttls', postfix.submissionPort);
    await page.getByRole('button', { name: 'Test and save account' }).click();
    await expect(page.getByRole('heading', { name: 'Check your settings' })).toBeHidden({ timeout: 30_000 });
    const [account] = await readStore<{ id: string; incoming: { port: number; security: string }; outgoing: { port: number; security: string } }>(page, 'accounts');
    expect([account?.incoming, account?.outgoing]).toEqual([
      expect.objectContaining({ port: dovecot.pop3sPort, security: 'tls' }),
      expect.objectContaining({ port: postfix.submissionPort, security: 'starttls' }),
    ]);
    await getMail(journey, account!.id);
    await expect(messageList(page).getByRole('option').filter({ hasText: 'Journey message 1' })).toHaveCount(1, { timeout: 30_000 });
  });
});
