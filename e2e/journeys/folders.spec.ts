/**
 * Filing fetched mail: a folder made in the folder pane, messages moved into it by the "Move to…"
 * picker (typed, `m`) and by drag and drop, still there after a reload with the right counts; a
 * move undone with Ctrl+Z; a folder deleted (its mail to Trash) and brought back with Undo; and
 * Trash emptied, after which the next check deletes exactly those messages from the real Dovecot
 * (the wizard's default: "delete from the server when I delete it here"). Moving alone never
 * deletes anything from the server.
 */
import { expect, test, type Page } from '@playwright/test';
import { readStore } from '../harness/app-rig';
import { chooseInListMenu } from '../harness/list-menu';
import { mailByKey } from './mailbox';
import { addAccountWithWizard, describeJourney, getMail, journeyMessageIds, messageIdsOnServer, messageList, openFolder, openMessage, snap, type Journey } from './journey';

const onServer = (j: Journey) => messageIdsOnServer(j);
const allIds = journeyMessageIds;

const pane = (page: Page) => page.getByRole('navigation', { name: 'Folders' });
const folderButton = (page: Page, name: string) => pane(page).getByRole('button', { name: new RegExp(`^${name}( \\d+ unread)?$`) });
const undoBar = (page: Page) => page.locator('.undo-bar');

/** The stored counters of alice's folders, as `folder total/unread`, and the same counted from the rows. */
async function counters(page: Page): Promise<{ stored: string[]; recounted: string[] }> {
  const counts = await readStore<{ folder: string; total: number; unread: number }>(page, 'folderCounts');
  const rows = await readStore<{ folder: string; unread: boolean }>(page, 'messages');
  const recount = new Map<string, { total: number; unread: number }>();
  for (const r of rows) {
    const c = recount.get(r.folder) ?? { total: 0, unread: 0 };
    recount.set(r.folder, { total: c.total + 1, unread: c.unread + (r.unread ? 1 : 0) });
  }
  return {
    stored: counts.map((c) => `${c.folder} ${c.total}/${c.unread}`).sort(),
    recounted: [...recount].map(([f, c]) => `${f} ${c.total}/${c.unread}`).sort(),
  };
}

async function expectCountsRight(page: Page): Promise<string[]> {
  const { stored, recounted } = await counters(page);
  expect(stored).toEqual(recounted);
  return stored;
}

/** Alice's account added through the wizard and her six messages fetched. */
async function aliceWithMail(j: Journey): Promise<string> {
  const alice = await addAccountWithWizard(j.page, 'alice', 'Alice Test');
  await getMail(j, alice);
  await expect(messageList(j.page).getByRole('option')).toHaveCount(6);
  return alice;
}

/** Four left in the Inbox and two filed in Receipts (however many were read on the way). */
function expectFiled(stored: string[], receiptsId: string): void {
  expect(stored).toHaveLength(2);
  expect(stored.find((c) => c.startsWith(receiptsId))).toMatch(/ 2\/\d$/);
  expect(stored.find((c) => c.startsWith('inbox '))).toMatch(/^inbox 4\/\d$/);
}

