import { test, expect } from './harness/fixtures';

test('a setting written through the UI survives a reload (IndexedDB in the profile)', async ({ app }) => {
  await app.getByRole('button', { name: 'Settings' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(app.getByRole('radio', { name: 'Match the system' })).toBeChecked();
  await app.getByRole('radio', { name: 'Dark' }).check();
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');

  await app.reload();
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
  await app.getByRole('button', { name: 'Settings' }).click();
  await expect(app.getByRole('radio', { name: 'Dark' })).toBeChecked();

  await app.getByRole('radio', { name: 'Match the system' }).check();
  await expect(app.locator('html')).not.toHaveAttribute('data-theme', /.*/);
});

test('settings shows what main answers through the bridge, and the storage persistence answer', async ({ app, standin }, testInfo) => {
  await app.getByRole('button', { name: 'Settings' }).click();
  const runtime = testInfo.project.name === 'electron' ? 'electron' : 'harness';
  await expect(app.getByTestId('app-info')).toHaveText(new RegExp(`^Heron Mail \\d+\\.\\d+\\.\\d+ \\(${runtime}, \\w+\\)$`));
  await expect(app.getByTestId('storage-persistence')).not.toHaveText('Checking…');
  if (standin) expect(standin.calls).toContain('getAppInfo');
});
