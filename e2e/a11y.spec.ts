import { seriousViolations } from './axe-support';
import { test, expect } from './harness/fixtures';
import { seedMailbox } from './harness/seed';

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });

    test('axe finds no serious or critical violations on the empty state and Add account', async ({ app }) => {
      await expect(app.getByRole('heading', { name: 'Welcome to Heron Mail' })).toBeVisible();
      expect(await seriousViolations(app)).toEqual([]);
      await app.getByRole('main').getByRole('button', { name: 'Add account' }).click();
      await expect(app.getByRole('heading', { name: 'Add an account' })).toBeVisible();
      expect(await seriousViolations(app)).toEqual([]);
    });

    test('axe finds no serious or critical violations on the mail view and settings', async ({ app }) => {
      await seedMailbox(app);
      await app.getByRole('listbox', { name: 'Messages in Inbox' }).getByRole('option').nth(2).click();
      await expect(app.locator('#reader-subject')).toHaveText('Re: Bernoulli numbers, table 4');
      expect(await seriousViolations(app)).toEqual([]);
      await app.getByRole('button', { name: 'Settings' }).click();
      await expect(app.getByTestId('app-info')).not.toHaveText('Asking Heron…');
      expect(await seriousViolations(app)).toEqual([]);
    });
  });
}
