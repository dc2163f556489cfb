/**
 * A rule that forwards (issue 19): alice makes "invoices go to Carol" in Settings (an address that
 * is not one is refused in words), Get mail brings three messages from the real Dovecot, and only
 * the invoice a person wrote goes on — through alice's own server (the real Postfix), by the
 * Outbox — into carol's mailbox, with its text, its attachment byte for byte, and the headers a
 * forward carries; the auto-reply and the message no condition matched stay put. Carol then gets
 * it through Heron too.
 */
import { expect, test, type Page } from '@playwright/test';
import { readStore } from '../harness/app-rig';
import { showRuleLog } from './rules-support';
import { openSettings } from '../settings-support';
import { fixedBytes } from './mailbox';
import { addAccountWithWizard, describeJourney, getMail, messageList, openFolder, openMessage, rawHeader, snap, waitForDelivery, delivered } from './journey';

const INVOICE_PDF = fixedBytes('rule forward invoice.pdf', 31_337);

function mail(n: number, from: string, subject: string, text: string, extra = '', attachment?: { name: string; bytes: Buffer }): Buffer {
  const head = `From: ${from}\r\nTo: Alice Test <alice@test.domain>\r\nSubject: ${subject}\r\nDate: Mon, 07 Dec 2026 10:0${n}:00 +0000\r\nMessage-ID: <forward-${n}@mail.test.domain>\r\n${extra}MIME-Version: 1.0\r\n`;
  if (!attachment) return Buffer.from(`${head}Content-Type: text/plain; charset=UTF-8\r\n\r\n${text}\r\n`);
  const b64 = attachment.bytes.toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    `${head}Content-Type: multipart/mixed; boundary="f${n}"\r\n\r\n--f${n}\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n${text}\r\n--f${n}\r\nContent-Type: application/pdf; name="${attachment.name}"\r\nContent-Disposition: attachment; filename="${attachment.name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n--f${n}--\r\n`,
  );
}

async function makeForwardRule(page: Page): Promise<void> {
  await openSettings(page);
  await page.getByRole('button', { name: 'New rule' }).click();
  const editor = page.getByRole('form', { name: 'New rule' });
  await editor.getByLabel('Rule name').fill('Invoices to Carol');
  await editor.getByLabel('Condition 1: field').selectOption('subject');
  await editor.getByLabel('Condition 1: test').selectOption('contains');
  await editor.getByLabel('Condition 1: value').fill('invoice');
  await editor.getByLabel('Action 1', { exact: true }).selectOption('forward');
  await editor.getByLabel('Action 1: forward to').fill('carol at home');
  await editor.getByRole('button', { name: 'Save rule' }).click();
  await expect(editor.getByRole('alert', { name: 'This rule cannot be saved yet' })).toContainText('Forward to: “carol at home” is not an email address');
  await snap(page, 'rule-forward-1-bad-address');
  await editor.getByLabel('Action 1: forward to').fill('carol@test.domain');
  await expect(editor.getByLabel('Action 1: forward as')).toHaveValue('inline');
  await snap(page, 'rule-forward-2-editor');
  await editor.getByRole('button', { name: 'Save rule' }).click();
  const listed = page.getByRole('list', { name: 'Rules' }).getByRole('listitem', { name: 'Invoices to Carol' });
  await expect(listed).toContainText('If Subject contains “invoice”: Forward to carol@test.domain');
  await snap(page, 'rule-forward-3-rules');
  await page.getByRole('button', { name: 'Back to mail' }).click();
}

