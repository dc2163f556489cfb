/**
 * Undo send: alice gets her mail from the real Dovecot and answers a message with formatting and
 * a file; she presses Send, then Undo while the message waits out its window in the Outbox. The
 * draft comes back exactly as it was sent, nothing reaches bob; she edits it and sends it again,
 * and bob's Maildir (through the real Postfix) gets it once, only after the window she set (15 s).
 */
import { expect, test, type Page } from '@playwright/test';
import { readStore } from '../harness/app-rig';
import { mailByKey } from './mailbox';
import { addAccountWithWizard, describeJourney, getMail, openFolder, openMessage, rawHeader, snap, waitForDelivery } from './journey';

interface DraftShape {
  id: string;
  to: unknown;
  cc: unknown;
  bcc: unknown;
  subject: string;
  text: string;
  html: string | null;
  plainTextMode: boolean;
  inReplyTo: string | null;
  references: string[];
  attachments: Array<{ filename: string; contentType: string; size: number }>;
  outboxId: string | null;
}

/** The stored draft, with what the person wrote (not when it was saved). */
async function draftOf(page: Page, subject: string): Promise<Omit<DraftShape, 'outboxId'> & { outboxId: string | null }> {
  const rows = (await readStore<DraftShape>(page, 'drafts')).filter((d) => d.subject === subject);
  expect(rows).toHaveLength(1);
  const d = rows[0]!;
  return {
    id: d.id,
    to: d.to,
    cc: d.cc,
    bcc: d.bcc,
    subject: d.subject,
    text: d.text,
    html: d.html,
    plainTextMode: d.plainTextMode,
    inReplyTo: d.inReplyTo,
    references: d.references,
    attachments: d.attachments.map(({ filename, contentType, size }) => ({ filename, contentType, size })),
    outboxId: d.outboxId,
  };
}

const NOTES = 'Agenda:\n1. Cake\n2. Candles\n';

