/**
 * Working offline: alice has her mail from the real Dovecot, then both servers go down. Get mail
 * says so in words and loses nothing; a reply and a new message wait in the Outbox, survive a
 * restart of the window, and go out exactly once when the servers are back.
 */
import { expect, test } from '@playwright/test';
import { readStore } from '../harness/app-rig';
import { mailByKey } from './mailbox';
import {
  addAccountWithWizard,
  describeJourney,
  getMail,
  messageList,
  openFolder,
  openMessage,
  rawHeader,
  snap,
  waitForDelivery,
} from './journey';

describeJourney('offline', { timeoutMs: 180_000 }, (journey) => {
  test('with the servers down, Get mail says so and keeps what is here; a reply and a new message wait in the Outbox across a restart and go out once when the servers are back', async () => {
    const j = journey();
    const { page, servers } = j;
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option')).toHaveCount(6);

    await Promise.all([servers.dovecot.pause(), servers.postfix.pause()]);

    await test.step('Get mail while the server is down: words, and nothing lost', async () => {
      await getMail(j, alice);
      await expect(
        page
          .getByRole('alert')
          .filter({ hasText: /could not connect|not reachable|refused/i })
          .first(),
      ).toBeVisible();
      await snap(page, 'offline-1-get-mail-error');
      await expect(messageList(page).getByRole('option')).toHaveCount(6);
    });

    await test.step('a reply and a new message are queued', async () => {
      const plain = mailByKey('plain');
      await openMessage(page, plain.subject);
      await page
        .getByRole('toolbar', { name: 'Message actions' })
        .getByRole('button', { name: 'Reply', exact: true })
        .click();
      const reply = page.getByRole('region', { name: `Message: Re: ${plain.subject}` });
      // A reply opens with the caret in the body, above the quote.
      await expect(reply.getByRole('textbox', { name: 'Message text' })).toBeFocused();
      await page.keyboard.type('Written on the train.');
      await reply.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(reply).toBeHidden();

      await page.getByRole('button', { name: 'New message' }).click();
      const fresh = page.getByRole('region', { name: 'New message' });
      await fresh.getByRole('combobox', { name: 'To', exact: true }).fill('carol@test.domain');
      await fresh.getByRole('combobox', { name: 'To', exact: true }).press('Enter');
      await fresh.getByRole('textbox', { name: 'Subject' }).fill('Notes from the train');
      await page
        .getByRole('region', { name: 'Message: Notes from the train' })
        .getByRole('textbox', { name: 'Message text' })
        .locator(':scope > div')
        .first()
        .click();
      await page.keyboard.type('No network here.');
      await page
        .getByRole('region', { name: 'Message: Notes from the train' })
        .getByRole('button', { name: 'Send', exact: true })
        .click();
      await expect(page.getByRole('region', { name: 'Message: Notes from the train' })).toBeHidden();

      await openFolder(page, 'Outbox');
      await expect(page.getByRole('listitem').filter({ hasText: /Waiting to send/ })).toHaveCount(2, {
        timeout: 30_000,
      });
      await snap(page, 'offline-2-outbox-waiting');
    });

    await test.step('the window restarts: both are still waiting', async () => {
      await page.reload();
      await page.waitForFunction(() => document.querySelector('.app:not(.app-loading)') !== null);
      await openFolder(page, 'Outbox');
      await expect(page.getByRole('listitem').filter({ hasText: /Waiting to send/ })).toHaveCount(2, {
        timeout: 30_000,
      });
      expect(await servers.dovecot.listMaildir('bob')).toEqual([]);
    });

    await test.step('the servers are back: both go out once, and Get mail works again without duplicates', async () => {
      await Promise.all([servers.dovecot.resume(), servers.postfix.resume()]);
      await page.getByRole('button', { name: 'Send now' }).first().click();
      await expect(page.getByText('Nothing is waiting to be sent.')).toBeVisible({ timeout: 30_000 });
      await servers.postfix.waitForEmptyQueue(15_000);
      const [toBob] = await waitForDelivery(servers, 'bob', 1);
      expect(rawHeader(toBob!.raw, 'In-Reply-To')).toBe(`<${mailByKey('plain').messageId}>`);
      expect(toBob!.mail.text).toContain('Written on the train.');
      const [toCarol] = await waitForDelivery(servers, 'carol', 1);
      expect(toCarol!.mail.subject).toBe('Notes from the train');
      // Exactly once: waking the runner again sends nothing more.
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
      await page.waitForTimeout(1500);
      expect(await servers.dovecot.listMaildir('bob')).toHaveLength(1);
      expect(await servers.dovecot.listMaildir('carol')).toHaveLength(1);
      const sent = (await readStore<{ folder: string }>(page, 'messages')).filter((m) => m.folder === 'sent');
      expect(sent).toHaveLength(2);

      await openFolder(page, 'Inbox');
      await getMail(j, alice);
      await expect(page.getByRole('alert').filter({ hasText: /could not connect|not reachable|refused/i })).toHaveCount(
        0,
      );
      await expect(messageList(page).getByRole('option')).toHaveCount(6);
      await snap(page, 'offline-3-back');
    });
  });
});
