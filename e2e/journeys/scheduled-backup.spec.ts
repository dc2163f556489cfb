/**
 * Backing up automatically (issue 20), from mail fetched from the real Dovecot: the person picks a
 * folder and "every day, keep the last 2" in Settings › Your mail; the first backup runs at once,
 * whole and verified; as days pass (the scheduler's clock moved, then woken as after a sleep) the
 * oldest beyond two go; a folder that is gone is said plainly.
 */
import { expect, test, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openMbox } from '../../electron/core/mbox';
import type { Clock } from '../../electron/main/own/schedule';
import { scheduledBackups, verifyBackup } from '../../electron/main/own/scheduled-backup';
import type { PathPick } from '../../electron/main/own/service';
import { openSettings } from '../settings-support';
import { addAccountWithWizard, describeJourney, getMail, messageList, snap } from './journey';
import { journeyMailbox } from './mailbox';

const answers: Array<readonly string[]> = [];
async function pickPath(pick: PathPick): Promise<readonly string[] | null> {
  const next = answers.shift();
  if (next === undefined) throw new Error(`no path for the ${pick.purpose} dialog`);
  return next;
}

/** The scheduler's clock: the real one, moved forward by the test. */
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
  dir = await mkdtemp(path.join(os.tmpdir(), 'heron-scheduled-journey-'));
  answers.length = 0;
  ahead = 0;
});
test.afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function mboxDigests(file: string): Promise<string[]> {
  const reader = await openMbox(file);
  const out: string[] = [];
  for await (const entry of reader.entries()) if (entry.kind === 'message') out.push(sha(entry.bytes));
  await reader.close();
  return out.sort();
}

/** The SHA-256 of every stored message's bytes, read with raw IndexedDB in the page. */
async function storedDigests(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('heron');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const chunks = await new Promise<Array<{ members: string[]; offsets: number[]; sizes: number[]; bytes: ArrayBuffer }>>((resolve, reject) => {
      const r = db.transaction('rawChunks').objectStore('rawChunks').getAll();
      r.onsuccess = () => resolve(r.result as Array<{ members: string[]; offsets: number[]; sizes: number[]; bytes: ArrayBuffer }>);
      r.onerror = () => reject(r.error);
    });
    db.close();
    const hex = (buf: ArrayBuffer) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
    const out: string[] = [];
    for (const c of chunks) for (const [i] of c.members.entries()) out.push(hex(await crypto.subtle.digest('SHA-256', new Uint8Array(c.bytes, c.offsets[i], c.sizes[i]).slice())));
    return out.sort();
  });
}

describeJourney('backing up automatically', { timeoutMs: 300_000, pickPath, backupClock: clock }, (journey) => {
  test('every day, keep the last 2: the first backup runs at once and verifies; as days pass the oldest go; a folder that is gone is said plainly', async () => {
    const j = journey();
    const { page } = j;
    const alice = await addAccountWithWizard(page, 'alice', 'Alice Test');
    await getMail(j, alice);
    await expect(messageList(page).getByRole('option')).toHaveCount(journeyMailbox().length);
    const stored = await storedDigests(page);
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
