/**
 * Settings end to end. Global settings (notifications, default account) run on the harness's
 * stand-in over main's real services; account settings run against real Dovecot: mail is fetched
 * first, so removal has real messages, POP entries and a stored password to take away.
 */
import { test as harness, expect } from './harness/fixtures';
import { test as plain, type Page } from '@playwright/test';
import { callMain, openAppRig, readStore, type AppRig } from './harness/app-rig';
import { seedAccounts } from './harness/seed';
import { dovecotAvailable, startDovecot, type DovecotInstance } from './servers';

const PASSWORD = 'settings-e2e-secret';

async function openSettings(page: Page) {
  await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
}

harness('notifications off reaches main at once and again after a restart of the window; on again, likewise', async ({ app, standin }) => {
  harness.skip(standin === null, 'reads main’s preference through the stand-in (chromium project)');
  const prefs = standin!.services.preferences;
  await expect.poll(() => standin!.calls.includes('setPreferences')).toBe(true);
  expect(prefs.current).toEqual({ notifyNewMail: true });
  await openSettings(app);
  const box = app.getByRole('checkbox', { name: 'Show a notification when new mail arrives' });
  await expect(box).toBeChecked();
  await box.uncheck();
  await expect.poll(() => prefs.current.notifyNewMail).toBe(false);

  // Main forgets (as after a restart of the app); the window tells it again when it starts.
  prefs.set({ notifyNewMail: true });
  await app.reload();
  await expect.poll(() => prefs.current.notifyNewMail).toBe(false);
  await openSettings(app);
  await expect(box).not.toBeChecked();
  await box.check();
  await expect.poll(() => prefs.current.notifyNewMail).toBe(true);
});

harness('the default account comes first in the sidebar and is the From of a new message; it survives a reload', async ({ app }) => {
  await seedAccounts(app, [
    { id: 'acct-a', address: 'anna@test.domain', name: 'Anna', order: 0 },
    { id: 'acct-b', address: 'bert@test.domain', name: 'Bert', order: 1 },
  ]);
  const groups = app.getByRole('navigation', { name: 'Folders' }).locator('.folder-group-title');
  await expect(groups).toHaveText(['All accounts', 'anna@test.domain', 'bert@test.domain', 'Local Folders']);
  await openSettings(app);
  const select = app.getByLabel('Send new messages from');
  await expect(select).toHaveValue('acct-a');
  await select.selectOption('acct-b');
  await expect(groups).toHaveText(['All accounts', 'bert@test.domain', 'anna@test.domain', 'Local Folders']);

  await app.reload();
  await expect(groups).toHaveText(['All accounts', 'bert@test.domain', 'anna@test.domain', 'Local Folders']);
  await app.getByRole('button', { name: 'New message' }).click();
  await expect(app.getByRole('region', { name: 'New message' }).locator('#compose-from')).toHaveValue('acct-b');
  await openSettings(app);
  await expect(select).toHaveValue('acct-b');
});

