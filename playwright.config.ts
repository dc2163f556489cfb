import { defineConfig } from '@playwright/test';

// Debian's Chromium (Playwright cannot download its own browsers here). The flags keep it from
// reaching for the network this machine does not have.
const chromium = process.env.HERON_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  workers: 1,
  reporter: [['list'], ['json']],
  projects: [
    {
      name: 'chromium',
      use: {
        launchOptions: {
          executablePath: chromium,
          args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        },
      },
    },
  ],
});
