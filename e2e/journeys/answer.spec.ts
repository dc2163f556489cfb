/**
 * Answering mail: alice sets up her account with the wizard, gets her mail from the real Dovecot,
 * and answers it (reply, reply all, forward, forward as attachment, a reply to her own sent
 * message). Each answer goes through the real Postfix into the other person's Maildir; bob then
 * adds his account and gets the reply through Heron, and answers it in turn.
 */
import { expect, test, type Page } from '@playwright/test';
import { simpleParser } from 'mailparser';
import { readStore } from '../harness/app-rig';
import { journeyMailbox, mailByKey, PLAN_REPLY_ID, PLAN_ROOT_ID, REPORT_PDF } from './mailbox';
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

describeJourney('answering fetched mail', { timeoutMs: 240_000 }, (journey) => {
  /**
   * Types `text` at the top of the open draft's body and sends it. An answer opens with the caret
   * there already; with `to`, the recipient is typed first and the caret put back on the first line.
   */
  async function writeAndSend(page: Page, pane: string, text: string, to?: string): Promise<void> {
    const region = page.getByRole('region', { name: `Message: ${pane}` });
    const body = region.getByRole('textbox', { name: 'Message text' });
    if (to !== undefined) {
      await region.getByRole('combobox', { name: 'To', exact: true }).fill(to);
      await region.getByRole('combobox', { name: 'To', exact: true }).press('Enter');
      await body.locator(':scope > div').first().click();
    }
    await expect(body).toBeFocused();
    await page.keyboard.type(text);
    await region.getByRole('button', { name: 'Send', exact: true }).click({ timeout: 15_000 });
    await expect(region).toBeHidden({ timeout: 20_000 });
  }

  async function answer(
    page: Page,
    action: 'Reply' | 'Reply all' | 'Forward' | 'Forward as attachment',
  ): Promise<void> {
    await page
      .getByRole('toolbar', { name: 'Message actions' })
      .getByRole('button', { name: action, exact: true })
      .click();
    await expect(page.getByRole('region', { name: /^Message: / })).toBeVisible();
  }

  test('reply, reply all, forward and forward as attachment of fetched mail arrive with the right headers, quote and bytes; bob gets the reply through Heron and answers it', async () => {
    const j = journey();
    const { page, servers } = j;
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option')).toHaveCount(6);
    await snap(page, 'answer-1-inbox');

    await test.step('every message of the first Get mail opens and shows its text', async () => {
      for (const m of journeyMailbox()) {
        await openMessage(page, m.subject);
        await expect(page.frameLocator('iframe.reader-frame').locator('body')).toContainText(m.shows);
      }
      // The damaged one says what is wrong with it.
      await openMessage(page, mailByKey('broken').subject);
      await expect(page.getByText(/boundary/i).first()).toBeVisible();
    });

    await test.step('reply to a plain message with a non-ASCII subject', async () => {
      const plain = mailByKey('plain');
      await openMessage(page, plain.subject);
      await answer(page, 'Reply');
      const pane = page.getByRole('region', { name: `Message: Re: ${plain.subject}` });
      await expect(pane.getByRole('combobox', { name: 'To', exact: true })).toBeVisible();
      await expect(pane.getByRole('list', { name: 'To recipients' })).toContainText('bob@test.domain');
      await snap(page, 'answer-2-reply-open');
      await writeAndSend(page, `Re: ${plain.subject}`, 'Danke, Bob! Sounds good.');
      const [got] = await waitForDelivery(servers, 'bob', 1);
      expect(got!.mail.subject).toBe(`Re: ${plain.subject}`);
      expect(rawHeader(got!.raw, 'In-Reply-To')).toBe(`<${plain.messageId}>`);
      expect(rawHeader(got!.raw, 'References')).toBe(`<${plain.messageId}>`);
      expect(got!.mail.to).toMatchObject({ value: [{ address: 'bob@test.domain' }] });
      expect(got!.mail.text).toContain('Danke, Bob! Sounds good.');
      expect(got!.mail.text).toContain('> Liebe Alice, die Überraschung ist fertig. 日本語の本文もあります。');
      expect(got!.mail.text).toMatch(/Bob Bäcker wrote:/);
    });

    await test.step('reply all to a thread message with folded References and provider-style ids', async () => {
      await openMessage(page, 'Re: Project plan');
      await answer(page, 'Reply all');
      await snap(page, 'answer-3-reply-all-open');
      await writeAndSend(page, 'Re: Project plan', 'Friday works for me.');
      const carol = await waitForDelivery(servers, 'carol', 1);
      const raw = carol[0]!.raw;
      expect(rawHeader(raw, 'In-Reply-To')).toBe(`<${PLAN_REPLY_ID}>`);
      expect(rawHeader(raw, 'References')).toBe(
        `<older.thread.start@lists.test.domain> <${PLAN_ROOT_ID}> <${PLAN_REPLY_ID}>`,
      );
      expect(rawHeader(raw, 'Subject')).toBe('Re: Project plan');
      const mail = carol[0]!.mail;
      expect(mail.to).toMatchObject({ value: [{ address: 'carol@test.domain' }, { address: 'bob@test.domain' }] });
      expect(mail.cc).toMatchObject({ value: [{ address: 'dan@test.domain' }] });
      // alice is not among the recipients of her own reply all.
      expect(JSON.stringify([mail.to, mail.cc])).not.toContain('alice@test.domain');
      // Delivered to every recipient: bob now holds two messages, dan one.
      await waitForDelivery(servers, 'bob', 2);
      await waitForDelivery(servers, 'dan', 1);
    });

    await test.step('forward inline keeps the attachments byte for byte', async () => {
      const report = mailByKey('attachments');
      await openMessage(page, report.subject);
      await answer(page, 'Forward');
      await snap(page, 'answer-4-forward-open');
      await writeAndSend(page, `Fwd: ${report.subject}`, 'See the report below.', 'dan@test.domain');
      const dan = await waitForDelivery(servers, 'dan', 2);
      const fwd = dan.find((d) => d.mail.subject === `Fwd: ${report.subject}`);
      expect(fwd).toBeDefined();
      expect(rawHeader(fwd!.raw, 'References')).toBe(`<${report.messageId}>`);
      expect(fwd!.mail.text).toContain('---------- Forwarded message ----------');
      expect(fwd!.mail.text).toContain('The report is attached.');
      const pdf = fwd!.mail.attachments.find((a) => a.filename === 'report.pdf');
      expect(pdf && Buffer.compare(pdf.content, REPORT_PDF)).toBe(0);
    });

    await test.step('forward as attachment carries the fetched bytes exactly', async () => {
      const cp1252 = mailByKey('cp1252');
      await openMessage(page, cp1252.subject);
      await answer(page, 'Forward as attachment');
      await snap(page, 'answer-5-forward-attachment-open');
      await writeAndSend(page, `Fwd: ${cp1252.subject}`, 'Forwarded as a file.', 'carol@test.domain');
      const carol = await waitForDelivery(servers, 'carol', 2);
      const fwd = carol.find((d) => d.mail.subject === `Fwd: ${cp1252.subject}`);
      expect(fwd).toBeDefined();
      const attached = fwd!.mail.attachments.find((a) => a.contentType === 'message/rfc822');
      expect(attached?.filename).toBe('Café prices – 5 € each.eml');
      expect(Buffer.compare(attached!.content, cp1252.bytes)).toBe(0);
      expect(rawHeader(fwd!.raw, 'References')).toBe(`<${cp1252.messageId}>`);
    });

    await test.step('a reply to her own sent message goes to its recipient', async () => {
      await openFolder(page, 'Sent');
      const plain = mailByKey('plain');
      const sent = (
        await readStore<{ folder: string; messageId: string | null; subject: string }>(page, 'messages')
      ).filter((r) => r.folder === 'sent' && r.subject === `Re: ${plain.subject}`);
      expect(sent).toHaveLength(1);
      const firstId = sent[0]!.messageId;
      // The stored form: no angle brackets, the same as fetched mail's.
      expect(firstId).toMatch(/^[^<>\s]+@test\.domain$/);
      await openMessage(page, `Re: ${plain.subject}`);
      await snap(page, 'answer-6-sent');
      await answer(page, 'Reply');
      const pane = page.getByRole('region', { name: `Message: Re: ${plain.subject}` });
      await expect(pane.getByRole('list', { name: 'To recipients' })).toContainText('bob@test.domain');
      await writeAndSend(page, `Re: ${plain.subject}`, 'One more thing: bring the cake.');
      const bob = await waitForDelivery(servers, 'bob', 3);
      const second = bob.find((b) => b.mail.text?.includes('bring the cake'));
      expect(second).toBeDefined();
      expect(rawHeader(second!.raw, 'In-Reply-To')).toBe(`<${firstId}>`);
      expect(rawHeader(second!.raw, 'References')).toBe(`<${plain.messageId}> <${firstId}>`);
      expect(second!.mail.to).toMatchObject({ value: [{ address: 'bob@test.domain' }] });
    });

    await test.step('bob adds his account, gets the reply through Heron and answers it; alice gets his answer threaded', async () => {
      await openFolder(page, 'Inbox');
      const bob = await addAccountWithWizard(page, 'bob', 'Bob Bäcker');
      await getMail(j, bob);
      const plain = mailByKey('plain');
      // The new account's Inbox is on screen: the three answers alice sent him.
      await expect(messageList(page).getByRole('option')).toHaveCount(3, { timeout: 20_000 });
      await messageList(page)
        .getByRole('option')
        .filter({ hasText: 'Danke, Bob!' })
        .filter({ hasNotText: 'bring the cake' })
        .click();
      await expect(page.locator('#reader-subject')).toHaveText(`Re: ${plain.subject}`);
      await expect(page.frameLocator('iframe.reader-frame').locator('body')).toContainText('Danke, Bob! Sounds good.');
      await snap(page, 'answer-7-bob-reads-reply');
      await answer(page, 'Reply');
      await writeAndSend(page, `Re: ${plain.subject}`, 'Bis Freitag!');
      const aliceMail = await waitForDelivery(servers, 'alice', 7);
      const answerToAnswer = aliceMail.find((d) => d.mail.text?.includes('Bis Freitag!'));
      expect(answerToAnswer).toBeDefined();
      const refs = rawHeader(answerToAnswer!.raw, 'References') ?? '';
      expect(refs.startsWith(`<${plain.messageId}> <`)).toBe(true);
      expect(refs.split(' ')).toHaveLength(2);
      expect(rawHeader(answerToAnswer!.raw, 'In-Reply-To')).toBe(refs.split(' ')[1]);
      // Alice gets it through Heron too; the Unified Inbox holds her seven and his three.
      await page.getByRole('button', { name: /^Unified Inbox/ }).click();
      await getMail(j, alice);
      // The list is virtualized: the set size says how many there are.
      await expect(messageList(page).getByRole('option').first()).toHaveAttribute('aria-setsize', '10');
      await expect(messageList(page).getByRole('option').filter({ hasText: 'Bis Freitag!' })).toHaveCount(1);
      await snap(page, 'answer-8-unified-inbox');
      const parsed = await simpleParser(answerToAnswer!.raw);
      expect(parsed.from?.value[0]?.address).toBe('bob@test.domain');
    });
  });
});
