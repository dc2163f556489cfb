import { defineConfig } from '@playwright/test';

// Debian's Chromium (Playwright cannot download its own browsers here). The flags keep it from
// reaching for the network this machine does not have.
const chromium = process.env.HERON_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  // Builds the production renderer (and main, for the electron project) once per run.
  globalSetup: './e2e/harness/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  reporter: [['list'], ['json']],
  outputDir: '.cache/playwright-results',
  use: { trace: 'off', screenshot: 'only-on-failure' },
  projects: [
    {
      // The production renderer in Chromium, with the preload API replaced by the contract-built stand-in.
      name: 'chromium',
      use: {
        launchOptions: {
          executablePath: chromium,
          args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        },
      },
    },
    {
      // The same specs against the real app, where an Electron binary is installed.
      name: 'electron',
      // The XSS corpus tests the sanitizer in a plain page, not the app: it runs once, in Chromium.
      testIgnore: ['**/interop/**', '**/servers/**', '**/xss.spec.ts'],
    },
  ],
});
