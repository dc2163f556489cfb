/**
 * The shell starts the app's background work, not a view: the first account, added by the wizard,
 * is checked at once (its mail arrives without Get mail), a message written while its server is
 * up is sent by the Outbox runner without the Outbox ever being opened, and what the window logs
 * reaches main's log file in the user-data folder with the stored password masked.
 */
import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { callMain } from './harness/app-rig';
import { addAccountWithWizard, describeJourney, messageList, passwordOf, snap, waitForDelivery } from './journeys/journey';
import { journeyMailbox } from './journeys/mailbox';

describeJourney('the shell starts the background work', { timeoutMs: 150_000 }, (journey) => {
  test('the wizard\u2019s first account is checked at once, the Outbox sends by itself, and the window\u2019s warnings reach main\u2019s log masked', async () => {
    const { page, rig, servers } = journey();
    const mail = journeyMailbox();

    // No Get mail: the startup check of the first account brings the whole mailbox.
    await addAccountWithWizard(page, 'alice', 'Alice Test');
    await expect(messageList(page).getByRole('option')).toHaveCount(mail.length, { timeout: 30_000 });
    await expect(messageList(page).getByRole('option').filter({ hasText: mail[0]!.subject })).toHaveCount(1);
    await snap(page, 'background-1-startup-check');

    // Written and sent from the Inbox: the runner the shell started delivers it.
    await page.getByRole('button', { name: 'New message' }).click();
    const pane = page.getByRole('region', { name: 'New message' });
    await pane.getByRole('combobox', { name: 'To', exact: true }).fill('bob@test.domain');
    await pane.getByRole('combobox', { name: 'To', exact: true }).press('Enter');
    await pane.getByRole('textbox', { name: 'Subject' }).fill('Sent by the shell\u2019s runner');
    await page.getByRole('textbox', { name: 'Message text' }).click();
    await page.keyboard.type('No Outbox was opened.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const [delivered] = await waitForDelivery(servers, 'bob', 1);
    expect(delivered?.mail.subject).toBe('Sent by the shell\u2019s runner');
    await snap(page, 'background-2-sent');

    // The window's one log call: into <userData>/logs/heron.log, the stored password masked.
    const password = passwordOf('alice');
    expect(await callMain(page, 'writeLog', { level: 'warn', message: `A server quoted: -ERR bad password ${password}` })).toEqual({ ok: true, value: undefined });
    const log = await readFile(path.join(rig.services.userDataDir, 'logs', 'heron.log'), 'utf8');
    expect(log).toMatch(/ WARN {2}renderer: A server quoted: -ERR bad password \*\*\*\*\n/);
    expect(log).not.toContain(password);
  });
});
