/**
 * The setup wizard end to end: the production renderer in Chromium, main's real handlers behind
 * the contract-built stand-in, and real Dovecot + Postfix on loopback. Discovery reaches them
 * through a loopback DNS responder (SRV records for test.domain pointing at localhost, which the
 * test PKI's certificate names); connection tests, sending and fetching trust the test CA.
 */
import { test, expect, type Page } from '@playwright/test';
import { simpleParser } from 'mailparser';
import { readFile } from 'node:fs/promises';
import { startDnsServer, type TestDnsServer } from '../electron/core/autoconfig/testing/dns-server';
import { HeronError } from '../shared/ipc/result';
import { openAppRig, readStore, callMain, type AppRig } from './harness/app-rig';
import { dovecotAvailable, postfixAvailable, startMailServers, type MailServers } from './servers';

const PASSWORD = 'wizard-e2e-secret';
const available = dovecotAvailable.available && postfixAvailable.available;

test.describe(available ? 'account wizard against real Dovecot + Postfix' : `account wizard (skipped: ${[dovecotAvailable.reason, postfixAvailable.reason].filter(Boolean).join('; ')})`, () => {
  test.skip(!available, 'Dovecot/Postfix are not installed here');
  let servers: MailServers;
  let dns: TestDnsServer;
  let rig: AppRig;
  /** What the provider's autoconfig URL serves in the current test (null = not found). */
  let autoconfig: string | null = null;

  test.beforeEach(async ({}, testInfo) => {
    testInfo.skip(testInfo.project.name !== 'chromium', 'drives the renderer in Chromium with a custom stand-in');
    servers = await startMailServers({ users: [{ name: 'alice', password: PASSWORD }] });
    await servers.dovecot.seed('alice', [Buffer.from('From: bob@test.domain\r\nTo: alice@test.domain\r\nSubject: Welcome to the wizard\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <w1@test.domain>\r\n\r\nHello Alice.\r\n')]);
    dns = await startDnsServer({
      '_pop3s._tcp.test.domain': [{ type: 'SRV', priority: 0, weight: 1, port: servers.dovecot.pop3sPort, target: 'localhost' }],
      '_submission._tcp.test.domain': [{ type: 'SRV', priority: 0, weight: 1, port: servers.postfix.submissionPort, target: 'localhost' }],
    });
    autoconfig = null;
    rig = await openAppRig({
      ca: servers.dovecot.ca,
      dnsServer: dns.address,
      fetchText: async (url) => {
        if (autoconfig !== null && url.startsWith('https://autoconfig.test.domain/')) return autoconfig;
        throw new HeronError('ENOTFOUND', `Nothing at ${url} in this test.`);
      },
    });
  });
  test.afterEach(async () => {
    await rig?.close();
    await dns?.close();
    await servers?.stop();
  });

  /** Clicks Get mail once no fetch is running (the new account may be checked at once on its own). */
  async function getMail(page: Page) {
    const button = page.getByRole('button', { name: 'Get mail', exact: true }).first();
    await expect(button).toBeEnabled({ timeout: 30_000 });
    await button.click();
  }

  async function identity(page: Page, password: string) {
    await page.getByRole('button', { name: 'Add account', exact: true }).last().click();
    await page.getByLabel('Your name').fill('Alice Test');
    await page.getByLabel('Email address').fill('alice@test.domain');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('heading', { name: 'Check your settings' })).toBeVisible({ timeout: 20_000 });
  }

  test('discovers the servers, tests them, saves with the password stored; Get mail fetches the seeded mailbox; a message composed to it is sent and arrives', async () => {
    test.setTimeout(120_000);
    const { page } = rig;
    await identity(page, PASSWORD);
    await expect(page.getByTestId('discovery-summary')).toContainText('Incoming server found through the domain’s DNS service records');
    await expect(page.locator('[data-field="incoming.host"]')).toHaveValue('localhost');
    await expect(page.locator('[data-field="incoming.port"]')).toHaveValue(String(servers.dovecot.pop3sPort));
    await expect(page.locator('[data-field="outgoing.security"]')).toHaveValue('starttls');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(page.getByTestId('test-incoming')).toContainText('1 message on the server');
    await expect(page.getByTestId('test-incoming')).toContainText('certificate valid');
    await expect(page.getByTestId('test-outgoing')).toContainText('Logged in as alice@test.domain');
    await page.getByRole('button', { name: 'Save account' }).click();
    await expect(page.getByRole('heading', { name: 'Check your settings' })).toBeHidden();
    const accounts = await readStore<{ id: string; identity: { address: string }; retention: unknown; incoming: { host: string } }>(page, 'accounts');
    expect(accounts).toHaveLength(1);
    const account = accounts[0]!;
    expect(account).toMatchObject({ identity: { address: 'alice@test.domain' }, incoming: { host: 'localhost' }, retention: { mode: 'keep', keepDays: 14, deleteWhenDeletedHere: true } });
    expect(await callMain(page, 'hasPassword', { accountId: account.id, slot: 'incoming' })).toMatchObject({ ok: true, value: { stored: true, readable: true } });

    // Get mail: the seeded message comes down over POP3S with the stored password.
    const list = page.getByRole('listbox', { name: /^Messages in / });
    await getMail(page);
    await expect(list.getByRole('option').filter({ hasText: 'Welcome to the wizard' })).toHaveCount(1, { timeout: 30_000 });

    // Compose to the same mailbox: Postfix (STARTTLS + AUTH with the same stored password) delivers it to Dovecot.
    await page.getByRole('button', { name: 'New message' }).click();
    const pane = page.getByRole('region', { name: 'New message' });
    await expect(pane.locator('#compose-from')).toHaveValue(account.id);
    await pane.getByRole('combobox', { name: 'To', exact: true }).fill('alice@test.domain');
    await pane.getByRole('combobox', { name: 'To', exact: true }).press('Enter');
    await pane.getByRole('textbox', { name: 'Subject' }).fill('Sent from the new account');
    await page.getByRole('textbox', { name: 'Message text' }).click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('It works end to end.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(async () => (await servers.dovecot.listMaildir('alice')).length, { timeout: 30_000 }).toBe(2);
    const subjects = await Promise.all((await servers.dovecot.listMaildir('alice')).map(async (e) => (await simpleParser(await readFile(e.path))).subject));
    expect(subjects.sort()).toEqual(['Sent from the new account', 'Welcome to the wizard']);

    // Get mail again: only the new message comes down (keep mode: the first stays on the server, never twice here).
    await page.getByRole('button', { name: 'Inbox' }).first().click();
    await getMail(page);
    await expect(list.getByRole('option').filter({ hasText: 'Sent from the new account' })).toHaveCount(1, { timeout: 30_000 });
    const inbox = (await readStore<{ folder: string; subject: string; accountId: string }>(page, 'messages')).filter((m) => m.folder === 'inbox');
    expect(inbox.map((m) => [m.accountId, m.subject]).sort()).toEqual([
      [account.id, 'Sent from the new account'],
      [account.id, 'Welcome to the wizard'],
    ]);
    expect(await servers.dovecot.listMaildir('alice')).toHaveLength(2);
  });

  test('a wrong password shows the server’s reason next to the password field and the wizard stays open', async () => {
    const { page } = rig;
    await identity(page, 'not-the-password');
    await page.getByRole('button', { name: 'Test and save account' }).click();
    const error = page.locator('[data-error-for="password"]');
    await expect(error).toBeVisible({ timeout: 20_000 });
    await expect(error).toContainText(/Authentication failed|password/i);
    const field = page.locator('[data-field="password"]');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAttribute('aria-describedby', (await error.getAttribute('id')) ?? 'missing');
    await expect(page.getByRole('heading', { name: 'Check your settings' })).toBeVisible();
  });

  test('the provider’s instructions from its autoconfig file are a link that opens through main’s URL policy, not in Heron’s window', async () => {
    const { page } = rig;
    autoconfig = `<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="test.domain"><domain>test.domain</domain><displayName>Test Mail</displayName>
<incomingServer type="pop3"><hostname>localhost</hostname><port>${servers.dovecot.pop3sPort}</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></incomingServer>
<outgoingServer type="smtp"><hostname>localhost</hostname><port>${servers.postfix.submissionPort}</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
<documentation url="https://help.test.domain/pop3"><descr>How to set up POP3</descr></documentation>
</emailProvider></clientConfig>`;
    await identity(page, PASSWORD);
    await expect(page.getByTestId('discovery-summary')).toContainText('Provider: Test Mail');
    const link = page.getByTestId('provider-docs').getByRole('link', { name: 'https://help.test.domain/pop3' });
    await expect(link).toHaveAttribute('href', 'https://help.test.domain/pop3');
    const before = page.url();
    await link.click();
    await expect.poll(() => rig.openedExternal).toEqual(['https://help.test.domain/pop3']);
    expect(page.url()).toBe(before);
    await expect(page.getByRole('heading', { name: 'Check your settings' })).toBeVisible();
  });
});
