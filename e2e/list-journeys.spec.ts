/**
 * The message list on mail fetched from a real Dovecot, as a person meets it: a spoofed display
 * name is flagged in the row as in the reader; HTML-only mail has a preview line; times follow
 * the person's preferred language (here German, under an English-speaking app, as an Electron app
 * without German resources runs); the chosen order survives a reload; a compact density shows
 * many more rows in a 900 px window, and stays chosen.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './harness/fixtures';
import { seriousViolations } from './axe-support';
import { addAccount, getMail, openApp, startCounter, testMailbox, type Counter, type Opened } from './get-mail-support';
import { dovecotAvailable, startDovecot, type DovecotInstance } from './servers';
import { expectListSortedBy, sortListBy } from './harness/list-menu';

test.describe.configure({ mode: 'serial' });

let dovecot: DovecotInstance;
let counter: Counter;
let opened: Opened | null = null;

const mail = (lines: readonly string[]) => Buffer.from(lines.join('\r\n'), 'utf8');
const today = new Date();
const todayAt1507 = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 15, 7)).toUTCString().replace('GMT', '+0000');

const extra = [
  mail([
    'From: Shop <news@shop.example>',
    'To: lister@test.domain',
    'Subject: Spring sale, HTML only',
    'Date: Tue, 10 Mar 2026 07:00:00 +0000',
    'Message-ID: <html-only@heron.test>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="a"',
    '',
    '--a',
    'Content-Type: text/html; charset=UTF-8',
    '',
    '<html><head><title>Sale</title><style>p { color: red }</style></head>',
    '<body><!-- tracking --><h1>Everything&nbsp;must go</h1><p>Up to 50% off &amp; free shipping.</p></body></html>',
    '--a--',
    '',
  ]),
  mail([
    'From: Colleague <colleague@work.example>',
    'To: lister@test.domain',
    'Subject: Lunch today',
    `Date: ${todayAt1507}`,
    'Message-ID: <today@heron.test>',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    'Shall we meet at one?',
    '',
  ]),
  ...Array.from({ length: 24 }, (_, i) =>
    mail([
      `From: Archive ${i} <archive${i}@old.example>`,
      'To: lister@test.domain',
      `Subject: Old message ${String(i).padStart(2, '0')}`,
      `Date: Mon, ${String(i + 1).padStart(2, '0')} Sep 2025 10:00:00 +0000`,
      `Message-ID: <old-${i}@heron.test>`,
      'Content-Type: text/plain; charset=UTF-8',
      '',
      `An older message, number ${i}.`,
      '',
    ]),
  ),
];

test.beforeAll(async ({}, testInfo) => {
  testInfo.skip(testInfo.project.name !== 'chromium', 'real Dovecot runs with the chromium stand-in only');
  testInfo.skip(!dovecotAvailable.available, dovecotAvailable.title('real Dovecot'));
  testInfo.setTimeout(120_000);
  counter = await startCounter();
  dovecot = await startDovecot({ users: [{ name: 'lister', password: 'lister-pw-9' }] });
  await dovecot.seed('lister', [...testMailbox(counter.port).map((m) => m.bytes), ...extra]);
});

test.afterAll(async () => {
  await opened?.close();
  await dovecot?.stop();
  await counter?.close();
});

/** Rows whose top edge lies inside the list's scroller: what a person sees at once. */
const visibleRows = (page: Page) =>
  page.evaluate(() => {
    const scroller = document.querySelector('.message-scroller');
    if (!scroller) return 0;
    const box = scroller.getBoundingClientRect();
    return [...scroller.querySelectorAll('[role="option"]')].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= box.top && r.bottom <= box.bottom;
    }).length;
  });