describeJourney('a rule forwards arriving mail', { timeoutMs: 240_000, aliceMail: [] }, (journey) => {
  test('a rule made in Settings forwards the invoice Get mail brings to carol, with its text, attachment bytes and forward headers; not the auto-reply, not the other mail', async () => {
    const j = journey();
    const { page, servers } = j;
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(j, alice);
    await makeForwardRule(page);

    await servers.dovecot.seed('alice', [
      mail(1, 'Bob Bäcker <bob@test.domain>', 'Invoice 2026-12', 'Dear Alice, the invoice for December is attached. Total: 120 €.', '', { name: 'invoice-2026-12.pdf', bytes: INVOICE_PDF }),
      mail(2, 'Dan <dan@test.domain>', 'Lunch on Friday', 'Lunch at noon?'),
      mail(3, 'Bob Bäcker <bob@test.domain>', 'Re: invoice (out of office)', 'I am away until Monday.', 'Auto-Submitted: auto-replied\r\n'),
    ]);
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option')).toHaveCount(3);

    await test.step('the forward reaches carol through the real Postfix, once, as a forward', async () => {
      const [got] = await waitForDelivery(servers, 'carol', 1);
      const raw = got!.raw;
      expect(got!.mail.subject).toBe('Fwd: Invoice 2026-12');
      expect(got!.mail.from?.value[0]?.address).toBe('alice@test.domain');
      expect(got!.mail.to).toMatchObject({ value: [{ address: 'carol@test.domain' }] });
      expect(rawHeader(raw, 'Auto-Submitted')).toBe('auto-forwarded');
      expect(rawHeader(raw, 'X-Heron-Forwarded')).toBe('rule');
      expect(rawHeader(raw, 'References')).toBeNull();
      expect(rawHeader(raw, 'In-Reply-To')).toBeNull();
      expect(got!.mail.text).toContain('---------- Forwarded message ----------');
      expect(got!.mail.text).toContain('Dear Alice, the invoice for December is attached. Total: 120 €.');
      const pdf = got!.mail.attachments.find((a) => a.filename === 'invoice-2026-12.pdf');
      expect(pdf && Buffer.compare(pdf.content, INVOICE_PDF)).toBe(0);
    });

    await test.step("alice's rule log says what the rule did; the auto-reply was not forwarded, and says why", async () => {
      await openMessage(page, 'Invoice 2026-12');
      await showRuleLog(page);
      const log = page.getByRole('list', { name: 'Rule log' });
      await expect(log).toContainText('Invoices to Carol: Forwarding to carol@test.domain (through the Outbox)');
      await expect(log).toContainText('Invoices to Carol: Forwarded to carol@test.domain');
      await snap(page, 'rule-forward-4-log');
      await openMessage(page, 'Re: invoice (out of office)');
      await showRuleLog(page);
      await expect(page.getByRole('list', { name: 'Rule log' })).toContainText('Invoices to Carol: Not forwarded: it was sent automatically (Auto-Submitted: auto-replied)');
      await snap(page, 'rule-forward-5-auto-reply-log');
      // The forward is in Sent like any message alice sends; nothing waits in the Outbox.
      await openFolder(page, 'Sent');
      await expect(messageList(page).getByRole('option')).toHaveCount(1);
      await expect(messageList(page).getByRole('option')).toContainText('Fwd: Invoice 2026-12');
      expect(await readStore(page, 'outbox')).toEqual([]);
      expect(await readStore(page, 'ruleForwards')).toEqual([]);
      await snap(page, 'rule-forward-6-sent');
    });

    await test.step('another Get mail forwards nothing again; carol gets the forward through Heron', async () => {
      await openFolder(page, 'Inbox');
      await getMail(j, alice);
      expect(await delivered(servers, 'carol')).toHaveLength(1);
      const carol = await addAccountWithWizard(page, 'carol', 'Carol Test');
      await getMail(j, carol);
      await openMessage(page, 'Fwd: Invoice 2026-12');
      await expect(page.frameLocator('iframe.reader-frame').locator('body')).toContainText('Dear Alice, the invoice for December is attached.');
      await expect(page.getByRole('region', { name: 'Attachments' })).toContainText('invoice-2026-12.pdf');
      // The rule is for every account, and the forward's subject matches it: the loop guard keeps it from going round again.
      await showRuleLog(page);
      await expect(page.getByRole('list', { name: 'Rule log' })).toContainText('Invoices to Carol: Not forwarded: Heron forwarded this message itself');
      await snap(page, 'rule-forward-7-carol-reads');
      expect(await readStore(page, 'ruleForwards')).toEqual([]);
      expect(await readStore(page, 'outbox')).toEqual([]);
      expect(await delivered(servers, 'carol')).toHaveLength(1);
    });
  });
});
