/**
 * Send later: alice gets her mail from the real Dovecot, answers a message and schedules it a
 * minute ahead; she reloads the window before it is due (the time is kept with the Outbox item)
 * and the machine "wakes" (main's systemResumed) without sending it early; it reaches bob through
 * the real Postfix once, after its time. From the Outbox she sends a second scheduled message now
 * and cancels a third, which goes back to Drafts and never leaves.
 */
import { expect, test, type Page } from '@playwright/test';
import { readStore } from '../harness/app-rig';
import { mailByKey } from './mailbox';
import { addAccountWithWizard, describeJourney, getMail, openFolder, openMessage, rawHeader, snap, waitForDelivery } from './journey';

/** A minute boundary at least `leadMs` ahead, as the browser's date-time field spells it, and its time. */
async function nextMinute(page: Page, leadMs: number): Promise<{ value: string; at: number }> {
  return page.evaluate((lead) => {
    const d = new Date(Date.now() + lead);
    d.setSeconds(0, 0);
    d.setMinutes(d.getMinutes() + 1);
    const p = (n: number) => String(n).padStart(2, '0');
    return { value: `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`, at: d.getTime() };
  }, leadMs);
}

async function reply(page: Page, subject: string, text: string, answer = `Re: ${subject}`): Promise<ReturnType<Page['getByRole']>> {
  await openMessage(page, subject);
  await page.getByRole('toolbar', { name: 'Message actions' }).getByRole('button', { name: 'Reply', exact: true }).click();
  const pane = page.getByRole('region', { name: `Message: ${answer}` });
  await expect(pane.getByRole('textbox', { name: 'Message text' })).toBeFocused();
  await page.keyboard.type(text);
  return pane;
}

interface OutboxShape {
  id: string;
  state: string;
  sendAt?: number;
  scheduled?: boolean;
  nextAttemptAt: number;
  sentMeta: { subject: string };
}