describeJourney('filing mail in folders', { timeoutMs: 240_000 }, (journey) => {
  test('make a folder, move by the picker and by drag and drop, reload, undo a move, delete the folder and undo, empty Trash and the server deletes them', async () => {
    const j = journey();
    const { page } = j;
    const alice = await aliceWithMail(j);
    const invoice = mailByKey('html-only');
    const report = mailByKey('attachments');
    let receiptsId = '';

    await test.step('a new folder from the folder pane', async () => {
      await pane(page).getByRole('button', { name: 'New folder in Folders' }).click();
      const dialog = page.getByRole('dialog', { name: 'New folder in Folders' });
      await dialog.getByLabel('Folder name').fill('Receipts');
      await snap(page, 'folders-1-new-folder');
      await dialog.getByRole('button', { name: 'Create folder' }).click();
      await expect(dialog).toBeHidden();
      await expect(page.locator('#list-title')).toHaveText('Receipts');
      await expect(page.getByText('There are no messages in Receipts.')).toBeVisible();
      const folders = await readStore<{ id: string; name: string; accountId: string | null }>(page, 'folders');
      expect(folders.map((f) => [f.name, f.accountId])).toEqual([['Receipts', alice]]);
      receiptsId = folders[0]!.id;
    });

    await test.step('moved with the picker: m, type-ahead, Enter', async () => {
      await openFolder(page, 'Inbox');
      await openMessage(page, invoice.subject);
      await messageList(page).getByRole('option', { selected: true }).focus();
      await page.keyboard.press('m');
      const picker = page.getByRole('dialog', { name: 'Move 1 message to…' });
      await expect(picker).toBeVisible();
      await page.keyboard.type('rec');
      await expect(picker.getByRole('option')).toHaveText(['Receipts']);
      await snap(page, 'folders-2-picker');
      await page.keyboard.press('Enter');
      await expect(messageList(page).getByRole('option')).toHaveCount(5);
      await expect(undoBar(page)).toContainText('1 message moved to Receipts');
      await snap(page, 'folders-3-moved');
    });

    await test.step('moved by dragging its row onto the folder', async () => {
      const row = messageList(page).getByRole('option').filter({ hasText: report.subject });
      await row.dragTo(folderButton(page, 'Receipts'));
      await expect(messageList(page).getByRole('option')).toHaveCount(4);
      // The badge says what the counters say: two unread (the invoice left before the reader marked it read).
      await expect(folderButton(page, 'Receipts')).toHaveAccessibleName('Receipts 2 unread');
      await expect(undoBar(page)).toContainText('1 message moved to Receipts');
      await snap(page, 'folders-4-dragged');
    });

    await test.step('after a reload both are in the folder, the counts are right, and the server still holds everything', async () => {
      await page.reload();
      await page.waitForFunction(() => document.querySelector('.app:not(.app-loading)') !== null);
      await folderButton(page, 'Receipts').click();
      await expect(messageList(page).getByRole('option')).toHaveCount(2);
      await expect(page.locator('.pane-subtitle')).toHaveText('2 messages');
      const texts = await messageList(page).getByRole('option').allTextContents();
      expect([invoice.subject, report.subject].map((s) => texts.some((t) => t.includes(s)))).toEqual([true, true]);
      expectFiled(await expectCountsRight(page), receiptsId);
      await snap(page, 'folders-5-after-reload');
      await openFolder(page, 'Inbox');
      await getMail(j, alice);
      expect(await onServer(j)).toEqual(allIds());
      await expect(messageList(page).getByRole('option')).toHaveCount(4);
    });

    await test.step('a move undone with Ctrl+Z', async () => {
      await folderButton(page, 'Receipts').click();
      await openMessage(page, report.subject);
      await messageList(page).getByRole('option', { selected: true }).click({ button: 'right' });
      await page.getByRole('menu').getByRole('menuitem', { name: /^Move to…/ }).click();
      await page.keyboard.type('inb');
      await page.keyboard.press('Enter');
      await expect(messageList(page).getByRole('option')).toHaveCount(1);
      await page.keyboard.press('Control+z');
      await expect(messageList(page).getByRole('option')).toHaveCount(2);
      await expect(undoBar(page)).toContainText('Undone: 1 message moved to Inbox.');
      expectFiled(await expectCountsRight(page), receiptsId);
      await snap(page, 'folders-6-undone');
    });

    await test.step('the folder deleted: its mail goes to Trash; Undo brings back both', async () => {
      await folderButton(page, 'Receipts').click({ button: 'right' });
      await page.getByRole('menu', { name: 'Folder Receipts' }).getByRole('menuitem', { name: 'Delete folder' }).click();
      await expect(folderButton(page, 'Receipts')).toHaveCount(0);
      await expect(page.locator('#list-title')).toHaveText('Trash');
      await expect(messageList(page).getByRole('option')).toHaveCount(2);
      await expect(undoBar(page)).toContainText('Folder “Receipts” deleted, 2 messages moved to Trash');
      await snap(page, 'folders-7-folder-deleted');
      await undoBar(page).getByRole('button', { name: 'Undo' }).click();
      await expect(folderButton(page, 'Receipts')).toBeVisible();
      await expect(page.getByText('There are no messages in Trash.')).toBeVisible();
      await folderButton(page, 'Receipts').click();
      await expect(messageList(page).getByRole('option')).toHaveCount(2);
      expectFiled(await expectCountsRight(page), receiptsId);
      await snap(page, 'folders-8-folder-back');
    });

    await test.step('deleted again and Trash emptied: the next check deletes exactly those two from Dovecot', async () => {
      await folderButton(page, 'Receipts').click({ button: 'right' });
      await page.getByRole('menu', { name: 'Folder Receipts' }).getByRole('menuitem', { name: 'Delete folder' }).click();
      await expect(messageList(page).getByRole('option')).toHaveCount(2);
      await chooseInListMenu(page, 'Empty Trash');
      await snap(page, 'folders-9-empty-trash-confirm');
      await page.getByRole('alertdialog').getByRole('button', { name: 'Delete for good' }).click();
      await expect(page.getByText('There are no messages in Trash.')).toBeVisible();
      expect(await onServer(j)).toEqual(allIds());
      await openFolder(page, 'Inbox');
      await getMail(j, alice);
      expect(await onServer(j)).toEqual(allIds().filter((id) => id !== invoice.messageId && id !== report.messageId));
      await expect(messageList(page).getByRole('option')).toHaveCount(4);
      expect(await expectCountsRight(page)).toEqual([expect.stringMatching(/^inbox 4\/\d$/)]);
      await snap(page, 'folders-10-server-cleaned');
    });
  });

  test('nested folders renamed and deleted with undo, a copy in Local Folders that never deletes the original from the server, and Archive', async () => {
    const j = journey();
    const { page } = j;
    const alice = await aliceWithMail(j);
    const plan = mailByKey('thread');
    const cafe = mailByKey('cp1252');
    const plain = mailByKey('plain');

    await test.step('a folder with a subfolder, and one under Local Folders', async () => {
      await pane(page).getByRole('button', { name: 'New folder in Folders' }).click();
      await page.getByRole('dialog').getByLabel('Folder name').fill('Projects');
      await page.keyboard.press('Enter');
      await folderButton(page, 'Projects').click({ button: 'right' });
      await page.getByRole('menu').getByRole('menuitem', { name: 'New subfolder…' }).click();
      await page.getByRole('dialog', { name: 'New folder in Projects' }).getByLabel('Folder name').fill('Heron');
      await page.keyboard.press('Enter');
      await expect(page.locator('#list-title')).toHaveText('Projects / Heron');
      // A name already there is refused, with the reason, and nothing is made.
      await pane(page).getByRole('button', { name: 'New folder in Folders' }).click();
      await page.getByRole('dialog').getByLabel('Folder name').fill('projects');
      await page.keyboard.press('Enter');
      await expect(page.getByRole('dialog').getByRole('alert')).toHaveText('There is already a folder named “projects” there.');
      await snap(page, 'folders-b1-name-taken');
      // Junk is one of Heron's own folders: a second one of the person's is refused, so one Junk shows.
      await page.getByRole('dialog').getByLabel('Folder name').fill('junk');
      await page.keyboard.press('Enter');
      await expect(page.getByRole('dialog').getByRole('alert')).toHaveText('“junk” is already one of your folders (Inbox, Sent, Drafts, Outbox, Junk, Trash); choose another name.');
      await snap(page, 'folders-b1-one-junk');
      await page.keyboard.press('Escape');
      await expect(pane(page).getByRole('button', { name: /^Junk( \d+ unread)?$/ })).toHaveCount(1);
      await pane(page).getByRole('button', { name: 'New folder in Local Folders' }).click();
      await page.getByRole('dialog').getByLabel('Folder name').fill('Keep');
      await page.keyboard.press('Enter');
      expect((await readStore<{ name: string }>(page, 'folders')).map((f) => f.name).sort()).toEqual(['Heron', 'Keep', 'Projects']);
    });

    await test.step('moved into the subfolder from the context menu; copied to Local Folders', async () => {
      await openFolder(page, 'Inbox');
      await messageList(page).getByRole('option').filter({ hasText: plan.subject }).click({ button: 'right' });
      await page.getByRole('menu').getByRole('menuitem', { name: /^Move to…/ }).click();
      await page.keyboard.type('her');
      await expect(page.getByRole('dialog').getByRole('option')).toHaveText(['Projects / Heron']);
      await page.keyboard.press('Enter');
      await expect(messageList(page).getByRole('option')).toHaveCount(5);
      await messageList(page).getByRole('option').filter({ hasText: cafe.subject }).click({ button: 'right' });
      await page.getByRole('menu').getByRole('menuitem', { name: 'Copy to…' }).click();
      await page.keyboard.type('keep');
      await snap(page, 'folders-b2-copy-picker');
      await page.keyboard.press('Enter');
      await expect(undoBar(page)).toContainText('1 message copied to Keep');
      await expect(messageList(page).getByRole('option')).toHaveCount(5);
      await folderButton(page, 'Keep').click();
      await expect(messageList(page).getByRole('option')).toHaveCount(1);
      await openMessage(page, cafe.subject);
      await expect(page.frameLocator('iframe.reader-frame').locator('body')).toContainText(cafe.shows);
      await snap(page, 'folders-b3-copy-in-local-folders');
    });

    await test.step('the parent renamed: the subfolder and its mail follow; deleted: both folders go, their mail to Trash; Ctrl+Z brings back all', async () => {
      await folderButton(page, 'Projects').click({ button: 'right' });
      await page.getByRole('menu').getByRole('menuitem', { name: 'Rename…' }).click();
      await page.getByRole('dialog').getByLabel('Folder name').fill('Work');
      await page.keyboard.press('Enter');
      await folderButton(page, 'Heron').click();
      await expect(page.locator('#list-title')).toHaveText('Work / Heron');
      await expect(messageList(page).getByRole('option')).toHaveCount(1);
      await snap(page, 'folders-b4-renamed');
      await folderButton(page, 'Work').click({ button: 'right' });
      await page.getByRole('menu').getByRole('menuitem', { name: 'Delete folder' }).click();
      await expect(folderButton(page, 'Work')).toHaveCount(0);
      await expect(folderButton(page, 'Heron')).toHaveCount(0);
      await expect(messageList(page).getByRole('option')).toHaveCount(1);
      await page.keyboard.press('Control+z');
      await expect(folderButton(page, 'Heron')).toBeVisible();
      await folderButton(page, 'Heron').click();
      await expect(messageList(page).getByRole('option')).toHaveCount(1);
      await expectCountsRight(page);
    });

    await test.step('archived with the a key: an Archive folder appears with the message in it', async () => {
      await openFolder(page, 'Inbox');
      await openMessage(page, plain.subject);
      await messageList(page).getByRole('option', { selected: true }).focus();
      await page.keyboard.press('a');
      await expect(messageList(page).getByRole('option')).toHaveCount(4);
      await expect(undoBar(page)).toContainText('1 message archived');
      await folderButton(page, 'Archive').click();
      await expect(messageList(page).getByRole('option')).toHaveCount(1);
      await snap(page, 'folders-b5-archive');
    });

    await test.step('two selected messages dragged as one step, and undone as one', async () => {
      await openFolder(page, 'Inbox');
      const rows = messageList(page).getByRole('option');
      await rows.nth(0).click();
      await rows.nth(1).click({ modifiers: ['Shift'] });
      await rows.nth(1).dragTo(folderButton(page, 'Keep'));
      await expect(rows).toHaveCount(2);
      await expect(undoBar(page)).toContainText('2 messages moved to Keep');
      await folderButton(page, 'Keep').click();
      await expect(rows).toHaveCount(3);
      await snap(page, 'folders-b6-two-dragged');
      await page.keyboard.press('Control+z');
      await expect(rows).toHaveCount(1);
      await expect(undoBar(page)).toContainText('Undone: 2 messages moved to Keep.');
      await openFolder(page, 'Inbox');
      await expect(rows).toHaveCount(4);
    });

    await test.step('Trash keeps deleted mail for the days chosen in Settings', async () => {
      await pane(page).getByRole('button', { name: 'Settings' }).click();
      const keep = page.getByLabel('Keep deleted messages in Trash for');
      await expect(keep).toHaveValue('30');
      await keep.selectOption({ label: '7 days' });
      await expect.poll(async () => (await readStore<{ key: string; value: unknown }>(page, 'settings')).find((r) => r.key === 'trashKeepDays')?.value).toBe(7);
      await snap(page, 'folders-b7-trash-setting');
      await openFolder(page, 'Inbox');
    });

    await test.step('after a reload the counts are right; deleting the copy for good never deletes the original from the server', async () => {
      await page.reload();
      await page.waitForFunction(() => document.querySelector('.app:not(.app-loading)') !== null);
      const stored = await expectCountsRight(page);
      expect(stored).toHaveLength(4); // Inbox, Heron, Keep, Archive
      await folderButton(page, 'Keep').click();
      await openMessage(page, cafe.subject);
      await messageList(page).getByRole('option', { selected: true }).focus();
      await page.keyboard.press('Delete');
      await openFolder(page, 'Trash');
      await chooseInListMenu(page, 'Empty Trash');
      await page.getByRole('alertdialog').getByRole('button', { name: 'Delete for good' }).click();
      await expect(page.getByText('There are no messages in Trash.')).toBeVisible();
      await openFolder(page, 'Inbox');
      await getMail(j, alice);
      expect(await onServer(j)).toEqual(allIds());
      await expect(messageList(page).getByRole('option')).toHaveCount(4);
      await snap(page, 'folders-b8-server-keeps-original');
    });
  });
});
