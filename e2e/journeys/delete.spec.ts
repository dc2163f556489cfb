/**
 * Deleting: with the wizard's default (keep on the server, "delete it from the server when I
 * delete it here"), a message deleted here goes to Trash and stays on the server while it can
 * still be restored; deleted for good, the next check deletes it from the real Dovecot, and nothing
 * else. A restored message comes back whole after a reload, and no check downloads it again.
 */
import { expect, test, type Page } from '@playwright/test';
import { mailByKey } from './mailbox';
import {
  addAccountWithWizard,
  describeJourney,
  getMail,
  journeyMessageIds,
  messageIdsOnServer,
  messageList,
  openFolder,
  openMessage,
  snap,
  type Journey,
} from './journey';

const onServer = (j: Journey) => messageIdsOnServer(j);
const allIds = journeyMessageIds;

async function deleteShown(page: Page): Promise<void> {
  await messageList(page).getByRole('option', { selected: true }).focus();
  await page.keyboard.press('Delete');
}

describeJourney('deleting fetched mail', { timeoutMs: 180_000 }, (journey) => {
  test('deleted here: Trash keeps it and so does the server; restored it is whole; deleted for good, the next check removes exactly that one from the server', async () => {
    const j = journey();
    const { page } = j;
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option')).toHaveCount(6);
    const invoice = mailByKey('html-only');
    const report = mailByKey('attachments');

    await test.step('two messages deleted here go to Trash; the server keeps them', async () => {
      await openMessage(page, invoice.subject);
      await deleteShown(page);
      await expect(messageList(page).getByRole('option')).toHaveCount(5);
      await openMessage(page, report.subject);
      await deleteShown(page);
      await expect(messageList(page).getByRole('option')).toHaveCount(4);
      await getMail(j, alice);
      expect(await onServer(j)).toEqual(allIds());
      // Nothing was downloaded again: the Inbox still holds four.
      await expect(messageList(page).getByRole('option')).toHaveCount(4);
    });

    await test.step('one is restored from Trash and survives a reload with its attachment', async () => {
      await openFolder(page, 'Trash');
      await expect(messageList(page).getByRole('option')).toHaveCount(2);
      await snap(page, 'delete-1-trash');
      await openMessage(page, report.subject);
      await page.getByRole('toolbar', { name: 'Message actions' }).getByRole('button', { name: 'Restore' }).click();
      await expect(messageList(page).getByRole('option')).toHaveCount(1);
      await page.reload();
      await page.waitForFunction(() => document.querySelector('.app:not(.app-loading)') !== null);
      await openFolder(page, 'Inbox');
      await expect(messageList(page).getByRole('option')).toHaveCount(5);
      await openMessage(page, report.subject);
      await expect(page.getByRole('button', { name: 'Save report.pdf' })).toBeVisible();
    });

    await test.step('the other is deleted for good; the next check deletes it, and only it, from the server', async () => {
      await openFolder(page, 'Trash');
      await openMessage(page, invoice.subject);
      await page
        .getByRole('toolbar', { name: 'Message actions' })
        .getByRole('button', { name: 'Delete for good' })
        .click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Delete for good' }).click();
      await expect(page.getByText('There are no messages in Trash.')).toBeVisible();
      expect(await onServer(j)).toEqual(allIds());
      await openFolder(page, 'Inbox');
      await getMail(j, alice);
      expect(await onServer(j)).toEqual(allIds().filter((id) => id !== invoice.messageId));
      await expect(messageList(page).getByRole('option')).toHaveCount(5);
      await getMail(j, alice);
      await expect(messageList(page).getByRole('option')).toHaveCount(5);
      expect(await onServer(j)).toHaveLength(5);
      await snap(page, 'delete-2-after-check');
    });
  });
});