describeJourney('undo send', { timeoutMs: 180_000 }, (journey) => {
  test('reply with formatting and a file → Send → Undo reopens it unchanged and nothing is sent → edit → Send → bob gets it once, after the undo window', async () => {
    const j = journey();
    const { page, servers } = j;
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(j, alice);
    const plain = mailByKey('plain');
    const subject = `Re: ${plain.subject}`;
    const pane = page.getByRole('region', { name: `Message: ${subject}` });
    const body = pane.getByRole('textbox', { name: 'Message text' });

    await test.step('alice sets Undo send to hold messages for 15 seconds', async () => {
      await page.getByRole('button', { name: 'Settings' }).click();
      const sending = page.getByRole('group', { name: 'Sending' });
      const hold = sending.getByLabel('Undo send: hold each message for');
      await expect(hold).toHaveValue('10');
      await hold.selectOption('15');
      await expect.poll(async () => (await readStore<{ key: string; value: unknown }>(page, 'settings')).find((r) => r.key === 'undoSendSeconds')?.value).toBe(15);
      await snap(page, 'undo-0-setting');
      await page.getByRole('button', { name: /^Inbox/ }).first().click();
    });

    await test.step('alice answers with bold text and a dropped file', async () => {
      await openMessage(page, plain.subject);
      await page.getByRole('toolbar', { name: 'Message actions' }).getByRole('button', { name: 'Reply', exact: true }).click();
      await expect(body).toBeFocused();
      await page.keyboard.type('Danke, Bob! The cake is ');
      await page.keyboard.press('Control+b');
      await page.keyboard.type('ready');
      await page.keyboard.press('Control+b');
      await page.keyboard.type('.');
      const dropped = await page.evaluateHandle((text) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], 'notes.txt', { type: 'text/plain' }));
        return dt;
      }, NOTES);
      await pane.dispatchEvent('drop', { dataTransfer: dropped });
      await expect(pane.getByRole('list', { name: 'Attachments' })).toContainText('notes.txt');
      await snap(page, 'undo-1-reply-written');
    });

    const t0 = Date.now();
    let before: Awaited<ReturnType<typeof draftOf>>;
    await test.step('Send: the compose pane closes and an Undo bar counts down', async () => {
      await pane.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(pane).toBeHidden({ timeout: 10_000 });
      const bar = page.getByRole('region', { name: 'Undo send' });
      await expect(bar.getByRole('status')).toContainText(new RegExp(`Sending “${subject}” in \\d+ s`));
      before = await draftOf(page, subject);
      expect(before.outboxId).not.toBeNull();
      expect(before.html).toContain('<strong>ready</strong>');
      expect(before.inReplyTo).toBe(plain.messageId);
      const outbox = await readStore<{ state: string; sendAt: number; scheduled: boolean }>(page, 'outbox');
      expect(outbox).toHaveLength(1);
      expect(outbox[0]).toMatchObject({ state: 'queued', scheduled: false });
      // The window she chose: 15 s from Send.
      expect(outbox[0]!.sendAt - t0).toBeGreaterThan(13_000);
      expect(outbox[0]!.sendAt - t0).toBeLessThanOrEqual(16_000);
      await snap(page, 'undo-2-sent-undo-bar');
    });

    await test.step('Undo: the message is back in compose exactly as it was, and out of the Outbox', async () => {
      await page.getByRole('region', { name: 'Undo send' }).getByRole('button', { name: 'Undo' }).click();
      await expect(pane).toBeVisible();
      await expect(pane.getByRole('list', { name: 'To recipients' })).toContainText('bob@test.domain');
      await expect(pane.getByRole('textbox', { name: 'Subject' })).toHaveValue(subject);
      await expect(body.locator('strong')).toHaveText('ready');
      await expect(body).toContainText('Danke, Bob! The cake is ready.');
      await expect(body).toContainText('Liebe Alice');
      await expect(pane.getByRole('list', { name: 'Attachments' })).toContainText('notes.txt');
      await expect(pane.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();
      expect(await readStore(page, 'outbox')).toEqual([]);
      expect(await draftOf(page, subject)).toEqual({ ...before, outboxId: null });
      await expect(page.getByRole('region', { name: 'Undo send' })).toBeHidden();
      await snap(page, 'undo-3-reopened');
    });

    await test.step('the undone message never goes, however long alice takes', async () => {
      await page.waitForTimeout(Math.max(0, t0 + 18_000 - Date.now()));
      expect(await servers.dovecot.listMaildir('bob')).toEqual([]);
      expect((await readStore<{ folder: string }>(page, 'messages')).filter((m) => m.folder === 'sent')).toEqual([]);
    });

    let t1 = 0;
    await test.step('alice edits it and sends it again', async () => {
      await body.getByText('Danke, Bob! The cake is ready.').click();
      await page.keyboard.press('End');
      await page.keyboard.type(' See you at eight.');
      await expect(body).toContainText('The cake is ready. See you at eight.');
      t1 = Date.now();
      await pane.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(pane).toBeHidden({ timeout: 10_000 });
      await openFolder(page, 'Outbox');
      await expect(page.getByRole('listitem', { name: new RegExp(`^${subject}: Sending in \\d+ s$`) })).toBeVisible();
      await snap(page, 'undo-4-outbox-counting-down');
    });

    await test.step('nothing goes before the window ends; then bob gets it once, with the edit, the formatting, the file and the reply headers', async () => {
      await page.waitForTimeout(Math.max(0, t1 + 12_000 - Date.now()));
      expect(await servers.dovecot.listMaildir('bob')).toEqual([]);
      const [got] = await waitForDelivery(servers, 'bob', 1);
      expect(Date.now() - t1).toBeGreaterThanOrEqual(15_000);
      expect(got!.mail.subject).toBe(subject);
      expect(got!.mail.text).toContain('Danke, Bob! The cake is ready. See you at eight.');
      expect(got!.mail.html).toContain('<strong>ready</strong>');
      expect(rawHeader(got!.raw, 'In-Reply-To')).toBe(`<${plain.messageId}>`);
      const notes = got!.mail.attachments.find((a) => a.filename === 'notes.txt');
      expect(notes?.content.toString('utf8')).toBe(NOTES);
      await expect(page.getByText('Nothing is waiting to be sent.')).toBeVisible({ timeout: 15_000 });
      await snap(page, 'undo-5-outbox-empty');
      // Exactly once: a little later, still one message, and one in Sent.
      await page.waitForTimeout(3_000);
      await servers.postfix.waitForEmptyQueue(15_000);
      expect(await servers.dovecot.listMaildir('bob')).toHaveLength(1);
      const sent = (await readStore<{ folder: string; subject: string }>(page, 'messages')).filter((m) => m.folder === 'sent');
      expect(sent.map((m) => m.subject)).toEqual([subject]);
      await openFolder(page, 'Sent');
      await openMessage(page, subject);
      await expect(page.frameLocator('iframe.reader-frame').locator('body')).toContainText('The cake is ready. See you at eight.');
      await snap(page, 'undo-6-in-sent');
    });
  });
});