test('list rows: spoof flag, HTML preview, the person\'s time format, order kept over a reload, compact density', async ({ rendererServer, standinScript, launchOptions }) => {
  test.setTimeout(120_000);
  // The app's own language stays English (Intl's default); the person prefers German. Playwright
  // would set the context's locale to en-US, which sets both: `locale: undefined` leaves it to the flags.
  const german = { ...launchOptions, args: [...(launchOptions.args ?? []), '--lang=en-US', '--accept-lang=de-DE,de'], env: { ...process.env, TZ: 'UTC' }, locale: undefined };
  opened = await openApp(rendererServer.origin, standinScript, german, dovecot);
  const { page, standin } = opened;
  await addAccount(page, dovecot, 'lister', 'keep');
  await getMail(page, standin, 'acct-lister');
  const list = page.getByRole('listbox', { name: 'Messages in Inbox' });
  const rows = list.getByRole('option');
  await expect(page.locator('.list-pane .pane-subtitle')).toHaveText('31 messages');

  // The spoofed name: the row shows the real address and the same warning as the reader.
  const spoof = rows.filter({ hasText: 'Newsletter with pictures' });
  await expect(spoof.locator('.row-from')).toContainText('promo@shop.example');
  await expect(spoof.locator('.row-spoof')).toHaveAttribute('title', 'The name shows service@bank.example, but this message was sent from promo@shop.example.');
  await expect(spoof).toContainText('The name shows service@bank.example, but this message was sent from promo@shop.example.');
  // An honest name stays as it was.
  await expect(rows.filter({ hasText: 'Plain hello' }).locator('.row-from')).toHaveText('Grace Hopper');
  await page.screenshot({ path: '/tmp/list-journey-1-rows.png' });
  expect(await seriousViolations(page)).toEqual([]);

  // HTML-only mail has a preview line, from its text (no markup, no style, no title).
  await expect(rows.filter({ hasText: 'Spring sale, HTML only' }).locator('.row-snippet')).toHaveText('Everything must go Up to 50% off & free shipping.');
  await expect(rows.filter({ hasText: 'Quarterly report' }).locator('.row-snippet')).toHaveText('The report is attached.');

  // Today's message shows its time as the person's language writes it (24 h in German), and the
  // reader's date too; older ones their date.
  const lunch = rows.filter({ hasText: 'Lunch today' });
  await expect(lunch.locator('.row-date')).toHaveText('15:07');
  await lunch.click();
  await expect(page.locator('.reader-fields time')).toContainText('15:07');
  await expect(page.locator('.reader-fields time')).not.toContainText('PM');
  await expect(rows.filter({ hasText: 'Plain hello' }).locator('.row-date')).toHaveText('10. März');
  await page.screenshot({ path: '/tmp/list-journey-2-german-time.png' });

  // Oldest first, kept over a reload.
  await sortListBy(page, 'Oldest first');
  await expect(rows.first()).toContainText('Old message 00');
  await expect(rows.first().locator('.row-date')).toHaveText('1. Sept. 2025');
  await page.reload();
  await page.waitForFunction(() => document.querySelector('.app:not(.app-loading)') !== null);
  await expectListSortedBy(page, 'Oldest first');
  await expect(rows.first()).toContainText('Old message 00');
  await expect(rows.nth(1)).toContainText('Old message 01');

  // About ten rows fit at the comfortable density; compact shows many more, and stays chosen.
  const comfortable = await visibleRows(page);
  expect(comfortable).toBeLessThanOrEqual(10);
  await page.getByRole('button', { name: 'Settings' }).click();
  const density = page.getByRole('group', { name: 'Message list' });
  await expect(density.getByRole('radio', { name: /^Comfortable/ })).toBeChecked();
  await density.getByRole('radio', { name: /^Compact/ }).check();
  await page.screenshot({ path: '/tmp/list-journey-3-settings.png' });
  await page.getByRole('button', { name: /^Inbox/ }).first().click();
  await expect(rows.first()).toContainText('Old message 00');
  await expect.poll(() => visibleRows(page)).toBeGreaterThanOrEqual(Math.ceil(comfortable * 1.5)); // half as many rows again, whatever the header's height
  await page.screenshot({ path: '/tmp/list-journey-4-compact.png' });
  expect(await seriousViolations(page)).toEqual([]);
  await page.reload();
  await page.waitForFunction(() => document.querySelector('.app:not(.app-loading)') !== null);
  await expect.poll(() => visibleRows(page)).toBeGreaterThanOrEqual(Math.ceil(comfortable * 1.5)); // half as many rows again, whatever the header's height
  // The keyboard still walks the compact list row by row, and the reader follows.
  await rows.first().click();
  await page.keyboard.press('j');
  await expect(page.locator('#reader-subject')).toHaveText('Old message 01');
  await expect(list.locator('[aria-selected="true"]')).toContainText('Old message 01');
  expect(counter.hits).toEqual([]);
});
