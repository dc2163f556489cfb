/**
 * Shared by the account-settings journeys: an account on real Dovecot (POP3S) and Postfix
 * (submission with STARTTLS), its password stored for both, and its mail fetched through Get mail,
 * as a person has it after setting up; then the Settings page.
 */
import { expect, type Page } from '@playwright/test';
import { callMain, seedAccounts } from './harness/app-rig';
import type { MailServers } from './servers';

export const ACCOUNT_ID = 'acct-alice';

export function inboxMail(n: number): Buffer {
  return Buffer.from(
    `From: Bob <bob@test.domain>\r\nTo: alice@test.domain\r\nSubject: Journey message ${n}\r\nDate: Mon, 1 Jan 2024 10:0${n}:00 +0000\r\nMessage-ID: <journey${n}@test.domain>\r\n\r\nHello Alice, this is message ${n}.\r\n`,
  );
}

/** The account as the wizard would have saved it, its password stored for both servers, and Get mail run once. */
export async function accountWithMail(page: Page, servers: MailServers, password: string, messages: number): Promise<void> {
  await seedAccounts(page, [
    { id: ACCOUNT_ID, address: 'alice@test.domain', order: 0, incoming: { host: 'localhost', port: servers.dovecot.pop3sPort }, outgoing: { host: 'localhost', port: servers.postfix.submissionPort } },
  ]);
  const stored = await callMain(page, 'setPassword', {
    accountId: ACCOUNT_ID,
    slot: 'incoming',
    password,
    persist: false,
    servers: [
      { host: 'localhost', port: servers.dovecot.pop3sPort, security: 'tls', username: 'alice' },
      { host: 'localhost', port: servers.postfix.submissionPort, security: 'starttls', username: 'alice' },
    ],
  });
  expect(stored).toMatchObject({ ok: true });
  await getMailAndWait(page);
  await expect(messageList(page).getByRole('option')).toHaveCount(messages, { timeout: 30_000 });
}

export function messageList(page: Page) {
  return page.getByRole('listbox', { name: /^Messages in / });
}

export async function getMailAndWait(page: Page): Promise<void> {
  const button = page.getByRole('toolbar', { name: 'Message actions' }).getByRole('button', { name: 'Get mail' });
  await expect(button).toBeEnabled({ timeout: 30_000 });
  await button.click();
  await expect(button).toBeEnabled({ timeout: 30_000 });
}

export async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
}

export function settingsForm(page: Page, address = 'alice@test.domain') {
  return page.getByRole('form', { name: `Settings for ${address}` });
}
