/**
 * Getting mail end to end: the production renderer over main's real fetch service and worker,
 * against a real Dovecot on loopback (POP3S, verified with the test CA). Keep mode leaves the
 * server as it was and a second check adds nothing; delete mode empties the server only after
 * the commit; a message deleted here and emptied from Trash is deleted from the server next time;
 * a 14-day keep deletes what was downloaded 15 days ago and keeps what came since.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './harness/fixtures';
import { addAccount, ATTACHMENT, getMail, openApp, startCounter, testMailbox, type Counter, type Opened } from './get-mail-support';
import { dovecotAvailable, startDovecot, type DovecotInstance } from './servers';
import { chooseInListMenu } from './harness/list-menu';

test.describe.configure({ mode: 'serial' });

let dovecot: DovecotInstance;
let counter: Counter;
const USERS = [
  { name: 'keeper', password: 'keeper-pw-1' },
  { name: 'deleter', password: 'deleter-pw-2' },
  { name: 'retry', password: 'retry-pw-4' },
  { name: 'partial', password: 'partial-pw-5' },
  { name: 'fortnight', password: 'fortnight-pw-6' },
];
const DAY = 86_400_000;

test.beforeAll(async ({}, testInfo) => {
  testInfo.skip(testInfo.project.name !== 'chromium', 'real Dovecot runs with the chromium stand-in only');
  testInfo.skip(!dovecotAvailable.available, dovecotAvailable.title('real Dovecot'));
  testInfo.setTimeout(120_000);
  counter = await startCounter();
  dovecot = await startDovecot({ users: USERS });
  const mail = testMailbox(counter.port);
  for (const u of USERS) await dovecot.seed(u.name, mail.map((m) => m.bytes));
});

test.afterAll(async () => {
  await dovecot?.stop();
  await counter?.close();
});

let opened: Opened | null = null;
test.afterEach(async () => {
  await opened?.close();
  opened = null;
});

test('keep mode: five kinds of mail arrive intact, nothing leaves the server, a second check adds nothing', async ({ rendererServer, standinScript, launchOptions }) => {
  test.setTimeout(120_000);
  opened = await openApp(rendererServer.origin, standinScript, launchOptions, dovecot);
  const { page, standin } = opened;
  await addAccount(page, dovecot, 'keeper', 'keep');
  const list = page.getByRole('listbox', { name: 'Messages in Inbox' });

  await getMail(page, standin, 'acct-keeper');
  await expect(list.getByRole('option')).toHaveCount(5);
  expect((await dovecot.listMaildir('keeper')).length).toBe(5);

  // Every message opens and shows its text, decoded from its own charset.
  for (const m of testMailbox(counter.port)) {
    await list.getByRole('option').filter({ hasText: m.subject }).click();
    await expect(page.locator('#reader-subject')).toHaveText(m.subject);
    await expect(page.frameLocator('iframe.reader-frame').locator('body')).toContainText(m.shows);
  }

  // The attachment is saved byte for byte.
  await list.getByRole('option').filter({ hasText: 'Quarterly report' }).click();
  await page.getByRole('button', { name: 'Save report.pdf' }).click();
  await expect(page.getByText('Saved as report.pdf')).toBeVisible();
  const saved = await readFile(path.join(standin.services.userDataDir, 'saved-attachments', 'report.pdf'));
  expect(Buffer.compare(saved, ATTACHMENT)).toBe(0);

  // Check again: the server still has five, and so does the list (no duplicates).
  await getMail(page, standin, 'acct-keeper');
  await expect(list.getByRole('option')).toHaveCount(5);
  expect((await dovecot.listMaildir('keeper')).length).toBe(5);

  // Deleted here, Trash emptied (after confirming): the next check deletes it from the server.
  await list.getByRole('option').filter({ hasText: 'Plain hello' }).click();
  await page.keyboard.press('Delete');
  await expect(list.getByRole('option')).toHaveCount(4);
  await page.getByRole('button', { name: /^Trash/ }).first().click();
  await chooseInListMenu(page, 'Empty Trash');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete for good' }).click();
  await expect(page.getByText('There are no messages in Trash.')).toBeVisible();
  await page.getByRole('button', { name: /^Inbox/ }).first().click();
  await getMail(page, standin, 'acct-keeper');
  await expect(list.getByRole('option')).toHaveCount(4);
  expect((await dovecot.listMaildir('keeper')).length).toBe(4);

  expect(counter.hits).toEqual([]);
});

test('delete mode: the server is emptied after the messages are stored, and a second check adds nothing', async ({ rendererServer, standinScript, launchOptions }) => {
  test.setTimeout(120_000);
  opened = await openApp(rendererServer.origin, standinScript, launchOptions, dovecot);
  const { page, standin } = opened;
  await addAccount(page, dovecot, 'deleter', 'delete');
  const list = page.getByRole('listbox', { name: 'Messages in Inbox' });
  await getMail(page, standin, 'acct-deleter');
  await expect(list.getByRole('option')).toHaveCount(5);
  expect(await dovecot.listMaildir('deleter')).toEqual([]);
  // The stored copies are complete: their bytes are what the server sent.
  const sizes = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('heron');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    // Fetched mail's bytes are kept a batch to a row (renderer/src/data/raw-store.ts).
    const chunks = await new Promise<Array<{ sizes: number[]; bytes: Blob }>>((resolve, reject) => {
      const r = db.transaction('rawChunks').objectStore('rawChunks').getAll();
      r.onsuccess = () => resolve(r.result as Array<{ sizes: number[]; bytes: Blob }>);
      r.onerror = () => reject(r.error);
    });
    db.close();
    if (chunks.some((c) => c.sizes.reduce((a, b) => a + b, 0) !== c.bytes.size)) throw new Error('a chunk holds bytes beyond its messages');
    return chunks.flatMap((c) => c.sizes).sort((a, b) => a - b);
  });
  expect(sizes).toEqual(testMailbox(counter.port).map((m) => m.bytes.length).sort((a, b) => a - b));
  await getMail(page, standin, 'acct-deleter');
  await expect(list.getByRole('option')).toHaveCount(5);
  expect(counter.hits).toEqual([]);
});

/** Moves every stored POP state entry's download time back by `ms` (raw IndexedDB); answers how many. */
function agePopState(page: Page, ms: number): Promise<number> {
  return page.evaluate(async (ms) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('heron');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    let aged = 0;
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('popChunks', 'readwrite');
      const all = tx.objectStore('popChunks').getAll();
      all.onsuccess = () => {
        for (const row of all.result as Array<{ entries: Array<{ downloadedAt: number }> }>) {
          for (const e of row.entries) e.downloadedAt -= ms;
          aged += row.entries.length;
          tx.objectStore('popChunks').put(row);
        }
      };
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    return aged;
  }, ms);
}

