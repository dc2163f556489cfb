/**
 * The list's toolbar at the window sizes people use: mail fetched from the real Dovecot, a message
 * open, and the toolbar fits on one line at 1280×800 and at 1024×700 (the search field stays above
 * it). What does not fit is in the More menu, which the keyboard opens, walks and closes, and whose
 * order choice reorders the list.
 */
import { expect, test, type Page } from '@playwright/test';
import { addAccountWithWizard, describeJourney, getMail, messageList, openFolder } from './journey';

const toolbar = (page: Page) => page.locator('.list-toolbar');
const shot = (name: string) => `/tmp/code-toolbar-${process.env.SHOT_TAG ?? 'after'}-${name}.png`;

/** How many lines the toolbar's controls take (controls whose tops are within half a control of each other share one). */
async function toolbarLines(page: Page): Promise<number> {
  return toolbar(page).evaluate((bar) => {
    const boxes = [...bar.querySelectorAll('button, select, input')].map((el) => el.getBoundingClientRect()).filter((r) => r.height > 0);
    const tops: number[] = [];
    for (const r of boxes) if (!tops.some((t) => Math.abs(t - r.top) < r.height / 2)) tops.push(r.top);
    return tops.length;
  });
}

describeJourney('the list toolbar', { timeoutMs: 180_000 }, (journey) => {
  test('one line at 1280×800 and 1024×700 with a message open; More opens, walks and closes by keyboard, and its order reorders the list', async () => {
    const j = journey();
    const { page } = j;
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(j, alice);
    const rows = messageList(page).getByRole('option');
    await expect(rows).toHaveCount(6);
    await rows.first().click();

    for (const [width, height] of [
      [1280, 800],
      [1024, 700],
    ] as const) {
      await page.setViewportSize({ width, height });
      await expect.poll(() => toolbarLines(page), { message: `lines at ${width}×${height}` }).toBe(1);
      await page.screenshot({ path: shot(String(width)) });
    }
    // The search field is still above the toolbar.
    const search = await page.getByLabel('Search mail (/ or Ctrl+K)').boundingBox();
    const bar = await toolbar(page).boundingBox();
    expect(search!.y).toBeLessThan(bar!.y);

    const more = toolbar(page).getByRole('button', { name: 'More' });
    const menu = page.getByRole('menu', { name: 'More' });
    await test.step('the keyboard opens the menu on its first item, walks it, and Escape gives focus back', async () => {
      await more.focus();
      await page.keyboard.press('ArrowDown');
      await expect(menu).toBeVisible();
      await expect(more).toHaveAttribute('aria-expanded', 'true');
      await expect(menu.getByRole('menuitem', { name: 'Export…' })).toBeFocused();
      await page.keyboard.press('ArrowDown');
      await expect(menu.getByRole('menuitemcheckbox', { name: 'Conversations' })).toBeFocused();
      await expect(menu.getByRole('menuitemcheckbox', { name: 'Conversations' })).toHaveAttribute('aria-checked', 'false');
      await page.keyboard.press('End');
      await expect(menu.getByRole('menuitemradio', { name: 'Subject Z–A' })).toBeFocused();
      await expect(menu.getByRole('group', { name: 'Sort by' }).getByRole('menuitemradio', { name: 'Newest first' })).toHaveAttribute('aria-checked', 'true');
      await page.screenshot({ path: shot('menu') });
      await page.keyboard.press('Escape');
      await expect(menu).toBeHidden();
      await expect(more).toBeFocused();
      await expect(more).toHaveAttribute('aria-expanded', 'false');
    });

    await test.step('Oldest first, chosen with the arrows and Enter, puts the oldest message first', async () => {
      const newest = (await rows.first().textContent()) ?? '';
      await page.keyboard.press('Enter');
      await expect(menu.getByRole('menuitem', { name: 'Export…' })).toBeFocused();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await expect(menu.getByRole('menuitemradio', { name: 'Oldest first' })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(menu).toBeHidden();
      await expect(more).toBeFocused();
      await expect(rows.first()).toContainText('Überraschung für Alice');
      await expect(rows.last()).toHaveText(newest);
      await more.click();
      await expect(menu.getByRole('menuitemradio', { name: 'Oldest first' })).toHaveAttribute('aria-checked', 'true');
      await page.mouse.click(5, 5);
      await expect(menu).toBeHidden();
    });

    await test.step('in Trash the toolbar keeps one line: Restore and Delete for good as icons, Empty Trash in More', async () => {
      await rows.first().click();
      await page.keyboard.press('Delete');
      await openFolder(page, 'Trash');
      await expect(rows).toHaveCount(1);
      await rows.first().click();
      await expect.poll(() => toolbarLines(page)).toBe(1);
      await expect(toolbar(page).getByRole('button', { name: 'Restore' })).toBeEnabled();
      await expect(toolbar(page).getByRole('button', { name: 'Delete for good' })).toBeEnabled();
      await more.click();
      await expect(menu.getByRole('menuitem', { name: 'Empty Trash' })).toBeFocused();
      await page.screenshot({ path: shot('trash') });
      await page.keyboard.press('Escape');
    });
  });
});
