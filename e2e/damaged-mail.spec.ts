/**
 * Broken or huge mail never hides its content, on mail fetched from a real Dovecot through the
 * production renderer: a missing or mismatched multipart boundary, part headers without a blank
 * line, a type without subtype, each shown with its text and a warning naming the damage; valid
 * mail that merely mentions charsets shows no warning; a single-part HTML message over 2 MiB is
 * readable; a Date without a zone is read as UTC in the list and the reader alike; an inline
 * image the HTML does not show is listed as an attachment; and every kind of remote content
 * removed is counted in the notice.
 */
import { expect, test } from './harness/fixtures';
import { bigHtmlMail, damagedMailbox } from './damaged-mailbox';
import { addAccount, getMail, openApp, startCounter, type Counter, type Opened } from './get-mail-support';
import { dovecotAvailable, startDovecot, type DovecotInstance } from './servers';

test.describe.configure({ mode: 'serial' });

let dovecot: DovecotInstance;
let counter: Counter;
let opened: Opened | null = null;
// Main's services run in this process: a zone other than UTC shows a date read as local time.
const zoneBefore = process.env.TZ;
const BIG_BYTES = 3 * 1024 * 1024;

test.beforeAll(async ({}, testInfo) => {
  testInfo.skip(testInfo.project.name !== 'chromium', 'real Dovecot runs with the chromium stand-in only');
  testInfo.skip(!dovecotAvailable.available, dovecotAvailable.title('real Dovecot'));
  testInfo.setTimeout(120_000);
  process.env.TZ = 'America/New_York';
  counter = await startCounter();
  dovecot = await startDovecot({ users: [{ name: 'damaged', password: 'damaged-pw-1' }] });
  await dovecot.seed('damaged', [...damagedMailbox(counter.port).map((m) => m.bytes), bigHtmlMail('A letter over 2 MiB', BIG_BYTES, counter.port)]);
});

test.afterAll(async () => {
  await opened?.close();
  await dovecot?.stop();
  await counter?.close();
  if (zoneBefore === undefined) delete process.env.TZ;
  else process.env.TZ = zoneBefore;
});

test('damaged and huge mail shows its text with warnings that name the damage', async ({ rendererServer, standinScript, launchOptions }) => {
  test.setTimeout(180_000);
  opened = await openApp(rendererServer.origin, standinScript, { ...launchOptions, timezoneId: 'America/New_York', locale: 'en-US' } as typeof launchOptions, dovecot);
  const { page, standin } = opened;
  await addAccount(page, dovecot, 'damaged', 'keep');
  await getMail(page, standin, 'acct-damaged');
  const mailbox = damagedMailbox(counter.port);
  const list = page.getByRole('listbox', { name: 'Messages in Inbox' });
  await expect(list.getByRole('option')).toHaveCount(mailbox.length + 1);
  const frame = page.frameLocator('iframe.reader-frame');
  const warnings = page.getByRole('list', { name: 'Problems reading this message' });

  for (const mail of mailbox) {
    await list.getByRole('option').filter({ hasText: mail.subject }).click();
    await expect(page.locator('#reader-subject')).toHaveText(mail.subject);
    await expect.soft(frame.locator('body')).toContainText(mail.shows, { timeout: 15_000 });
    if (mail.warnings.length === 0) await expect.soft(warnings).toHaveCount(0);
    else await expect.soft(warnings.getByRole('listitem')).toHaveText([...mail.warnings]);
  }
  await list.getByRole('option').filter({ hasText: 'Boundary mismatch' }).click();
  await expect(frame.locator('body')).toContainText('The HTML side of a mismatched boundary');
  await page.screenshot({ path: '/tmp/mime-damaged-boundary.png' });

  // The Date without a zone: 10:00 UTC, the same instant in the list and the reader.
  await list.getByRole('option').filter({ hasText: 'Date without a zone' }).click();
  await expect(page.locator('.reader-fields time')).toHaveAttribute('datetime', '2026-03-10T10:00:00.000Z');
  await expect(page.locator('.reader-fields time')).toHaveText('Tuesday, March 10, 2026 at 6:00 AM');
  await expect(list.getByRole('option').filter({ hasText: 'Date without a zone' }).locator('time')).toHaveAttribute('datetime', '2026-03-10T10:00:00.000Z');
  await page.screenshot({ path: '/tmp/mime-damaged-date.png' });

  // The inline image the HTML shows is in the text; the one it does not is an attachment.
  await list.getByRole('option').filter({ hasText: 'Inline images' }).click();
  await expect(frame.locator('img[alt="shown"]')).toHaveAttribute('src', /^data:image\/png;base64,/);
  const attachments = page.getByRole('region', { name: 'Attachments' });
  await expect(attachments.getByRole('listitem')).toHaveCount(1);
  await expect(attachments.getByRole('listitem')).toHaveAttribute('data-filename', 'not-in-the-text.png');

  // Every remote fetch removed is counted, nothing is requested; allowed, the https ones load.
  await list.getByRole('option').filter({ hasText: 'Remote content of every kind' }).click();
  const bar = page.locator('.remote-bar');
  await expect(bar).toHaveText(/^Heron blocked 8 remote items from 127\.0\.0\.1 to protect your privacy/);
  await page.screenshot({ path: '/tmp/mime-damaged-remote.png' });
  await bar.getByRole('button', { name: 'Load for this message' }).click();
  await expect(bar).toHaveText('Heron still blocks 2 remote items from 127.0.0.1: stylesheets, fonts, media and images over unencrypted http are never loaded in mail.');
  await expect(frame.locator('img[alt="srcset"]')).toHaveAttribute('srcset', `https://127.0.0.1:${counter.port}/a.png 1x, https://127.0.0.1:${counter.port}/b.png 2x`);
  await expect(frame.locator('source')).toHaveAttribute('srcset', `https://127.0.0.1:${counter.port}/c.webp`);
  await expect(frame.locator('body > div').first()).toHaveAttribute('background', `https://127.0.0.1:${counter.port}/body.png`);
  expect(counter.hits.filter((h) => /sheet|import/.test(h))).toEqual([]);

  // The single-part HTML message over 2 MiB: its text first, then all of its HTML, to the end.
  await list.getByRole('option').filter({ hasText: 'A letter over 2 MiB' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Showing the plain text while the formatted message is prepared…' })).toBeVisible();
  await expect(frame.locator('body')).toContainText('Paragraph 1 of the long letter');
  await page.screenshot({ path: '/tmp/mime-damaged-big-text-first.png' });
  await expect(frame.locator('#end')).toHaveText('The end of the long letter.', { timeout: 60_000 });
  await expect(frame.locator('body')).not.toContainText('Invalid HTML');
  await expect(warnings).toHaveCount(0);
  await expect(page.getByText('Showing the plain text while the formatted message is prepared…')).toHaveCount(0);
  await page.screenshot({ path: '/tmp/mime-damaged-big.png' });
});
