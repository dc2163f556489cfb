/**
 * Signing in with a provider instead of a password (issue 21): the in-repo authorization server
 * on loopback is the provider, Dovecot and Postfix accept its bearer tokens (Dovecot's oauth2
 * passdb asks it about each one), and the test plays the person's browser. Heron opens the
 * provider's page through main's URL policy, waits on 127.0.0.1 at a port of its own, and keeps
 * the grant in main: no token ever reaches the window, the store, a log or the connection log.
 */
import { expect, test, type Page } from '@playwright/test';
import { listening } from '../../electron/core/oauth/testing/browser';
import { readStore } from '../harness/app-rig';
import { describeJourney, getMail, messageList, openFolder, passwordOf, snap, waitForDelivery } from './journey';
import { addAccountBySigningIn, composeAndSend, expectNoTokenLeft, wizardToReview } from './oauth-support';
import { openedUrl, openSystemBrowser, signInAt, type SystemBrowser } from './sign-in';

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

    await composeAndSend(page, 'bob@test.domain', 'Signed in, not a password', 'Sent over XOAUTH2.');
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

function redirectPort(url: string): number {
  return Number(new URL(new URL(url).searchParams.get('redirect_uri') ?? '').port);
}

/** The account's fetch error in the mail view. */
function fetchError(page: Page, accountId: string) {
  return page.locator(`.fetch-error[data-account="${accountId}"]`);
}

describeJourney('the provider’s tokens expire and are refreshed', { timeoutMs: 240_000, oauth2: { accessTokenSeconds: 20 } }, (journey) => {
  test('an access token is refreshed silently before it expires; one the servers refuse is renewed once — and never a second time', async () => {
    const j = journey();
    const { page, servers } = j;
    const oauth = servers.oauth!;
    browser = await openSystemBrowser();
    const alice = await addAccountBySigningIn(j, browser, 'alice', 'Alice Test');
    const signedInAt = Date.now();
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option')).toHaveCount(6);
    const grants = () => oauth.tokenRequests.map((r) => r.grantType);
    expect(grants()).toEqual(['authorization_code']);

    // Past the token's life: Get mail refreshes first, and Dovecot never sees an expired token.
    await page.waitForTimeout(Math.max(0, signedInAt + 20_500 - Date.now()));
    await servers.dovecot.seed('alice', [Buffer.from('From: bob@test.domain\r\nSubject: After the refresh\r\nMessage-ID: <r1@test.domain>\r\n\r\nStill here.\r\n')]);
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option').filter({ hasText: 'After the refresh' })).toHaveCount(1);
    expect(grants()).toEqual(['authorization_code', 'refresh_token']);
    expect(oauth.introspections.filter((i) => !i.active)).toEqual([]);

    // The servers stop accepting the current token before it expires: one renewal, one more login, the mail comes.
    oauth.killAccessTokens('alice');
    await servers.dovecot.seed('alice', [Buffer.from('From: bob@test.domain\r\nSubject: After the renewal\r\nMessage-ID: <r2@test.domain>\r\n\r\nAgain.\r\n')]);
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option').filter({ hasText: 'After the renewal' })).toHaveCount(1);
    expect(grants()).toEqual(['authorization_code', 'refresh_token', 'refresh_token']);
    expect(oauth.introspections.filter((i) => !i.active)).toHaveLength(1);
    await expect(fetchError(page, alice)).toHaveCount(0);

    // A server that refuses every token: renewed once, refused again, and that is the answer.
    oauth.refuseAllTokens('alice', true);
    await getMail(j, alice);
    await expect(fetchError(page, alice)).toHaveAttribute('data-code', 'EAUTH');
    expect(grants()).toEqual(['authorization_code', 'refresh_token', 'refresh_token', 'refresh_token']);
    expect(oauth.introspections.filter((i) => !i.active)).toHaveLength(3);
    await expect(fetchError(page, alice).getByRole('button', { name: 'Sign in again' })).toBeVisible();
    await expectNoTokenLeft(j);
  });
});

