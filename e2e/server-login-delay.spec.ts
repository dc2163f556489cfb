/**
 * A provider that limits how often a mailbox may be checked (issue 20), from a scriptable POP3
 * server over TLS (Dovecot has no LOGIN-DELAY): its CAPA announces `LOGIN-DELAY 900` while the
 * account checks every 5 minutes, and then it answers a login `-ERR [LOGIN-DELAY]`. The fetch
 * status and "What is on the server" say each in words — the limit and how often Heron checks
 * instead, and that the refused login is the provider's limit, not the password.
 */
import { expect, test } from '@playwright/test';
import { testCerts } from '../electron/core/tls/testing/certs';
import { startFakePop3, type FakePop3 } from '../electron/core/pop3/testing/fake-server';
import { callMain, openAppRig, type AppRig } from './harness/app-rig';
import { seedAccounts } from './harness/seed';
import { getMail } from './journeys/journey';
import { openSettings, settingsForm } from './settings-support';

const ACCOUNT = 'acct-delay';
const SHOTS = '/tmp/server-shots';
const DELAY_REPLY = '-ERR [LOGIN-DELAY] Wait 15 minutes between logins';

let server: FakePop3;
let rig: AppRig;
let refuse = false;

test.beforeEach(async ({}, testInfo) => {
  testInfo.skip(testInfo.project.name !== 'chromium', 'drives the renderer in Chromium over main’s services with the test CA');
  const certs = testCerts();
  refuse = false;
  server = await startFakePop3({
    tls: { mode: 'implicit', cert: certs.leaf.cert, key: certs.leaf.key },
    messages: [Buffer.from('From: Bob <bob@test.domain>\r\nSubject: Hello\r\nMessage-ID: <hello@test.domain>\r\n\r\nHi Alice.\r\n')],
    capabilities: { respCodes: true, extra: ['LOGIN-DELAY 900'] },
    overrides: {
      PASS: async (s) => {
        if (!refuse) return s.next();
        s.reply(DELAY_REPLY);
        s.close();
      },
    },
  });
  rig = await openAppRig({ ca: certs.ca });
});

test.afterEach(async () => {
  await rig?.close();
  await server?.close();
});

test('LOGIN-DELAY longer than the check interval is warned of, and a login refused with [LOGIN-DELAY] is said as the provider’s limit, not the password', async () => {
  test.setTimeout(120_000);
  const { page } = rig;
  await seedAccounts(page, [{ id: ACCOUNT, address: 'alice@test.domain', incoming: { host: 'localhost', port: server.port } }]);
  expect(
    await callMain(page, 'setPassword', { accountId: ACCOUNT, slot: 'incoming', password: 'secret', persist: false, servers: [{ host: 'localhost', port: server.port, security: 'tls', username: 'alice' }] }),
  ).toMatchObject({ ok: true });
  await openSettings(page);
  const form = settingsForm(page);
  await form.getByLabel('Check every (minutes, 0 = only when I ask)').fill('5');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form.getByRole('status')).toContainText(/Saved/);
  await page.getByRole('button', { name: 'Back to mail' }).click();

  const delay =
    'localhost allows one login every 15 minutes (POP3 LOGIN-DELAY 900), but this account is set to check every 5 minutes. ' +
    'Heron checks every 15 minutes instead; a “Get mail” sooner than that is refused by the server. Set the account to check every 15 minutes or more.';
  await getMail({ rig, page: rig.page }, ACCOUNT);
  await expect(page.getByRole('listbox', { name: /^Messages in / }).getByRole('option')).toHaveCount(1);
  await expect(page.locator('.fetch-status[data-code="LOGIN-DELAY"]')).toHaveText(delay);
  await page.screenshot({ path: `${SHOTS}/login-delay-1-status.png` });
  await openSettings(page);
  const provider = page.getByTestId('server-provider');
  await provider.scrollIntoViewIfNeeded();
  await expect(provider).toHaveText(delay);
  await page.screenshot({ path: `${SHOTS}/login-delay-2-view.png` });
  await page.getByRole('button', { name: 'Back to mail' }).click();

  refuse = true;
  await getMail({ rig, page: rig.page }, ACCOUNT);
  const status = page.locator('.fetch-status[data-code="ETEMPORARY"]');
  await expect(status).toContainText('The provider limits how often a mailbox may be checked. Your password is fine. Heron waits and tries again.');
  await expect(status).toContainText(DELAY_REPLY);
  await expect(status).not.toContainText(/rejected the credentials/);
  await page.screenshot({ path: `${SHOTS}/login-delay-3-refused.png` });
  await openSettings(page);
  await provider.scrollIntoViewIfNeeded();
  await expect(provider).toContainText('At the last check: localhost refused a login this soon after the last one. The provider limits how often a mailbox may be checked. Your password is fine.');
  // What the last check that logged in learnt stays known.
  await expect(provider).toContainText(delay);
  await page.screenshot({ path: `${SHOTS}/login-delay-4-view.png` });
});