describeJourney('send later', { timeoutMs: 240_000 }, (journey) => {
  test('reply → Send later at a time → reload before it is due → a wake-up does not send it early → it goes once after its time; Send now and Cancel from the Outbox', async () => {
    const j = journey();
    const { page, servers } = j;
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(j, alice);
    const plain = mailByKey('plain');
    const subject = `Re: ${plain.subject}`;

    let due = 0;
    await test.step('alice answers and chooses Send later with a time of her own', async () => {
      const pane = await reply(page, plain.subject, 'Happy birthday in advance!');
      await pane.getByRole('button', { name: 'Send later…' }).click();
      const picker = pane.getByRole('dialog', { name: 'Send later' });
      await expect(picker.getByRole('button', { name: /^Tomorrow morning/ })).toBeVisible();
      await expect(picker.getByRole('button', { name: /^Tomorrow afternoon/ })).toBeVisible();
      const when = await nextMinute(page, 40_000);
      due = when.at;
      await picker.getByLabel('Date and time').fill(when.value);
      await snap(page, 'later-1-picker');
      await picker.getByRole('button', { name: 'Schedule' }).click();
      await expect(pane).toBeHidden({ timeout: 10_000 });
      // Send later has no undo bar: the Outbox holds it until its time anyway.
      await expect(page.getByRole('region', { name: 'Undo send' })).toBeHidden();
      const rows = await readStore<OutboxShape>(page, 'outbox');
      expect(rows.map((r) => [r.sentMeta.subject, r.state, r.sendAt, r.scheduled, r.nextAttemptAt])).toEqual([[subject, 'queued', due, true, due]]);
    });

    await test.step('the Outbox says when it will go', async () => {
      await openFolder(page, 'Outbox');
      await expect(page.getByRole('listitem', { name: new RegExp(`^${subject}: Scheduled — goes `) })).toBeVisible();
      await snap(page, 'later-2-outbox-scheduled');
    });

    await test.step('the window reloads before it is due, and the machine wakes: it stays scheduled', async () => {
      await page.reload();
      await page.waitForFunction(() => document.querySelector('.app:not(.app-loading)') !== null);
      await openFolder(page, 'Outbox');
      await expect(page.getByRole('listitem', { name: new RegExp(`^${subject}: Scheduled — goes `) })).toBeVisible();
      j.rig.services.emit('systemResumed', { at: Date.now() });
      await page.waitForTimeout(1_500);
      expect((await readStore<OutboxShape>(page, 'outbox')).map((r) => [r.state, r.sendAt])).toEqual([['queued', due]]);
      expect(Date.now()).toBeLessThan(due);
      expect(await servers.dovecot.listMaildir('bob')).toEqual([]);
      await snap(page, 'later-3-after-reload');
    });

    await test.step('nothing goes before its time; after it, bob gets it once', async () => {
      await page.waitForTimeout(Math.max(0, due - 2_000 - Date.now()));
      expect(await servers.dovecot.listMaildir('bob')).toEqual([]);
      const [got] = await waitForDelivery(servers, 'bob', 1);
      expect(Date.now()).toBeGreaterThanOrEqual(due);
      expect(got!.mail.subject).toBe(subject);
      expect(got!.mail.text).toContain('Happy birthday in advance!');
      expect(rawHeader(got!.raw, 'In-Reply-To')).toBe(`<${plain.messageId}>`);
      await expect(page.getByText('Nothing is waiting to be sent.')).toBeVisible({ timeout: 15_000 });
      await page.waitForTimeout(3_000);
      await servers.postfix.waitForEmptyQueue(15_000);
      expect(await servers.dovecot.listMaildir('bob')).toHaveLength(1);
      const sent = (await readStore<{ folder: string; subject: string }>(page, 'messages')).filter((m) => m.folder === 'sent');
      expect(sent.map((m) => m.subject)).toEqual([subject]);
      await snap(page, 'later-4-sent-once');
    });

    await test.step('from the Outbox: one scheduled for tomorrow is sent now, another is cancelled back to Drafts', async () => {
      const plan = 'Re: Project plan';
      await openFolder(page, 'Inbox');
      const first = await reply(page, plan, 'Friday is fine.', plan);
      await first.getByRole('button', { name: 'Send later…' }).click();
      await first.getByRole('dialog', { name: 'Send later' }).getByRole('button', { name: /^Tomorrow morning/ }).click();
      await expect(first).toBeHidden({ timeout: 10_000 });
      const invoice = mailByKey('html-only');
      await openFolder(page, 'Inbox');
      const second = await reply(page, invoice.subject, 'Please cancel this order.');
      await second.getByRole('button', { name: 'Send later…' }).click();
      await second.getByRole('dialog', { name: 'Send later' }).getByRole('button', { name: /^Tomorrow afternoon/ }).click();
      await expect(second).toBeHidden({ timeout: 10_000 });

      await openFolder(page, 'Outbox');
      const planRow = page.getByRole('listitem', { name: new RegExp(`^${plan}: Scheduled — goes `) });
      const invoiceRow = page.getByRole('listitem', { name: new RegExp(`^Re: ${invoice.subject}: Scheduled — goes `) });
      await expect(planRow).toBeVisible();
      await expect(invoiceRow).toBeVisible();
      await snap(page, 'later-5-outbox-two-scheduled');

      await invoiceRow.getByRole('button', { name: 'Cancel sending' }).click();
      await expect(invoiceRow).toBeHidden();
      await planRow.getByRole('button', { name: 'Send now' }).click();
      const carol = await waitForDelivery(servers, 'carol', 1);
      expect(carol[0]!.mail.subject).toBe(plan);
      await expect(page.getByText('Nothing is waiting to be sent.')).toBeVisible({ timeout: 15_000 });

      await openFolder(page, 'Drafts');
      await expect(page.getByText(`Re: ${invoice.subject}`).first()).toBeVisible();
      await snap(page, 'later-6-cancelled-in-drafts');
      await page.waitForTimeout(2_000);
      await servers.postfix.waitForEmptyQueue(15_000);
      // The cancelled answer went nowhere; bob still has one message, carol one.
      expect(await servers.dovecot.listMaildir('bob')).toHaveLength(1);
      expect(await servers.dovecot.listMaildir('carol')).toHaveLength(1);
    });
  });
});