describeJourney('a revoked sign-in', { timeoutMs: 240_000, oauth2: {} }, (journey) => {
  test('the provider revokes the grant: Get mail says why in the provider’s words with “Sign in again”; signed in again, mail comes and goes', async () => {
    const j = journey();
    const { page, servers, rig } = j;
    const oauth = servers.oauth!;
    browser = await openSystemBrowser();
    const alice = await addAccountBySigningIn(j, browser, 'alice', 'Alice Test');
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option')).toHaveCount(6);

    oauth.revoke('alice', { error: 'invalid_grant', description: 'AADSTS700082: The refresh token has expired due to inactivity. The token was issued on 2026-01-01 and was inactive for 90.00:00:00.' });
    await servers.dovecot.seed('alice', [Buffer.from('From: bob@test.domain\r\nSubject: Waiting for the sign-in\r\nMessage-ID: <s1@test.domain>\r\n\r\nHello again.\r\n')]);
    await getMail(j, alice);
    const error = fetchError(page, alice);
    await expect(error).toHaveAttribute('data-code', 'ESIGNIN');
    await expect(error).toContainText('Sign in again');
    await expect(error).toContainText('Test Identity ended Heron’s sign-in for alice@test.domain: the sign-in expired because it was not used for 90 days (AADSTS700082). Sign in again to go on.');
    await snap(page, 'oauth-sign-in-again');

    // Sending meanwhile waits in the Outbox with the same words and its own "Sign in again".
    await composeAndSend(page, 'bob@test.domain', 'Sent after signing in again', 'Hello Bob.');
    await openFolder(page, 'Outbox');
    const item = page.getByRole('listitem').filter({ hasText: 'Sent after signing in again' });
    await expect(item.getByRole('status')).toHaveText('Not sent — sign in again', { timeout: 30_000 });
    await expect(item).toContainText('(AADSTS700082)');
    await snap(page, 'oauth-outbox-sign-in-again');

    // Signing in again from the Outbox sends the message; the new grant also gets the mail.
    const opened = rig.openedExternal.length;
    await item.getByRole('button', { name: 'Sign in again' }).click();
    await signInAt(browser, await openedUrl(rig, opened + 1), { login: 'alice@test.domain', password: passwordOf('alice') });
    const [sent] = await waitForDelivery(servers, 'bob', 1);
    expect(sent?.mail.subject).toBe('Sent after signing in again');
    await openFolder(page, 'Inbox');
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option').filter({ hasText: 'Waiting for the sign-in' })).toHaveCount(1);
    await expect(fetchError(page, alice)).toHaveCount(0);
    expect(oauth.tokenRequests.map((r) => [r.grantType, r.status])).toEqual([
      ['authorization_code', 200],
      ['refresh_token', 400],
      ['authorization_code', 200],
    ]);
    await expectNoTokenLeft(j);
  });

  test('account settings show the sign-in and sign in again from there', async () => {
    const j = journey();
    const { page, rig } = j;
    browser = await openSystemBrowser();
    await addAccountBySigningIn(j, browser, 'alice', 'Alice Test');
    await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: 'Settings' }).click();
    const form = page.getByRole('form', { name: 'Settings for alice@test.domain' });
    const panel = form.getByTestId('sign-in');
    await expect(panel).toContainText('✓ Signed in with Test Identity as alice@test.domain.');
    await expect(form.getByTestId('password-incoming')).toHaveCount(0);
    await panel.scrollIntoViewIfNeeded();
    await snap(page, 'oauth-settings');
    const opened = rig.openedExternal.length;
    await panel.getByRole('button', { name: 'Sign in again' }).click();
    await expect(panel).toContainText('Finish signing in to Test Identity in your browser; Heron waits until you are done there.');
    await signInAt(browser, await openedUrl(rig, opened + 1), { login: 'alice@test.domain', password: passwordOf('alice') });
    await expect(panel).toContainText('✓ Signed in with Test Identity as alice@test.domain.');
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect(form.getByTestId('test-incoming')).toContainText('Logged in as alice@test.domain', { timeout: 20_000 });
    await expect(form.getByTestId('test-outgoing')).toContainText('Logged in as alice@test.domain', { timeout: 20_000 });
    await expectNoTokenLeft(j);
  });
});

