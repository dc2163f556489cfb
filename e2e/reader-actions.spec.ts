/**
 * The reader follows the list's selection, and what the keys and the toolbar do lands on the
 * message the person sees: mail fetched from a real Dovecot, deleted with the toolbar and with
 * the Delete key (the next message is selected and shown, as Thunderbird does; the one above
 * when the last was deleted), then `u` and `s` on what is shown, from the list and from the
 * reader.
 */
import { expect, test } from './harness/fixtures';
import { addAccount, getMail, openApp, startCounter, testMailbox, type Counter, type Opened } from './get-mail-support';
import { dovecotAvailable, startDovecot, type DovecotInstance } from './servers';

test.describe.configure({ mode: 'serial' });

let dovecot: DovecotInstance;
let counter: Counter;
let opened: Opened | null = null;

test.beforeAll(async ({}, testInfo) => {
  testInfo.skip(testInfo.project.name !== 'chromium', 'real Dovecot runs with the chromium stand-in only');
  testInfo.skip(!dovecotAvailable.available, dovecotAvailable.title('real Dovecot'));
  testInfo.setTimeout(120_000);
  counter = await startCounter();
  dovecot = await startDovecot({ users: [{ name: 'actions', password: 'actions-pw-7' }] });
  await dovecot.seed('actions', testMailbox(counter.port).map((m) => m.bytes));
});

test.afterAll(async () => {
  await opened?.close();
  await dovecot?.stop();
  await counter?.close();
});

test('delete shows the next message, and u / s act on the message shown', async ({ rendererServer, standinScript, launchOptions }) => {
  test.setTimeout(120_000);
  opened = await openApp(rendererServer.origin, standinScript, launchOptions, dovecot);
  const { page, standin } = opened;
  await addAccount(page, dovecot, 'actions', 'keep');
  await getMail(page, standin, 'acct-actions');
  const list = page.getByRole('listbox', { name: 'Messages in Inbox' });
  const rows = list.getByRole('option');
  const subject = page.locator('#reader-subject');
  const selected = list.locator('[aria-selected="true"]');
  const toolbar = page.locator('.list-toolbar');
  // Newest first: the broken message has no readable date, so it counts as received now.
  await expect(rows).toHaveCount(5);
  const order = ['Broken structure', 'Grüße aus München', 'Quarterly report', 'Newsletter with pictures', 'Plain hello'];
  for (const [i, s] of order.entries()) await expect(rows.nth(i)).toContainText(s);

  // Toolbar Delete: the next message is selected and shown.
  await rows.filter({ hasText: 'Grüße aus München' }).click();
  await expect(subject).toHaveText('Grüße aus München');
  await page.screenshot({ path: '/tmp/list-actions-1-open.png' });
  await toolbar.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(rows).toHaveCount(4);
  await expect(subject).toHaveText('Quarterly report');
  await expect(selected).toHaveCount(1);
  await expect(selected).toContainText('Quarterly report');
  await page.screenshot({ path: '/tmp/list-actions-2-after-toolbar-delete.png' });

  // The Delete key on the row: again the next one, and the keys stay on the list.
  await selected.focus();
  await page.keyboard.press('Delete');
  await expect(rows).toHaveCount(3);
  await expect(subject).toHaveText('Newsletter with pictures');
  await expect(selected).toContainText('Newsletter with pictures');
  await expect(selected).toBeFocused();

  // u and s act on the message shown (it was never clicked: delete brought it up).
  await expect(selected).toHaveClass(/\bunread\b/);
  await page.keyboard.press('u');
  await expect(rows.filter({ hasText: 'Newsletter with pictures' })).not.toHaveClass(/\bunread\b/);
  await page.keyboard.press('s');
  await expect(rows.filter({ hasText: 'Newsletter with pictures' })).toHaveClass(/\bstarred\b/);
  for (const other of ['Broken structure', 'Plain hello']) {
    await expect(rows.filter({ hasText: other })).toHaveClass(/\bunread\b/);
    await expect(rows.filter({ hasText: other })).not.toHaveClass(/\bstarred\b/);
  }
  await page.screenshot({ path: '/tmp/list-actions-3-after-key-delete-u-s.png' });

  // Deleting the last row shows the one above it.
  await rows.filter({ hasText: 'Plain hello' }).click();
  await expect(subject).toHaveText('Plain hello');
  await page.keyboard.press('Delete');
  await expect(rows).toHaveCount(2);
  await expect(subject).toHaveText('Newsletter with pictures');
  await expect(selected).toContainText('Newsletter with pictures');

  // From the reader: Enter moves to it; u, s and Delete act on what it shows.
  await rows.filter({ hasText: 'Broken structure' }).click();
  await expect(subject).toHaveText('Broken structure');
  await page.keyboard.press('Enter');
  await expect(page.locator('#reader-pane')).toBeFocused();
  await page.keyboard.press('s');
  await expect(rows.filter({ hasText: 'Broken structure' })).toHaveClass(/\bstarred\b/);
  await page.keyboard.press('u');
  await expect(rows.filter({ hasText: 'Broken structure' })).not.toHaveClass(/\bunread\b/);
  await page.keyboard.press('Delete');
  await expect(rows).toHaveCount(1);
  await expect(subject).toHaveText('Newsletter with pictures');
  await expect(selected).toContainText('Newsletter with pictures');
  await page.screenshot({ path: '/tmp/list-actions-4-reader-delete.png' });

  // The deleted messages are in Trash, whole.
  await page.getByRole('button', { name: /^Trash/ }).first().click();
  await expect(page.getByRole('listbox', { name: 'Messages in Trash' }).getByRole('option')).toHaveCount(4);
  expect(counter.hits).toEqual([]);
});
