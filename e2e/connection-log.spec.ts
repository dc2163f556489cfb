/**
 * The connection log, as a person uses it, against real Dovecot and Postfix: after Get mail
 * (USER/PASS), tests with SASL PLAIN and LOGIN, and a message sent through Postfix, the log opens
 * from the account settings and shows each connection (TLS, commands, replies, message sizes)
 * without the password in any encoding and without the messages' text; Copy puts exactly that on
 * the clipboard for a support request. A Get mail refused for a wrong password opens its own
 * session from "Show details". The log is on disk under userData, and can be cleared.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { containsSecret } from '../electron/core/log/scrub';
import { callMain, readStore } from './harness/app-rig';
import { addAccountWithWizard, getMail, journeysAvailable, journeysSkipReason, messageList, passwordOf, startJourney, type Journey } from './journeys/journey';
import { inboxMail, openSettings, settingsForm } from './settings-support';

const PASSWORD = passwordOf('alice');
const WRONG = 'Wrong-E2E-Password-81c7';
const SHOTS = '/tmp/settings-connection-log';

test.describe(journeysAvailable ? 'connection log against real Dovecot and Postfix' : `connection log (skipped: ${journeysSkipReason})`, () => {
  test.skip(!journeysAvailable, journeysSkipReason);
  let journey: Journey;

  test.beforeEach(async ({}, testInfo) => {
    testInfo.skip(testInfo.project.name !== 'chromium', 'drives the renderer in Chromium with a custom stand-in');
    journey = await startJourney({ aliceMail: [inboxMail(1), inboxMail(2)] });
  });
  test.afterEach(async () => {
    await journey?.close();
  });

  const logDialog = (page: Page) => page.getByRole('dialog', { name: 'Connection log for alice@test.domain' });

  test('opened from the settings and from an error, it shows every connection without a password or message text, and copies that for support', async () => {
    test.setTimeout(150_000);
    const { page, servers, rig } = journey;
    // Added through the wizard: its connection tests are the first sessions of the account's log.
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(journey, alice);
    await expect(messageList(page).getByRole('option')).toHaveCount(2, { timeout: 30_000 });

    // Sending through Postfix, as the outbox does for this account (SASL PLAIN after STARTTLS): composed and sent.
    await page.getByRole('button', { name: 'New message' }).click();
    const note = page.getByRole('region', { name: 'New message' });
    await note.getByRole('combobox', { name: 'To', exact: true }).fill('alice@test.domain');
    await note.getByRole('combobox', { name: 'To', exact: true }).press('Enter');
    await note.getByRole('textbox', { name: 'Subject' }).fill('Sent for the log');
    const composing = page.getByRole('region', { name: 'Message: Sent for the log' });
    await composing.getByRole('textbox', { name: 'Message text' }).click();
    await page.keyboard.type('Secret plans for Tuesday.');
    await composing.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(composing).toBeHidden();
    const sentCopy = async () => (await readStore<{ folder: string; subject: string; size: number }>(page, 'messages')).find((m) => m.folder === 'sent' && m.subject === 'Sent for the log');
    await expect.poll(sentCopy, { timeout: 30_000 }).toBeDefined();
    // The bytes the server got are the Sent copy's: their size is what the log says was sent.
    const sentSize = (await sentCopy())!.size;

    // Connection tests with SASL PLAIN (POP3) and LOGIN (SMTP).
    await openSettings(page);
    const form = settingsForm(page);
    await form.locator('[data-field="incoming.auth"]').selectOption('plain');
    await form.locator('[data-field="outgoing.auth"]').selectOption('login');
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect(form.getByTestId('test-incoming')).toContainText('messages on the server', { timeout: 20_000 });
    await expect(form.getByTestId('test-outgoing')).toContainText('Logged in as alice', { timeout: 20_000 });

    await form.getByRole('button', { name: 'Show connection log' }).click();
    const log = logDialog(page);
    await expect(log).toBeVisible();
    // Newest first: the tests just made (both servers at once), the send, Get mail (the wizard's own first
    // check of the new account, and ours), and the wizard's tests.
    const testTitle = (side: string) => new RegExp(`^${side === 'in' ? 'Incoming server \\(POP3\\) localhost:\\d+, SSL/TLS' : 'Outgoing server \\(SMTP\\) localhost:\\d+, STARTTLS'} · Connection test · .* · ended normally$`);
    await expect(log.locator('summary').last()).toHaveText(/Connection test/);
    const titles = await log.locator('summary').allTextContents();
    const pair = (a: string, b: string) => [a, b].sort((x, y) => x.localeCompare(y));
    for (const [a, b] of [pair(titles[0]!, titles[1]!), pair(titles.at(-2)!, titles.at(-1)!)]) {
      expect(a).toMatch(testTitle('in'));
      expect(b).toMatch(testTitle('out'));
    }
    expect(titles[2]).toMatch(/^Outgoing server \(SMTP\) localhost:\d+, STARTTLS · Sending · .* · ended normally$/);
    // Compose asked the outgoing server what it supports before the send; the rest are the checks.
    const middle = titles.slice(3, -2);
    const probes = middle.filter((t) => t.includes(' · Checking the outgoing server · '));
    for (const t of probes) expect(t).toMatch(/^Outgoing server \(SMTP\) localhost:\d+, STARTTLS · Checking the outgoing server · .* · ended normally$/);
    const fetches = middle.filter((t) => !probes.includes(t));
    expect(fetches.length).toBeGreaterThanOrEqual(1);
    for (const t of fetches) expect(t).toMatch(/^Incoming server \(POP3\) localhost:\d+, SSL\/TLS · Get mail · .* · ended normally$/);
    await log.locator('details').nth(titles.length - 3).locator('summary').click();
    await page.screenshot({ path: `${SHOTS}-1-log.png` });
    const shown = (await log.locator('.connection-log-sessions').textContent()) ?? '';
    for (const line of ['C: USER alice@test.domain', 'C: PASS ****', 'C: AUTH PLAIN ****', 'C: AUTH LOGIN', 'C: STARTTLS', 'S: +OK Dovecot (Debian) ready.', 'TLS TLSv1.3', 'certificate for localhost, issued by Heron Test CA']) {
      expect(shown).toContain(line);
    }
    for (const n of [1, 2]) expect(shown).toContain(`-- [message data: ${inboxMail(n).length} bytes]`);
    expect(shown).toContain(`-- [message data: ${sentSize} bytes]`);
    expect(shown).not.toContain('Hello Alice, this is message');
    expect(shown).not.toContain('Secret plans for Tuesday');
    expect(containsSecret(shown, [PASSWORD])).toBe(false);

    await log.getByRole('button', { name: 'Copy log' }).click();
    await expect(log.getByRole('status')).toContainText('Copied the log');
    const copied = rig.services.clipboard.last ?? '';
    expect(copied.startsWith(`Connection log of Heron Mail ${rig.services.app.info.version} (harness, ${rig.services.app.info.platform}), account ${alice}\n\n${titles.length} sessions, oldest first. Passwords and message contents are not recorded.\n\n== `)).toBe(true);
    expect(copied).toContain('C: AUTH PLAIN ****');
    expect(containsSecret(copied, [PASSWORD])).toBe(false);
    expect(copied).not.toContain('Hello Alice, this is message');
    await log.getByRole('button', { name: 'Close' }).click();
    await expect(log).toBeHidden();

    // The log lives in main under userData, redacted there too.
    const onDisk = await readFile(path.join(rig.services.userDataDir, 'connection-logs', `${alice}.json`), 'utf8');
    expect(JSON.parse(onDisk)).toMatchObject({ version: 1, sessions: expect.any(Array) });
    expect(containsSecret(onDisk, [PASSWORD])).toBe(false);

    // The outgoing server is down: the message waits in the Outbox, whose "Show details" opens that attempt.
    await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: 'Inbox' }).click();
    await page.getByRole('alertdialog', { name: /Save the changes/ }).getByRole('button', { name: 'Discard changes' }).click();
    await servers.postfix.pause();
    await page.getByRole('button', { name: 'New message' }).click();
    const fresh = page.getByRole('region', { name: 'New message' });
    await fresh.getByRole('combobox', { name: 'To', exact: true }).fill('bob@test.domain');
    await fresh.getByRole('combobox', { name: 'To', exact: true }).press('Enter');
    await fresh.getByRole('textbox', { name: 'Subject' }).fill('While Postfix is down');
    const draft = page.getByRole('region', { name: 'Message: While Postfix is down' });
    await draft.getByRole('textbox', { name: 'Message text' }).click();
    await page.keyboard.type('Waiting for the server.');
    await draft.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(draft).toBeHidden();
    await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: /^Outbox/ }).click();
    const waiting = page.getByRole('listitem').filter({ hasText: 'While Postfix is down' });
    await expect(waiting).toContainText('Waiting to send', { timeout: 30_000 });
    await waiting.getByRole('button', { name: 'Show details' }).click();
    const sending = logDialog(page).locator('details[open]');
    await expect(sending.locator('summary')).toContainText('Outgoing server (SMTP)');
    await expect(sending.locator('summary')).toContainText('· Sending · ');
    await expect(sending.locator('summary')).toContainText('failed (ECONNECTION)');
    await page.screenshot({ path: `${SHOTS}-3-from-outbox.png` });
    await servers.postfix.resume();
    await logDialog(page).getByRole('button', { name: 'Close' }).click();
    await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: 'Inbox' }).click();

    // A wrong stored password: Get mail is refused; "Show details" opens that session.
    const bound = [{ host: 'localhost', port: servers.dovecot.pop3sPort, security: 'tls', username: 'alice@test.domain' }];
    expect(await callMain(page, 'setPassword', { accountId: alice, slot: 'incoming', password: WRONG, persist: false, servers: bound })).toMatchObject({ ok: true });
    await getMail(journey, alice);
    const failure = page.locator(`.fetch-error[data-account="${alice}"]`);
    await expect(failure).toContainText('The server did not accept your sign-in');
    await failure.getByRole('button', { name: 'Show details' }).click();
    const open = logDialog(page).locator('details[open]');
    await expect(open).toHaveCount(1);
    await expect(open.locator('summary')).toContainText('· Get mail · ');
    await expect(open.locator('summary')).toContainText('failed (EAUTH)');
    await expect(open.locator('.log-lines')).toContainText('C: PASS ****');
    await expect(open.locator('.log-lines')).toContainText('S: -ERR [AUTH] Authentication failed.');
    await page.screenshot({ path: `${SHOTS}-2-from-error.png` });
    const all = (await logDialog(page).textContent()) ?? '';
    expect(containsSecret(all, [PASSWORD, WRONG])).toBe(false);

    // Cleared, it is empty, on disk too.
    await logDialog(page).getByRole('button', { name: 'Clear log' }).click();
    await expect(logDialog(page)).toContainText('No connections recorded yet.');
    await expect(readFile(path.join(rig.services.userDataDir, 'connection-logs', `${alice}.json`))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
