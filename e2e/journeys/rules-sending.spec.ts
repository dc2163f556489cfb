/**
 * Rules beyond arrival (issue 19), from the window to the real servers: a rule that runs "on mail
 * I send" files a copy of what alice sends to carol in her folder "Carol" and stars the Sent copy,
 * while the message itself reaches carol through the real Postfix; a rule whose folder was deleted
 * is reported when mail arrives — on the message, and on the rule in Settings — never skipped in
 * silence, and the message stays where it was, whole.
 */
import { expect, test, type Page } from '@playwright/test';
import { readStore } from '../harness/app-rig';
import { showRuleLog } from './rules-support';
import { openSettings } from '../settings-support';
import { addAccountWithWizard, describeJourney, getMail, messageList, openFolder, openMessage, snap, waitForDelivery } from './journey';

async function newFolder(page: Page, name: string): Promise<void> {
  const pane = page.getByRole('navigation', { name: 'Folders' });
  await pane.getByRole('button', { name: 'New folder in Folders' }).click();
  await page.getByRole('dialog').getByLabel('Folder name').fill(name);
  await page.keyboard.press('Enter');
  await expect(page.locator('#list-title')).toHaveText(name);
}

describeJourney('rules on mail sent, and a broken rule on arrival', { timeoutMs: 240_000, aliceMail: [] }, (journey) => {
  test('a rule on sending files a copy of the mail to carol in "Carol" and stars it; a rule whose folder is gone says so on the arriving message and in Settings', async () => {
    const j = journey();
    const { page, servers } = j;
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(j, alice);
    await newFolder(page, 'Carol');
    await newFolder(page, 'Old');

    await test.step('alice makes a rule that runs only on mail she sends', async () => {
      await openSettings(page);
      await page.getByRole('button', { name: 'New rule' }).click();
      const editor = page.getByRole('form', { name: 'New rule' });
      await editor.getByLabel('Rule name').fill('File mail to Carol');
      await editor.getByLabel('When mail arrives').uncheck();
      await editor.getByLabel('When I run rules on a folder').uncheck();
      await editor.getByLabel('On mail I send (its copy in Sent)').check();
      await editor.getByLabel('Condition 1: field').selectOption('to');
      await editor.getByLabel('Condition 1: test').selectOption('contains');
      await editor.getByLabel('Condition 1: value').fill('carol@');
      await editor.getByLabel('Action 1', { exact: true }).selectOption('copy');
      await editor.getByLabel('Action 1: folder').selectOption({ label: 'Carol' });
      await editor.getByRole('button', { name: 'Add action' }).click();
      await editor.getByLabel('Action 2', { exact: true }).selectOption('star');
      await snap(page, 'rules-sending-1-editor');
      await editor.getByRole('button', { name: 'Save rule' }).click();
      await expect(page.getByRole('list', { name: 'Rules' }).getByRole('listitem', { name: 'File mail to Carol' })).toContainText('If To contains “carol@”: Copy to folder Carol, Star');
      await page.getByRole('button', { name: 'Back to mail' }).click();
    });

    await test.step('she sends carol a message: carol gets it, Sent has it starred, "Carol" has the copy', async () => {
      await page.getByRole('button', { name: 'New message' }).click();
      const fresh = page.getByRole('region', { name: 'New message' });
      await fresh.getByRole('combobox', { name: 'To', exact: true }).fill('carol@test.domain');
      await fresh.getByRole('combobox', { name: 'To', exact: true }).press('Enter');
      await fresh.getByRole('textbox', { name: 'Subject' }).fill('Garden party');
      const pane = page.getByRole('region', { name: 'Message: Garden party' });
      await pane.getByRole('textbox', { name: 'Message text' }).locator(':scope > div').first().click();
      await page.keyboard.type('Saturday at three, bring a chair.');
      await pane.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(pane).toBeHidden();
      const [got] = await waitForDelivery(servers, 'carol', 1);
      expect(got!.mail.subject).toBe('Garden party');
      await openFolder(page, 'Sent');
      const sent = messageList(page).getByRole('option');
      await expect(sent).toHaveCount(1, { timeout: 30_000 });
      await expect(sent).toContainText('Starred.');
      await openMessage(page, 'Garden party');
      await showRuleLog(page);
      await expect(page.getByRole('list', { name: 'Rule log' })).toContainText('File mail to Carol: Copied to Carol, Starred');
      await snap(page, 'rules-sending-2-sent');
      await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: /^Carol/ }).click();
      await expect(messageList(page).getByRole('option')).toHaveCount(1);
      await openMessage(page, 'Garden party');
      await expect(page.frameLocator('iframe.reader-frame').locator('body')).toContainText('Saturday at three, bring a chair.');
      await snap(page, 'rules-sending-3-copy-in-carol');
      const rows = await readStore<{ subject: string; folder: string; starred: boolean }>(page, 'messages');
      expect(rows.map((r) => [r.subject, r.folder.startsWith('f') ? 'custom' : r.folder, r.starred]).sort()).toEqual([
        ['Garden party', 'custom', true],
        ['Garden party', 'sent', true],
      ]);
    });

    await test.step('a rule whose folder is deleted is reported when mail arrives, and the message stays in the Inbox', async () => {
      await openSettings(page);
      await page.getByRole('button', { name: 'New rule' }).click();
      const editor = page.getByRole('form', { name: 'New rule' });
      await editor.getByLabel('Rule name').fill('Old newsletters');
      await editor.getByLabel('Condition 1: field').selectOption('subject');
      await editor.getByLabel('Condition 1: test').selectOption('contains');
      await editor.getByLabel('Condition 1: value').fill('newsletter');
      await editor.getByLabel('Action 1', { exact: true }).selectOption('move');
      await editor.getByLabel('Action 1: folder').selectOption({ label: 'Old' });
      await editor.getByRole('button', { name: 'Add action' }).click();
      await editor.getByLabel('Action 2', { exact: true }).selectOption('mark-read');
      await editor.getByRole('button', { name: 'Save rule' }).click();
      await page.getByRole('button', { name: 'Back to mail' }).click();
      const folders = page.getByRole('navigation', { name: 'Folders' });
      await folders.getByRole('button', { name: /^Old/ }).click({ button: 'right' });
      await page.getByRole('menu').getByRole('menuitem', { name: 'Delete folder' }).click();
      await expect(folders.getByRole('button', { name: /^Old/ })).toHaveCount(0);
      await servers.dovecot.seed('alice', [
        Buffer.from('From: News <news@test.domain>\r\nTo: alice@test.domain\r\nSubject: Weekly newsletter\r\nDate: Mon, 07 Dec 2026 09:00:00 +0000\r\nMessage-ID: <newsletter-1@test.domain>\r\n\r\nThis week in Heron.\r\n'),
      ]);
      await openFolder(page, 'Inbox');
      await getMail(j, alice);
      await expect(messageList(page).getByRole('option')).toHaveCount(1);
      await openMessage(page, 'Weekly newsletter');
      await expect(page.getByText('Rule and junk log (1) — a rule could not do everything it says')).toBeVisible();
      const log = page.getByRole('list', { name: 'Rule log' });
      await expect(log).toContainText('Old newsletters: Marked read');
      await expect(log.getByRole('alert')).toHaveText('Not done: the folder it moves mail to no longer exists (it was deleted); choose another.');
      await expect(page.frameLocator('iframe.reader-frame').locator('body')).toContainText('This week in Heron.');
      await snap(page, 'rules-sending-4-broken-on-arrival');
      await openSettings(page);
      const rule = page.getByRole('list', { name: 'Rules' }).getByRole('listitem', { name: 'Old newsletters' });
      // Said once, though the rule met the problem on arrival too.
      await expect(rule.getByRole('alert')).toHaveText('Problem: The folder it moves mail to no longer exists (it was deleted); choose another.');
      await rule.scrollIntoViewIfNeeded();
      await snap(page, 'rules-sending-5-broken-in-settings');
    });
  });
});
