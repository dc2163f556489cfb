/**
 * Attachments of mail fetched from a real Dovecot, beyond saving: opened with the system's app
 * (written to a private temporary folder first; programs and scripts only after a warning in
 * words), previewed in the app (an image, a text file shown as text, a PDF in Chromium's viewer),
 * and an attached message opened in the reader with its own attachments and a way back.
 */
import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { expect, test } from './harness/fixtures';
import { seriousViolations } from './axe-support';
import { addAccount, getMail, openApp, type Opened } from './get-mail-support';
import { dovecotAvailable, startDovecot, type DovecotInstance } from './servers';

test.describe.configure({ mode: 'serial' });

let dovecot: DovecotInstance;
let opened: Opened | null = null;

/** A real PNG of `w`×`h` pixels, two colours, so the preview has something to show. */
function png(w: number, h: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) rows.set(x < w / 2 ? [0x1f, 0x5f, 0xcc] : [0xf2, 0xa0, 0x1c], y * (w * 3 + 1) + 1 + x * 3);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

const PHOTO = png(120, 80);
const NOTES = 'Grüße from the notes.\n<script>window.__pwned = "text"</script>\nLine three.\n';
// A one-page PDF; its comment line is HTML that would set a flag if the bytes were ever read as a page.
const PDF = Buffer.from(
  [
    '%PDF-1.4',
    '%<script>parent.__pwned = "pdf"</script><img src=x onerror="parent.__pwned=\'pdf-img\'">',
    '1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj',
    '2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj',
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj',
    '4 0 obj<</Length 43>>stream',
    'BT /F1 24 Tf 20 60 Td (Hello PDF) Tj ET',
    'endstream endobj',
    '5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj',
    'trailer<</Root 1 0 R>>',
    '%%EOF',
    '',
  ].join('\n'),
  'latin1',
);
const EXE = Buffer.from('MZ\x90\x00 not really a program', 'latin1');
const INNER_TEXT = 'Minutes, item 1: the budget.\n';

const b64 = (buf: Buffer) => buf.toString('base64').replace(/.{76}/g, '$&\r\n');
const FORWARDED = [
  'From: Ada Lovelace <ada@engines.example>',
  'To: team@engines.example',
  'Subject: Minutes of the meeting',
  'Date: Mon, 09 Mar 2026 16:00:00 +0000',
  'Message-ID: <minutes@heron.test>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="inner"',
  '',
  '--inner',
  'Content-Type: text/html; charset=UTF-8',
  '',
  '<p>The minutes are attached. <b>Thank you all.</b></p><script>parent.__pwned = "eml"</script>',
  '--inner',
  'Content-Type: text/plain; charset=UTF-8; name="minutes.txt"',
  'Content-Disposition: attachment; filename="minutes.txt"',
  '',
  INNER_TEXT.trimEnd(),
  '--inner--',
  '',
].join('\r\n');

const MESSAGE = Buffer.concat([
  Buffer.from(
    [
      'From: Grace Hopper <grace@navy.example>',
      'To: opener@test.domain',
      'Subject: Files to look at',
      'Date: Tue, 10 Mar 2026 09:00:00 +0000',
      'Message-ID: <files@heron.test>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: text/plain; charset=UTF-8',
      '',
      'Here are the files.',
      '--outer',
      'Content-Type: image/png; name="photo.png"',
      'Content-Disposition: attachment; filename="photo.png"',
      'Content-Transfer-Encoding: base64',
      '',
      b64(PHOTO),
      '--outer',
      'Content-Type: text/plain; charset=UTF-8; name="notes.txt"',
      'Content-Disposition: attachment; filename="notes.txt"',
      'Content-Transfer-Encoding: base64',
      '',
      b64(Buffer.from(NOTES, 'utf8')),
      '--outer',
      'Content-Type: application/pdf; name="report.pdf"',
      'Content-Disposition: attachment; filename="report.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      b64(PDF),
      '--outer',
      'Content-Type: application/octet-stream; name="setup.exe"',
      'Content-Disposition: attachment; filename="setup.exe"',
      'Content-Transfer-Encoding: base64',
      '',
      b64(EXE),
      '--outer',
      'Content-Type: message/rfc822; name="minutes.eml"',
      'Content-Disposition: attachment; filename="minutes.eml"',
      '',
      FORWARDED,
      '--outer--',
      '',
    ].join('\r\n'),
    'utf8',
  ),
]);

