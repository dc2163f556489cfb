import path from 'node:path';
import { test, expect } from './harness/fixtures';
import { seedMailbox } from './harness/seed';
import { ROOT } from './harness/standin';

test.describe('shell', () => {
  test('the empty state leads to Add account', async ({ app }) => {
    await expect(app.getByRole('heading', { name: 'Welcome to Heron Mail' })).toBeVisible();
    await expect(app.getByRole('navigation', { name: 'Folders' })).toBeVisible();
    const add = app.getByRole('main').getByRole('button', { name: 'Add account' });
    await expect(add).toHaveClass(/button-primary/);
    await add.click();
    await expect(app.getByRole('heading', { level: 1, name: 'Add an account' })).toBeVisible();
  });

  test('renders three panes with landmarks, opens a message, and moves with the keyboard', async ({ app }, testInfo) => {
    await seedMailbox(app);
    await expect(app.getByRole('navigation', { name: 'Folders' })).toBeVisible();
    await expect(app.getByRole('main')).toBeVisible();
    const list = app.getByRole('listbox', { name: 'Messages in Inbox' });
    await expect(list.getByRole('option')).toHaveCount(7);
    await expect(app.getByRole('button', { name: 'Inbox 2 unread', exact: true })).toHaveAttribute('aria-current', 'page');
    await expect(app.getByRole('region', { name: 'Message' })).toContainText('Select a message to read it.');

    await list.getByRole('option').first().click();
    const reader = app.getByRole('region', { name: 'Compiler review notes for Thursday' });
    await expect(reader.getByRole('heading', { level: 2 })).toHaveText('Compiler review notes for Thursday');
    await expect(reader).toContainText('Grace Hopper <grace@navy.example>');
    // Opening marks it read; the badge follows from the store.
    await expect(app.getByRole('button', { name: 'Inbox 1 unread', exact: true })).toBeVisible();

    await app.keyboard.press('ArrowDown');
    await expect(list.getByRole('option').nth(1)).toBeFocused();
    await expect(list.getByRole('option').nth(1)).toHaveAttribute('aria-selected', 'true');
    await expect(app.locator('#reader-subject')).toHaveText('Nightly build 2026.03.12 passed');
    await app.keyboard.press('End');
    await expect(app.locator('#reader-subject')).toHaveText('Trajectory figures checked');
    // One Tab stop per list: the selected row holds it.
    await expect(list.locator('[tabindex="0"]')).toHaveCount(1);

    await app.keyboard.press('Home');
    await expect(app.locator('#reader-subject')).toHaveText('Compiler review notes for Thursday');
    // The body may render in its own frame: wait for its text before the picture is taken.
    await expect
      .poll(async () => {
        const texts = await Promise.all(app.frames().map((f) => f.locator('body').innerText().catch(() => '')));
        return texts.some((t) => t.includes('I went through the draft line by line'));
      })
      .toBe(true);
    if (testInfo.project.name === 'chromium') {
      await app.screenshot({ path: path.join(ROOT, 'docs/screenshot-shell.png') });
    }
  });

  test('a skip link is the first Tab stop and moves focus to the content', async ({ app }) => {
    await seedMailbox(app);
    await app.keyboard.press('Tab');
    const skip = app.getByRole('link', { name: 'Skip to messages' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await app.keyboard.press('Enter');
    await expect(app.getByRole('main')).toBeFocused();
    // The next Tab continues inside the content, not back in the sidebar.
    await app.keyboard.press('Tab');
    expect(await app.evaluate(() => document.querySelector('main')?.contains(document.activeElement) ?? false)).toBe(true);
  });

  test('folders form one Tab stop; arrows move and Enter opens', async ({ app }) => {
    await seedMailbox(app);
    await app.getByRole('button', { name: 'Inbox 2 unread', exact: true }).focus();
    await app.keyboard.press('ArrowDown');
    await expect(app.getByRole('button', { name: 'Sent' })).toBeFocused();
    await app.keyboard.press('Enter');
    await expect(app.getByRole('heading', { level: 1, name: 'Sent' })).toBeVisible();
    await expect(app.getByText('There are no messages in Sent.')).toBeVisible();
    await expect(app.getByRole('navigation').locator('.folder[tabindex="0"]')).toHaveCount(1);
  });
});
