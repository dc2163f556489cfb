/**
 * Conversations: alice gets a conversation of four messages (one naming a message she never got),
 * two same-subject notifications from different senders and a message of its own from the real
 * Dovecot. The conversation list shows the four as one conversation and the notifications apart;
 * the reader shows the conversation; her reply goes out through the real Postfix and its Sent copy
 * joins the conversation; she splits it, the split survives a reload, and "Merge with…" joins it again.
 */
import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from '../axe-support';
import { readStore } from '../harness/app-rig';
import { addAccountWithWizard, describeJourney, getMail, messageList, snap, waitForDelivery } from './journey';
import { chooseInListMenu } from '../harness/list-menu';

const crlf = (s: string): Buffer => Buffer.from(s.replace(/\r?\n/g, '\r\n'), 'utf8');

function mail(headers: Record<string, string>, text: string): Buffer {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return crlf(`${lines.join('\n')}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n\n${text}\n`);
}

const TRIP = 'Trip to Lisbon';
const ALICE = 'Alice Test <alice@test.domain>';

export const THREAD_MAIL: readonly Buffer[] = [
  mail({ From: 'Bob Bäcker <bob@test.domain>', To: ALICE, Subject: TRIP, Date: 'Mon, 16 Mar 2026 09:00:00 +0000', 'Message-ID': '<trip1@test.domain>' }, 'Shall we go to Lisbon in May?'),
  mail(
    { From: 'Carol Chen <carol@test.domain>', To: `${ALICE}, bob@test.domain`, Subject: `Re: ${TRIP}`, Date: 'Mon, 16 Mar 2026 10:00:00 +0000', 'Message-ID': '<trip2@test.domain>', 'In-Reply-To': '<trip1@test.domain>', References: '<trip1@test.domain>' },
    'May works for me. I can book the flat.',
  ),
  mail(
    { From: 'Bob Bäcker <bob@test.domain>', To: `${ALICE}, carol@test.domain`, Subject: `Re: ${TRIP}`, Date: 'Mon, 16 Mar 2026 11:00:00 +0000', 'Message-ID': '<trip3@test.domain>', 'In-Reply-To': '<trip2@test.domain>', References: '<trip1@test.domain> <trip2@test.domain>' },
    'Great, the flat near Alfama please.',
  ),
  // Answers a message alice never got: it joins through the root it also names.
  mail(
    { From: 'Dan <dan@test.domain>', To: ALICE, Subject: `AW: ${TRIP}`, Date: 'Mon, 16 Mar 2026 12:00:00 +0000', 'Message-ID': '<trip4@test.domain>', 'In-Reply-To': '<trip-lost@test.domain>', References: '<trip1@test.domain> <trip-lost@test.domain>' },
    'Count me in for the second week.',
  ),
  mail({ From: 'Shop A <carol@test.domain>', To: ALICE, Subject: 'Your order', Date: 'Tue, 17 Mar 2026 08:00:00 +0000', 'Message-ID': '<order-a@shop-a.test.domain>' }, 'Shop A: your order has shipped.'),
  mail({ From: 'Shop B <dan@test.domain>', To: ALICE, Subject: 'Your order', Date: 'Tue, 17 Mar 2026 09:00:00 +0000', 'Message-ID': '<order-b@shop-b.test.domain>' }, 'Shop B: your order has shipped.'),
  mail({ From: 'Bob Bäcker <bob@test.domain>', To: ALICE, Subject: 'Book club', Date: 'Wed, 18 Mar 2026 08:00:00 +0000', 'Message-ID': '<book@test.domain>' }, 'Next book: Pessoa.'),
];

interface StoredRow {
  id: string;
  folder: string;
  subject: string;
  messageId: string | null;
  threadId?: string;
}

async function threadIdsBySubject(page: Page): Promise<Map<string, string[]>> {
  const rows = await readStore<StoredRow>(page, 'messages');
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.messageId ?? r.id, [...(out.get(r.messageId ?? r.id) ?? []), r.threadId ?? '(none)']);
  return out;
}

function shot(page: Page, name: string): Promise<unknown> {
  return Promise.all([snap(page, name), page.screenshot({ path: `/tmp/threads-${name}.png` })]);
}