test('keep for 14 days: mail downloaded 15 days ago leaves the server at the next check, mail downloaded since stays, and both stay here', async ({ rendererServer, standinScript, launchOptions }) => {
  test.setTimeout(120_000);
  opened = await openApp(rendererServer.origin, standinScript, launchOptions, dovecot);
  const { page, standin } = opened;
  await addAccount(page, dovecot, 'fortnight', 'keep', null, 14);
  const list = page.getByRole('listbox', { name: 'Messages in Inbox' });
  await getMail(page, standin, 'acct-fortnight');
  await expect(list.getByRole('option')).toHaveCount(5);
  // Just downloaded: nothing is due yet.
  expect((await dovecot.listMaildir('fortnight')).length).toBe(5);

  // Fifteen days pass: the store worker recorded each download's time in the POP state, and no
  // clock a test can set reaches a worker, so the recorded times are moved back instead. The
  // planner in main's worker runs on the real clock. Then one more message arrives.
  expect(await agePopState(page, 15 * DAY)).toBe(5);
  const late = Buffer.from(
    'From: Late Sender <late@test.domain>\r\nTo: fortnight@test.domain\r\nSubject: Arrived after the fortnight\r\n' +
      `Date: ${new Date().toUTCString().replace('GMT', '+0000')}\r\nMessage-ID: <late-1@test.domain>\r\n\r\nStill here tomorrow.\r\n`,
    'latin1',
  );
  await dovecot.seed('fortnight', [late]);
  await getMail(page, standin, 'acct-fortnight');
  await expect(list.getByRole('option')).toHaveCount(6);
  await expect(list.getByRole('option').filter({ hasText: 'Arrived after the fortnight' })).toHaveCount(1);
  // Only the new message is left on the server, byte for byte.
  const left = await dovecot.listMaildir('fortnight');
  expect(left.length).toBe(1);
  expect(await readFile(left[0]!.path)).toEqual(late);

  // A third check changes nothing: the new message is not due, and nothing comes twice.
  await getMail(page, standin, 'acct-fortnight');
  await expect(list.getByRole('option')).toHaveCount(6);
  expect((await dovecot.listMaildir('fortnight')).length).toBe(1);
});

