/**
 * What is on the server (issue 20), against the real Dovecot: after Get mail with the wizard's
 * mode (leave mail 14 days), Settings shows the six messages on alice's server, all here, each
 * deleted there 14 days after its download; when another program takes two of them from the
 * server, the next check's view holds four and warns that two left without Heron deleting them.
 */
import { expect, test } from '@playwright/test';
import { rm } from 'node:fs/promises';
import { openSettings } from '../settings-support';
import { addAccountWithWizard, describeJourney, getMail, openFolder, snap } from './journey';

describeJourney('what is on the server', { timeoutMs: 180_000 }, (journey) => {
  test('the server view lists what the server holds, when each is deleted there and why, and warns when messages vanish between checks', async () => {
    const j = journey();
    const { page } = j;
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(j, alice);

    await openSettings(page);
    const view = page.getByTestId('server-view');
    await view.scrollIntoViewIfNeeded();
    await expect(view).toContainText('holds 6 messages Heron knows');
    await expect(view).toContainText(': 6 here, 0 not.');
    const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    await expect(view.getByRole('row')).toHaveCount(7);
    await expect(view.getByRole('row').nth(1)).toContainText(`Deleted from the server at the first check from ${due} on: this account leaves mail there 14 days after it is downloaded.`);
    await expect(page.getByTestId('server-vanished')).toHaveCount(0);
    await snap(page, 'server-1-view');

    // Another program downloads two messages with "delete from server".
    const onServer = await j.servers.dovecot.listMaildir('alice');
    for (const e of onServer.slice(0, 2)) await rm(e.path);
    await openFolder(page, 'Inbox');
    await getMail(j, alice);
    await openSettings(page);
    await view.scrollIntoViewIfNeeded();
    await expect(view).toContainText('holds 4 messages Heron knows');
    await expect(page.getByTestId('server-vanished')).toContainText('2 messages left the server before the check of');
    await expect(page.getByTestId('server-vanished')).toContainText('another mail program or device may be downloading this mailbox');
    await snap(page, 'server-2-vanished');
  });
});
