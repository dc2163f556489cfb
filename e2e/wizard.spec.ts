/**
 * The setup wizard end to end: the production renderer in Chromium, main's real handlers behind
 * the contract-built stand-in, and real Dovecot + Postfix on loopback. Discovery reaches them
 * through a loopback DNS responder (SRV records for test.domain pointing at localhost, which the
 * test PKI's certificate names); connection tests and fetching trust the test CA.
 */
import { test, chromium, expect, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MainEmit } from '../shared/ipc/contract';
import { HeronError } from '../shared/ipc/result';
import { createResolver } from '../electron/core/autoconfig/dns';
import { startDnsServer, type TestDnsServer } from '../electron/core/autoconfig/testing/dns-server';
import { dispatchCall } from '../electron/main/dispatch';
import { createHandlers } from '../electron/main/handlers/index';
import { createMainServices } from '../electron/main/services';
import { decode, encode } from './harness/codec';
import { startStaticServer } from './harness/static-server';
import { bundleStandin, ROOT } from './harness/standin';
import { dovecotAvailable, postfixAvailable, startMailServers, type MailServers } from './servers';

const PASSWORD = 'wizard-e2e-secret';
const available = dovecotAvailable.available && postfixAvailable.available;

interface Rig {
  page: Page;
  close(): Promise<void>;
}

async function openApp(ca: string, dns: TestDnsServer): Promise<Rig> {
  const server = await startStaticServer(path.join(ROOT, 'out/renderer'));
  const script = await bundleStandin(server.origin);
  const profile = await mkdtemp(path.join(os.tmpdir(), 'heron-wizard-profile-'));
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'heron-wizard-main-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.HERON_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    viewport: { width: 1280, height: 900 },
  });
  const emit: MainEmit = (name, payload) => {
    for (const p of context.pages()) {
      p.evaluate(([n, x]) => (window as unknown as { __heronEmit?: (n: string, p: unknown) => void }).__heronEmit?.(n, x), [name, encode(payload)] as const).catch(() => {});
    }
  };
  const nothing = async () => {
    throw new HeronError('ECONNECTION', 'Not reachable in this test.');
  };
  const services = createMainServices({
    userDataDir,
    openExternal: async () => {},
    emit,
    runtime: 'harness',
    version: '0.0.0-e2e',
    fetchWorkerPath: path.join(ROOT, 'out/main/fetch-worker.cjs'),
    pop3Connect: { ca },
    testNetwork: {
      ca: [ca],
      discover: {
        createResolver: () => createResolver({ servers: [dns.address], timeoutMs: 1000 }),
        fetchText: nothing,
        probeIncoming: nothing,
        probeOutgoing: nothing,
      },
    },
  });
  const handlers = createHandlers(services);
  await context.exposeBinding('__heronInvoke', async (_source, name: unknown, input: unknown) => encode(await dispatchCall(handlers, String(name), decode(input))));
  await context.addInitScript({ content: script });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${server.origin}/index.html`);
  return {
    page,
    async close() {
      await context.close();
      await server.close();
      await rm(profile, { recursive: true, force: true });
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

test.describe(available ? 'account wizard against real Dovecot + Postfix' : `account wizard (skipped: ${[dovecotAvailable.reason, postfixAvailable.reason].filter(Boolean).join('; ')})`, () => {
  test.skip(!available, 'Dovecot/Postfix are not installed here');
  let servers: MailServers;
  let dns: TestDnsServer;
  let rig: Rig;

  test.beforeEach(async ({}, testInfo) => {
    testInfo.skip(testInfo.project.name !== 'chromium', 'drives the renderer in Chromium with a custom stand-in');
    servers = await startMailServers({ users: [{ name: 'alice', password: PASSWORD }] });
    await servers.dovecot.seed('alice', [Buffer.from('From: bob@test.domain\r\nTo: alice@test.domain\r\nSubject: Welcome to the wizard\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <w1@test.domain>\r\n\r\nHello Alice.\r\n')]);
    dns = await startDnsServer({
      '_pop3s._tcp.test.domain': [{ type: 'SRV', priority: 0, weight: 1, port: servers.dovecot.pop3sPort, target: 'localhost' }],
      '_submission._tcp.test.domain': [{ type: 'SRV', priority: 0, weight: 1, port: servers.postfix.submissionPort, target: 'localhost' }],
    });
    rig = await openApp(servers.dovecot.ca, dns);
  });
  test.afterEach(async () => {
    await rig?.close();
    await dns?.close();
    await servers?.stop();
  });

  async function identity(page: Page, password: string) {
    await page.getByRole('button', { name: 'Add account', exact: true }).last().click();
    await page.getByLabel('Your name').fill('Alice Test');
    await page.getByLabel('Email address').fill('alice@test.domain');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('heading', { name: 'Check your settings' })).toBeVisible({ timeout: 20_000 });
  }

  test('discovers the servers, tests them, saves, and opens the inbox with the password stored', async () => {
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
    const stored = await page.evaluate(async () => {
      const heron = (window as unknown as { heron: { calls: Record<string, (x?: unknown) => Promise<unknown>> } }).heron;
      const accounts = await new Promise<unknown[]>((resolve, reject) => {
        const req = indexedDB.open('heron');
        req.onsuccess = () => {
          const all = req.result.transaction('accounts').objectStore('accounts').getAll();
          all.onsuccess = () => resolve(all.result as unknown[]);
          all.onerror = () => reject(all.error);
        };
      });
      const a = accounts[0] as { id: string; identity: { address: string }; retention: unknown; incoming: { host: string } };
      return { count: accounts.length, address: a.identity.address, retention: a.retention, host: a.incoming.host, status: await heron.calls.hasPassword!({ accountId: a.id, slot: 'incoming' }) };
    });
    expect(stored).toMatchObject({
      count: 1,
      address: 'alice@test.domain',
      host: 'localhost',
      retention: { mode: 'keep', keepDays: 14, deleteWhenDeletedHere: true },
      status: { ok: true, value: { stored: true, readable: true } },
    });
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
});