describeJourney('signing in from account settings', { timeoutMs: 240_000, oauth2: {} }, (journey) => {
  test('an account that logs in with a password switches to signing in from its settings; mail comes and goes with bearer tokens', async () => {
    const j = journey();
    const { page, rig, servers } = j;
    const oauth = servers.oauth!;
    browser = await openSystemBrowser();
    await wizardToReview(page, 'alice', 'Alice Test');
    await page.getByTestId('sign-in').getByRole('button', { name: 'Use a password instead' }).click();
    await page.getByLabel('Password', { exact: true }).fill(passwordOf('alice'));
    await page.getByRole('button', { name: /^(Test and save account|Save account)$/ }).click();
    await expect(page.getByRole('heading', { name: 'Check your settings' })).toBeHidden({ timeout: 30_000 });
    const [account] = await readStore<{ id: string }>(page, 'accounts');
    const alice = account!.id;
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option')).toHaveCount(6);
    expect(oauth.tokenRequests).toEqual([]);

    await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: 'Settings' }).click();
    const form = page.getByRole('form', { name: 'Settings for alice@test.domain' });
    await form.locator('[data-field="incoming.auth"]').selectOption('xoauth2');
    const panel = form.getByTestId('sign-in');
    await expect(panel).toContainText('Test Identity signs you in on its own page, in your browser');
    // One sign-in opens both servers: sending follows the incoming server's login method.
    await expect(form.locator('[data-field="outgoing.auth"]')).toHaveValue('xoauth2');
    await panel.scrollIntoViewIfNeeded();
    await snap(page, 'oauth-settings-switch');
    const opened = rig.openedExternal.length;
    await panel.getByRole('button', { name: 'Sign in with Test Identity' }).click();
    await signInAt(browser, await openedUrl(rig, opened + 1), { login: 'alice@test.domain', password: passwordOf('alice') });
    await expect(panel).toContainText('✓ Signed in with Test Identity as alice@test.domain.');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect(form.getByRole('status').filter({ hasText: /^Saved/ })).toHaveText('Saved.', { timeout: 30_000 });
    await snap(page, 'oauth-settings-switched');
    const [saved] = await readStore<{ incoming: { auth: string }; outgoing: { auth: string } }>(page, 'accounts');
    expect([saved?.incoming.auth, saved?.outgoing.auth]).toEqual(['xoauth2', 'xoauth2']);

    await page.getByRole('button', { name: 'Back to mail' }).click();
    const before = oauth.introspections.length;
    await servers.dovecot.seed('alice', [Buffer.from('From: bob@test.domain\r\nSubject: Fetched with a token\r\nMessage-ID: <t1@test.domain>\r\n\r\nSigned in.\r\n')]);
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option').filter({ hasText: 'Fetched with a token' })).toHaveCount(1);
    await composeAndSend(page, 'bob@test.domain', 'Sent with a token', 'Signed in from the settings.');
    const [mail] = await waitForDelivery(servers, 'bob', 1);
    expect(mail?.mail.subject).toBe('Sent with a token');
    // Dovecot asked the provider about a bearer token for the fetch and for Postfix's login.
    expect(oauth.introspections.length).toBeGreaterThanOrEqual(before + 2);
    expect(oauth.introspections.every((i) => i.active)).toBe(true);
    expect(oauth.tokenRequests.map((r) => [r.grantType, r.status])).toEqual([['authorization_code', 200]]);

    // The provider ends the sign-in: every Get mail says so in its words — the old password is never tried as a token.
    oauth.revoke('alice', { error: 'invalid_grant', description: 'AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed.' });
    const words = 'Test Identity ended Heron’s sign-in for alice@test.domain: the sign-in was revoked, for example because the password changed (AADSTS50173). Sign in again to go on.';
    for (let i = 0; i < 2; i += 1) {
      await getMail(j, alice);
      await expect(fetchError(page, alice)).toHaveAttribute('data-code', 'ESIGNIN');
      await expect(fetchError(page, alice)).toContainText(words);
    }
    await expectNoTokenLeft(j);
  });
});

describeJourney('a sign-in that goes wrong in the browser', { timeoutMs: 240_000, oauth2: {} }, (journey) => {
  test('an answer with another state is refused (nothing exchanged, the port closed); a person who cancels is told so; both can sign in again', async () => {
    const j = journey();
    const { page, rig, servers } = j;
    browser = await openSystemBrowser();
    await wizardToReview(page, 'alice', 'Alice Test');
    const panel = page.getByTestId('sign-in');
    await panel.getByRole('button', { name: 'Sign in with Test Identity' }).click();
    const forged = await openedUrl(rig, 1);
    const tab = await signInAt(browser, forged, {
      login: 'alice@test.domain',
      password: passwordOf('alice'),
      tamper: (u) => {
        u.searchParams.set('state', 'not-the-state-heron-sent');
        return u;
      },
    });
    await expect(tab.getByRole('heading', { name: 'Heron did not start this sign-in' })).toBeVisible();
    await expect(panel).toContainText('The browser brought back a sign-in answer that does not belong to this sign-in, so Heron did not use it. Nothing was stored; sign in again.');
    expect(servers.oauth!.tokenRequests).toEqual([]);
    expect(await listening(redirectPort(forged))).toBe(false);
    await snap(page, 'oauth-wrong-state');

    await panel.getByRole('button', { name: 'Sign in again' }).click();
    const declined = await signInAt(browser, await openedUrl(rig, 2), { login: 'alice@test.domain', password: passwordOf('alice'), action: 'cancel' });
    await expect(declined.getByRole('heading', { name: 'Sign-in cancelled' })).toBeVisible();
    await expect(panel).toContainText('Signing in to Test Identity was cancelled in the browser. Nothing was stored; sign in again when you are ready.');
    expect(servers.oauth!.tokenRequests).toEqual([]);

    await panel.getByRole('button', { name: 'Sign in again' }).click();
    await signInAt(browser, await openedUrl(rig, 3), { login: 'alice@test.domain', password: passwordOf('alice') });
    await expect(panel).toContainText('✓ Signed in with Test Identity as alice@test.domain.');
    expect(new URL(rig.openedExternal[2]!).searchParams.get('state')).not.toBe(new URL(forged).searchParams.get('state'));
  });

  test('a person who closes the tab is told how to open it again, and finishes there', async () => {
    const j = journey();
    const { page, rig } = j;
    browser = await openSystemBrowser();
    await wizardToReview(page, 'alice', 'Alice Test');
    const panel = page.getByTestId('sign-in');
    await panel.getByRole('button', { name: 'Sign in with Test Identity' }).click();
    const first = await browser.context.newPage();
    await first.goto(await openedUrl(rig, 1));
    await first.close();
    await expect(panel).toContainText('Closed the tab, or it did not open?');
    await snap(page, 'oauth-closed-tab');
    await panel.getByRole('button', { name: 'Open the sign-in page again' }).click();
    const again = await openedUrl(rig, 2);
    expect(again).toBe(rig.openedExternal[0]);
    await signInAt(browser, again, { login: 'alice@test.domain', password: passwordOf('alice') });
    await expect(panel).toContainText('✓ Signed in with Test Identity as alice@test.domain.');
    await page.getByRole('button', { name: /^(Test and save account|Save account)$/ }).click();
    await expect(page.getByRole('heading', { name: 'Check your settings' })).toBeHidden({ timeout: 30_000 });
  });
});