test.beforeAll(async ({}, testInfo) => {
  testInfo.skip(testInfo.project.name !== 'chromium', 'real Dovecot runs with the chromium stand-in only');
  testInfo.skip(!dovecotAvailable.available, dovecotAvailable.title('real Dovecot'));
  testInfo.setTimeout(120_000);
  dovecot = await startDovecot({ users: [{ name: 'opener', password: 'opener-pw-10' }] });
  await dovecot.seed('opener', [MESSAGE]);
});

test.afterAll(async () => {
  await opened?.close();
  await dovecot?.stop();
});

test('open with the system app, preview image / text / PDF in the app, and read an attached message', async ({ rendererServer, standinScript, launchOptions }) => {
  test.setTimeout(120_000);
  opened = await openApp(rendererServer.origin, standinScript, launchOptions, dovecot);
  const { page, standin } = opened;
  await addAccount(page, dovecot, 'opener', 'keep');
  await getMail(page, standin, 'acct-opener');
  const list = page.getByRole('listbox', { name: 'Messages in Inbox' });
  await list.getByRole('option').filter({ hasText: 'Files to look at' }).click();
  await expect(page.frameLocator('iframe.reader-frame').locator('body')).toContainText('Here are the files.');
  const attachments = page.getByRole('region', { name: 'Attachments' });
  await expect(attachments.getByRole('listitem')).toHaveCount(5);
  await page.screenshot({ path: '/tmp/list-attach-1-list.png' });

  // Open with the system's app: written to a private temporary folder, then handed to the OS.
  // The list sits below the message's frame: scrolled to first, as a person scrolls down to it.
  await attachments.scrollIntoViewIfNeeded();
  await attachments.getByRole('button', { name: 'Open report.pdf' }).click();
  await expect(attachments.getByText('Opened report.pdf')).toBeVisible();
  expect(standin.openedPaths).toHaveLength(1);
  const pdfPath = standin.openedPaths[0] as string;
  expect(path.basename(pdfPath)).toBe('report.pdf');
  expect(pdfPath.startsWith(os.tmpdir() + path.sep)).toBe(true);
  expect(pdfPath.startsWith(standin.services.userDataDir)).toBe(false);
  expect(Buffer.compare(await readFile(pdfPath), PDF)).toBe(0);
  // Only this person may read the folder; the file is not executable.
  expect((await stat(path.dirname(pdfPath))).mode & 0o077).toBe(0);
  expect((await stat(pdfPath)).mode & 0o111).toBe(0);

  // A program: the person is told in words what opening it means, and nothing opens unless they go on.
  await attachments.getByRole('button', { name: 'Open setup.exe' }).click();
  const warning = attachments.getByRole('alert');
  await expect(warning).toContainText('“setup.exe” is a program or script: opening it could run code on this computer.');
  await page.screenshot({ path: '/tmp/list-attach-2-exe-warning.png' });
  expect(await seriousViolations(page)).toEqual([]);
  await warning.getByRole('button', { name: 'Cancel' }).click();
  expect(standin.openedPaths).toHaveLength(1);
  await attachments.getByRole('button', { name: 'Open setup.exe' }).click();
  await attachments.getByRole('alert').getByRole('button', { name: 'Open anyway' }).click();
  await expect(attachments.getByText('Opened setup.exe')).toBeVisible();
  expect(standin.openedPaths).toHaveLength(2);
  expect(Buffer.compare(await readFile(standin.openedPaths[1] as string), EXE)).toBe(0);
  expect((await stat(standin.openedPaths[1] as string)).mode & 0o111).toBe(0);

  // Preview an image in the app: a dialog, closed with Escape, focus back where it was.
  const previewPhoto = attachments.getByRole('button', { name: 'Preview photo.png' });
  await previewPhoto.click();
  const dialog = page.getByRole('dialog', { name: 'photo.png' });
  await expect(dialog).toBeVisible();
  const img = dialog.getByRole('img', { name: 'photo.png' });
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(120);
  await page.screenshot({ path: '/tmp/list-attach-3-image.png' });
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(previewPhoto).toBeFocused();

  // A text file is shown as text, markup and all, never run.
  await attachments.getByRole('button', { name: 'Preview notes.txt' }).click();
  const textDialog = page.getByRole('dialog', { name: 'notes.txt' });
  await expect(textDialog.locator('pre')).toHaveText(NOTES);
  await page.screenshot({ path: '/tmp/list-attach-4-text.png' });
  await textDialog.getByRole('button', { name: 'Close' }).click();

  // A PDF in Chromium's viewer, in the app; its bytes are never read as a page.
  await attachments.getByRole('button', { name: 'Preview report.pdf' }).click();
  const pdfDialog = page.getByRole('dialog', { name: 'report.pdf' });
  const frame = pdfDialog.locator('iframe');
  await expect(frame).toHaveAttribute('src', /^blob:/);
  await expect.poll(() => page.frames().some((f) => f.url().startsWith('chrome-extension://'))).toBe(true);
  expect(await frame.evaluate((el: HTMLIFrameElement) => el.contentDocument?.contentType)).toBe('application/pdf');
  await page.waitForTimeout(1000);
  await page.screenshot({ path: '/tmp/list-attach-5-pdf.png' });
  await pdfDialog.getByRole('button', { name: 'Close' }).click();
  await expect(pdfDialog).toHaveCount(0);

  // The attached message opens in the reader, with its own attachment, and Back returns.
  await attachments.getByRole('button', { name: 'Open minutes.eml' }).click();
  await expect(page.locator('#reader-pane').getByRole('heading', { level: 2 })).toHaveText('Minutes of the meeting');
  await expect(page.getByText('Attached to “Files to look at”')).toBeVisible();
  await expect(page.locator('.reader-fields')).toContainText('Ada Lovelace <ada@engines.example>');
  await expect(page.frameLocator('iframe.reader-frame').locator('body')).toContainText('The minutes are attached. Thank you all.');
  const inner = page.getByRole('region', { name: 'Attachments' });
  await expect(inner.getByRole('listitem')).toHaveCount(1);
  // No reply or forward from here: they would answer the message it came in.
  await expect(page.getByRole('button', { name: 'Reply', exact: true })).toHaveCount(0);
  await page.screenshot({ path: '/tmp/list-attach-6-attached-message.png' });
  expect(await seriousViolations(page)).toEqual([]);
  await inner.getByRole('button', { name: 'Preview minutes.txt' }).click();
  await expect(page.getByRole('dialog', { name: 'minutes.txt' }).locator('pre')).toHaveText(INNER_TEXT);
  await page.keyboard.press('Escape');
  // Read-only: nothing to reply to or delete from here; Back goes to the message it came in.
  await page.getByRole('button', { name: 'Back to “Files to look at”' }).click();
  await expect(page.locator('#reader-subject')).toHaveText('Files to look at');
  await expect(page.getByRole('region', { name: 'Attachments' }).getByRole('listitem')).toHaveCount(5);
  await expect(page.getByRole('button', { name: 'Reply', exact: true })).toBeVisible();

  // Nothing any file carried ran in the app.
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  await page.screenshot({ path: '/tmp/list-attach-7-back.png' });
});
