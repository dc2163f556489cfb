/**
 * What a person sees while getting mail from a real Dovecot: a mailbox of several batches counts
 * up as each batch is stored, the end says how many new messages arrived ("No new mail" when
 * none), and nothing in the toolbar or the list moves while it runs.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './harness/fixtures';
import { seriousViolations } from './axe-support';
import { addAccount, getMail, openApp, type Opened } from './get-mail-support';
import { dovecotAvailable, startDovecot, type DovecotInstance } from './servers';

test.describe.configure({ mode: 'serial' });

let dovecot: DovecotInstance;
let opened: Opened | null = null;
// The first batch holds 100 messages, the next up to 500 (electron/core/fetch/session.ts): 100, 200.
const COUNT = 300;

function message(i: number): Buffer {
  return Buffer.from(
    [
      `From: Sender ${i} <sender${i}@example.org>`,
      'To: progress@test.domain',
      `Subject: Batch message ${i}`,
      `Date: Tue, 10 Mar 2026 ${String(8 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00 +0000`,
      `Message-ID: <batch-${i}@heron.test>`,
      'Content-Type: text/plain; charset=UTF-8',
      '',
      `Message ${i} of a mailbox that takes several batches.`,
      '',
    ].join('\r\n'),
  );
}

test.beforeAll(async ({}, testInfo) => {
  testInfo.skip(testInfo.project.name !== 'chromium', 'real Dovecot runs with the chromium stand-in only');
  testInfo.skip(!dovecotAvailable.available, dovecotAvailable.title('real Dovecot'));
  testInfo.setTimeout(120_000);
  dovecot = await startDovecot({ users: [{ name: 'progress', password: 'progress-pw-8' }] });
  await dovecot.seed('progress', Array.from({ length: COUNT }, (_, i) => message(i)));
});

test.afterAll(async () => {
  await opened?.close();
  await dovecot?.stop();
});

interface Watch {
  readonly texts: string[];
  /** Every distinct layout of the toolbar's controls seen. */
  readonly toolbar: string[];
  /** Every distinct top edge of the list seen (-1: no list). */
  readonly listTop: number[];
}

/** Records every text the fetch status shows and where the toolbar's controls sit, at each change. */
async function watchFetch(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = { texts: [] as string[], toolbar: [] as string[], listTop: [] as number[] };
    (window as unknown as { __watch: typeof w }).__watch = w;
    const record = () => {
      const status = document.querySelector('.fetch-area');
      const text = status?.textContent?.trim() ?? '';
      if (text !== '' && w.texts[w.texts.length - 1] !== text) w.texts.push(text);
      const toolbar = document.querySelector('.list-toolbar');
      const list = document.querySelector('[role="listbox"]');
      const boxes = [...(toolbar?.querySelectorAll('button, select, input') ?? [])].map((el) => {
        const r = el.getBoundingClientRect();
        return `${Math.round(r.left)},${Math.round(r.top)},${Math.round(r.width)}x${Math.round(r.height)}`;
      });
      const layout = boxes.join(' ');
      if (!w.toolbar.includes(layout)) w.toolbar.push(layout);
      const top = Math.round(list?.getBoundingClientRect().top ?? -1);
      if (!w.listTop.includes(top)) w.listTop.push(top);
    };
    record();
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

const watched = (page: Page) => page.evaluate(() => (window as unknown as { __watch: Watch }).__watch);

test('a mailbox of several batches counts up as they are stored, says how many arrived, and the toolbar stays put', async ({ rendererServer, standinScript, launchOptions }) => {
  test.setTimeout(120_000);
  opened = await openApp(rendererServer.origin, standinScript, launchOptions, dovecot);
  const { page, standin } = opened;
  await addAccount(page, dovecot, 'progress', 'keep');
  const list = page.getByRole('listbox', { name: 'Messages in Inbox' });
  expect((await dovecot.listMaildir('progress')).length).toBe(COUNT);

  await watchFetch(page);
  await getMail(page, standin, 'acct-progress');
  await expect(page.locator('.fetch-area')).toHaveText(`${COUNT} new messages`);
  await page.screenshot({ path: '/tmp/list-progress-1-done.png' });
  const { texts, toolbar } = await watched(page);
  expect(toolbar).toHaveLength(1);
  // It said where it was going, counted up batch by batch, and ended with the number.
  expect(texts).toContain(`100 of ${COUNT} messages`);
  expect(texts.indexOf(`100 of ${COUNT} messages`)).toBeLessThan(texts.indexOf(`${COUNT} new messages`));
  expect(texts.some((t) => /^0 of /.test(t))).toBe(false);
  expect(texts[texts.length - 1]).toBe(`${COUNT} new messages`);
  await expect(page.locator('.list-pane .pane-subtitle')).toHaveText(`${COUNT} messages`);

  // The toolbar and the list keep their place through a whole check (list present from here on).
  await watchFetch(page);
  await getMail(page, standin, 'acct-progress');
  await expect(page.locator('.fetch-area')).toHaveText('No new mail');
  const again = await watched(page);
  expect(again.toolbar).toHaveLength(1);
  expect(again.listTop).toHaveLength(1);
  expect(again.texts[again.texts.length - 1]).toBe('No new mail');

  // Three more arrive: the words say three.
  await dovecot.seed('progress', [message(COUNT), message(COUNT + 1), message(COUNT + 2)]);
  await watchFetch(page);
  await getMail(page, standin, 'acct-progress');
  await expect(page.locator('.fetch-area')).toHaveText('3 new messages');
  const third = await watched(page);
  expect(third.toolbar).toHaveLength(1);
  expect(third.listTop).toHaveLength(1);
  await expect(list.getByRole('option').first()).toContainText(`Batch message ${COUNT + 2}`);
  await page.screenshot({ path: '/tmp/list-progress-2-three-new.png' });
  expect(await seriousViolations(page)).toEqual([]);
});
