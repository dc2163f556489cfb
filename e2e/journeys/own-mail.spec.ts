/**
 * Owning your mail (issue 20), from mail fetched from the real Dovecot: exported as mboxrd it
 * reads back byte for byte; imported into a new profile it arrives whole, and imported again
 * nothing is duplicated; backed up and restored into a new profile, everything is back and Get
 * mail downloads only what is new; backed up automatically every day, the oldest beyond the number
 * kept go once a new one is verified. The file dialogs are main's; here the test picks the paths.
 */
import { expect, test, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openMbox } from '../../electron/core/mbox';
import type { Clock } from '../../electron/main/own/schedule';
import { scheduledBackups, verifyBackup } from '../../electron/main/own/scheduled-backup';
import type { PathPick } from '../../electron/main/own/service';
import { HeronError } from '../../shared/ipc/result';
import { openAppRig, readStore, type AppRig } from '../harness/app-rig';
import { openSettings, settingsForm } from '../settings-support';
import { addAccountWithWizard, describeJourney, getMail, messageList, openFolder, passwordOf, snap, type Journey } from './journey';
import { journeyMailbox } from './mailbox';
import { chooseInListMenu } from '../harness/list-menu';

/** What main's file dialog answers next, in order; a dialog nobody expected fails the test. */
const answers: Array<readonly string[]> = [];
const asked: PathPick['purpose'][] = [];
async function pickPath(pick: PathPick): Promise<readonly string[] | null> {
  asked.push(pick.purpose);
  const next = answers.shift();
  if (next === undefined) throw new Error(`no path for the ${pick.purpose} dialog`);
  return next;
}

/** The clock scheduled backups run by: the real one, moved forward by the test. */
let ahead = 0;
const clock: Clock = {
  now: () => Date.now() + ahead,
  setTimer(fire, ms) {
    const timer = setTimeout(fire, ms);
    return () => clearTimeout(timer);
  },
};
const DAY = 24 * 60 * 60 * 1000;

let dir = '';
test.beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'heron-own-journey-'));
  answers.length = 0;
  asked.length = 0;
  ahead = 0;
});
test.afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Each stored message's subject, flags, folder and the SHA-256 of its stored bytes, read with raw IndexedDB in the page. */
async function storedMail(page: Page): Promise<Array<{ id: string; subject: string; folder: string; unread: boolean; starred: boolean; sha256: string }>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('heron');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all = <T,>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const r = db.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => resolve(r.result as T[]);
        r.onerror = () => reject(r.error);
      });
    type Row = { id: string; subject: string; folder: string; unread: boolean; starred: boolean; rawChunk?: string };
    type Chunk = { id: string; members: string[]; offsets: number[]; sizes: number[]; bytes: Blob };
    const rows = await all<Row>('messages');
    const chunks = new Map((await all<Chunk>('rawChunks')).map((c) => [c.id, c]));
    db.close();
    const hex = (buf: ArrayBuffer) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
    const out = [];
    for (const r of rows) {
      const c = chunks.get(r.rawChunk ?? '');
      const i = c ? c.members.indexOf(r.id) : -1;
      const start = c && i >= 0 ? (c.offsets[i] ?? 0) : 0;
      const bytes = c && i >= 0 ? new Uint8Array(await c.bytes.slice(start, start + (c.sizes[i] ?? 0)).arrayBuffer()) : new Uint8Array();
      out.push({ id: r.id, subject: r.subject, folder: r.folder, unread: r.unread, starred: r.starred, sha256: hex(await crypto.subtle.digest('SHA-256', bytes)) });
    }
    return out.sort((a, b) => a.sha256.localeCompare(b.sha256));
  });
}

/** The messages of an mbox file, read by Heron's engine. */
async function mboxDigests(file: string): Promise<string[]> {
  const reader = await openMbox(file);
  const out: string[] = [];
  for await (const entry of reader.entries()) if (entry.kind === 'message') out.push(sha(entry.bytes));
  await reader.close();
  return out.sort();
}

/** A second Heron with a profile of its own, over the same servers. */
async function anotherHeron(j: Journey): Promise<{ rig: AppRig; as: Journey }> {
  const rig = await openAppRig({
    ca: j.servers.dovecot.ca,
    ...(j.dnsServer ? { dnsServer: j.dnsServer } : {}),
    fetchText: async (url) => {
      throw new HeronError('ENOTFOUND', `Nothing at ${url} in this test.`);
    },
    pickPath,
  });
  return { rig, as: { ...j, rig, page: rig.page } };
}

function status(page: Page) {
  return page.getByTestId('own-mail-status');
}

