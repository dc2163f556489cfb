/**
 * What is on the server (issue 20), against the real Dovecot: after Get mail with the wizard's
 * mode (leave mail 14 days), Settings shows the six messages on alice's server, all here, each
 * deleted there 14 days after its download; when another program takes two of them from the
 * server, the next check's view holds four and warns that two left without Heron deleting them.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFile, rm } from 'node:fs/promises';
import { openSettings, settingsForm } from '../settings-support';
import { addAccountWithWizard, describeJourney, getMail, messageList, openFolder, snap, type Journey } from './journey';

function note(subject: string, id: string, bodyBytes = 200): Buffer {
  const line = 'The quick brown fox jumps over the lazy dog, again and again.\r\n';
  return Buffer.from(
    `From: Bob <bob@test.domain>\r\nTo: alice@test.domain\r\nSubject: ${subject}\r\nDate: Mon, 7 Dec 2026 10:00:00 +0000\r\nMessage-ID: <${id}@test.domain>\r\n\r\n${line.repeat(Math.ceil(bodyBytes / line.length))}`,
  );
}

/**
 * The subjects of the messages in alice's Maildir, sorted: what the server holds. Dovecot renames
 * files (new/ → cur/) and removes them while a session runs, so a listing can miss a file or name
 * one already gone: the Maildir is read until two readings in a row agree.
 */
async function subjectsOnServer(j: Journey): Promise<string[]> {
  const read = async (): Promise<string[] | null> => {
    const out: string[] = [];
    for (const e of await j.servers.dovecot.listMaildir('alice')) {
      const text = await readFile(e.path, 'latin1').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : Promise.reject(error)));
      if (text === null) return null;
      out.push(/^Subject: (.*)$/m.exec(text)?.[1]?.trim() ?? '?');
    }
    return out.sort();
  };
  let last: string[] | null = null;
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const now = await read();
    if (now !== null && last !== null && now.join('\n') === last.join('\n')) return now;
    last = now;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("alice's Maildir kept changing while it was read");
}

