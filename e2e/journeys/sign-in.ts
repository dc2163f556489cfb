/**
 * The person's side of an OAuth2 sign-in in the journeys: their own browser (a second Chromium,
 * apart from Heron's window, as the system browser is), the page Heron asked the OS to open
 * (main's URL policy hands it to `openExternal`, which the rig records), and the provider's login
 * page on the in-repo authorization server, which sends the browser back to Heron's loopback port.
 */
import { chromium, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { AppRig } from '../harness/app-rig';

export interface SystemBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function openSystemBrowser(): Promise<SystemBrowser> {
  const browser: Browser = await chromium.launch({
    executablePath: process.env.HERON_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  // The provider's certificate comes from the test CA, which this browser does not know.
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 900, height: 700 } });
  return { context, close: () => browser.close() };
}

/** The `n`th URL (from 1) main asked the OS to open, once it has. */
export async function openedUrl(rig: AppRig, n: number): Promise<string> {
  await expect.poll(() => rig.openedExternal.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(n);
  return rig.openedExternal[n - 1] as string;
}

export interface SignInVisit {
  readonly login: string;
  readonly password: string;
  /** 'cancel' presses Cancel on the provider's page. */
  readonly action?: 'sign-in' | 'cancel';
  /** Rewrites where the provider sends the browser back (a forged or stale answer). */
  readonly tamper?: (redirect: URL) => URL;
}

/**
 * Opens the provider's page in the browser, signs in there (or cancels), and answers the tab once
 * it shows what Heron's loopback address said.
 */
export async function signInAt(browser: SystemBrowser, url: string, visit: SignInVisit): Promise<Page> {
  const page = await browser.context.newPage();
  if (visit.tamper) {
    const tamper = visit.tamper;
    await page.route('**/authorize', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const answer = await route.fetch({ maxRedirects: 0 });
      const location = answer.headers().location;
      if (!location) return route.fulfill({ response: answer });
      return route.fulfill({ status: 302, headers: { location: tamper(new URL(location)).href } });
    });
  }
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Sign in to Test Identity' })).toBeVisible();
  await page.getByLabel('Email').fill(visit.login);
  await page.getByLabel('Password').fill(visit.password);
  await page.getByRole('button', { name: visit.action === 'cancel' ? 'Cancel' : 'Sign in' }).click();
  await page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\//, { timeout: 20_000 });
  return page;
}
