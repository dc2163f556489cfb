/**
 * Rules on arrival and the junk filter (issue 19), from mail the real Dovecot serves: a rule made
 * in Settings sorts the mail Get mail brings, and the message says which rule did what; a rule
 * that deletes from the server leaves Dovecot without exactly that message, once it is stored
 * here; and a junk filter trained with "Junk" / "Not junk" sends the next spam to Junk, saying
 * why, with its links disabled; a drag into Junk, undone, teaches it both ways. Rules run on a
 * folder of one's own, follow its rename, and say in words when it was deleted.
 */
import { expect, test, type Page } from '@playwright/test';
import { readStore } from '../harness/app-rig';
import { openSettings } from '../settings-support';
import { addAccountWithWizard, describeJourney, getMail, messageList, openMessage, snap, type Journey } from './journey';

let n = 0;
function mail(from: string, subject: string, text: string, html?: string): Buffer {
  n += 1;
  const head = `From: ${from}\r\nTo: Alice Test <alice@test.domain>\r\nSubject: ${subject}\r\nDate: Mon, 07 Dec 2026 09:${String(n).padStart(2, '0')}:00 +0000\r\nMessage-ID: <rules-${n}@mail.test.domain>\r\nMIME-Version: 1.0\r\n`;
  if (!html) return Buffer.from(`${head}Content-Type: text/plain; charset=UTF-8\r\n\r\n${text}\r\n`);
  return Buffer.from(
    `${head}Content-Type: multipart/alternative; boundary="b${n}"\r\n\r\n--b${n}\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n${text}\r\n--b${n}\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n${html}\r\n--b${n}--\r\n`,
  );
}

/** The message ids left in alice's Maildir. */
async function subjectsOnServer(j: Journey): Promise<string[]> {
  const { readFile } = await import('node:fs/promises');
  const out: string[] = [];
  for (const e of await j.servers.dovecot.listMaildir('alice')) out.push(/^Subject: (.*)$/m.exec(await readFile(e.path, 'latin1'))?.[1]?.trim() ?? '?');
  return out.sort();
}

async function newRule(page: Page, name: string, condition: { field?: string; test: string; value: string }, actions: readonly string[], folder?: string): Promise<void> {
  await openSettings(page);
  await page.getByRole('button', { name: 'New rule' }).click();
  const editor = page.getByRole('form', { name: 'New rule' });
  await editor.getByLabel('Rule name').fill(name);
  if (condition.field) await editor.getByLabel('Condition 1: field').selectOption(condition.field);
  await editor.getByLabel('Condition 1: test').selectOption(condition.test);
  await editor.getByLabel('Condition 1: value').fill(condition.value);
  for (let i = 0; i < actions.length; i++) {
    if (i > 0) await editor.getByRole('button', { name: 'Add action' }).click();
    await editor.getByLabel(`Action ${i + 1}`, { exact: true }).selectOption(actions[i]!);
  }
  if (folder) await editor.getByLabel('Action 1: folder').selectOption({ label: folder });
  await snap(page, `rules-editor-${name.replace(/\W+/g, '-').toLowerCase()}`);
  await editor.getByRole('button', { name: 'Save rule' }).click();
  await expect(page.getByRole('list', { name: 'Rules' }).getByRole('listitem', { name })).toBeVisible();
}

async function backToMail(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Back to mail' }).click();
}

async function openJunk(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Junk/ }).first().click();
}

