/**
 * What the OAuth2 journeys share: adding alice by signing in from the wizard, and the proof that
 * no token reached the window, its store, main's log or the connection log.
 */
import { expect, type Page } from '@playwright/test';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { readStore } from '../harness/app-rig';
import { passwordOf, snap, type Journey } from './journey';
import { openedUrl, signInAt, type SystemBrowser } from './sign-in';

/** The wizard up to its review step for `user@test.domain`, with no password typed. */
export async function wizardToReview(page: Page, user: string, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Add account', exact: true }).last().click();
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email address').fill(`${user}@test.domain`);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Check your settings' })).toBeVisible({ timeout: 20_000 });
}

/**
 * Adds `user@test.domain` as a person would with a provider that signs in: no password in Heron,
 * "Sign in with Test Identity", the provider's page in their browser, then Heron tests and saves.
 * Answers the new account's id.
 */
export async function addAccountBySigningIn(journey: Journey, browser: SystemBrowser, user: string, name: string, shots?: string): Promise<string> {
  const { page, rig } = journey;
  const before = new Set((await readStore<{ id: string }>(page, 'accounts')).map((a) => a.id));
  await wizardToReview(page, user, name);
  const panel = page.getByTestId('sign-in');
  await expect(panel).toContainText('Test Identity signs you in on its own page, in your browser');
  if (shots) await snap(page, `${shots}-wizard-review`);
  const opened = rig.openedExternal.length;
  await panel.getByRole('button', { name: 'Sign in with Test Identity' }).click();
  await expect(panel).toContainText('Finish signing in to Test Identity in your browser; Heron waits until you are done there.');
  if (shots) await snap(page, `${shots}-wizard-waiting`);
  const tab = await signInAt(browser, await openedUrl(rig, opened + 1), { login: `${user}@test.domain`, password: passwordOf(user) });
  await expect(tab.getByRole('heading', { name: 'You are signed in' })).toBeVisible();
  await expect(panel).toContainText(`✓ Signed in with Test Identity as ${user}@test.domain. Heron keeps the sign-in`);
  if (shots) await snap(page, `${shots}-wizard-signed-in`);
  await page.getByRole('button', { name: /^(Test and save account|Save account)$/ }).click();
  await expect(page.getByRole('heading', { name: 'Check your settings' })).toBeHidden({ timeout: 30_000 });
  const added = (await readStore<{ id: string }>(page, 'accounts')).filter((a) => !before.has(a.id));
  expect(added).toHaveLength(1);
  return added[0]!.id;
}

/** Writes a message to `to` in a new compose pane and sends it. */
export async function composeAndSend(page: Page, to: string, subject: string, text: string): Promise<void> {
  await page.getByRole('button', { name: 'New message' }).click();
  const pane = page.getByRole('region', { name: 'New message' });
  await pane.getByRole('combobox', { name: 'To', exact: true }).fill(to);
  await pane.getByRole('combobox', { name: 'To', exact: true }).press('Enter');
  await pane.getByRole('textbox', { name: 'Subject' }).fill(subject);
  await page.getByRole('textbox', { name: 'Message text' }).click();
  await page.keyboard.type(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click({ timeout: 15_000 });
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else out.push(full);
  }
  return out;
}

/** Every row of every store of Heron's IndexedDB, as JSON. */
async function everyRow(page: Page): Promise<string> {
  const names = await page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const req = indexedDB.open('heron');
        req.onsuccess = () => {
          const list = [...req.result.objectStoreNames];
          req.result.close();
          resolve(list);
        };
        req.onerror = () => reject(req.error);
      }),
  );
  const rows = await Promise.all(names.map(async (name) => JSON.stringify(await readStore(page, name))));
  return rows.join('\n');
}

/**
 * No code, access token or refresh token the provider ever issued is in any answer or event main
 * sent the window, in any IndexedDB row, in main's log or in the connection log.
 */
export async function expectNoTokenLeft(journey: Journey): Promise<void> {
  const issued = journey.servers.oauth?.issued() ?? [];
  expect(issued.length).toBeGreaterThan(0);
  const traffic = journey.rig.traffic.join('\n');
  expect(traffic).toContain('signIn');
  const rows = await everyRow(journey.page);
  const logs = path.join(journey.rig.userDataDir, 'logs');
  const connectionLogs = path.join(journey.rig.userDataDir, 'connection-logs');
  const logText = (await Promise.all((await filesUnder(logs)).map((f) => readFile(f, 'utf8')))).join('\n');
  const connectionText = (await Promise.all((await filesUnder(connectionLogs)).map((f) => readFile(f, 'utf8')))).join('\n');
  expect(connectionText).toContain('XOAUTH2');
  for (const secret of issued) {
    expect(traffic, 'an answer or event sent to the window').not.toContain(secret);
    expect(rows, 'an IndexedDB row').not.toContain(secret);
    expect(logText, "main's log").not.toContain(secret);
    expect(connectionText, 'the connection log').not.toContain(secret);
  }
}
