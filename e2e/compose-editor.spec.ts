/**
 * The compose editor as a person uses it, against real Dovecot and Postfix on loopback: formatting
 * typed with the keyboard reaches the recipient's Maildir exactly as written (and with a text/plain
 * alternative), Ctrl+Enter / Cmd+Enter send, Esc closes and keeps the draft, pasted HTML is
 * cleaned, and a reply to a message fetched from the server opens with the caret in the body
 * above the quote.
 */
import AxeBuilder from '@axe-core/playwright';
import { test, expect, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { FetchService } from '../electron/main/fetch/service';
import { callMain, openAppRig, readStore, type AppRig } from './harness/app-rig';
import { seedAccounts } from './harness/seed';
import { dovecotAvailable, postfixAvailable, startMailServers, type MailServers } from './servers';

const USERS = [
  { name: 'alice', password: 'editor-alice-pw' },
  { name: 'bob', password: 'editor-bob-pw' },
];
const available = dovecotAvailable.available && postfixAvailable.available;
const SIGNATURE_HTML = '<div><br></div><div>--&nbsp;</div><div>Alice</div><div>Heron tests</div>';

let servers: MailServers;
let rig: AppRig | null = null;

/** alice's account as the wizard would store it (signature included), with her password bound to both servers. */
async function addAlice(page: Page): Promise<void> {
  const incoming = { host: 'localhost', port: servers.dovecot.pop3sPort };
  const outgoing = { host: '127.0.0.1', port: servers.postfix.submissionPort };
  await seedAccounts(page, [{ id: 'acct-alice', address: 'alice@test.domain', name: 'Alice Test', signature: 'Alice\nHeron tests', order: 0, incoming, outgoing }]);
  const stored = await callMain(page, 'setPassword', {
    accountId: 'acct-alice',
    slot: 'incoming',
    password: 'editor-alice-pw',
    persist: false,
    servers: [
      { ...incoming, security: 'tls', username: 'alice' },
      { ...outgoing, security: 'starttls', username: 'alice' },
    ],
  });
  expect(stored).toMatchObject({ ok: true });
}

async function delivered(user: string, count: number): Promise<ParsedMail[]> {
  await expect.poll(async () => (await servers.dovecot.listMaildir(user)).length, { timeout: 30_000 }).toBe(count);
  const entries = await servers.dovecot.listMaildir(user);
  return Promise.all(entries.map(async (e) => simpleParser(await readFile(e.path))));
}

/** The CSP violations the page reported since the last call (and forgets them). */
async function takeCspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp: string[] }).__csp.splice(0));
}

function editorOf(page: Page) {
  return page.getByRole('textbox', { name: 'Message text' });
}

function formatButton(page: Page, name: string) {
  return page.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name, exact: true });
}

async function startMessage(page: Page, to: string, subject: string): Promise<void> {
  await page.getByRole('button', { name: 'New message' }).click();
  const toField = page.getByRole('combobox', { name: 'To', exact: true });
  // A new message opens with the caret in To.
  await expect(toField).toBeFocused();
  await page.keyboard.type(to);
  await page.keyboard.press('Enter');
  await page.getByRole('textbox', { name: 'Subject' }).fill(subject);
  // Into the empty first line, above the signature.
  await editorOf(page).locator(':scope > div').first().click();
}

