/**
 * Shared by the account-settings journeys (on top of e2e/journeys/journey.ts): a small mailbox,
 * the wizard opened for settings typed by hand, and the Settings page of an account.
 */
import { expect, type Page } from '@playwright/test';

export function inboxMail(n: number): Buffer {
  return Buffer.from(
    `From: Bob <bob@test.domain>\r\nTo: alice@test.domain\r\nSubject: Journey message ${n}\r\nDate: Mon, 1 Jan 2024 10:0${n}:00 +0000\r\nMessage-ID: <journey${n}@test.domain>\r\n\r\nHello Alice, this is message ${n}.\r\n`,
  );
}

/** The wizard, past the identity step, on the review screen with no settings discovered. */
export async function startManualWizard(page: Page, password: string): Promise<void> {
  await page.getByRole('button', { name: 'Add account', exact: true }).last().click();
  await page.getByLabel('Your name').fill('Alice Test');
  await page.getByLabel('Email address').fill('alice@test.domain');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Enter server settings myself' }).click();
  await expect(page.getByRole('heading', { name: 'Check your settings' })).toBeVisible();
}

/** On the wizard's review screen: one server's host (localhost), security and port. */
export async function setServer(page: Page, side: 'incoming' | 'outgoing', security: 'tls' | 'starttls', port: number): Promise<void> {
  await page.locator(`[data-field="${side}.host"]`).fill('localhost');
  await page.locator(`[data-field="${side}.security"]`).selectOption(security);
  await page.locator(`[data-field="${side}.port"]`).fill(String(port));
}

export async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
}

export function settingsForm(page: Page, address = 'alice@test.domain') {
  return page.getByRole('form', { name: `Settings for ${address}` });
}