const serverRow = (page: Page, subject: string) => page.getByTestId('server-view').getByRole('row').filter({ hasText: subject });

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
    await expect(view).toContainText('This account leaves mail on the server 14 days after it is downloaded.');
    await expect(view.getByRole('row').nth(1)).toContainText(`Deleted at the first check from ${due} on.`);
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

  test('a message left on the server by the size limit is downloaded with "Download now"; "Delete from server now" deletes a downloaded one at once and one not here only after a confirmation', async () => {
    const j = journey();
    const { page } = j;
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(j, alice);
    await openSettings(page);
    const form = settingsForm(page);
    await form.getByLabel('Download only the headers of messages larger than (KB, empty = no limit)').fill('20');
    // The reload below must not start a check: one would forget the message it saw deleted.
    await form.getByLabel('Check when Heron starts').uncheck();
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect(form.getByRole('status')).toContainText(/Saved/);
    await page.getByRole('button', { name: 'Back to mail' }).click();
    await j.servers.dovecot.seed('alice', [note('Small note one', 'small1'), note('Small note two', 'small2'), note('Big report', 'big1', 40_000)]);
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option').filter({ hasText: 'Big report' })).toContainText('headers only');

    const view = page.getByTestId('server-view');
    await test.step('the view lists the big message as not here, with a checkbox on each row', async () => {
      await openSettings(page);
      await view.scrollIntoViewIfNeeded();
      await expect(view).toContainText('holds 9 messages Heron knows');
      await expect(view).toContainText(': 8 here, 1 not.');
      await expect(serverRow(page, 'Big report')).toContainText('Only its headers are here: it is over the size this account downloads whole.');
      await expect(view.getByRole('button', { name: /^Download now/ })).toBeDisabled();
      await expect(view.getByRole('button', { name: /^Delete from server now/ })).toBeDisabled();
      await snap(page, 'server-3-selectable');
      // Select all takes every row, and only the one not here can be downloaded.
      const all = view.getByRole('checkbox', { name: 'Select all messages on the server' });
      await all.check();
      await expect(view.getByRole('toolbar', { name: 'Selected messages' })).toContainText('9 messages selected');
      await expect(view.getByRole('button', { name: 'Download now (1)' })).toBeEnabled();
      await expect(view.getByRole('button', { name: 'Delete from server now (9)' })).toBeEnabled();
      await all.uncheck();
      await expect(view.getByRole('toolbar', { name: 'Selected messages' })).toContainText('Select messages to delete them from the server or download them now.');
    });

    await test.step('"Download now" brings it whole into the Inbox, over the size limit', async () => {
      await serverRow(page, 'Big report').getByRole('checkbox').check();
      await expect(view.getByRole('toolbar', { name: 'Selected messages' })).toContainText('1 message selected');
      await snap(page, 'server-4-selected');
      await view.getByRole('button', { name: 'Download now (1)' }).click();
      await expect(view.getByRole('status')).toContainText('Asked localhost for 1 message whole');
      await expect(serverRow(page, 'Big report')).toContainText(/Downloaded here \d{4}-\d\d-\d\d\./, { timeout: 30_000 });
      await expect(view).toContainText(': 9 here, 0 not.');
      await snap(page, 'server-5-downloaded');
      await page.getByRole('button', { name: 'Back to mail' }).click();
      await openFolder(page, 'Inbox');
      const big = messageList(page).getByRole('option').filter({ hasText: 'Big report' });
      await expect(big).toHaveCount(1);
      await expect(big).not.toContainText('headers only');
      // Keep mode: downloading it does not delete it there.
      expect(await subjectsOnServer(j)).toContain('Big report');
    });

    await test.step('"Delete from server now" on a downloaded message deletes it from Dovecot at once, and the view says so after a reload', async () => {
      await openSettings(page);
      await view.scrollIntoViewIfNeeded();
      const before = await subjectsOnServer(j);
      expect(before).toHaveLength(9);
      await serverRow(page, 'Small note one').getByRole('checkbox').check();
      await view.getByRole('button', { name: 'Delete from server now (1)' }).click();
      await expect(page.getByRole('alertdialog')).toHaveCount(0);
      // Exactly that one leaves the server (the whole list is compared: a file being renamed is never taken for a deletion).
      await expect.poll(() => subjectsOnServer(j), { timeout: 30_000 }).toEqual(before.filter((x) => x !== 'Small note one'));
      await expect(view).toContainText('1 message deleted from the server by the last check.', { timeout: 30_000 });
      await page.reload();
      await page.waitForFunction(() => document.querySelector('.app:not(.app-loading)') !== null);
      await openSettings(page);
      await view.scrollIntoViewIfNeeded();
      await expect(view).toContainText('holds 8 messages Heron knows');
      await expect(view).toContainText('1 message deleted from the server by the last check.');
      await expect(serverRow(page, 'Small note one')).toContainText('Deleted: a check deleted it, and the server confirmed it.');
      await expect(serverRow(page, 'Small note one').getByRole('checkbox')).toHaveCount(0);
      await snap(page, 'server-6-deleted');
      // Still here: deleting from the server does not delete the copy here.
      await page.getByRole('button', { name: 'Back to mail' }).click();
      await expect(messageList(page).getByRole('option').filter({ hasText: 'Small note one' })).toHaveCount(1);
    });

    await test.step('deleting a message that is not here asks first; Cancel deletes nothing, the confirmation deletes it for good', async () => {
      await j.servers.dovecot.seed('alice', [note('Another big one', 'big2', 40_000)]);
      await getMail(j, alice);
      await openSettings(page);
      await view.scrollIntoViewIfNeeded();
      await serverRow(page, 'Another big one').getByRole('checkbox').check();
      await serverRow(page, 'Small note two').getByRole('checkbox').check();
      await view.getByRole('button', { name: 'Delete from server now (2)' }).click();
      const dialog = page.getByRole('alertdialog', { name: 'Delete a message that is not here?' });
      await expect(dialog).toBeVisible();
      await expect(dialog).toContainText('Heron has no copy of this message’s content: only the server has it. If you delete it from the server, it is gone for good.');
      await expect(dialog.getByRole('listitem')).toHaveText(['Another big one']);
      await snap(page, 'server-7-confirm');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(dialog).toHaveCount(0);
      const kept = await subjectsOnServer(j);
      expect(kept).toHaveLength(9);
      expect(kept).toContain('Another big one');
      expect(kept).toContain('Small note two');
      await view.getByRole('button', { name: 'Delete from server now (2)' }).click();
      await dialog.getByRole('button', { name: 'Delete for good from the server' }).click();
      await expect.poll(() => subjectsOnServer(j), { timeout: 30_000 }).toEqual(kept.filter((x) => x !== 'Another big one' && x !== 'Small note two'));
      await expect(serverRow(page, 'Another big one')).toContainText('Gone for good: only the server had its content.', { timeout: 30_000 });
      await expect(serverRow(page, 'Small note two')).toContainText('Deleted: a check deleted it, and the server confirmed it.');
      await expect(page.getByTestId('server-vanished')).toHaveCount(0);
      await snap(page, 'server-8-deleted-for-good');
    });
  });
});