describeJourney('conversations of fetched mail', { timeoutMs: 240_000, aliceMail: THREAD_MAIL }, (journey) => {
  test('a conversation fetched from Dovecot is one thread, a reply sent through Postfix joins it, same-subject notifications stay apart, and a split survives a reload', async () => {
    const j = journey();
    const { page, servers } = j;
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(j, alice);
    const list = messageList(page);
    await expect(list.getByRole('option')).toHaveCount(7);

    await test.step('the conversation list shows the four messages as one conversation, the notifications apart', async () => {
      await chooseInListMenu(page, 'Conversations', 'menuitemcheckbox');
      await expect(list.getByRole('option')).toHaveCount(4);
      const trip = list.getByRole('option').filter({ hasText: TRIP });
      await expect(trip).toHaveCount(1);
      await expect(trip).toContainText('Conversation of 4 messages, 4 unread, collapsed.');
      await expect(trip.locator('.row-participants')).toHaveText('Bob Bäcker, Carol Chen, Dan');
      await expect(trip.locator('.row-count')).toHaveText('4');
      const orders = list.getByRole('option').filter({ hasText: 'Your order' });
      await expect(orders).toHaveCount(2);
      await expect(orders.locator('.row-count')).toHaveCount(0);
      await expect(page.locator('#list-title + .pane-subtitle')).toHaveText('4 conversations');
      const ids = await threadIdsBySubject(page);
      expect(new Set(['trip1', 'trip2', 'trip3', 'trip4'].map((k) => ids.get(`${k}@test.domain`)?.[0])).size).toBe(1);
      expect(ids.get('order-a@shop-a.test.domain')).not.toEqual(ids.get('order-b@shop-b.test.domain'));
      await shot(page, '1-conversation-list');
    });

    await test.step('opening the conversation shows its messages in order, the newest open', async () => {
      await list.getByRole('option').filter({ hasText: TRIP }).click();
      await expect(page.locator('#reader-subject')).toHaveText(`AW: ${TRIP}`);
      await expect(page.frameLocator('iframe.reader-frame').locator('body')).toContainText('Count me in for the second week.');
      await expect(page.getByRole('group', { name: 'Conversation tools' })).toContainText('4 messages in this conversation');
      const earlier = page.getByRole('group', { name: 'Earlier in this conversation' }).getByRole('button');
      await expect(earlier).toHaveCount(3);
      await expect(earlier.nth(0)).toContainText('Shall we go to Lisbon in May?');
      await expect(earlier.nth(1)).toContainText('May works for me.');
      await expect(earlier.nth(2)).toContainText('the flat near Alfama');
      await shot(page, '2-conversation-reader');
    });

    await test.step('the keyboard opens the conversation in the list and walks its messages', async () => {
      const row = list.getByRole('option').filter({ hasText: TRIP }).first();
      await row.focus();
      await page.keyboard.press('ArrowRight');
      await expect(list.getByRole('option')).toHaveCount(8);
      await page.keyboard.press('ArrowDown');
      await expect(page.locator('#reader-subject')).toHaveText(TRIP);
      await page.keyboard.press('ArrowDown');
      await expect(page.locator('#reader-subject')).toHaveText(`Re: ${TRIP}`);
      await expect(page.frameLocator('iframe.reader-frame').locator('body')).toContainText('May works for me.');
      await shot(page, '3-expanded');
      // The conversation list and the conversation view, expanded, read as well as the flat list.
      expect(await seriousViolations(page)).toEqual([]);
      await page.keyboard.press('ArrowLeft');
      await expect(list.getByRole('option')).toHaveCount(4);
    });

    await test.step('a reply sent through Postfix lands in Sent and in the conversation', async () => {
      await list.getByRole('option').filter({ hasText: TRIP }).click();
      await expect(page.locator('#reader-subject')).toHaveText(`AW: ${TRIP}`);
      await page.getByRole('toolbar', { name: 'Message actions' }).getByRole('button', { name: 'Reply', exact: true }).click();
      const region = page.getByRole('region', { name: `Message: Re: ${TRIP}` });
      const body = region.getByRole('textbox', { name: 'Message text' });
      await expect(body).toBeFocused();
      await page.keyboard.type('Lovely, see you all in May.');
      await region.getByRole('button', { name: 'Send', exact: true }).click({ timeout: 15_000 });
      await expect(region).toBeHidden({ timeout: 20_000 });
      const dan = await waitForDelivery(servers, 'dan', 1);
      expect(dan[0]!.mail.subject).toBe(`Re: ${TRIP}`);
      await expect.poll(async () => (await readStore<StoredRow>(page, 'messages')).filter((r) => r.folder === 'sent').length, { timeout: 20_000 }).toBe(1);
      const rows = await readStore<StoredRow>(page, 'messages');
      const sent = rows.find((r) => r.folder === 'sent');
      const root = rows.find((r) => r.messageId === 'trip1@test.domain');
      expect(sent?.threadId).toBeDefined();
      expect(sent?.threadId).toBe(root?.threadId);
      const trip = list.getByRole('option').filter({ hasText: TRIP });
      await expect(trip.locator('.row-count')).toHaveText('5');
      await expect(trip.locator('.row-participants')).toHaveText('Bob Bäcker, Carol Chen, Dan, Alice Test');
      await list.getByRole('option').filter({ hasText: TRIP }).click();
      await expect(page.locator('#reader-subject')).toHaveText(`Re: ${TRIP}`);
      await expect(page.getByRole('group', { name: 'Conversation tools' })).toContainText('5 messages in this conversation');
      await expect(page.getByRole('group', { name: 'Earlier in this conversation' }).getByRole('button').last()).toContainText('Count me in');
      await shot(page, '4-reply-in-conversation');
    });

    await test.step('split the conversation at Carol’s answer: hers and Bob’s answer to it become their own', async () => {
      await page.getByRole('group', { name: 'Earlier in this conversation' }).getByRole('button').filter({ hasText: 'May works for me.' }).click();
      await expect(page.locator('#reader-subject')).toHaveText(`Re: ${TRIP}`);
      await expect(page.frameLocator('iframe.reader-frame').locator('body')).toContainText('May works for me.');
      await page.getByRole('group', { name: 'Conversation tools' }).getByRole('button', { name: 'Split here' }).click();
      await expect(page.getByRole('group', { name: 'Conversation tools' })).toContainText('2 messages in this conversation');
      await expect(list.getByRole('option').filter({ hasText: TRIP })).toHaveCount(2);
      await expect(list.getByRole('option')).toHaveCount(5);
      await shot(page, '5-split');
    });

    await test.step('after a reload the split is still there', async () => {
      await page.reload();
      await expect(list.getByRole('option')).toHaveCount(5, { timeout: 20_000 });
      const trips = list.getByRole('option').filter({ hasText: TRIP });
      await expect(trips).toHaveCount(2);
      await expect(trips.locator('.row-count')).toHaveText(['3', '2']);
      const ids = await threadIdsBySubject(page);
      const at = (k: string) => ids.get(`${k}@test.domain`)?.[0];
      expect(at('trip2')).toBe(at('trip3'));
      expect(at('trip1')).toBe(at('trip4'));
      expect(at('trip1')).not.toBe(at('trip2'));
      await shot(page, '6-after-reload');
    });

    await test.step('merge with… joins them again, picked by typing', async () => {
      await list.getByRole('option').filter({ hasText: TRIP }).nth(1).click();
      await expect(page.getByRole('group', { name: 'Conversation tools' })).toContainText('2 messages in this conversation');
      await page.getByRole('group', { name: 'Conversation tools' }).getByRole('button', { name: 'Merge with…' }).click();
      await page.getByRole('searchbox', { name: 'Find a conversation to merge with' }).fill('lisbon');
      const choices = page.getByRole('list', { name: 'Conversations to merge with' }).getByRole('button');
      await expect(choices).toHaveCount(1);
      await expect(choices).toContainText('Bob Bäcker, Dan, Alice Test (3)');
      await shot(page, '7-merge-picker');
      await choices.click();
      await expect(page.getByRole('group', { name: 'Conversation tools' })).toContainText('5 messages in this conversation');
      await expect(list.getByRole('option').filter({ hasText: TRIP })).toHaveCount(1);
      await expect(list.getByRole('option').filter({ hasText: TRIP }).locator('.row-count')).toHaveText('5');
      await shot(page, '8-merged');
    });
  });
});
