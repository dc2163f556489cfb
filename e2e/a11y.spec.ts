import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './harness/fixtures';
import { seedMailbox } from './harness/seed';

async function seriousViolations(page: Page) {
  // Legacy mode runs axe inside each frame: the default mode opens a helper tab, which this
  // persistent headless context refuses ("Failed to open a new tab").
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

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