describeJourney('rules on arrival and the junk filter', { timeoutMs: 240_000, aliceMail: [] }, (journey) => {
  test('a rule "from Bob: star and mark read" sorts the mail Get mail brings; the message says which rule did it', async () => {
    const j = journey();
    const { page, servers } = j;
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(j, alice);
    await newRule(page, 'Bob is important', { test: 'is', value: 'bob@test.domain' }, ['star', 'mark-read']);
    // Thunderbird's filters come in after it, with the report of what could not.
    await page.getByLabel('Import Thunderbird filters (msgFilterRules.dat)').setInputFiles('shared/rules/testing/msgFilterRules.dat');
    const report = page.getByRole('status', { name: 'Import report' });
    await expect(report).toContainText('Imported 6 rules; 5 could not be imported.');
    await expect(report.getByRole('list', { name: 'Not imported' })).toContainText('Old invoices: it files mail in the folder "Invoices/2024", which does not exist in Heron');
    await expect(report.getByRole('list', { name: 'Imported in part' })).toContainText('Big attachments stay on the server: left out: "Change priority Lowest"');
    const listed = page.getByRole('list', { name: 'Rules' }).getByRole('listitem');
    await expect(listed).toHaveCount(7);
    await expect(listed.first()).toHaveAccessibleName('Bob is important');
    await expect(listed.nth(1)).toHaveAccessibleName('Heron dev list');
    await snap(page, 'rules-1-settings');
    await backToMail(page);

    await servers.dovecot.seed('alice', [mail('Bob Bäcker <bob@test.domain>', 'Lunch on Friday', 'Lunch on Friday at noon?'), mail('Carol <carol@test.domain>', 'Minutes', 'The minutes of the meeting.')]);
    await getMail(j, alice);
    const rows = messageList(page).getByRole('option');
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: 'Lunch on Friday' })).toContainText('Starred.');
    await expect(rows.filter({ hasText: 'Lunch on Friday' })).not.toContainText('Unread.');
    await expect(rows.filter({ hasText: 'Minutes' })).toContainText('Unread.');
    await expect(rows.filter({ hasText: 'Minutes' })).not.toContainText('Starred.');
    await snap(page, 'rules-2-inbox-sorted');

    await openMessage(page, 'Lunch on Friday');
    await page.getByText('Rule and junk log (1)').click();
    await expect(page.getByRole('list', { name: 'Rule log' })).toContainText('Bob is important: Starred, Marked read');
    await snap(page, 'rules-3-rule-log');
    const stored = await readStore<{ subject: string; starred: boolean; unread: boolean }>(page, 'messages');
    expect(stored.map((m) => [m.subject, m.starred, m.unread]).sort()).toEqual([
      ['Lunch on Friday', true, false],
      ['Minutes', false, true],
    ]);
  });

  test('a rule "delete from the server" leaves Dovecot without exactly that message, once it is stored here', async () => {
    const j = journey();
    const { page, servers } = j;
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(j, alice);
    await newRule(page, 'Newsletters off the server', { field: 'subject', test: 'contains', value: 'newsletter' }, ['server-delete']);
    await backToMail(page);
    await servers.dovecot.seed('alice', [mail('News <news@test.domain>', 'Weekly newsletter', 'This week in Heron.'), mail('Bob <bob@test.domain>', 'Project plan', 'The plan is attached.')]);
    expect(await subjectsOnServer(j)).toEqual(['Project plan', 'Weekly newsletter']);
    await getMail(j, alice);
    // Both are here, whole; the server keeps the one no rule spoke of (the account keeps mail 14 days).
    await expect(messageList(page).getByRole('option')).toHaveCount(2);
    expect(await subjectsOnServer(j)).toEqual(['Project plan']);
    await openMessage(page, 'Weekly newsletter');
    await expect(page.frameLocator('iframe.reader-frame').locator('body')).toContainText('This week in Heron.');
    await page.getByText('Rule and junk log (1)').click();
    await expect(page.getByRole('list', { name: 'Rule log' })).toContainText('Newsletters off the server: Deleted from the server once stored');
    await snap(page, 'rules-4-server-delete');
    // The next check neither downloads it again nor touches the other.
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option')).toHaveCount(2);
    expect(await subjectsOnServer(j)).toEqual(['Project plan']);

    // Rules run on a folder of one's own; a rule follows its folder's rename, and says when the folder is gone.
    const pane = page.getByRole('navigation', { name: 'Folders' });
    for (const name of ['Plans', 'Later']) {
      await pane.getByRole('button', { name: 'New folder in Folders' }).click();
      await page.getByRole('dialog').getByLabel('Folder name').fill(name);
      await page.keyboard.press('Enter');
      await expect(page.locator('#list-title')).toHaveText(name);
    }
    await pane.getByRole('button', { name: /^Inbox/ }).first().click();
    await messageList(page).getByRole('option').filter({ hasText: 'Project plan' }).dragTo(pane.getByRole('button', { name: /^Later/ }));
    await expect(messageList(page).getByRole('option')).toHaveCount(1);
    await newRule(page, 'File plans', { field: 'subject', test: 'contains', value: 'plan' }, ['move'], 'Plans');
    const fileRule = page.getByRole('list', { name: 'Rules' }).getByRole('listitem', { name: 'File plans' });
    await expect(fileRule).toContainText('Move to folder Plans');
    await page.getByLabel('Run the rules on').selectOption({ label: 'Later' });
    await page.getByRole('button', { name: 'Run now' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Rules ran on' })).toHaveText('Rules ran on 1 message in Later; 1 matched.');
    await snap(page, 'rules-5-run-on-own-folder');
    await backToMail(page);
    await pane.getByRole('button', { name: /^Plans/ }).click();
    await expect(messageList(page).getByRole('option').filter({ hasText: 'Project plan' })).toHaveCount(1);
    await pane.getByRole('button', { name: /^Plans/ }).click({ button: 'right' });
    await page.getByRole('menu').getByRole('menuitem', { name: 'Rename…' }).click();
    await page.getByRole('dialog').getByLabel('Folder name').fill('Planning');
    await page.keyboard.press('Enter');
    await openSettings(page);
    await expect(fileRule).toContainText('Move to folder Planning');
    await expect(fileRule.getByRole('alert')).toHaveCount(0);
    await backToMail(page);
    await pane.getByRole('button', { name: /^Planning/ }).click({ button: 'right' });
    await page.getByRole('menu').getByRole('menuitem', { name: 'Delete folder' }).click();
    await expect(pane.getByRole('button', { name: /^Planning/ })).toHaveCount(0);
    await openSettings(page);
    await expect(fileRule).toContainText('Move to folder (a deleted folder)');
    await expect(fileRule.getByRole('alert')).toHaveText('Problem: The folder it moves mail to no longer exists (it was deleted); choose another.');
    await fileRule.scrollIntoViewIfNeeded();
    await snap(page, 'rules-6-folder-deleted');
  });

  test('trained with Junk and Not junk, the filter sends the next spam to Junk and says why; its links lead nowhere', async () => {
    const j = journey();
    const { page, servers } = j;
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(j, alice);
    const spam = [
      mail('Prize Desk <win@prize-desk.example>', 'You won a free prize', 'Claim your free prize now. Cheap pills, casino bonus, limited offer.'),
      mail('Pill Shop <deals@pill-shop.example>', 'Cheap pills, free shipping', 'Cheap pills without prescription. Claim the bonus offer now, free shipping.'),
      mail('Casino <bonus@casino-win.example>', 'Casino bonus waiting', 'Your casino bonus is waiting: claim your free spins and prize now.'),
    ];
    const ham = [
      mail('Bob <bob@test.domain>', 'Quarterly report', 'Hi Alice, the quarterly report is ready for the meeting on Thursday.'),
      mail('Carol <carol@test.domain>', 'Meeting notes', 'Notes from the meeting: the report needs one more review by the team.'),
      mail('Dan <dan@test.domain>', 'Team lunch', 'The team lunch after the review meeting is on Friday.'),
    ];
    await servers.dovecot.seed('alice', [...spam, ...ham]);
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option')).toHaveCount(6);
    const junkGroup = page.getByRole('group', { name: 'Junk' });
    for (const subject of ['You won a free prize', 'Cheap pills, free shipping', 'Casino bonus waiting']) {
      await openMessage(page, subject);
      await junkGroup.getByRole('button', { name: 'Junk', exact: true }).click();
      await expect(messageList(page).getByRole('option').filter({ hasText: subject })).toHaveCount(0);
    }
    for (const subject of ['Quarterly report', 'Meeting notes', 'Team lunch']) {
      await openMessage(page, subject);
      await junkGroup.getByRole('button', { name: 'Not junk' }).click();
      await expect(junkGroup.getByRole('button', { name: 'Not junk' })).toHaveAttribute('aria-pressed', 'true');
    }
    await snap(page, 'junk-1-trained');
    // The stored model names the version of the words it counts: a model from an older Heron is upgraded, not misread.
    expect(await junkModel(page)).toMatchObject({ good: 3, junk: 3, tokens: 2 });

    await servers.dovecot.seed('alice', [
      mail('Prize Team <team@prize-team.example>', 'Claim your free casino prize', 'Claim your free prize and casino bonus now: cheap pills too.', '<p>Claim your <b>free prize</b> now: <a href="https://prize-team.example/claim">Claim the prize</a> and the casino bonus. Cheap pills too.</p><img src="https://tracker.prize-team.example/open.gif">'),
      mail('Bob <bob@test.domain>', 'Report review', 'The report review meeting moved to Thursday.'),
    ]);
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option')).toHaveCount(4);
    await expect(messageList(page).getByRole('option').filter({ hasText: 'Report review' })).toHaveCount(1);
    await snap(page, 'junk-2-inbox-after');

    await openJunk(page);
    await expect(messageList(page).getByRole('option')).toHaveCount(4);
    await openMessage(page, 'Claim your free casino prize');
    const notice = page.getByRole('note', { name: 'Junk' });
    await expect(notice).toContainText(/Heron's junk filter put this message in Junk: junk score \d+ %\./);
    await expect(notice).toContainText(/Most decisive words: .*(prize|claim|casino|free)/);
    await expect(notice).toContainText('Links are disabled and remote content stays blocked in Junk.');
    const frame = page.frameLocator('iframe.reader-frame');
    const link = frame.locator('a', { hasText: 'Claim the prize' });
    await expect(link).toHaveAttribute('title', 'Links are disabled in Junk');
    await expect(link).not.toHaveAttribute('href', /.*/);
    await expect(frame.locator('img')).not.toHaveAttribute('src', /tracker/);
    await expect(page.getByRole('button', { name: 'Load for this message' })).toHaveCount(0);
    await snap(page, 'junk-3-reason');

    // "Not junk" puts it back in the Inbox.
    await notice.getByRole('button', { name: 'Not junk' }).click();
    await expect(messageList(page).getByRole('option')).toHaveCount(3);
    await page.getByRole('button', { name: /^Inbox/ }).first().click();
    await expect(messageList(page).getByRole('option').filter({ hasText: 'Claim your free casino prize' })).toHaveCount(1);

    // Dragged onto Junk, the filter learns junk; Ctrl+Z brings it back and the filter learns it is not.
    const trained = async (subject: string) => (await readStore<{ subject: string; folder: string; junk?: { trained?: string } }>(page, 'messages')).find((m) => m.subject === subject);
    const junkFolder = page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: /^Junk( \d+ unread)?$/ });
    await expect(junkFolder).toHaveCount(1);
    await messageList(page).getByRole('option').filter({ hasText: 'Report review' }).dragTo(junkFolder);
    await expect(messageList(page).getByRole('option').filter({ hasText: 'Report review' })).toHaveCount(0);
    await expect.poll(() => trained('Report review')).toMatchObject({ folder: 'junk', junk: { trained: 'junk' } });
    await snap(page, 'junk-4-dragged-to-junk');
    await page.keyboard.press('Control+z');
    await expect(messageList(page).getByRole('option').filter({ hasText: 'Report review' })).toHaveCount(1);
    await expect.poll(() => trained('Report review')).toMatchObject({ folder: 'inbox', junk: { trained: 'good' } });
    await openMessage(page, 'Report review');
    await page.getByText(/^Rule and junk log/).click();
    await expect(page.getByRole('list', { name: 'Rule log' })).toContainText('Marked as not junk (the filter learned from it)');
    await snap(page, 'junk-5-undone-learned-good');

    // A model from an older Heron (no version, none of the header words) is upgraded when the store opens again:
    // the messages trained here gain their header words back, and the training stays as it was.
    const trainedNow = await junkModel(page);
    expect(trainedNow.tokens).toBe(2);
    expect(trainedNow.words).toContain('"charset:utf-8",[');
    await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('heron');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('junk', 'readwrite');
        const store = tx.objectStore('junk');
        const get = store.get('model');
        get.onsuccess = () => {
          const row = get.result as { good: number; junk: number; words: Map<string, [number, number]> };
          const words = new Map([...row.words].filter(([w]) => !/^(charset|encoding|recipients|received-ip|has-not):/.test(w)));
          store.put({ id: 'model', good: row.good, junk: row.junk, words });
        };
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    });
    expect(await junkModel(page)).toMatchObject({ good: trainedNow.good, junk: trainedNow.junk, tokens: null });
    await page.reload();
    await page.waitForFunction(() => document.querySelector('.app:not(.app-loading)') !== null);
    await expect.poll(() => junkModel(page)).toEqual(trainedNow);
  });
});

/** The stored junk model, its words as sorted JSON (read with raw IndexedDB, not the app's code). */
async function junkModel(page: Page): Promise<{ good: number; junk: number; tokens: number | null; words: string }> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('heron');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    try {
      const row = await new Promise<{ good: number; junk: number; tokens?: number; words: Map<string, [number, number]> }>((resolve, reject) => {
        const get = db.transaction('junk').objectStore('junk').get('model');
        get.onsuccess = () => resolve(get.result as { good: number; junk: number; tokens?: number; words: Map<string, [number, number]> });
        get.onerror = () => reject(get.error);
      });
      return { good: row.good, junk: row.junk, tokens: row.tokens ?? null, words: JSON.stringify([...row.words].sort(([a], [b]) => (a < b ? -1 : 1))) };
    } finally {
      db.close();
    }
  });
}
