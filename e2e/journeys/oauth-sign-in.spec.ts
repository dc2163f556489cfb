/**
 * Signing in with a provider instead of a password (issue 21): the in-repo authorization server
 * on loopback is the provider, Dovecot and Postfix accept its bearer tokens (Dovecot's oauth2
 * passdb asks it about each one), and the test plays the person's browser. Heron opens the
 * provider's page through main's URL policy, waits on 127.0.0.1 at a port of its own, and keeps
 * the grant in main: no token ever reaches the window, the store, a log or the connection log.
 */
import { expect, test } from '@playwright/test';
import { describeJourney, getMail, messageList, snap, waitForDelivery } from './journey';
import { addAccountBySigningIn, expectNoTokenLeft } from './oauth-support';
import { openSystemBrowser, type SystemBrowser } from './sign-in';

let browser: SystemBrowser | null = null;
test.afterEach(async () => {
  await browser?.close();
  browser = null;
});

describeJourney('signing in with the provider', { timeoutMs: 240_000, oauth2: {} }, (journey) => {
  test('sign in from the wizard, get mail from the real Dovecot and send through the real Postfix with bearer tokens; no token in the window, its store or any log', async () => {
    const j = journey();
    const { page, servers } = j;
    browser = await openSystemBrowser();
    const alice = await addAccountBySigningIn(j, browser, 'alice', 'Alice Test', 'oauth');
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option')).toHaveCount(6);
    await snap(page, 'oauth-inbox');

    await page.getByRole('button', { name: 'New message' }).click();
    const pane = page.getByRole('region', { name: 'New message' });
    await pane.getByRole('combobox', { name: 'To' }).fill('bob@test.domain');
    await pane.getByRole('combobox', { name: 'To' }).press('Enter');
    await pane.getByRole('textbox', { name: 'Subject' }).fill('Signed in, not a password');
    await page.getByRole('textbox', { name: 'Message text' }).click();
    await page.keyboard.type('Sent over XOAUTH2.');
    await page.getByRole('button', { name: 'Send', exact: true }).click({ timeout: 15_000 });
    const [mail] = await waitForDelivery(servers, 'bob', 1);
    expect(mail?.mail.subject).toBe('Signed in, not a password');

    // Every login presented a token the provider had issued and still considered active.
    const oauth = servers.oauth!;
    expect(oauth.tokenRequests.map((r) => [r.grantType, r.status])).toEqual([['authorization_code', 200]]);
    expect(oauth.introspections.length).toBeGreaterThanOrEqual(3);
    expect(oauth.introspections.every((i) => i.active)).toBe(true);
    await expectNoTokenLeft(j);
  });
});
