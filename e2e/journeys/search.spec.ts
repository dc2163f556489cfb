/**
 * Searching fetched mail: words from a body, a phrase in its order only, a word typed without its accents, a from: query
 * across every folder, the result opened with the words marked, Esc back to the folder (from the
 * list and from the reader), in: with a folder of one's own, a query
 * Heron cannot read answered in words, and a message that arrives later found as soon as it is in.
 */
import { expect, test, type Page } from '@playwright/test';
import { openSettings } from '../settings-support';
import { mailByKey } from './mailbox';
import { addAccountWithWizard, describeJourney, getMail, messageList, openMessage, snap } from './journey';

function searchField(page: Page) {
  return page.getByRole('combobox', { name: 'Search mail (/ or Ctrl+K)' });
}

async function subjectsShown(page: Page): Promise<string[]> {
  const texts = await messageList(page).getByRole('option').locator('.row-subject').allTextContents();
  return texts.map((t) => t.replace(/^Unread\. /, '').trim());
}

async function searchFor(page: Page, query: string): Promise<void> {
  await searchField(page).fill(query);
}

describeJourney('searching fetched mail', { timeoutMs: 180_000 }, (journey) => {
  test('a word from a body, an accented word typed plain, from: everywhere; the result opens with the words marked; Esc goes back; later mail is found', async () => {
    const j = journey();
    const { page } = j;
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option')).toHaveCount(6);

    await test.step('/ goes to the search field; a word from a body finds its message', async () => {
      await messageList(page).getByRole('option').first().click();
      await page.keyboard.press('/');
      await expect(searchField(page)).toBeFocused();
      await page.keyboard.type('milestone');
      await expect(page.getByText('1 message matches')).toBeVisible();
      await expect.poll(() => subjectsShown(page)).toEqual([mailByKey('thread').subject]);
      await snap(page, 'search-1-body-word');
    });

    await test.step('a phrase finds the words in that order only, accents typed plain, answered from the index', async () => {
      await searchFor(page, '"second milestone"');
      await expect(page.getByText('1 message matches')).toBeVisible();
      await expect.poll(() => subjectsShown(page)).toEqual([mailByKey('thread').subject]);
      await searchFor(page, '"milestone second"');
      await expect(page.getByText(/^No messages in .+ match “"milestone second"”\.$/)).toBeVisible();
      await expect(messageList(page).getByRole('option')).toHaveCount(0);
      await searchFor(page, '"die uberraschung ist fertig"');
      await expect.poll(() => subjectsShown(page)).toEqual([mailByKey('plain').subject]);
      await snap(page, 'search-1b-phrase');
    });

    await test.step('words typed without accents find the accented ones (Überraschung, Grüße, München)', async () => {
      await searchFor(page, 'uberraschung');
      await expect(messageList(page).getByRole('option')).toHaveCount(1);
      await expect.poll(() => subjectsShown(page)).toEqual([mailByKey('plain').subject]);
      await searchFor(page, 'grusse aus munchen');
      await expect(messageList(page).getByRole('option')).toHaveCount(1);
      await expect.poll(() => subjectsShown(page)).toEqual([mailByKey('cp1252').subject]);
      await searchFor(page, '日本語');
      await expect.poll(() => subjectsShown(page)).toEqual([mailByKey('plain').subject]);
      await snap(page, 'search-2-accents');
    });

    await test.step('from: across every folder and account, newest first', async () => {
      await page.getByLabel('Where to search').selectOption('all');
      await searchFor(page, 'from:carol');
      await expect(page.getByText('3 messages match')).toBeVisible();
      await expect.poll(() => subjectsShown(page)).toEqual([mailByKey('broken').subject, mailByKey('html-only').subject, mailByKey('thread').subject]);
      await snap(page, 'search-3-from');
    });

    await test.step('the result opens with the matched words marked in the body', async () => {
      await searchFor(page, 'from:carol milestone');
      await expect(messageList(page).getByRole('option')).toHaveCount(1);
      await messageList(page).getByRole('option').first().click();
      await expect(page.locator('#reader-subject')).toHaveText(mailByKey('thread').subject);
      const marks = page.frameLocator('iframe.reader-frame').locator('mark.heron-hit');
      await expect(marks.first()).toBeVisible({ timeout: 15_000 });
      expect((await marks.allTextContents()).map((t) => t.toLowerCase())).toContain('milestone');
      await snap(page, 'search-4-highlight');
    });

    await test.step('a query Heron cannot read says what to change', async () => {
      await searchFor(page, 'subject:"project');
      await expect(page.getByRole('alert')).toHaveText('The quote in “subject:"project” is not closed: add a closing " or remove the opening one.');
      await searchFor(page, 'label:work');
      await expect(page.getByRole('alert')).toContainText('Heron does not know the operator “label:”');
      await snap(page, 'search-5-error');
    });

    await test.step('Esc returns to the folder', async () => {
      await searchField(page).focus();
      await page.keyboard.press('Escape');
      await expect(searchField(page)).toHaveValue('');
      await expect(messageList(page).getByRole('option')).toHaveCount(6);
      await expect(page.locator('#list-title')).toHaveText('Inbox');
      await snap(page, 'search-6-back');
    });

    await test.step('in: takes a folder of one\'s own by name or path, whatever the case; an unknown one is named', async () => {
      await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: 'New folder in Folders' }).click();
      await page.getByRole('dialog').getByLabel('Folder name').fill('Receipts');
      await page.keyboard.press('Enter');
      await expect(page.locator('#list-title')).toHaveText('Receipts');
      await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: /^Inbox/ }).first().click();
      const invoice = mailByKey('html-only');
      await messageList(page).getByRole('option').filter({ hasText: invoice.subject }).click({ button: 'right' });
      await page.getByRole('menu').getByRole('menuitem', { name: /^Move to…/ }).click();
      await page.keyboard.type('rec');
      await page.keyboard.press('Enter');
      await expect(messageList(page).getByRole('option')).toHaveCount(5);
      await searchField(page).focus();
      await searchFor(page, 'in:receipts');
      await expect(page.getByText('1 message matches')).toBeVisible();
      await expect.poll(() => subjectsShown(page)).toEqual([invoice.subject]);
      await searchFor(page, 'from:carol in:"RECEIPTS"');
      await expect.poll(() => subjectsShown(page)).toEqual([invoice.subject]);
      await snap(page, 'search-6b-in-own-folder');
      await searchFor(page, 'in:bills');
      await expect(page.getByRole('alert')).toHaveText('No folder is named “bills”. in: takes Inbox, Sent, Drafts, Outbox, Junk, Trash or one of your folders: Receipts.');
      await snap(page, 'search-6c-in-unknown');
      // Esc in the reader returns from the results to the folder, as Esc in the list does.
      await searchFor(page, 'in:receipts');
      await expect.poll(() => subjectsShown(page)).toEqual([invoice.subject]);
      await messageList(page).getByRole('option').first().click();
      await expect(page.locator('#reader-subject')).toHaveText(invoice.subject);
      await page.locator('#reader-pane').focus();
      await page.keyboard.press('Escape');
      await expect(searchField(page)).toHaveValue('');
      await expect(page.locator('#list-title')).toHaveText('Inbox');
      await expect(messageList(page).getByRole('option')).toHaveCount(5);
      await snap(page, 'search-6d-esc-in-reader');
    });

    await test.step('a message that arrives later is found as soon as Get mail has stored it', async () => {
      await j.servers.dovecot.seed('alice', [
        Buffer.from(
          'From: Dan <dan@test.domain>\r\nTo: alice@test.domain\r\nSubject: Travel notes\r\nDate: Thu, 19 Mar 2026 10:00:00 +0000\r\nMessage-ID: <later.1@test.domain>\r\n\r\nThe ferry to Zanzibar leaves at noon.\r\n',
        ),
      ]);
      await page.keyboard.press('Control+k');
      await expect(searchField(page)).toBeFocused();
      await page.keyboard.type('zanzibar');
      await expect(page.getByText('No messages in any folder match “zanzibar”.')).toBeVisible();
      await getMail(j, alice);
      const started = Date.now();
      await expect(messageList(page).getByRole('option')).toHaveCount(1, { timeout: 5_000 });
      expect(Date.now() - started).toBeLessThan(2_000);
      await expect.poll(() => subjectsShown(page)).toEqual(['Travel notes']);
      await page.keyboard.press('Enter');
      await snap(page, 'search-7-later');
    });
  });

  test('the reader shows only a message among the results: it clears when the results leave it out, and Esc brings back the folder with the message that was open', async () => {
    const j = journey();
    const { page } = j;
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option')).toHaveCount(6);
    const plain = mailByKey('plain');
    const thread = mailByKey('thread');

    await test.step('a message is open; a search that leaves it out clears the reader', async () => {
      await openMessage(page, plain.subject);
      await snap(page, 'search-8a-open');
      await page.keyboard.press('/');
      await page.keyboard.type('milestone');
      await expect.poll(() => subjectsShown(page)).toEqual([thread.subject]);
      await expect(page.locator('#reader-subject')).toHaveCount(0);
      await expect(page.locator('.reader-empty')).toHaveText('Select a message to read it.');
      await snap(page, 'search-8b-cleared');
    });

    await test.step('a result opened, then a refined search that leaves it out clears the reader again', async () => {
      await searchFor(page, 'from:carol');
      await expect.poll(() => subjectsShown(page)).toContain(thread.subject);
      await messageList(page).getByRole('option').filter({ hasText: thread.subject }).click();
      await expect(page.locator('#reader-subject')).toHaveText(thread.subject);
      await searchField(page).focus();
      await searchFor(page, 'from:carol has:attachment');
      await expect.poll(() => subjectsShown(page)).not.toContain(thread.subject);
      await expect(page.locator('#reader-subject')).toHaveCount(0);
      await snap(page, 'search-8c-refined');
    });

    await test.step('Esc returns to the folder with the message that was open before the search', async () => {
      await searchField(page).focus();
      await page.keyboard.press('Escape');
      await expect(searchField(page)).toHaveValue('');
      await expect(messageList(page).getByRole('option')).toHaveCount(6);
      await expect(page.locator('#reader-subject')).toHaveText(plain.subject);
      await expect(messageList(page).getByRole('option', { selected: true })).toContainText(plain.subject);
      await snap(page, 'search-8d-back');
    });
  });

  test('a saved draft is found by its words and in:drafts, opens to be edited, follows the edit and leaves when discarded; Settings rebuilds the index while mail stays usable, and search finds mail after', async () => {
    const j = journey();
    const { page } = j;
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option')).toHaveCount(6);

    await test.step('a draft written and closed is found by a word of its body, everywhere and with in:drafts', async () => {
      await page.getByRole('button', { name: 'New message' }).click();
      const fresh = page.getByRole('region', { name: 'New message' });
      await fresh.getByRole('textbox', { name: 'Subject' }).fill('Kayak trip plans');
      const pane = page.getByRole('region', { name: 'Message: Kayak trip plans' });
      await pane.getByRole('textbox', { name: 'Message text' }).locator(':scope > div').first().click();
      await page.keyboard.type('Bring the paddles and a dry bag.');
      await pane.getByRole('button', { name: 'Close' }).click();
      await expect(pane).toBeHidden();
      await page.getByLabel('Where to search').selectOption('all');
      await searchFor(page, 'paddles');
      await expect.poll(() => subjectsShown(page)).toEqual(['Kayak trip plans']);
      await searchFor(page, 'in:drafts');
      await expect.poll(() => subjectsShown(page)).toEqual(['Kayak trip plans']);
      await snap(page, 'search-9a-draft-found');
    });

    await test.step('the draft opens from the results in the editor; an edit is found, the old words no longer', async () => {
      await messageList(page).getByRole('option').first().click();
      const pane = page.getByRole('region', { name: 'Message: Kayak trip plans' });
      await expect(pane).toBeVisible();
      await pane.getByRole('textbox', { name: 'Subject' }).fill('Canoe trip plans');
      await expect(page.getByRole('region', { name: 'Message: Canoe trip plans' })).toBeVisible();
      await searchFor(page, 'canoe');
      await expect.poll(() => subjectsShown(page)).toEqual(['Canoe trip plans']);
      await searchFor(page, 'kayak');
      await expect(page.getByText('No messages in any folder match “kayak”.')).toBeVisible();
      await snap(page, 'search-9b-draft-edited');
    });

    await test.step('discarded, the draft leaves the results', async () => {
      await page.getByRole('region', { name: 'Message: Canoe trip plans' }).getByRole('button', { name: 'Discard' }).click();
      await expect(page.getByRole('region', { name: 'Message: Canoe trip plans' })).toBeHidden();
      await searchFor(page, 'paddles');
      await expect(page.getByText('No messages in any folder match “paddles”.')).toBeVisible();
    });

    await test.step('Settings rebuilds the search index with a count; mail stays readable meanwhile; search finds mail after', async () => {
      await searchField(page).focus();
      await page.keyboard.press('Escape');
      await openSettings(page);
      await page.getByRole('button', { name: 'Rebuild the search index' }).click();
      const status = page.locator('.search-rebuild-status');
      await expect(status).toHaveText('The search index was rebuilt: 6 messages indexed.', { timeout: 30_000 });
      await snap(page, 'search-9c-rebuilt');
      await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: /^Inbox/ }).first().click();
      await openMessage(page, mailByKey('plain').subject);
      await searchField(page).focus();
      await searchFor(page, 'milestone');
      await expect.poll(() => subjectsShown(page)).toEqual([mailByKey('thread').subject]);
      await searchFor(page, '"second milestone"');
      await expect.poll(() => subjectsShown(page)).toEqual([mailByKey('thread').subject]);
      await snap(page, 'search-9d-after-rebuild');
    });
  });
});