test.describe(available ? 'compose editor against real Postfix + Dovecot' : `compose editor (skipped: ${[dovecotAvailable.reason, postfixAvailable.reason].filter(Boolean).join('; ')})`, () => {
  test.skip(!available, 'Dovecot/Postfix are not installed here');
  test.setTimeout(120_000);

  test.beforeAll(async ({}, testInfo) => {
    testInfo.skip(testInfo.project.name !== 'chromium', 'drives the renderer in Chromium over main’s real services');
    testInfo.setTimeout(120_000);
    servers = await startMailServers({ users: USERS });
  });

  test.afterAll(async () => {
    await servers?.stop();
  });

  test.beforeEach(async () => {
    rig = await openAppRig({ ca: servers.dovecot.ca });
    // Anything the editor does that the app's CSP blocks (an injected style or script) is recorded.
    await rig.page.context().addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective}|${e.blockedURI}`));
    });
    await addAlice(rig.page);
  });

  test.afterEach(async () => {
    if (rig) expect(await takeCspViolations(rig.page)).toEqual([]);
    await rig?.close();
    rig = null;
    await servers.dovecot.clearMaildir('bob');
    await servers.dovecot.clearMaildir('alice');
  });

  test('keyboard formatting is delivered exactly as typed: Ctrl+B on a caret bolds only what follows, turning it off keeps the word bold, nothing leaks into the next paragraph or list item; Ctrl+Enter sends', async () => {
    const page = rig!.page;
    await startMessage(page, 'bob@test.domain', 'Formatting');
    await page.keyboard.type('Plain ');
    await page.keyboard.press('Control+b');
    await expect(formatButton(page, 'Bold')).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.type('bold');
    await page.keyboard.press('Control+b');
    await expect(formatButton(page, 'Bold')).toHaveAttribute('aria-pressed', 'false');
    await page.keyboard.type(' then ');
    await page.keyboard.press('Control+i');
    await expect(formatButton(page, 'Italic')).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.type('italic');
    await page.keyboard.press('Control+i');
    await page.keyboard.type(' end.');
    await page.keyboard.press('Enter');
    await expect(formatButton(page, 'Bold')).toHaveAttribute('aria-pressed', 'false');
    await page.keyboard.type('Next line');
    await page.keyboard.press('Enter');
    await formatButton(page, 'Bulleted list').click();
    await expect(formatButton(page, 'Bulleted list')).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('first');
    await page.keyboard.press('Enter');
    await expect(formatButton(page, 'Bold')).toHaveAttribute('aria-pressed', 'false');
    await page.keyboard.type('second');
    await page.screenshot({ path: '/tmp/editor-formatting.png' });

    await page.keyboard.press('Control+Enter');
    await expect(page.getByRole('button', { name: 'New message' })).toBeVisible();
    const [mail] = await delivered('bob', 1);
    expect(mail?.subject).toBe('Formatting');
    expect(mail?.html).toBe(
      '<div>Plain <strong>bold</strong> then <em>italic</em> end.</div><div>Next line</div>' +
        '<ul><li><div><strong>first</strong></div></li><li><div>second</div></li></ul>' +
        SIGNATURE_HTML,
    );
    expect(mail?.text).toBe('Plain bold then italic end.\nNext line\n * first\n * second\n\n\n\n-- \nAlice\nHeron tests');
    // Sent: nothing left in Drafts.
    expect(await readStore(page, 'drafts')).toEqual([]);
  });

  test('toolbar formatting: underline, numbered list, quote, link and clear formatting are delivered as made', async () => {
    const page = rig!.page;
    await startMessage(page, 'bob@test.domain', 'Toolbar');
    await formatButton(page, 'Underline').click();
    await expect(formatButton(page, 'Underline')).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.type('under');
    await formatButton(page, 'Underline').click();
    await page.keyboard.type(' see ');
    // Esc in the link bar closes the bar, not the message.
    await page.keyboard.press('Control+k');
    const linkTo = page.getByRole('textbox', { name: 'Link to' });
    await expect(linkTo).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(linkTo).toHaveCount(0);
    await expect(editorOf(page)).toBeFocused();
    await formatButton(page, 'Link').click();
    await expect(linkTo).toBeFocused();
    // The pane with its toolbar (pressed states) and the link bar open passes axe.
    expect((await new AxeBuilder({ page }).include('.compose').analyze()).violations).toEqual([]);
    await linkTo.fill('javascript:alert(1)');
    await linkTo.press('Enter');
    await expect(page.getByRole('alert')).toHaveText('Links can go to web addresses (https://…) or email addresses only.');
    await linkTo.fill('example.org/notes');
    await linkTo.press('Enter');
    await expect(editorOf(page)).toBeFocused();
    await page.keyboard.type(' ok');
    await page.keyboard.press('Enter');
    await formatButton(page, 'Numbered list').click();
    await page.keyboard.type('one');
    await page.keyboard.press('Enter');
    await page.keyboard.type('two');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await formatButton(page, 'Quote').click();
    await expect(formatButton(page, 'Quote')).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('Control+b');
    await page.keyboard.press('Control+i');
    await page.keyboard.type('quoted');
    await page.keyboard.press('Shift+Home');
    await formatButton(page, 'Clear formatting').click();
    await expect(formatButton(page, 'Bold')).toHaveAttribute('aria-pressed', 'false');
    await page.screenshot({ path: '/tmp/editor-toolbar.png' });
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const [mail] = await delivered('bob', 1);
    expect(mail?.html).toBe(
      '<div><u>under</u> see <a href="https://example.org/notes">https://example.org/notes</a> ok</div>' +
        '<ol><li><div>one</div></li><li><div>two</div></li></ol>' +
        '<blockquote><div>quoted</div></blockquote>' +
        SIGNATURE_HTML,
    );
    expect(mail?.text).toBe('under see https://example.org/notes ok\n 1. one\n 2. two\n\n> quoted\n\n\n\n-- \nAlice\nHeron tests');
  });

  test('Plain text only: the text keeps the quote and list markers, edits there are what is sent, with no HTML part', async () => {
    const page = rig!.page;
    await startMessage(page, 'bob@test.domain', 'Plain');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('Agenda');
    await page.keyboard.press('Enter');
    await formatButton(page, 'Bulleted list').click();
    await page.keyboard.type('coffee');
    await page.keyboard.press('Enter');
    await page.keyboard.type('tea');
    await page.getByRole('checkbox', { name: 'Plain text only' }).check();
    const plain = page.getByRole('textbox', { name: 'Message text' });
    await expect(plain).toHaveValue('Agenda\n- coffee\n- tea\n\n-- \nAlice\nHeron tests');
    await plain.press('Control+End');
    await page.keyboard.type('\nP.S. no sugar');
    await page.keyboard.press('Control+Enter');
    const [mail] = await delivered('bob', 1);
    expect(mail?.html).toBe(false);
    expect(mail?.text).toBe('Agenda\n- coffee\n- tea\n\n-- \nAlice\nHeron tests\nP.S. no sugar\n');
  });

  test('Esc closes compose and keeps the draft (listed in Drafts, formatting and all); pasted HTML is cleaned; Cmd+Enter sends the reopened draft', async () => {
    const page = rig!.page;
    await startMessage(page, 'bob@test.domain', 'Kept for later');
    await page.keyboard.type('Keep ');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('this');
    await page.keyboard.press('Control+b');
    await page.keyboard.press('Enter');
    // Paste from another app: script, handlers, styles, images and foreign links are dropped.
    await editorOf(page).evaluate((el) => {
      const data = new DataTransfer();
      data.setData(
        'text/html',
        '<meta charset="utf-8"><b style="font-weight:normal" id="docs-internal-guid-1"><span style="font-weight:700;color:red">Pasted</span>' +
          '<span style="font-weight:400"> words</span><img src="https://tracker.example/p.gif" onerror="window.__pwned=1">' +
          '<script>window.__pwned=2</script> <a href="javascript:alert(1)">bad link</a> <a href="https://ok.example/">good link</a></b>',
      );
      data.setData('text/plain', 'Pasted words bad link good link');
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await expect(editorOf(page)).toContainText('Pasted words bad link good link');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // Chromium reports an inline handler when a parser meets one, even in an inert document (the sanitizer's
    // DOMParser): that report, and no other, is expected here; nothing ran (above).
    expect(new Set(await takeCspViolations(page))).toEqual(new Set(['script-src-attr|inline']));
    expect(await editorOf(page).locator('img, script, [style], [onerror]').count()).toBe(0);

    await page.keyboard.press('Escape');
    await expect(page.getByRole('button', { name: 'New message' })).toBeVisible();
    // Saved at once, not after the autosave delay.
    const [draft] = await readStore<{ subject: string; html: string }>(page, 'drafts');
    expect(draft?.subject).toBe('Kept for later');
    const expectedHtml =
      '<div>Keep <strong>this</strong></div><div><strong>Pasted</strong> words bad link <a href="https://ok.example/">good link</a></div>' + SIGNATURE_HTML;
    expect(draft?.html).toBe(expectedHtml);
    expect(await servers.dovecot.listMaildir('bob')).toEqual([]);

    await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: 'Drafts' }).first().click();
    await page.getByRole('button', { name: /Kept for later/ }).click();
    await expect(editorOf(page).locator('strong').first()).toHaveText('this');
    await page.screenshot({ path: '/tmp/editor-draft-reopened.png' });
    await page.getByRole('textbox', { name: 'Subject' }).click();
    await page.keyboard.press('Meta+Enter');
    await expect(page.getByRole('region', { name: /Kept for later/ })).toHaveCount(0);
    const [mail] = await delivered('bob', 1);
    expect(mail?.html).toBe(expectedHtml);
    await expect.poll(() => readStore(page, 'drafts')).toEqual([]);
  });

  test('Reply to a message fetched from the server: the caret is in the body above the quote, typing goes there; Forward too; Esc keeps both drafts', async () => {
    const page = rig!.page;
    await servers.dovecot.seed('alice', [
      Buffer.from(
        'From: Grace Hopper <grace@navy.example>\r\nTo: Alice Test <alice@test.domain>\r\nSubject: Plain hello\r\nDate: Tue, 10 Mar 2026 09:00:00 +0000\r\n' +
          'Message-ID: <plain-1@heron.test>\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nHello Alice,\r\nsee you at nine.\r\n',
      ),
    ]);
    const fetch = rig!.services.fetch.service as unknown as FetchService;
    await page.getByRole('toolbar', { name: 'Message actions' }).getByRole('button', { name: 'Get mail' }).click();
    await expect.poll(() => fetch.isFetching('acct-alice'), { timeout: 30_000 }).toBe(false);
    const list = page.getByRole('listbox', { name: 'Messages in Inbox' });
    await list.getByRole('option').filter({ hasText: 'Plain hello' }).click();
    await expect(page.locator('#reader-subject')).toHaveText('Plain hello');
    await expect(page.frameLocator('iframe.reader-frame').locator('body')).toContainText('see you at nine.');

    await page.getByRole('button', { name: 'Reply', exact: true }).click();
    await expect(editorOf(page)).toBeFocused();
    // Typed at once, without clicking anywhere.
    await page.keyboard.type('Thanks, Grace!');
    await page.screenshot({ path: '/tmp/editor-reply.png' });
    const paragraphs = editorOf(page).locator(':scope > *');
    await expect(paragraphs.first()).toHaveText('Thanks, Grace!');
    await expect(editorOf(page).locator('blockquote')).toContainText('Hello Alice,');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('button', { name: 'New message' })).toBeVisible();

    await list.getByRole('option').filter({ hasText: 'Plain hello' }).click();
    await page.getByRole('button', { name: 'Forward', exact: true }).click();
    await expect(editorOf(page)).toBeFocused();
    await page.keyboard.type('FYI');
    await expect(paragraphs.first()).toHaveText('FYI');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('button', { name: 'New message' })).toBeVisible();

    const drafts = await readStore<{ subject: string; html: string; text: string }>(page, 'drafts');
    const reply = drafts.find((d) => d.subject === 'Re: Plain hello');
    expect(reply?.html.startsWith('<div>Thanks, Grace!</div>' + SIGNATURE_HTML + '<div><br></div><div>On ')).toBe(true);
    expect(reply?.html.endsWith('Grace Hopper wrote:</div><blockquote><div>Hello Alice,</div><div>see you at nine.</div><div><br></div></blockquote>')).toBe(true);
    expect(reply?.text.startsWith('Thanks, Grace!\n\n-- \nAlice\nHeron tests\n\nOn ')).toBe(true);
    expect(reply?.text.endsWith('Grace Hopper wrote:\n> Hello Alice,\n> see you at nine.')).toBe(true);
    const forward = drafts.find((d) => d.subject === 'Fwd: Plain hello');
    expect(forward?.html.startsWith('<div>FYI</div>' + SIGNATURE_HTML + '<div><br></div><div>---------- Forwarded message ----------</div>')).toBe(true);
    await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: 'Drafts' }).first().click();
    await expect(page.getByRole('region', { name: 'Drafts' }).getByRole('button')).toHaveText([/Fwd: Plain hello/, /Re: Plain hello/]);
  });
});