plain.describe(dovecotAvailable.available ? 'account settings against real Dovecot' : `account settings (skipped: ${dovecotAvailable.reason})`, () => {
  plain.skip(!dovecotAvailable.available, 'Dovecot is not installed here');
  let dovecot: DovecotInstance;
  let rig: AppRig;

  plain.beforeEach(async ({}, testInfo) => {
    testInfo.skip(testInfo.project.name !== 'chromium', 'drives the renderer in Chromium with a custom stand-in');
    dovecot = await startDovecot({ users: [{ name: 'alice', password: PASSWORD }] });
    const mail = (n: number) => Buffer.from(`From: bob@test.domain\r\nTo: alice@test.domain\r\nSubject: Stored message ${n}\r\nDate: Mon, 1 Jan 2024 10:0${n}:00 +0000\r\nMessage-ID: <s${n}@test.domain>\r\n\r\nBody ${n}.\r\n`);
    await dovecot.seed('alice', [mail(1), mail(2)]);
    rig = await openAppRig({ ca: dovecot.ca });
  });
  plain.afterEach(async () => {
    await rig?.close();
    await dovecot?.stop();
  });

  plain('interval and mode persist across a reload; removal states the count, then the mail, POP entries and password are gone and the server is untouched', async () => {
    plain.setTimeout(90_000);
    const { page } = rig;
    await seedAccounts(page, [{ id: 'acct-1', address: 'alice@test.domain', order: 0, incoming: { host: 'localhost', port: dovecot.pop3sPort } }]);
    expect(await callMain(page, 'setPassword', { accountId: 'acct-1', slot: 'incoming', password: PASSWORD, persist: false, servers: [{ host: 'localhost', port: dovecot.pop3sPort, security: 'tls', username: 'alice' }] })).toMatchObject({ ok: true, value: { stored: true } });
    const button = page.getByRole('button', { name: 'Get mail', exact: true }).first();
    await button.click();
    await expect(page.getByRole('listbox', { name: /^Messages in / }).getByRole('option').filter({ hasText: /^.*Stored message/ })).toHaveCount(2, { timeout: 30_000 });

    await openSettings(page);
    const form = page.getByRole('form', { name: 'Settings for alice@test.domain' });
    await form.getByLabel('Check every (minutes, 0 = only when I ask)').fill('25');
    await form.getByRole('radio', { name: 'Delete it from the server' }).check();
    await expect(form.getByTestId('delete-mode-warning')).toBeVisible();
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect(form.getByRole('status')).toHaveText('Saved.');
    expect((await readStore<{ checkIntervalMinutes: number; retention: unknown }>(page, 'accounts')).map((a) => [a.checkIntervalMinutes, a.retention])).toEqual([
      [25, { mode: 'delete', keepDays: null, deleteWhenDeletedHere: true }],
    ]);

    await page.reload();
    await openSettings(page);
    await expect(form.getByLabel('Check every (minutes, 0 = only when I ask)')).toHaveValue('25');
    await expect(form.getByRole('radio', { name: 'Delete it from the server' })).toBeChecked();
    await expect(form.getByRole('radio', { name: 'Leave a copy on the server for a while' })).not.toBeChecked();

    expect(await callMain(page, 'readConnectionLog', { accountId: 'acct-1' })).toMatchObject({ ok: true, value: { sessions: [expect.objectContaining({ purpose: 'fetch', error: null })] } });
    // Remove: the confirmation says exactly how many messages go.
    // POP state entries are kept a fetched batch to a row (renderer/src/data/pop-store.ts).
    expect((await readStore(page, 'popChunks')).flatMap((r) => (r as { entries: unknown[] }).entries)).toHaveLength(2);
    await form.getByRole('button', { name: 'Remove account…' }).click();
    await expect(form.getByTestId('remove-question')).toHaveText('Remove alice@test.domain and its 2 messages from this computer? Nothing on the server is touched.');
    await form.getByRole('button', { name: 'Remove from this computer' }).click();
    await expect(form).toBeHidden();
    await expect(page.getByText('No accounts yet.')).toBeVisible();
    for (const store of ['accounts', 'messages', 'bodies', 'attachments', 'rawChunks', 'popChunks', 'popState', 'folderCounts']) {
      expect({ store, rows: (await readStore(page, store)).length }).toEqual({ store, rows: 0 });
    }
    expect(await callMain(page, 'hasPassword', { accountId: 'acct-1', slot: 'incoming' })).toMatchObject({ ok: true, value: { stored: false } });
    // Its connection log (the Get mail above) goes with it.
    expect(await callMain(page, 'readConnectionLog', { accountId: 'acct-1' })).toEqual({ ok: true, value: { accountId: 'acct-1', sessions: [] } });
    expect(await dovecot.listMaildir('alice')).toHaveLength(2);
  });
});
