/**
 * The reader and the list on real fetched mail (Dovecot, the production renderer): remote
 * content blocked and counted with nothing requested, allowed per message or per sender; cid:
 * images shown from the stored part; spoofed display names flagged; real link targets shown;
 * a disguised executable (right-to-left override) shown as such and saved only after asking;
 * view source; keyboard and filter in the list; read after a moment.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './harness/fixtures';
import { addAccount, getMail, openApp, startCounter, testMailbox, type Counter, type Opened } from './get-mail-support';
import { dovecotAvailable, startDovecot, type DovecotInstance } from './servers';
import { sortListBy } from './harness/list-menu';

test.describe.configure({ mode: 'serial' });

let dovecot: DovecotInstance;
let counter: Counter;
let opened: Opened | null = null;
const EXE = Buffer.from('MZ\x90\x00 not really a program', 'latin1');

const disguised = Buffer.from(
  [
    'From: Billing <billing@vendor.example>',
    'To: reader@test.domain',
    'Subject: Your invoice',
    'Date: Tue, 10 Mar 2026 13:00:00 +0000',
    'Message-ID: <exe-1@heron.test>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    'Please find the invoice attached.',
    '--b',
    'Content-Type: application/octet-stream',
    `Content-Disposition: attachment; filename*=UTF-8''invoice%E2%80%AEfdp.exe`,
    'Content-Transfer-Encoding: base64',
    '',
    EXE.toString('base64'),
    '--b--',
    '',
  ].join('\r\n'),
  'utf8',
);

test.beforeAll(async ({}, testInfo) => {
  testInfo.skip(testInfo.project.name !== 'chromium', 'real Dovecot runs with the chromium stand-in only');
  testInfo.skip(!dovecotAvailable.available, dovecotAvailable.title('real Dovecot'));
  testInfo.setTimeout(120_000);
  counter = await startCounter();
  dovecot = await startDovecot({ users: [{ name: 'reader', password: 'reader-pw-3' }] });
  await dovecot.seed('reader', [...testMailbox(counter.port).map((m) => m.bytes), disguised]);
});

test.afterAll(async () => {
  await opened?.close();
  await dovecot?.stop();
  await counter?.close();
});

test('reader: remote content, cid images, spoofing, link targets, executables, source; list keys and filter', async ({ rendererServer, standinScript, launchOptions }) => {
  test.setTimeout(120_000);
  opened = await openApp(rendererServer.origin, standinScript, launchOptions, dovecot);
  const { page, standin } = opened;
  await addAccount(page, dovecot, 'reader', 'keep');
  await getMail(page, standin, 'acct-reader');
  const list = page.getByRole('listbox', { name: 'Messages in Inbox' });
  await expect(list.getByRole('option')).toHaveCount(6);
  const frame = page.frameLocator('iframe.reader-frame');

  // Remote content: blocked, counted, nothing requested; the real sender and the spoof are shown.
  await list.getByRole('option').filter({ hasText: 'Newsletter with pictures' }).click();
  const bar = page.locator('.remote-bar');
  await expect(bar).toContainText('Heron blocked');
  await expect(bar).toContainText('from 127.0.0.1');
  const blocked = Number(await bar.getAttribute('data-blocked'));
  // The body's CSS background, the tracking pixel and the https image.
  expect(blocked).toBe(3);
  // The images stay in the layout, without anything to load.
  await expect(frame.locator('img')).toHaveCount(2);
  await expect(frame.locator('img[src], img[srcset]')).toHaveCount(0);
  await expect(page.locator('.sender-address')).toHaveText('<promo@shop.example>');
  await expect(page.locator('.sender-warning')).toContainText('The name shows service@bank.example, but this message was sent from promo@shop.example.');
  // The link says bank.example; its tooltip names where it really goes.
  await expect(frame.getByRole('link', { name: 'https://bank.example/login' })).toHaveAttribute('title', 'Opens https://shop.example/real-target');
  await page.waitForTimeout(500);
  expect(counter.hits).toEqual([]);
  // Allowed for this sender: remembered; the https image loads, and the bar says what stays
  // blocked (the plain-http background and pixel), with nothing more to allow.
  await bar.getByRole('button', { name: 'Always load from promo@shop.example' }).click();
  const still = 'Heron still blocks 2 remote items from 127.0.0.1: stylesheets, fonts, media and images over unencrypted http are never loaded in mail.';
  await expect(bar).toHaveText(still);
  await expect(bar.getByRole('button')).toHaveCount(0);
  await expect(frame.locator('img[src^="https://127.0.0.1"]')).toHaveCount(1);
  await list.getByRole('option').filter({ hasText: 'Plain hello' }).click();
  await list.getByRole('option').filter({ hasText: 'Newsletter with pictures' }).click();
  await expect(page.locator('#reader-subject')).toHaveText('Newsletter with pictures');
  await expect(page.locator('.remote-bar')).toHaveText(still);

  // cid: image from the stored part, as a data: URL (the frame has an opaque origin).
  await list.getByRole('option').filter({ hasText: 'Quarterly report' }).click();
  const logo = frame.locator('img[alt="logo"]');
  await expect(logo).toHaveAttribute('src', /^data:image\/png;base64,/);
  await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);

  // A disguised executable: the override is shown, and saving asks first.
  await list.getByRole('option').filter({ hasText: 'Your invoice' }).click();
  await expect(page.locator('.attachment-name')).toHaveText('invoice[U+202E]fdp.exe');
  await page.getByRole('button', { name: 'Save invoice[U+202E]fdp.exe' }).click();
  await expect(page.getByRole('alert')).toContainText('is a program or script');
  await page.getByRole('button', { name: 'Save anyway' }).click();
  await expect(page.getByText('Saved as invoicefdp.exe')).toBeVisible();
  expect(Buffer.compare(await readFile(path.join(standin.services.userDataDir, 'saved-attachments', 'invoicefdp.exe')), EXE)).toBe(0);

  // View source shows the stored bytes.
  await list.getByRole('option').filter({ hasText: 'Plain hello' }).click();
  await page.getByRole('button', { name: 'View source' }).click();
  await expect(page.getByLabel('Message source')).toContainText('Message-ID: <plain-1@heron.test>');
  await page.getByRole('button', { name: 'Show message' }).click();

  // Read after a moment.
  const plain = list.getByRole('option').filter({ hasText: 'Plain hello' });
  await expect(plain).not.toHaveClass(/unread/, { timeout: 5000 });

  // Keyboard: j moves down and opens; u toggles read; s stars; / filters.
  await plain.focus();
  await page.keyboard.press('k');
  await expect(page.locator('#reader-subject')).not.toHaveText('Plain hello');
  const current = list.locator('[aria-selected="true"]');
  await page.keyboard.press('s');
  await expect(current).toHaveClass(/starred/);
  // Opened by k, read after a moment; u marks it unread (and it stays so), u again read.
  await expect(current).not.toHaveClass(/\bunread\b/, { timeout: 5000 });
  await page.keyboard.press('u');
  await expect(current).toHaveClass(/\bunread\b/);
  await page.waitForTimeout(2000);
  await expect(current).toHaveClass(/\bunread\b/);
  await page.keyboard.press('u');
  await expect(current).not.toHaveClass(/\bunread\b/);
  await page.keyboard.press('/');
  await expect(page.getByRole('combobox', { name: 'Search mail (/ or Ctrl+K)' })).toBeFocused();
  await page.keyboard.type('Grüße');
  await expect(list.getByRole('option')).toHaveCount(1);
  await expect(list.getByRole('option')).toContainText('Jürgen Müller');

  // Sender order, A–Z and Z–A by the name a person sees.
  await page.getByRole('combobox', { name: 'Search mail (/ or Ctrl+K)' }).fill('');
  await expect(list.getByRole('option')).toHaveCount(6);
  const senders = ['Ada Lovelace', 'Billing', 'Grace Hopper', 'Jürgen Müller'];
  const positions = async () => {
    const rows = await list.getByRole('option').allTextContents();
    return senders.map((name) => rows.findIndex((text) => text.includes(name)));
  };
  // Both orders must hold in turn, which no single date order can fake.
  const ordered = (dir: 1 | -1) => async () => {
    const at = await positions();
    return at.every((p, i) => p >= 0 && (i === 0 || dir * (p - (at[i - 1] as number)) > 0));
  };
  await sortListBy(page, 'Sender A–Z');
  await expect.poll(ordered(1)).toBe(true);
  await sortListBy(page, 'Sender Z–A');
  await expect.poll(ordered(-1)).toBe(true);

  expect(counter.hits).toEqual([]);
});
