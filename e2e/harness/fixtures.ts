/**
 * The one fixture every spec uses: `app` is a Page showing Heron, with a fresh profile.
 * - project `chromium`: Debian's Chromium on the production renderer build, served on 127.0.0.1,
 *   with `window.heron` built from the contract over the real main handlers (standin.ts, over HTTP
 *   on that same origin), in a fresh persistent profile per test so IndexedDB survives reloads as
 *   in the app.
 * - project `electron`: the real app through Playwright's `_electron` with a temporary userData;
 *   where no Electron binary is installed its tests are skipped, visibly, with the reason.
 */
import { test as base, chromium, _electron, expect, type ElectronApplication, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ELECTRON_MAIN, electronBinary } from './electron-app';
import { startStaticServer, type StaticServer } from './static-server';
import { bundleStandin, installStandin, ROOT, type Standin, type StandinScript } from './standin';

interface Session {
  readonly page: Page;
  readonly standin: Standin | null;
}

interface TestFixtures {
  session: Session;
  /** Heron's window, loaded and ready. */
  app: Page;
  /** Main-side view of the stand-in (chromium project only; null under Electron). */
  standin: Standin | null;
  /** The profile directory (Chromium's user data dir, or Electron's userData). */
  profileDir: string;
}

interface WorkerFixtures {
  rendererServer: StaticServer;
  standinScript: StandinScript;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  rendererServer: [
    async ({}, use) => {
      const server = await startStaticServer(path.join(ROOT, 'out/renderer'));
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],

  standinScript: [async ({ rendererServer }, use) => use(await bundleStandin(rendererServer)), { scope: 'worker' }],

  profileDir: async ({}, use) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'heron-e2e-profile-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  },

  session: async ({ rendererServer, standinScript, profileDir, launchOptions, colorScheme }, use, testInfo) => {
    if (testInfo.project.name === 'electron') {
      const exe = electronBinary();
      testInfo.skip(exe === null, 'no Electron binary installed (node_modules/electron/dist is missing; ELECTRON_SKIP_BINARY_DOWNLOAD)');
      const electronApp: ElectronApplication = await _electron.launch({
        executablePath: exe ?? undefined,
        args: [ELECTRON_MAIN, `--user-data-dir=${profileDir}`],
        colorScheme: colorScheme ?? undefined,
      });
      const page = await electronApp.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      await use({ page, standin: null });
      await electronApp.close();
      return;
    }
    const context = await chromium.launchPersistentContext(profileDir, {
      ...launchOptions,
      colorScheme: colorScheme ?? undefined,
      viewport: { width: 1280, height: 800 },
    });
    const standin = await installStandin(context, standinScript);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${rendererServer.origin}/index.html`);
    await use({ page, standin });
    await context.close();
    await standin.dispose();
  },

  app: async ({ session }, use) => use(session.page),
  standin: async ({ session }, use) => use(session.standin),
});

export { expect };
