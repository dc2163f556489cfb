/**
 * Get mail from a hostile POP3 server (issue 16): over TLS verified against the test CA, a mailbox
 * holds seven good messages, one the server refuses, one LIST calls 2 KB that streams 300 MB, and
 * one whose RETR never ends. The person clicks Get mail, sees every good message and the liar's
 * headers in the Inbox, and reads in the list what stays on the server and why; once the server
 * is mended, "Try again" brings the two it can now send, each once, and the words follow.
 */
import { expect, test } from '@playwright/test';
import { testCerts } from '../electron/core/tls/testing/certs';
import { startFakePop3, type FakePop3 } from '../electron/core/pop3/testing/fake-server';
import { GOOD, hostileMessages, hostileRetr, REFUSED_REPLY } from '../electron/core/fetch/testing/hostile-mailbox';
import type { FetchService } from '../electron/main/fetch/service';
import { callMain, openAppRig, readStore, type AppRig } from './harness/app-rig';
import { seedAccounts } from './harness/seed';
import { getMail } from './journeys/journey';

const ACCOUNT = 'acct-hostile';
const SHOTS = '/tmp/pop3-hostile';

let server: FakePop3;
let rig: AppRig;
let mended = false;

test.beforeEach(async ({}, testInfo) => {
  testInfo.skip(testInfo.project.name !== 'chromium', 'drives the renderer in Chromium over main’s services with the test CA');
  const certs = testCerts();
  mended = false;
  server = await startFakePop3({
    tls: { mode: 'implicit', cert: certs.leaf.cert, key: certs.leaf.key },
    messages: hostileMessages(),
    overrides: { RETR: hostileRetr(() => mended) },
  });
  rig = await openAppRig({ ca: certs.ca });
});

test.afterEach(async () => {
  await rig?.close();
  await server?.close();
});

test('a refused message, a lying LIST and a RETR that never ends: the good mail arrives, and the list says what stays on the server and why; Try again brings what the mended server sends', async () => {
  test.setTimeout(120_000);
  const { page } = rig;
  await seedAccounts(page, [{ id: ACCOUNT, address: 'alice@test.domain', order: 0, incoming: { host: 'localhost', port: server.port } }]);
  const bound = await callMain(page, 'setPassword', {
    accountId: ACCOUNT,
    slot: 'incoming',
    password: 'secret',
    persist: false,
    servers: [{ host: 'localhost', port: server.port, security: 'tls', username: 'alice' }],
  });
  expect(bound).toMatchObject({ ok: true });

  await getMail({ rig, page: rig.page }, ACCOUNT);
  const list = page.getByRole('listbox', { name: /^Messages in / });
  for (const g of GOOD) await expect(list.getByRole('option').filter({ hasText: `Message ${g.uid.slice(4)}` })).toHaveCount(1);
  await expect(list.getByRole('option').filter({ hasText: 'Listed small, sent huge' })).toHaveCount(1);
  await expect(list.getByRole('option')).toHaveCount(GOOD.length + 1);
  // The Get mail itself succeeded: no error, only what stays on the server.
  await expect(page.locator('.fetch-error')).toHaveCount(0);
  const notice = page.getByRole('status', { name: 'Messages on the server for alice@test.domain' });
  await expect(notice).toContainText('Still on the server for alice@test.domain');
  await expect(notice.locator('[data-reason="refused"]')).toHaveText(`1 message could not be downloaded: the server refused it. The server said: “${REFUSED_REPLY}”`);
  await expect(notice.locator('[data-reason="mismatch"]')).toHaveText('1 message could not be downloaded: what the server sent did not match what it said about it.');
  await expect(notice.locator('[data-reason="too-big-headers"]')).toHaveText(
    '1 message is larger than the server said: only its headers were downloaded. Open it to download the whole message.',
  );
  await expect(notice).toContainText('Heron will try them again at the next check.');
  await page.screenshot({ path: `${SHOTS}-1-after-get-mail.png` });

  // The liar: its headers, marked as such, and nothing of its 300 MB.
  await list.getByRole('option').filter({ hasText: 'Listed small, sent huge' }).click();
  await expect(page.locator('#reader-subject')).toHaveText('Listed small, sent huge');
  // Not "because it is large", nor LIST's 2 KB: what is known is that it is larger than the server said.
  await expect(page.locator('.reader-note p').first()).toHaveText('Only the headers of this message were downloaded: it turned out larger than the server said it was.');
  await expect(page.getByRole('button', { name: 'Download the whole message', exact: true })).toBeVisible();
  await expect(page.locator('.reader-text').filter({ hasText: 'Loading…' })).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}-2-liar-headers-only.png` });

  // Nothing was deleted (keep 14 days), and what the window stores says the same across a reload.
  expect(server.deleted).toEqual([]);
  await page.reload();
  await expect(notice.locator('[data-reason="refused"]')).toBeVisible();

  // The server is mended; the person asks again.
  mended = true;
  await notice.getByRole('button', { name: 'Try again' }).click();
  await expect(list.getByRole('option').filter({ hasText: 'The server refuses to send me' })).toHaveCount(1, { timeout: 30_000 });
  await expect(list.getByRole('option').filter({ hasText: 'My reply never ends' })).toHaveCount(1, { timeout: 30_000 });
  await expect.poll(() => (rig.services.fetch.service as unknown as FetchService).isFetching(ACCOUNT), { timeout: 30_000 }).toBe(false);
  await expect(list.getByRole('option')).toHaveCount(GOOD.length + 3);
  await expect(notice.locator('[data-reason="refused"]')).toHaveCount(0);
  await expect(notice.locator('[data-reason="mismatch"]')).toHaveCount(0);
  await expect(notice.locator('[data-reason="too-big-headers"]')).toBeVisible();
  await expect(notice.getByRole('button', { name: 'Try again' })).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}-3-after-try-again.png` });

  // Each message stored once, under its own UIDL.
  const rows = await readStore<{ uidl: string | null }>(page, 'messages');
  expect(rows.map((r) => r.uidl).sort()).toEqual(hostileMessages().map((m) => m.uid).sort());
  expect(server.deleted).toEqual([]);
});