describeJourney('a browser that never comes back', { timeoutMs: 240_000, oauth2: { signInTimeoutMs: 6_000 } }, (journey) => {
  test('Heron stops waiting, says so, closes its port — a late answer finds nothing — and the person can sign in again', async () => {
    const j = journey();
    const { page, rig } = j;
    browser = await openSystemBrowser();
    await wizardToReview(page, 'alice', 'Alice Test');
    const panel = page.getByTestId('sign-in');
    await panel.getByRole('button', { name: 'Sign in with Test Identity' }).click();
    const url = await openedUrl(rig, 1);
    await expect(panel).toContainText('Heron stopped waiting for the browser after 6 seconds: the sign-in did not come back.', { timeout: 20_000 });
    await expect(panel.getByRole('button', { name: 'Sign in again' })).toBeVisible();
    await snap(page, 'oauth-timeout');
    expect(await listening(redirectPort(url))).toBe(false);
    // The person finishes in that old tab after all: the browser cannot reach Heron any more.
    const late = await browser.context.newPage();
    await late.goto(url);
    await late.getByLabel('Email').fill('alice@test.domain');
    await late.getByLabel('Password').fill(passwordOf('alice'));
    const failed = late.waitForEvent('requestfailed', (r) => r.url().startsWith('http://127.0.0.1:'));
    await late.getByRole('button', { name: 'Sign in' }).click();
    expect((await failed).failure()?.errorText).toMatch(/ERR_CONNECTION_REFUSED/);
    expect(j.servers.oauth!.tokenRequests).toEqual([]);

    await panel.getByRole('button', { name: 'Sign in again' }).click();
    await signInAt(browser, await openedUrl(rig, 2), { login: 'alice@test.domain', password: passwordOf('alice') });
    await expect(panel).toContainText('✓ Signed in with Test Identity as alice@test.domain.');
  });
});

describeJourney('a registration of one’s own', { timeoutMs: 240_000, oauth2: { registered: false } }, (journey) => {
  test('without a registration the wizard keeps the password login and says sign-in exists; the organization’s own client ID in Settings makes sign-in work', async () => {
    const j = journey();
    const { page, rig, servers } = j;
    browser = await openSystemBrowser();
    await wizardToReview(page, 'alice', 'Alice Test');
    await expect(page.getByTestId('provider-hints')).toContainText(
      'Test Mail also offers signing in with your browser instead of a password; Heron needs an app registration for that (Settings → Sign-in with Google and Microsoft).',
    );
    await expect(page.locator('[data-field="incoming.auth"]')).toHaveValue('user');
    await expect(page.getByTestId('sign-in')).toHaveCount(0);

    await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: 'Settings' }).click();
    const own = page.getByRole('group', { name: 'Sign-in with Test Identity' });
    await expect(own).toContainText('Heron has no registration for Test Identity built in');
    await own.getByLabel('Client ID').fill(servers.oauth!.clientId);
    await own.getByRole('button', { name: 'Save registration' }).click();
    await expect(own.getByRole('status')).toHaveText('Saved: Heron signs in to Test Identity with this registration from now on.');
    await expect(own).toContainText('Heron signs in to Test Identity with your registration.');
    await own.scrollIntoViewIfNeeded();
    await snap(page, 'oauth-own-registration');

    const alice = await addAccountBySigningIn(j, browser, 'alice', 'Alice Test');
    expect(new URL(rig.openedExternal[0]!).searchParams.get('client_id')).toBe(servers.oauth!.clientId);
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option')).toHaveCount(6);
  });
});
