/**
 * The list toolbar's More menu, as a person uses it: export, empty Trash, conversations and the
 * list's order live there (the toolbar keeps one line at the usual window sizes).
 */
import { expect, type Page } from '@playwright/test';

type Role = 'menuitem' | 'menuitemcheckbox' | 'menuitemradio';

const more = (page: Page) => page.locator('.list-toolbar').getByRole('button', { name: 'More' });
const menu = (page: Page) => page.getByRole('menu', { name: 'More' });

/** Opens More and chooses `name`. */
export async function chooseInListMenu(page: Page, name: string, role: Role = 'menuitem'): Promise<void> {
  await more(page).click();
  await menu(page).getByRole(role, { name, exact: true }).click();
  await expect(menu(page)).toBeHidden();
}

/** Orders the list (More › Sort by). */
export async function sortListBy(page: Page, order: 'Newest first' | 'Oldest first' | 'Sender A–Z' | 'Sender Z–A' | 'Subject A–Z' | 'Subject Z–A'): Promise<void> {
  await chooseInListMenu(page, order, 'menuitemradio');
}

/** The list's order as More › Sort by shows it checked. */
export async function expectListSortedBy(page: Page, order: string): Promise<void> {
  await more(page).click();
  await expect(menu(page).getByRole('group', { name: 'Sort by' }).getByRole('menuitemradio', { name: order, exact: true })).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('Escape');
  await expect(menu(page)).toBeHidden();
}