describeJourney('owning your mail', { timeoutMs: 300_000, pickPath, backupClock: clock }, (journey) => {
  test('fetched mail exported as mboxrd reads back byte for byte; imported into a new profile it arrives whole; imported again nothing is duplicated', async () => {
    const j = journey();
    const { page } = j;
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option')).toHaveCount(journeyMailbox().length);
    const fetched = await storedMail(page);

    const file = path.join(dir, 'alice.mbox');
    await test.step('File › Import, Export and Back Up… opens Your mail; all mail is exported as one mbox file', async () => {
      // What the shell's menu item does: main tells the window to show Your mail.
      j.rig.services.emit('showOwnMail', { section: 'own-mail' });
      await expect(page.getByRole('heading', { name: 'Your mail' })).toBeFocused();
      await snap(page, 'own-1-settings');
      answers.push([file]);
      await page.getByRole('button', { name: 'Export…' }).click();
      await expect(status(page)).toHaveText(`${fetched.length} messages exported to ${file}.`, { timeout: 30_000 });
      await snap(page, 'own-2-exported');
      expect(asked).toEqual(['export-mbox']);
      expect(await mboxDigests(file)).toEqual(fetched.map((m) => m.sha256));
    });

    await test.step('Imported into alice again: every message is a duplicate, nothing is added', async () => {
      answers.push([file]);
      await page.getByRole('button', { name: 'Import mbox files…' }).click();
      await expect(status(page)).toHaveText(`0 messages imported, ${fetched.length} duplicates skipped (already here).`, { timeout: 30_000 });
      expect((await storedMail(page)).length).toBe(fetched.length);
    });

    await test.step('Two messages selected in the list are exported on their own', async () => {
      await openFolder(page, 'Inbox');
      const options = messageList(page).getByRole('option');
      await options.nth(0).click();
      await options.nth(1).click({ modifiers: ['ControlOrMeta'] });
      const selection = path.join(dir, 'two.mbox');
      answers.push([selection]);
      await chooseInListMenu(page, 'Export…');
      await expect(page.getByTestId('own-mail-status')).toHaveText(`2 messages exported to ${selection}.`, { timeout: 30_000 });
      await snap(page, 'own-2b-selection-exported');
      const two = await mboxDigests(selection);
      expect(two).toHaveLength(2);
      expect(fetched.map((m) => m.sha256)).toEqual(expect.arrayContaining(two));
    });

    const other = await anotherHeron(j);
    try {
      await test.step('A new profile: bob imports the file, and every message arrives with the same bytes', async () => {
        const p = other.rig.page;
        const bob = await addAccountWithWizard(p, 'bob', 'Bob Test');
        await getMail(other.as, bob);
        await openSettings(p);
        answers.push([file]);
        await p.getByRole('button', { name: 'Import mbox files…' }).click();
        await expect(status(p)).toHaveText(`${fetched.length} messages imported.`, { timeout: 60_000 });
        await snap(p, 'own-3-imported');
        const imported = await storedMail(p);
        expect(imported.map((m) => m.sha256)).toEqual(fetched.map((m) => m.sha256));
        expect(imported.every((m) => m.folder === 'inbox' && !m.unread)).toBe(true);
        await openFolder(p, 'Inbox');
        await expect(messageList(p).getByRole('option')).toHaveCount(fetched.length);
        await snap(p, 'own-4-imported-inbox');
        // And again: nothing twice.
        await openSettings(p);
        answers.push([file]);
        await p.getByRole('button', { name: 'Import mbox files…' }).click();
        await expect(status(p)).toHaveText(`0 messages imported, ${fetched.length} duplicates skipped (already here).`, { timeout: 30_000 });
        expect((await storedMail(p)).length).toBe(fetched.length);
      });
    } finally {
      await other.rig.close();
    }
  });

  test('backed up and restored into a new profile: the same messages, folders and flags, and Get mail downloads only what is new', async () => {
    const j = journey();
    const { page } = j;
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option')).toHaveCount(journeyMailbox().length);
    // The person reads one message: its flag is part of what comes back.
    await messageList(page).getByRole('option').first().click();
    await expect.poll(async () => (await storedMail(page)).filter((m) => !m.unread).length).toBe(1);
    const before = await storedMail(page);

    await openSettings(page);
    answers.push([dir]);
    await page.getByRole('button', { name: 'Back up everything…' }).click();
    await expect(status(page)).toContainText(`Backed up ${before.length} messages and 1 account to`, { timeout: 30_000 });
    await snap(page, 'own-5-backed-up');
    const [folder] = await readdir(dir);
    const backup = path.join(dir, folder as string);
    expect((await readdir(backup)).sort()).toEqual(['manifest.json', 'messages.jsonl', 'messages.mbox', 'store.json']);
    const store = await readFile(path.join(backup, 'store.json'), 'utf8');
    expect(store).not.toContain(passwordOf('alice'));

    const other = await anotherHeron(j);
    try {
      const p = other.rig.page;
      await expect(p.getByRole('heading', { name: 'Welcome to Heron Mail' })).toBeVisible();
      await snap(p, 'own-6-welcome');
      answers.push([backup]);
      await p.getByRole('button', { name: 'Restore a backup…' }).click();
      await expect(p.getByTestId('restored-notice')).toContainText(`${before.length} messages and 1 account restored.`, { timeout: 60_000 });
      await expect(p.getByTestId('restored-notice')).toContainText('Enter each account’s password in its settings');
      await snap(p, 'own-7-restored');
      const restored = await storedMail(p);
      expect(restored).toEqual(before);
      const popOf = async (pg: Page) =>
        (await readStore<{ entries: Array<{ uidl: string; localId: string; status: string; downloadedAt: number }> }>(pg, 'popChunks')).flatMap((r) => r.entries).sort((a, b) => a.uidl.localeCompare(b.uidl));
      expect(await popOf(p)).toEqual(await popOf(page));

      // The password is asked for, not restored.
      const form = settingsForm(p);
      await expect(form.getByTestId('password-incoming')).toContainText('No password is stored.');
      await form.getByTestId('password-incoming').getByRole('button', { name: 'Enter password' }).click();
      await form.getByLabel('New password').fill(passwordOf('alice'));
      await form.getByRole('button', { name: 'Save changes' }).click();
      await expect(form.getByRole('status').filter({ hasText: /^Saved\.$/ })).toBeVisible({ timeout: 30_000 });

      // One new message on the server: Get mail brings exactly that one.
      await j.servers.dovecot.seed('alice', [Buffer.from('From: Zed <zed@test.domain>\r\nTo: alice@test.domain\r\nSubject: After the restore\r\nMessage-ID: <after-restore@test.domain>\r\n\r\nNew.\r\n')]);
      await openFolder(p, 'Inbox');
      await getMail(other.as, alice);
      await expect(messageList(p).getByRole('option')).toHaveCount(before.length + 1);
      await snap(p, 'own-8-get-mail-after-restore');
      const after = await storedMail(p);
      expect(after.filter((m) => m.subject === 'After the restore')).toHaveLength(1);
      expect(after.filter((m) => m.subject !== 'After the restore')).toEqual(before);
    } finally {
      await other.rig.close();
    }
  });

  test('every day, keep the last 2: the first backup runs at once and verifies; as days pass the oldest go; a folder that is gone is said plainly', async () => {
    const j = journey();
    const { page } = j;
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option')).toHaveCount(journeyMailbox().length);
    const stored = (await storedMail(page)).map((m) => m.sha256);
    expect(stored).toHaveLength(journeyMailbox().length);

    await openSettings(page);
    const section = page.getByTestId('scheduled-backup');
    const last = section.getByTestId('scheduled-backup-last');
    await section.scrollIntoViewIfNeeded();
    await expect(last).toHaveText('No automatic backup yet.');
    await snap(page, 'scheduled-1-off');

    const backups = path.join(dir, 'Backups');
    await mkdir(backups);
    await test.step('Keep the last 2, a folder, every day: the first backup runs at once', async () => {
      await section.getByLabel('Keep the last').fill('2');
      await section.getByLabel('Keep the last').blur();
      answers.push([backups]);
      await section.getByRole('button', { name: 'Choose folder…' }).click();
      await expect(section.getByTestId('scheduled-backup-folder')).toHaveText(backups);
      await snap(page, 'scheduled-2-folder');
      await section.getByLabel('Back up').selectOption('daily');
      await expect(last).toContainText(`${journeyMailbox().length} messages, complete and verified, in “Heron scheduled backup `, { timeout: 30_000 });
      await expect(section.getByTestId('scheduled-backup-next')).toContainText('Next backup: ');
      await snap(page, 'scheduled-3-first');
      const [first] = await scheduledBackups(backups);
      expect(first).toBeDefined();
      await verifyBackup(first as string);
      expect(await mboxDigests(path.join(first as string, 'messages.mbox'))).toEqual(stored);
      expect(await readFile(path.join(first as string, 'store.json'), 'utf8')).not.toContain(passwordOf('alice'));
    });

    await test.step('A day later, and the next: two backups are kept, the oldest gone', async () => {
      const [first] = await scheduledBackups(backups);
      for (let day = 1; day <= 2; day += 1) {
        ahead += DAY + 60_000;
        // As the shell does when the computer wakes from sleep.
        j.rig.services.own.scheduler.wake();
        await expect.poll(async () => (await scheduledBackups(backups)).length, { timeout: 30_000 }).toBe(2);
        await j.rig.services.own.scheduler.idle();
      }
      const kept = await scheduledBackups(backups);
      expect(kept).toHaveLength(2);
      expect(kept).not.toContain(first);
      for (const folder of kept) {
        await verifyBackup(folder);
        expect(await mboxDigests(path.join(folder, 'messages.mbox'))).toEqual(stored);
      }
      await expect(last).toContainText(`in “${path.basename(kept[1] as string)}”.`);
      await snap(page, 'scheduled-4-rotated');
    });

    await test.step('The folder is gone (a disk unplugged): the next backup fails with words that say so, and when it is tried again', async () => {
      await rm(backups, { recursive: true, force: true });
      ahead += DAY + 60_000;
      j.rig.services.own.scheduler.wake();
      await expect(last).toContainText(`The backup folder is gone: ${backups}. Reconnect its disk, or choose another folder. Heron tries again at`, { timeout: 30_000 });
      await snap(page, 'scheduled-5-gone');
    });
  });
});