test('a rejected password is shown in words with the server\'s answer, and Try again works once it is fixed', async ({ rendererServer, standinScript, launchOptions }) => {
  test.setTimeout(120_000);
  opened = await openApp(rendererServer.origin, standinScript, launchOptions, dovecot);
  const { page, standin } = opened;
  await addAccount(page, dovecot, 'retry', 'keep');
  await page.evaluate((port) =>
    (window as unknown as { heron: { calls: { setPassword(i: unknown): Promise<unknown> } } }).heron.calls.setPassword({
      accountId: 'acct-retry',
      slot: 'incoming',
      password: 'wrong-password',
      persist: false,
      servers: [{ host: '127.0.0.1', port, security: 'tls', username: 'retry' }],
    }), dovecot.pop3sPort,
  );
  await getMail(page, standin, 'acct-retry');
  const alert = page.locator('.fetch-error[data-account="acct-retry"]');
  await expect(alert).toHaveAttribute('data-code', 'EAUTH');
  await expect(alert).toContainText('The server did not accept your sign-in (retry@test.domain)');
  await expect(alert).toContainText('retry');
  // The password never reaches the page's words.
  await expect(alert).not.toContainText('wrong-password');
  await page.evaluate((port) =>
    (window as unknown as { heron: { calls: { setPassword(i: unknown): Promise<unknown> } } }).heron.calls.setPassword({
      accountId: 'acct-retry',
      slot: 'incoming',
      password: 'retry-pw-4',
      persist: false,
      servers: [{ host: '127.0.0.1', port, security: 'tls', username: 'retry' }],
    }), dovecot.pop3sPort,
  );
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('listbox', { name: 'Messages in Inbox' }).getByRole('option')).toHaveCount(5, { timeout: 30_000 });
  await expect(alert).toHaveCount(0);
});

test('over the size limit only the headers come; "Download the whole message" completes the same copy', async ({ rendererServer, standinScript, launchOptions }) => {
  test.setTimeout(120_000);
  opened = await openApp(rendererServer.origin, standinScript, launchOptions, dovecot);
  const { page, standin } = opened;
  await addAccount(page, dovecot, 'partial', 'delete', 2000);
  const list = page.getByRole('listbox', { name: 'Messages in Inbox' });
  await getMail(page, standin, 'acct-partial');
  await expect(list.getByRole('option')).toHaveCount(5);
  // Delete mode never deletes a message whose body exists only on the server.
  expect((await dovecot.listMaildir('partial')).length).toBe(1);
  const row = list.getByRole('option').filter({ hasText: 'Quarterly report' });
  await expect(row).toContainText('headers only');
  await row.click();
  await expect(page.locator('.attachment')).toHaveCount(0);
  await expect(page.frameLocator('iframe.reader-frame').locator('body')).toContainText('The text of this message is still on the server: only its headers were downloaded.');
  await page.getByRole('button', { name: /^Download the whole message \(7\.\d KB\)$/ }).click();
  await expect(page.getByRole('button', { name: 'Save report.pdf' })).toBeVisible({ timeout: 30_000 });
  await expect(row).not.toContainText('headers only');
  await expect(list.getByRole('option')).toHaveCount(5);
  // Now stored whole, the next check may delete it from the server.
  await getMail(page, standin, 'acct-partial');
  expect(await dovecot.listMaildir('partial')).toEqual([]);
  await expect(list.getByRole('option')).toHaveCount(5);
});
